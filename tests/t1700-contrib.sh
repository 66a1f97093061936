#!/bin/sh

test_description='contrib/: the weekly alias, the pre-push hook, the systemd timer and the cron line'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"

SRC="$TEST_DIRECTORY/.."
CONTRIB="$SRC/contrib"

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
	test_grep "^kvmdigest " alias
'

test_expect_success 'the alias is git kvmdigest --since=1.week.ago' '
	echo "kvmdigest --since=1.week.ago" >expect &&
	test_cmp expect alias
'

test_expect_success 'git weekly in the inbox folder: the messages of the last seven days' '
	dated_samples week 10 1 5 &&
	dated_samples week 3 6 18 &&
	make_fastimport_archive_from_files weeks week &&
	git -C weeks weekly --format=json >w.json &&
	test "$(json_query w.json "d[\"messages\"]")" = 13 &&
	test "$(json_query w.json "d[\"range\"][\"from\"]")" = \
		"$(git -C weeks/git/0.git rev-parse HEAD~13)" &&
	git -C weeks/git/0.git weekly --format=json >e.json &&
	test_cmp w.json e.json
'

test_expect_success 'git weekly: a week across an epoch'"'"'s rotation' '
	make_fastimport_archive_from_files --epoch-size 9 rotated week &&
	git -C rotated/git/0.git rev-list --count HEAD >n0 &&
	echo 9 >expect &&
	test_cmp expect n0 &&
	git -C rotated weekly --format=json >r.json &&
	test "$(json_query r.json "d[\"messages\"]")" = 13 &&
	test "$(json_query r.json "d[\"range\"][\"from\"]")" = \
		"$(git -C rotated/git/0.git rev-parse HEAD~4)" &&
	test "$(json_query r.json "d[\"range\"][\"to\"]")" = \
		"$(git -C rotated/git/1.git rev-parse HEAD)"
'

test_expect_success 'git weekly: options go to git kvmdigest' '
	git -C weeks weekly -q -o "$TRASH_DIRECTORY/week.txt" >out &&
	test_must_be_empty out &&
	test_grep "^From $(git -C weeks/git/0.git rev-parse --short HEAD~13) to " week.txt &&
	git -C weeks weekly --until=4.days.ago >out 2>err &&
	test_must_be_empty out &&
	test_grep "^nothing to digest in .--since=1.week.ago --until=4.days.ago.$" err
'

test_expect_success 'git weekly: an archive younger than a week is all of it' '
	dated_samples young 2 1 18 &&
	make_fastimport_archive_from_files youngs young &&
	git -C youngs/git/0.git notes --ref=kvmdigest add -m old HEAD~3 &&
	git -C youngs weekly --format=json >y.json 2>err &&
	test "$(json_query y.json "d[\"messages\"]")" = 18 &&
	test_grep "whole history" err
'

test_expect_success 'git weekly: nothing this week, nothing to digest' '
	dated_samples old 30 1 18 &&
	make_fastimport_archive_from_files olds old &&
	git -C olds weekly >out 2>err &&
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

test_expect_success PUBLIC_INBOX 'a branch moved back: nothing new, the push goes on' '
	git -C mirror.git branch back master &&
	git -C mirror.git push -q pub back 2>err &&
	tip=$(git -C mirror.git rev-parse refs/notes/kvmdigest) &&
	git -C mirror.git branch -f back master~3 &&
	git -C mirror.git push -q -f pub back 2>err &&
	test_must_be_empty err &&
	test "$(git -C pub.git rev-parse back)" = "$(git -C mirror.git rev-parse master~3)" &&
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

# --- the systemd timers and the cron line --------------------------------

# unit_setting UNIT KEY [INSTANCE]: the setting of contrib/systemd/UNIT,
# with %h and %i as systemd replaces them for a user unit.
unit_setting () {
	sed -n "s/^$2=//p" "$CONTRIB/systemd/$1" |
	sed -e "s|%h|$HOME|g" -e "s|%i|$3|g"
}

# run_service UNIT [INSTANCE]: run what the service runs, in its working
# directory, with its environment and nothing else (as systemd does).
run_service () {
	(
		env=$(unit_setting "$1" Environment) &&
		exec_start=$(unit_setting "$1" ExecStart "$2") &&
		cd "$(unit_setting "$1" WorkingDirectory "$2")" &&
		eval "env -i HOME=\"\$HOME\" \"\$env\" $exec_start"
	)
}

# The units as systemd reads them: systemd-analyze when there is one.
command -v systemd-analyze >/dev/null 2>&1 && test_set_prereq SYSTEMD_ANALYZE

test_expect_success SYSTEMD_ANALYZE 'systemd-analyze verifies the units' '
	mkdir -p run units &&
	chmod 700 run &&
	cp "$CONTRIB"/systemd/kvmdigest.service "$CONTRIB"/systemd/kvmdigest.timer \
		"$CONTRIB"/systemd/kvmdigest@.service "$CONTRIB"/systemd/kvmdigest@.timer \
		units/ &&
	XDG_RUNTIME_DIR=$PWD/run systemd-analyze --user verify --man=no \
		units/kvmdigest.service units/kvmdigest.timer \
		units/kvmdigest@.service units/kvmdigest@.timer >out 2>err &&
	test_must_be_empty err &&
	printf "[Service]\nExecStart=no/such\n" >units/bad.service &&
	test_must_fail env "XDG_RUNTIME_DIR=$PWD/run" systemd-analyze --user \
		verify --man=no units/bad.service 2>err &&
	test_grep "bad.service" err
'

test_expect_success 'the units, read as systemd reads them' '
	for unit in kvmdigest.service kvmdigest@.service
	do
		unit_setting $unit ExecStart >exec &&
		test_line_count = 1 exec &&
		test_grep -v "[%$]" exec &&
		test_grep "^/bin/sh -c .public-inbox-fetch -q && git kvmdigest --notes --since-last -q.$" exec &&
		unit_setting $unit Type >type &&
		echo oneshot >expect &&
		test_cmp expect type &&
		unit_setting $unit Environment >env &&
		test_grep "^PATH=$HOME/.local/bin:" env || return 1
	done &&
	unit_setting kvmdigest.service WorkingDirectory >wd &&
	echo "$HOME/lore/kvm" >expect &&
	test_cmp expect wd &&
	unit_setting kvmdigest@.service WorkingDirectory linux-riscv >wd &&
	echo "$HOME/lore/linux-riscv" >expect &&
	test_cmp expect wd &&
	for timer in kvmdigest.timer kvmdigest@.timer
	do
		grep "^OnCalendar=daily$" "$CONTRIB/systemd/$timer" &&
		grep "^Persistent=true$" "$CONTRIB/systemd/$timer" &&
		grep "^WantedBy=timers.target$" "$CONTRIB/systemd/$timer" &&
		! grep "^Unit=" "$CONTRIB/systemd/$timer" || return 1
	done &&
	mkdir -p "$HOME/.local/bin" &&
	ln -s "$KVMDIGEST" "$HOME/.local/bin/git-kvmdigest"
'

# Two lists, as lore serves them, and mirrors of them where the units work.
test_expect_success PUBLIC_INBOX,PI_HTTPD 'setup: lore serves two lists; public-inbox-clone mirrors them' '
	make_v2_archive --name kvm lore-kvm $(samples 1 6) &&
	make_v2_archive --name riscv lore-riscv $(samples 11 14) &&
	serve_archives lore-kvm lore-riscv &&
	trap "stop_serving; _tl_die" EXIT &&
	mkdir -p "$HOME/lore" &&
	public-inbox-clone -q "$KD_HTTPD_URL/kvm/" "$HOME/lore/kvm" &&
	public-inbox-clone -q "$KD_HTTPD_URL/riscv/" "$HOME/lore/riscv" &&
	test_path_is_dir "$HOME/lore/kvm/git/0.git" &&
	test_path_is_file "$HOME/lore/kvm/manifest.js.gz"
'

# digest_of INBOX A..B: the digest of that range, as a note holds it.
digest_of () {
	git -C "$1" kvmdigest "$2"
}

test_expect_success PUBLIC_INBOX,PI_HTTPD 'the first run notes the tip: all of it' '
	run_service kvmdigest.service >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	wd="$HOME/lore/kvm" &&
	whole_digest "$wd" HEAD >expect &&
	git -C "$wd/git/0.git" notes --ref=kvmdigest show HEAD >actual &&
	test_cmp expect actual
'

test_expect_success PUBLIC_INBOX,PI_HTTPD 'lore starts a new epoch: the next run digests what arrived, once' '
	wd="$HOME/lore/kvm" &&
	old=$(git -C "$wd/git/0.git" rev-parse HEAD) &&
	deliver_to_archive lore-kvm $(samples 7 8) &&
	deliver_to_archive --new-epoch lore-kvm $(samples 9 10) &&
	run_service kvmdigest.service >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	test_path_is_dir "$wd/git/1.git" &&
	new=$(git -C "$wd/git/1.git" rev-parse HEAD) &&
	git -C "$wd" kvmdigest --format=json $old..$new >expect.json &&
	test "$(json_query expect.json "d[\"messages\"]")" = 4 &&
	digest_of "$wd" $old..$new >expect &&
	git -C "$wd/git/1.git" notes --ref=kvmdigest show $new >actual &&
	test_cmp expect actual &&
	echo "From $(git -C "$wd/git/0.git" rev-parse --short $old) to $(git -C "$wd/git/1.git" rev-parse --short $new)" >expect-first &&
	head -n 1 actual >first &&
	test_cmp expect-first first
'

test_expect_success PUBLIC_INBOX,PI_HTTPD 'nothing new: the run succeeds and writes nothing' '
	wd="$HOME/lore/kvm" &&
	tip=$(git -C "$wd/git/1.git" rev-parse refs/notes/kvmdigest) &&
	run_service kvmdigest.service >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	test "$(git -C "$wd/git/1.git" rev-parse refs/notes/kvmdigest)" = "$tip" &&
	git -C "$wd/git/0.git" notes --ref=kvmdigest list >n0 &&
	git -C "$wd/git/1.git" notes --ref=kvmdigest list >n1 &&
	test_line_count = 1 n0 &&
	test_line_count = 1 n1
'

test_expect_success PUBLIC_INBOX,PI_HTTPD 'kvmdigest@.service: one timer a list' '
	run_service kvmdigest@.service riscv >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	wd="$HOME/lore/riscv" &&
	whole_digest "$wd" HEAD >expect &&
	git -C "$wd/git/0.git" notes --ref=kvmdigest show HEAD >actual &&
	test_cmp expect actual &&
	old=$(git -C "$wd/git/0.git" rev-parse HEAD) &&
	deliver_to_archive --new-epoch lore-riscv $(samples 15 16) &&
	run_service kvmdigest@.service riscv &&
	new=$(git -C "$wd/git/1.git" rev-parse HEAD) &&
	digest_of "$wd" $old..$new >expect &&
	git -C "$wd/git/1.git" notes --ref=kvmdigest show $new >actual &&
	test_cmp expect actual &&
	run_service kvmdigest@.service kvm >out 2>err &&
	test_must_be_empty err &&
	git -C "$HOME/lore/kvm/git/1.git" notes --ref=kvmdigest list >n1 &&
	test_line_count = 1 n1
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
	test_grep "^cd \"\$HOME/lore/kvm\" && " cmd &&
	test_grep "public-inbox-fetch -q && git kvmdigest --notes --since-last -q$" cmd &&
	cronhome="$TRASH_DIRECTORY/cronhome" &&
	mkdir -p "$cronhome/.local/bin" &&
	ln -s "$KVMDIGEST" "$cronhome/.local/bin/git-kvmdigest"
'

test_expect_success PUBLIC_INBOX,PI_HTTPD 'cron: first run, a new epoch, nothing new' '
	mkdir -p "$cronhome/lore" &&
	public-inbox-clone -q "$KD_HTTPD_URL/kvm/" "$cronhome/lore/kvm" &&
	r="$cronhome/lore/kvm" &&
	run_cron >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	whole_digest "$r" HEAD >expect &&
	git -C "$r/git/1.git" notes --ref=kvmdigest show HEAD >actual &&
	test_cmp expect actual &&
	old=$(git -C "$r/git/1.git" rev-parse HEAD) &&
	deliver_to_archive --new-epoch lore-kvm $(samples 17 18) &&
	run_cron >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	new=$(git -C "$r/git/2.git" rev-parse HEAD) &&
	digest_of "$r" $old..$new >expect &&
	git -C "$r/git/2.git" notes --ref=kvmdigest show $new >actual &&
	test_cmp expect actual &&
	tip=$(git -C "$r/git/2.git" rev-parse refs/notes/kvmdigest) &&
	run_cron >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	test "$(git -C "$r/git/2.git" rev-parse refs/notes/kvmdigest)" = "$tip"
'

test_expect_success PI_HTTPD 'teardown: lore stops serving' '
	stop_serving
'

test_done
