#!/bin/sh

test_description='the test library and the archive builders'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"

MAIL="$TEST_DIRECTORY/mail"

# --- the test library, run on sample scripts -------------------------------

# run_sub NAME [ARGS]: run sub/NAME.sh (body on stdin) with the library;
# its TAP in NAME.out, its status in NAME.rc.
run_sub () {
	_name=$1
	shift
	mkdir -p sub &&
	cp "$TEST_DIRECTORY/test-lib.sh" sub/ &&
	{
		echo "test_description='sample $_name'"
		echo '. "$(dirname "$0")/test-lib.sh"'
		cat
	} >"sub/$_name.sh" &&
	{
		KD_TEST_OPTS= sh "sub/$_name.sh" "$@" >"$_name.out" 2>"$_name.err"
		echo $? >"$_name.rc"
	}
}

test_expect_success 'passing tests: TAP, exit 0, trash removed' '
	run_sub t9001-pass <<-\EOF &&
	test_expect_success "first" "true"
	test_expect_success "second" "test 1 = 1"
	test_done
	EOF
	test_write_lines "ok 1 - first" "ok 2 - second" "1..2" >expect &&
	test_cmp expect t9001-pass.out &&
	echo 0 >expect.rc &&
	test_cmp expect.rc t9001-pass.rc &&
	test_path_is_missing "sub/trash directory.t9001-pass"
'

test_expect_success 'a failing test: not ok, its body, exit 1, trash kept' '
	run_sub t9002-fail <<-\EOF &&
	test_expect_success "good" "true"
	test_expect_success "bad" "
		true &&
		false
	"
	test_done
	EOF
	printf "%s\n" "ok 1 - good" "not ok 2 - bad" "#	" "#	true &&" \
		"#	false" "#	" "# failed 1 among 2 test(s)" "1..2" >expect &&
	grep -v "^# kept" t9002-fail.out >actual &&
	test_cmp expect actual &&
	echo 1 >expect.rc &&
	test_cmp expect.rc t9002-fail.rc &&
	test_path_is_dir "sub/trash directory.t9002-fail"
'

test_expect_success '--debug keeps the trash directory of a passing script' '
	run_sub t9003-debug --debug <<-\EOF &&
	test_expect_success "one" "echo hello >file"
	test_done
	EOF
	test_path_is_file "sub/trash directory.t9003-debug/file"
'

test_expect_success 'known breakage: TODO, not a failure' '
	run_sub t9004-todo <<-\EOF &&
	test_expect_failure "still broken" "false"
	test_expect_failure "fixed meanwhile" "true"
	test_done
	EOF
	test_grep "^not ok 1 - still broken # TODO known breakage$" t9004-todo.out &&
	test_grep "^ok 2 - fixed meanwhile # TODO known breakage vanished$" t9004-todo.out &&
	echo 0 >expect.rc &&
	test_cmp expect.rc t9004-todo.rc
'

test_expect_success 'a broken &&-chain fails the test' '
	run_sub t9005-chain <<-\EOF &&
	test_expect_success "broken" "
		false
		true
	"
	test_done
	EOF
	test_grep "^not ok 1 - broken$" t9005-chain.out &&
	test_grep "broken &&-chain" t9005-chain.out
'

test_expect_success 'an unexpected exit is reported' '
	run_sub t9006-exit <<-\EOF &&
	test_expect_success "exits" "exit 3"
	test_done
	EOF
	test_grep "^Bail out!" t9006-exit.out &&
	echo 1 >expect.rc &&
	test_cmp expect.rc t9006-exit.rc
'

test_expect_success 'prerequisites skip tests' '
	run_sub t9007-prereq <<-\EOF &&
	test_set_prereq HAVE
	test_expect_success HAVE "with" "true"
	test_expect_success MISSING "without" "false"
	test_expect_success !MISSING "negated" "true"
	test_done
	EOF
	test_write_lines "ok 1 - with" "ok 2 # skip without (missing MISSING)" \
		"ok 3 - negated" "# skipped 1 test(s)" "1..3" >expect &&
	test_cmp expect t9007-prereq.out
'

test_expect_success '-v shows command output, which is hidden otherwise' '
	run_sub t9008-verbose -v <<-\EOF &&
	test_expect_success "talk" "echo visible-output"
	test_done
	EOF
	test_grep visible-output t9008-verbose.err &&
	run_sub t9009-quiet <<-\EOF &&
	test_expect_success "talk" "echo hidden-output"
	test_done
	EOF
	test_grep -v hidden-output t9009-quiet.err &&
	test_grep -v hidden-output t9009-quiet.out
'

test_expect_success 'test_must_fail accepts failure, refuses success and crashes' '
	test_must_fail false &&
	test_must_fail sh -c "exit 128" &&
	test_must_fail sh -c "exit 129" &&
	! test_must_fail true &&
	! test_must_fail sh -c "kill -SEGV \$\$" &&
	! test_must_fail sh -c "kill -ABRT \$\$" &&
	! test_must_fail no-such-command-kd
'

test_expect_success 'test_expect_code wants the exact code' '
	test_expect_code 0 true &&
	test_expect_code 128 sh -c "exit 128" &&
	! test_expect_code 128 sh -c "exit 1" &&
	! test_expect_code 129 true
'

test_expect_success 'test_cmp and test_line_count notice differences' '
	test_write_lines a b >one &&
	test_write_lines a c >two &&
	test_cmp one one &&
	! test_cmp one two &&
	test_line_count = 2 one &&
	! test_line_count = 3 one
'

test_expect_success 'the environment is clean and fixed' '
	test "$HOME" = "$TRASH_DIRECTORY" &&
	test "$(pwd)" = "$TRASH_DIRECTORY" &&
	test "$TZ" = UTC &&
	test "$LC_ALL" = C.UTF-8 &&
	test -z "${LANGUAGE+set}" &&
	test "$GIT_CONFIG_NOSYSTEM" = 1 &&
	git init -q repo &&
	git -C repo commit -q --allow-empty -m one &&
	git -C repo log -1 --format="%an <%ae> %ad" --date=raw >actual &&
	echo "A U Thor <author@example.com> 1704067200 +0000" >expect &&
	test_cmp expect actual
'

test_expect_success 'no repository is found above the trash directory' '
	mkdir norepo &&
	test_must_fail git -C norepo rev-parse --git-dir
'

test_expect_success 'kvmdigest and git kvmdigest run $KVMDIGEST' '
	write_script fake-kvmdigest <<-\EOF &&
	echo "fake: $*"
	EOF
	cat >sub/t9010-env.sh <<-\EOF &&
	. "$(dirname "$0")/test-lib.sh"
	test_expect_success "both ways" "
		kvmdigest a b >out1 &&
		git kvmdigest c >out2 &&
		echo \"fake: a b\" >expect1 &&
		echo \"fake: c\" >expect2 &&
		test_cmp expect1 out1 &&
		test_cmp expect2 out2
	"
	test_done
	EOF
	KVMDIGEST="$TRASH_DIRECTORY/fake-kvmdigest" sh sub/t9010-env.sh >out &&
	test_write_lines "ok 1 - both ways" "1..1" >expect &&
	test_cmp expect out
'

# --- archives made by the real public-inbox writer -----------------------

# commit_trees REPO: one line per commit, the names in its tree.
commit_trees () {
	git --git-dir="$1" log --format=%H | while read c
	do
		git --git-dir="$1" ls-tree --name-only "$c" | tr "\n" " "
		echo
	done
}

test_expect_success PUBLIC_INBOX 'every fixture but the encoded Message-Id passes the mda pre-checks' '
	for f in "$MAIL"/*.eml
	do
		case "$f" in
		*/26-*) ;;
		*) echo "$f" ;;
		esac
	done >strict.list &&
	test_line_count -gt 30 strict.list &&
	make_v2_archive --precheck strict $(cat strict.list) &&
	git --git-dir=strict/git/0.git rev-list --count HEAD >actual &&
	wc -l <strict.list | tr -d " " >expect &&
	test_cmp expect actual
'

test_expect_success PUBLIC_INBOX 'the pre-checks reject an encoded Message-Id' '
	test_must_fail make_v2_archive --precheck encmid "$MAIL"/26-*.eml
'

test_expect_success PUBLIC_INBOX 'v2: one commit per fixture, each tree exactly "m"' '
	make_v2_archive all "$MAIL" &&
	ls "$MAIL"/*.eml >files &&
	test_path_is_dir all/git/0.git &&
	test "$(git --git-dir=all/git/0.git rev-parse --is-bare-repository)" = true &&
	test "$(git --git-dir=all/git/0.git symbolic-ref HEAD)" = refs/heads/master &&
	commit_trees all/git/0.git | sort | uniq -c >actual &&
	printf "%7d m \n" $(wc -l <files) >expect &&
	test_cmp expect actual &&
	test "$(archive_message_count all/git/0.git)" = $(wc -l <files)
'

test_expect_success PUBLIC_INBOX 'v2: the message is stored as sent, plus a List-Id when it had none' '
	git --git-dir=all/git/0.git rev-list --reverse HEAD >commits &&
	i=0 &&
	while read f
	do
		i=$((i + 1)) &&
		c=$(sed -n "${i}p" commits) &&
		git --git-dir=all/git/0.git cat-file blob "$c:m" >stored &&
		case "$f" in
		*/27b-*)
			# the second of a Message-ID pair gets a new one added
			sed -e "/^List-Id: <kvm.vger.kernel.org>\$/d" \
				-e "/^Message-ID: <.*@z>\$/d" stored >stripped ;;
		*/31-*)
			cp stored stripped ;;
		*)
			sed "/^List-Id: <kvm.vger.kernel.org>\$/d" stored >stripped ;;
		esac &&
		test_cmp "$f" stripped || return 1
	done <files
'

test_expect_success PUBLIC_INBOX 'v2: a reused Message-ID with new content gets a second one' '
	c=$(git --git-dir=all/git/0.git log --format=%H -1 --grep="PIC receive") &&
	git --git-dir=all/git/0.git cat-file blob "$c:m" >stored &&
	grep "^Message-ID:" stored >mids &&
	test_line_count = 2 mids &&
	head -n 1 mids >first &&
	echo "Message-ID: <20240210111111.3030-1-tariq.aziz@example.pk>" >expect &&
	test_cmp expect first &&
	test_grep "^Message-ID: <20240210111402\.[^@]*@z>\$" mids
'

test_expect_success PUBLIC_INBOX 'v2: author and dates come from From: and Date:' '
	git --git-dir=all/git/0.git log -1 --format="%an|%ae|%ad|%cn|%ce|%cd|%s" --date=raw \
		--grep="nested NPT root" >actual &&
	echo "Dana Whitfield|dana.whitfield@example.com|1707721110 -0700|all|kvm@vger.kernel.org|1707721110 -0700|[PATCH] KVM: SVM: Flush the ASID when the nested NPT root changes" >expect &&
	test_cmp expect actual
'

test_expect_success PUBLIC_INBOX 'v2: the same mail makes the same commits' '
	mkdir again &&
	make_v2_archive again/all "$MAIL"/0*.eml &&
	n=$(ls "$MAIL"/0*.eml | wc -l) &&
	git --git-dir=all/git/0.git rev-list --reverse HEAD | sed -n "${n}p" >expect &&
	git --git-dir=again/all/git/0.git rev-parse HEAD >actual &&
	test_cmp expect actual
'

test_expect_success PUBLIC_INBOX 'v2: an exact duplicate is refused and adds nothing' '
	git --git-dir=all/git/0.git rev-parse HEAD >before &&
	test_must_fail deliver_to_archive all "$MAIL"/06-*.eml &&
	git --git-dir=all/git/0.git rev-parse HEAD >after &&
	test_cmp before after
'

test_expect_success PUBLIC_INBOX 'v2: a 1 MiB message is kept whole by a mirror' '
	make_big_message big.eml &&
	test $(wc -c <big.eml) -ge 1048576 &&
	deliver_to_archive all big.eml &&
	git --git-dir=all/git/0.git cat-file blob HEAD:m >stored &&
	grep -v "^List-Id: " stored >stripped &&
	test_cmp big.eml stripped &&
	test_must_fail make_v2_archive --precheck bigstrict big.eml
'

test_expect_success PUBLIC_INBOX 'v2: learn rm makes a commit whose tree is only "d"' '
	test_tick &&
	delete_from_v2_archive all "$MAIL"/36-*.eml &&
	git --git-dir=all/git/0.git ls-tree --name-only HEAD >actual &&
	echo d >expect &&
	test_cmp expect actual &&
	git --git-dir=all/git/0.git log -1 --format="%an <%ae> %ad %s" --date=raw >actual &&
	echo "all <kvm@vger.kernel.org> $test_tick_time +0000 rm" >expect &&
	test_cmp expect actual &&
	git --git-dir=all/git/0.git cat-file blob HEAD:d >removed &&
	grep -v "^List-Id: " removed >stripped &&
	test_cmp "$MAIL"/36-ansi-escapes.eml stripped &&
	test_must_fail delete_from_v2_archive all "$MAIL"/36-*.eml
'

test_expect_success PUBLIC_INBOX 'v2: purge rewrites history, the purged commit has an empty "m"' '
	make_v2_archive purge "$MAIL"/01-*.eml "$MAIL"/02-*.eml "$MAIL"/03-*.eml &&
	git --git-dir=purge/git/0.git rev-parse HEAD >old &&
	purge_from_v2_archive purge "$MAIL"/02-*.eml &&
	git --git-dir=purge/git/0.git rev-list HEAD >new &&
	test_line_count = 3 new &&
	! grep -f old new &&
	git --git-dir=purge/git/0.git log -1 --skip=1 --format="%an|%ae|%s" >actual &&
	test_grep "^||purged [0-9a-f]\{40\}\$" actual &&
	git --git-dir=purge/git/0.git ls-tree HEAD~1 >tree &&
	echo "100644 blob $(git hash-object -t blob /dev/null)	m" >expect &&
	test_cmp expect tree
'

# --- v1 ------------------------------------------------------------------

test_expect_success PUBLIC_INBOX 'v1: one blob per message at the SHA-1 of its Message-ID' '
	make_v1_archive v1 "$MAIL"/01-*.eml "$MAIL"/06-*.eml "$MAIL"/35-*.eml &&
	test "$(git -C v1 rev-parse --is-bare-repository)" = true &&
	git -C v1 rev-list --count HEAD >actual &&
	echo 3 >expect &&
	test_cmp expect actual &&
	for mid in 20240205171244.2210934-4-maya.castellanos@example.com \
		20240206094530.3312-1-dmitri.volkov@example.net \
		20240212065830.9191-1-dana.whitfield@example.com
	do
		printf %s "$mid" | git hash-object --stdin -t blob --literally >/dev/null &&
		h=$(printf %s "$mid" | sha1sum | cut -c1-40) &&
		echo "$h" | sed "s|^\(..\)|\1/|" || return 1
	done | sort >expect &&
	git -C v1 ls-tree -r --name-only HEAD | sort >actual &&
	test_cmp expect actual &&
	git -C v1 log --format= --name-status >status &&
	grep -c "^A" status >count &&
	echo 3 >expect &&
	test_cmp expect count
'

test_expect_success PUBLIC_INBOX 'v1: a reused Message-ID is refused' '
	make_v1_archive v1dup "$MAIL"/27a-*.eml &&
	test_must_fail deliver_to_archive v1dup "$MAIL"/27b-*.eml &&
	git -C v1dup rev-list --count HEAD >actual &&
	echo 1 >expect &&
	test_cmp expect actual
'

# --- fast-import archives ------------------------------------------------

test_expect_success PERL 'fast-import: COUNT commits, each tree exactly "m"' '
	make_fastimport_archive --manifest fi.tsv fi 500 &&
	git --git-dir=fi/git/0.git rev-list --count HEAD >actual &&
	echo 500 >expect &&
	test_cmp expect actual &&
	commit_trees fi/git/0.git | sort | uniq -c >actual &&
	printf "%7d m \n" 500 >expect &&
	test_cmp expect actual &&
	test_line_count = 500 fi.tsv
'

test_expect_success PERL 'fast-import: a mix of covers, patches, replies, authors' '
	cut -f3 fi.tsv | sort -u >kinds &&
	test_write_lines cover other patch reply >expect &&
	test_cmp expect kinds &&
	git --git-dir=fi/git/0.git log --format=%ae | sort -u >authors &&
	test_line_count -ge 10 authors &&
	git --git-dir=fi/git/0.git log --format=%s >subjects &&
	test_grep "^Re: " subjects &&
	test_grep "^\[PATCH v[2-9] 0*1/" subjects &&
	test_grep "^\[RFC PATCH" subjects &&
	test_grep "^\[PATCH [0-9][0-9]/[0-9][0-9]\]" subjects &&
	git --git-dir=fi/git/0.git log --format=%an >names &&
	test_grep "via B4 Relay\$" names &&
	test_grep "Re: Re: " subjects
'

test_expect_success PERL 'fast-import: the manifest agrees with the commits' '
	cut -f3 fi.tsv | grep -c "^reply\$" >expect &&
	git --git-dir=fi/git/0.git log --format=%s | grep -c -i "^re: " >actual &&
	test_cmp expect actual &&
	cut -f2 fi.tsv >mids &&
	git --git-dir=fi/git/0.git log --reverse --format=%H >commits &&
	c=$(sed -n 7p commits) &&
	git --git-dir=fi/git/0.git cat-file blob "$c:m" >m7 &&
	test_grep -F "Message-ID: $(sed -n 7p mids)" m7
'

test_expect_success PERL 'fast-import: the same seed, the same history' '
	make_fastimport_archive fi-again 500 &&
	git --git-dir=fi/git/0.git rev-parse HEAD >expect &&
	git --git-dir=fi-again/git/0.git rev-parse HEAD >actual &&
	test_cmp expect actual &&
	make_fastimport_archive --seed 2 fi-other 500 &&
	git --git-dir=fi-other/git/0.git rev-parse HEAD >other &&
	! test_cmp expect other
'

test_expect_success PERL 'fast-import: epochs are independent histories' '
	make_fastimport_archive --epoch-size 40 --manifest ep.tsv ep 100 &&
	for e in 0 1 2
	do
		git --git-dir=ep/git/$e.git rev-list --count HEAD &&
		git --git-dir=ep/git/$e.git rev-list --max-parents=0 HEAD |
			wc -l | tr -d " " || return 1
	done >actual &&
	test_write_lines 40 1 40 1 20 1 >expect &&
	test_cmp expect actual &&
	test_path_is_missing ep/git/3.git &&
	cut -f1 ep.tsv | uniq -c | tr -s " " >actual &&
	test_write_lines " 40 0" " 40 1" " 20 2" >expect &&
	test_cmp expect actual
'

test_expect_success PERL 'fast-import: --bad-tz stores -0700 as +1700' '
	make_fastimport_archive_from_files badtz "$MAIL"/35-*.eml "$MAIL"/05c-*.eml &&
	make_fastimport_archive_from_files --bad-tz badtz2 "$MAIL"/35-*.eml "$MAIL"/05c-*.eml &&
	git --git-dir=badtz/git/0.git log --format="%ad" --date=raw >good &&
	git --git-dir=badtz2/git/0.git log --format="%ad" --date=raw >bad &&
	test_write_lines "1707228075 -0500" "1707721110 -0700" >expect &&
	test_cmp expect good &&
	test_write_lines "1707228075 +1900" "1707721110 +1700" >expect &&
	test_cmp expect bad
'

test_expect_success PUBLIC_INBOX 'fast-import from files: the same commits as public-inbox-mda' '
	make_fastimport_archive_from_files fromfiles $(cat strict.list) &&
	git --git-dir=fromfiles/git/0.git log --format="%an|%ae|%ad|%cd|%s" --date=raw >actual &&
	git --git-dir=strict/git/0.git log --format="%an|%ae|%ad|%cd|%s" --date=raw >expect &&
	test_cmp expect actual &&
	git --git-dir=fromfiles/git/0.git log --format=%s >subjects &&
	test_grep -F "[PATCH v2 1/3] KVM: x86: Use “bus lock” exits for split-lock detection" subjects &&
	test_grep -F "[PATCH v4 3/9] KVM: guest_memfd: Introduce per-gmem attributes, and track them in the gmem inode instead of the memory attributes xarray" subjects
'

test_done
