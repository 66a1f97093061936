#!/bin/sh

test_description='contrib/: the weekly alias, the pre-push hook, the systemd timer and the cron line'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"

SRC="$TEST_DIRECTORY/.."
CONTRIB="$SRC/contrib"
SAMPLES="$SRC/samples"

# samples FROM TO: the sample messages numbered FROM to TO (01..18).
samples () {
	for f in "$SAMPLES"/*.eml
	do
		n=$(basename "$f" | sed "s/-.*//")
		test "$n" -ge "$1" && test "$n" -le "$2" && printf '%s\n' "$f"
	done
}

# whole_digest REPO REV: the digest of the whole history up to REV, as a
# note made of it would hold (no note is looked for in a ref with none).
whole_digest () {
	git -C "$1" kvmdigest -q --notes-ref=refs/notes/none "$2"
}

# --- the alias ------------------------------------------------------------

# dated_samples DIR DAYS-AGO FROM TO: those samples, dated DAYS-AGO days
# before now, one minute apart.
dated_samples () {
	mkdir -p "$1" &&
	_t=$(($(date +%s) - $2 * 86400)) &&
	for f in $(samples "$3" "$4")
	do
		_t=$((_t + 60)) &&
		sed "s/^Date: .*/Date: $(date -u -R -d "@$_t")/" "$f" \
			>"$1/$(basename "$f")" || return 1
	done
}

test_expect_success 'setup: the alias, as contrib/README.md installs it' '
	git config --global --add include.path "$CONTRIB/gitconfig-alias" &&
	git config alias.weekly >alias &&
	test_grep "git kvmdigest" alias
'

test_expect_success 'git weekly: the messages of the last seven days' '
	dated_samples week 10 1 5 &&
	dated_samples week 3 6 18 &&
	make_fastimport_archive_from_files weeks week &&
	git -C weeks/git/0.git weekly --format=json >w.json &&
	test "$(json_query w.json "d[\"messages\"]")" = 13 &&
	test "$(json_query w.json "d[\"range\"][\"from\"]")" = \
		"$(git -C weeks/git/0.git rev-parse HEAD~13)"
'

test_expect_success 'git weekly: options go to git kvmdigest' '
	git -C weeks/git/0.git weekly -q -o "$TRASH_DIRECTORY/week.txt" >out &&
	test_must_be_empty out &&
	test_grep "^From $(git -C weeks/git/0.git rev-parse --short HEAD~13) to " week.txt
'

test_expect_success 'git weekly: an archive younger than a week is all of it' '
	dated_samples young 2 1 18 &&
	make_fastimport_archive_from_files youngs young &&
	git -C youngs/git/0.git notes --ref=kvmdigest add -m old HEAD~3 &&
	git -C youngs/git/0.git weekly --format=json >y.json 2>err &&
	test "$(json_query y.json "d[\"messages\"]")" = 18 &&
	test_grep "whole history" err
'

test_expect_success 'git weekly: nothing this week, nothing to digest' '
	dated_samples old 30 1 18 &&
	make_fastimport_archive_from_files olds old &&
	git -C olds/git/0.git weekly >out 2>err &&
	test_must_be_empty out &&
	test_grep "nothing to digest" err
'

# --- the pre-push hook ----------------------------------------------------

test_expect_success PUBLIC_INBOX 'setup: lore, a mirror with the hook, a bare remote' '
	make_v2_archive lore $(samples 1 9) &&
	git clone -q --mirror lore/git/0.git mirror.git &&
	git init -q --bare pub.git &&
	git -C mirror.git remote add pub "$TRASH_DIRECTORY/pub.git" &&
	(
		cd mirror.git &&
		cp "$CONTRIB/hooks/pre-push" "$(git rev-parse --git-path hooks)/pre-push" &&
		chmod +x "$(git rev-parse --git-path hooks)/pre-push"
	)
'

test_expect_success PUBLIC_INBOX 'a first push notes the branch and pushes the notes' '
	git -C mirror.git push -q pub master 2>err &&
	test_must_be_empty err &&
	test "$(git -C pub.git rev-parse master)" = "$(git -C mirror.git rev-parse master)" &&
	whole_digest mirror.git master >expect &&
	git -C mirror.git notes --ref=kvmdigest show master >actual &&
	test_cmp expect actual &&
	test "$(git -C pub.git rev-parse refs/notes/kvmdigest)" = \
		"$(git -C mirror.git rev-parse refs/notes/kvmdigest)" &&
	git -C pub.git notes --ref=kvmdigest show master >remote &&
	test_cmp expect remote
'

test_expect_success PUBLIC_INBOX 'new messages: the note digests only them' '
	old=$(git -C mirror.git rev-parse master) &&
	deliver_to_archive lore $(samples 10 13) &&
	git -C mirror.git fetch -q &&
	new=$(git -C mirror.git rev-parse master) &&
	test "$(git -C mirror.git rev-list --count $old..$new)" = 4 &&
	git -C mirror.git push -q pub master 2>err &&
	test_must_be_empty err &&
	git -C mirror.git kvmdigest $old..$new >expect &&
	head -n 1 expect >first &&
	echo "From $(git -C mirror.git rev-parse --short $old) to $(git -C mirror.git rev-parse --short $new)" >expect-first &&
	test_cmp expect-first first &&
	git -C pub.git notes --ref=kvmdigest show $new >actual &&
	test_cmp expect actual &&
	git -C pub.git notes --ref=kvmdigest list >notes &&
	test_line_count = 2 notes
'

test_expect_success PUBLIC_INBOX 'nothing new: the push succeeds, no note is added' '
	tip=$(git -C mirror.git rev-parse refs/notes/kvmdigest) &&
	git -C mirror.git push -q pub master &&
	test "$(git -C mirror.git rev-parse refs/notes/kvmdigest)" = "$tip" &&
	test "$(git -C pub.git rev-parse refs/notes/kvmdigest)" = "$tip"
'

test_expect_success PUBLIC_INBOX 'a new branch: digested since the last note' '
	git -C mirror.git branch topic master~2 &&
	git -C mirror.git push -q pub topic &&
	git -C mirror.git kvmdigest master~4..master~2 >expect &&
	git -C pub.git notes --ref=kvmdigest show topic >actual &&
	test_cmp expect actual
'

test_expect_success PUBLIC_INBOX 'a tip with a note already: kept, the push goes on' '
	git -C mirror.git branch noted master~4 &&
	git -C mirror.git notes --ref=kvmdigest show noted >before &&
	tip=$(git -C mirror.git rev-parse refs/notes/kvmdigest) &&
	git -C mirror.git push -q pub noted 2>err &&
	test_must_be_empty err &&
	test "$(git -C pub.git rev-parse noted)" = "$(git -C mirror.git rev-parse noted)" &&
	test "$(git -C mirror.git rev-parse refs/notes/kvmdigest)" = "$tip" &&
	git -C pub.git notes --ref=kvmdigest show noted >after &&
	test_cmp before after
'

test_expect_success PUBLIC_INBOX 'deleting a branch: no digest' '
	tip=$(git -C mirror.git rev-parse refs/notes/kvmdigest) &&
	git -C mirror.git push -q pub :topic &&
	test_must_fail git -C pub.git rev-parse -q --verify refs/heads/topic &&
	test "$(git -C mirror.git rev-parse refs/notes/kvmdigest)" = "$tip"
'

test_expect_success PUBLIC_INBOX 'kvmdigest.notesRef: notes go to that ref, and are pushed' '
	git -C mirror.git config kvmdigest.notesRef digests &&
	git -C mirror.git branch other master~1 &&
	git -C mirror.git push -q pub other &&
	git -C pub.git notes --ref=digests show other >actual &&
	git -C mirror.git notes --ref=digests show other >expect &&
	test_cmp expect actual &&
	git -C mirror.git config --unset kvmdigest.notesRef
'

test_expect_success PUBLIC_INBOX 'a repository that is no archive: the push fails' '
	git init -q src &&
	git -C src commit -q --allow-empty -m one &&
	cp "$CONTRIB/hooks/pre-push" src/.git/hooks/pre-push &&
	git -C src remote add pub "$TRASH_DIRECTORY/pub.git" &&
	test_must_fail git -C src push -q pub HEAD:refs/heads/src 2>err &&
	test_grep "^fatal: not a public-inbox archive" err &&
	test_grep "^pre-push: no digest note for refs/heads/src " err &&
	test_must_fail git -C pub.git rev-parse -q --verify refs/heads/src
'

# --- the systemd timer and the cron line ----------------------------------

# The service's settings, with %h as systemd replaces it for a user unit.
unit_setting () {
	sed -n "s/^$1=//p" "$CONTRIB/systemd/kvmdigest.service" |
	sed "s|%h|$HOME|g"
}

# run_service: run what kvmdigest.service runs, in its working directory,
# with its environment and nothing else (as systemd does).
run_service () {
	(
		cd "$(unit_setting WorkingDirectory)" &&
		eval "env -i HOME=\"\$HOME\" \
			\"\$(unit_setting Environment)\" $(unit_setting ExecStart)"
	)
}

test_expect_success 'setup: the unit, read as systemd reads it' '
	unit_setting ExecStart >exec &&
	test_line_count = 1 exec &&
	test_grep -v "%" exec &&
	test_grep "^/bin/sh -c " exec &&
	unit_setting WorkingDirectory >wd &&
	test_grep "^$HOME/" wd &&
	unit_setting Environment >env &&
	test_grep "^PATH=$HOME/.local/bin:" env &&
	grep "^Unit=\|^OnCalendar=\|^WantedBy=timers.target$" \
		"$CONTRIB/systemd/kvmdigest.timer" &&
	mkdir -p "$HOME/.local/bin" &&
	ln -s "$KVMDIGEST" "$HOME/.local/bin/git-kvmdigest"
'

# A lore of its own, mirrored where the unit says.
test_expect_success PUBLIC_INBOX 'setup: lore2, mirrored where the unit works' '
	make_v2_archive lore2 $(samples 1 6) &&
	wd=$(unit_setting WorkingDirectory) &&
	mkdir -p "$(dirname "$wd")" &&
	git clone -q --mirror lore2/git/0.git "$wd"
'

test_expect_success PUBLIC_INBOX 'the first run notes the tip: all of it' '
	run_service >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	wd=$(unit_setting WorkingDirectory) &&
	whole_digest "$wd" HEAD >expect &&
	git -C "$wd" notes --ref=kvmdigest show HEAD >actual &&
	test_cmp expect actual
'

test_expect_success PUBLIC_INBOX 'the next run digests only what arrived since' '
	wd=$(unit_setting WorkingDirectory) &&
	old=$(git -C "$wd" rev-parse HEAD) &&
	deliver_to_archive lore2 $(samples 7 10) &&
	run_service >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	new=$(git -C "$wd" rev-parse HEAD) &&
	test "$(git -C "$wd" rev-list --count $old..$new)" = 4 &&
	git -C "$wd" kvmdigest --format=json $old..$new >expect.json &&
	test "$(json_query expect.json "d[\"messages\"]")" = 4 &&
	git -C "$wd" kvmdigest $old..$new >expect &&
	git -C "$wd" notes --ref=kvmdigest show $new >actual &&
	test_cmp expect actual &&
	echo "From $(git -C "$wd" rev-parse --short $old) to $(git -C "$wd" rev-parse --short $new)" >expect-first &&
	head -n 1 actual >first &&
	test_cmp expect-first first
'

test_expect_success PUBLIC_INBOX 'nothing new: the run succeeds and writes nothing' '
	wd=$(unit_setting WorkingDirectory) &&
	tip=$(git -C "$wd" rev-parse refs/notes/kvmdigest) &&
	run_service >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	test "$(git -C "$wd" rev-parse refs/notes/kvmdigest)" = "$tip" &&
	git -C "$wd" notes --ref=kvmdigest list >notes &&
	test_line_count = 2 notes
'

# The cron line's command: after the five schedule fields.
cron_command () {
	grep -v -e "^#" -e "^[A-Za-z_]*=" -e "^ *$" "$CONTRIB/cron/kvmdigest.cron" |
	sed -n "s/^[^ ]\{1,\} \{1,\}[^ ]\{1,\} \{1,\}[^ ]\{1,\} \{1,\}[^ ]\{1,\} \{1,\}[^ ]\{1,\} \{1,\}//p"
}

# run_cron: the command as cron runs it: /bin/sh -c, in $HOME, with cron's
# environment (HOME, LOGNAME, SHELL, PATH=/usr/bin:/bin).
run_cron () {
	(
		cd "$cronhome" &&
		env -i HOME="$cronhome" LOGNAME=user SHELL=/bin/sh \
			PATH=/usr/bin:/bin /bin/sh -c "$(cron_command)"
	)
}

test_expect_success 'setup: the cron line, read as cron reads it' '
	cron_command >cmd &&
	test_line_count = 1 cmd &&
	test_grep -v "%" cmd &&
	test_grep "git kvmdigest --notes --since-last -q$" cmd &&
	cronhome="$TRASH_DIRECTORY/cronhome" &&
	mkdir -p "$cronhome/.local/bin" &&
	ln -s "$KVMDIGEST" "$cronhome/.local/bin/git-kvmdigest"
'

test_expect_success PUBLIC_INBOX 'cron: first run, next run, nothing new' '
	make_v2_archive lore3 $(samples 1 6) &&
	mkdir -p "$cronhome/kvm/git" &&
	git clone -q --mirror lore3/git/0.git "$cronhome/kvm/git/0.git" &&
	r="$cronhome/kvm/git/0.git" &&
	run_cron >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	whole_digest "$r" HEAD >expect &&
	git -C "$r" notes --ref=kvmdigest show HEAD >actual &&
	test_cmp expect actual &&
	old=$(git -C "$r" rev-parse HEAD) &&
	deliver_to_archive lore3 $(samples 7 10) &&
	run_cron >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	new=$(git -C "$r" rev-parse HEAD) &&
	test "$(git -C "$r" rev-list --count $old..$new)" = 4 &&
	git -C "$r" kvmdigest $old..$new >expect &&
	git -C "$r" notes --ref=kvmdigest show $new >actual &&
	test_cmp expect actual &&
	tip=$(git -C "$r" rev-parse refs/notes/kvmdigest) &&
	run_cron >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	test "$(git -C "$r" rev-parse refs/notes/kvmdigest)" = "$tip"
'

test_done
