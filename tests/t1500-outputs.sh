#!/bin/sh

test_description='digests as files and as git notes, chained run to run'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"

test_expect_success 'setup: an archive of 400 messages' '
	make_fastimport_archive a 400 &&
	git clone -q --bare a/git/0.git r.git
'

# messages_of_note COMMIT: the messages the JSON note on COMMIT digests.
messages_of_note () {
	git -C r.git notes --ref=kvmdigest show "$1" >note.json &&
	json_query note.json "d[\"messages\"]"
}

test_expect_success 'chained runs digest every message once and only once' '
	git -C r.git kvmdigest --format=json --notes -q HEAD~250 &&
	git -C r.git kvmdigest --format=json --notes -q HEAD~100 &&
	git -C r.git kvmdigest --format=json --notes -q HEAD &&
	git -C r.git kvmdigest --format=json --notes -q HEAD 2>err &&
	test_must_be_empty err &&
	a=$(messages_of_note HEAD~250) &&
	b=$(messages_of_note HEAD~100) &&
	c=$(messages_of_note HEAD) &&
	test "$a $b $c" = "150 150 100" &&
	git -C r.git notes --ref=kvmdigest list >notes &&
	test_line_count = 3 notes
'

test_expect_success 'each note digests the range after the one before' '
	git -C r.git notes --ref=kvmdigest show HEAD~100 >n.json &&
	test "$(json_query n.json "d[\"range\"][\"from\"]")" = "$(git -C r.git rev-parse HEAD~250)" &&
	test "$(json_query n.json "d[\"range\"][\"from_note\"]")" = true
'

test_expect_success 'git log --notes=kvmdigest shows the digest' '
	git -C r.git kvmdigest --notes -q HEAD~30..HEAD~20 &&
	git -C r.git log -1 --notes=kvmdigest HEAD~20 >log &&
	grep "^    From .* to $(git -C r.git rev-parse --short HEAD~20)$" log
'

test_expect_success 'the notes commit says which range it digests' '
	git -C r.git log -1 --format=%s refs/notes/kvmdigest >subject &&
	echo "kvmdigest: digest of $(git -C r.git rev-parse --short HEAD~30)..$(git -C r.git rev-parse --short HEAD~20)" >expect &&
	test_cmp expect subject
'

test_expect_success 'a second --notes without --force fails; the note stays' '
	git -C r.git notes --ref=kvmdigest show HEAD~20 >before &&
	tip=$(git -C r.git rev-parse refs/notes/kvmdigest) &&
	test_expect_code 128 git -C r.git kvmdigest --format=json --notes HEAD~40..HEAD~20 >out 2>err &&
	test_must_be_empty out &&
	grep "^fatal: a digest note exists already" err &&
	git -C r.git notes --ref=kvmdigest show HEAD~20 >after &&
	test_cmp before after &&
	test "$(git -C r.git rev-parse refs/notes/kvmdigest)" = "$tip"
'

test_expect_success '--force replaces it' '
	git -C r.git kvmdigest --format=json --notes --force HEAD~40..HEAD~20 &&
	git -C r.git notes --ref=kvmdigest show HEAD~20 >after &&
	test "$(json_query after "d[\"messages\"]")" = 20
'

test_expect_success '--notes=REF and kvmdigest.notesRef name the ref' '
	git -C r.git kvmdigest --notes=other -q HEAD~5..HEAD~4 &&
	git -C r.git notes --ref=other list >list &&
	test_line_count = 1 list &&
	git -C r.git -c kvmdigest.notesRef=refs/notes/third kvmdigest --notes -q HEAD~5..HEAD~4 &&
	git -C r.git notes --ref=third list >list &&
	test_line_count = 1 list
'

test_expect_success 'an empty range writes no note' '
	before=$(git -C r.git rev-parse refs/notes/kvmdigest) &&
	git -C r.git kvmdigest --notes HEAD..HEAD 2>err &&
	grep "nothing to digest" err &&
	test "$(git -C r.git rev-parse refs/notes/kvmdigest)" = "$before"
'

# eight_writers REPO: eight runs at once, each noting its own commit; fails
# when any run fails.
eight_writers () {
	pids= &&
	for i in 1 2 3 4 5 6 7 8
	do
		git -C "$1" kvmdigest --notes -q "HEAD~$((i * 10))..HEAD~$((i * 10 - 5))" &
		pids="$pids $!"
	done &&
	for pid in $pids
	do
		wait $pid || return 1
	done
}

test_expect_success 'eight runs in parallel, eight commits: eight notes' '
	for round in 1 2 3
	do
		rm -rf p.git &&
		git clone -q --bare a/git/0.git p.git &&
		eight_writers p.git &&
		git -C p.git notes --ref=kvmdigest list >notes &&
		test_line_count = 8 notes || return 1
	done &&
	for i in 1 2 3 4 5 6 7 8
	do
		git -C p.git notes --ref=kvmdigest show "HEAD~$((i * 10 - 5))" >n &&
		grep "^From $(git -C p.git rev-parse --short HEAD~$((i * 10))) to " n || return 1
	done
'

test_expect_success 'a fanned-out notes tree keeps its layout' '
	git clone -q --bare a/git/0.git f.git &&
	c=$(git -C f.git rev-parse HEAD~50) &&
	blob=$(echo old | git -C f.git hash-object -w --stdin) &&
	sub=$(printf "100644 blob %s\t%s\n" "$blob" "${c#??}" | git -C f.git mktree) &&
	top=$(printf "040000 tree %s\t%s\n" "$sub" "$(echo $c | cut -c1-2)" | git -C f.git mktree) &&
	commit=$(git -C f.git commit-tree -m fanned "$top") &&
	git -C f.git update-ref refs/notes/kvmdigest "$commit" &&
	git -C f.git kvmdigest --notes -q HEAD~10..HEAD~5 &&
	git -C f.git notes --ref=kvmdigest list >list &&
	test_line_count = 2 list &&
	git -C f.git ls-tree refs/notes/kvmdigest >top &&
	! grep -v "	..$" top
'

test_expect_success '--output writes the file; a directory gets <A>..<B>.<ext>' '
	git -C r.git kvmdigest -o "$PWD/d.txt" HEAD~3..HEAD >out &&
	test_must_be_empty out &&
	git -C r.git kvmdigest HEAD~3..HEAD >expect &&
	test_cmp expect d.txt &&
	mkdir outdir &&
	git -C r.git kvmdigest --format=json --output "$PWD/outdir" HEAD~3..HEAD &&
	name="$(git -C r.git rev-parse --short HEAD~3)..$(git -C r.git rev-parse --short HEAD).json" &&
	test_path_is_file "outdir/$name" &&
	ls outdir >files &&
	test_line_count = 1 files
'

test_expect_success '--output never replaces a file without --force' '
	echo precious >keep &&
	test_expect_code 128 git -C r.git kvmdigest -o "$PWD/keep" HEAD~3..HEAD 2>err &&
	grep "exists already" err &&
	echo precious >expect &&
	test_cmp expect keep &&
	git -C r.git kvmdigest -o "$PWD/keep" --force HEAD~3..HEAD &&
	git -C r.git kvmdigest HEAD~3..HEAD >expect &&
	test_cmp expect keep &&
	ls -a >files &&
	! grep "tmp-" files
'

test_expect_success '--output into an unwritable place fails and leaves nothing' '
	test_expect_code 128 git -C r.git kvmdigest -o "$PWD/no/such/dir/x.txt" HEAD~3..HEAD 2>err &&
	grep "^fatal: could not create " err &&
	test_path_is_missing no
'

test_expect_success NOT_ROOT '--output into a read-only directory leaves nothing' '
	mkdir ro &&
	chmod a-w ro &&
	test_expect_code 128 git -C r.git kvmdigest -o "$PWD/ro/x.txt" HEAD~3..HEAD 2>err &&
	chmod u+w ro &&
	ls -A ro >files &&
	test_must_be_empty files
'

test_expect_success 'a refused note writes no file either' '
	test_expect_code 128 git -C r.git kvmdigest --notes -o "$PWD/both.txt" HEAD~40..HEAD~20 2>err &&
	test_path_is_missing both.txt
'

test_expect_success '--since-last is B alone; it refuses a range' '
	git clone -q --bare a/git/0.git s.git &&
	git -C s.git kvmdigest --since-last --notes -q HEAD~10 &&
	git -C s.git kvmdigest --since-last --format=json HEAD >s.json &&
	test "$(json_query s.json "d[\"messages\"]")" = 10 &&
	test_expect_code 129 git -C s.git kvmdigest --since-last HEAD~2..HEAD 2>err
'

test_expect_success '--no-since-last: B alone from the beginning, notes or not' '
	git -C s.git kvmdigest --no-since-last --format=json HEAD >all.json &&
	test "$(json_query all.json "[d[\"messages\"], d[\"range\"][\"from\"]]")" = "[400, null]"
'

test_expect_success 'in an inbox, the note goes on B, in the epoch that holds B' '
	make_fastimport_archive --epoch-size 250 two 400 &&
	git -C two kvmdigest --format=json --notes -q HEAD~200 &&
	git -C two/git/0.git notes --ref=kvmdigest show HEAD~50 >n.json &&
	test "$(json_query n.json "d[\"messages\"]")" = 200 &&
	test_must_fail git -C two/git/1.git rev-parse -q --verify refs/notes/kvmdigest &&
	git -C two kvmdigest --format=json --notes -q &&
	git -C two/git/1.git notes --ref=kvmdigest show HEAD >n.json &&
	test "$(json_query n.json "d[\"messages\"]")" = 200 &&
	test "$(json_query n.json "d[\"range\"][\"from\"]")" = \
		"$(git -C two/git/0.git rev-parse HEAD~50)" &&
	git -C two/git/0.git notes --ref=kvmdigest list >n0 &&
	git -C two/git/1.git notes --ref=kvmdigest list >n1 &&
	test_line_count = 1 n0 &&
	test_line_count = 1 n1
'

test_expect_success 'in an inbox, a note on B refuses, whichever epoch B is in' '
	tip=$(git -C two/git/0.git rev-parse refs/notes/kvmdigest) &&
	test_expect_code 128 git -C two kvmdigest --notes HEAD~300..HEAD~200 >out 2>err &&
	test_must_be_empty out &&
	test_grep "^fatal: a digest note exists already for $(git -C two/git/0.git rev-parse --short HEAD~50) " err &&
	test "$(git -C two/git/0.git rev-parse refs/notes/kvmdigest)" = "$tip"
'

test_expect_success 'in an inbox, --output names a range across epochs' '
	mkdir inboxout &&
	git -C two kvmdigest -o "$PWD/inboxout" HEAD~200..HEAD &&
	ls inboxout >files &&
	echo "$(git -C two/git/0.git rev-parse --short HEAD~50)..$(git -C two/git/1.git rev-parse --short HEAD).txt" >expect &&
	test_cmp expect files
'

test_expect_success '--progress shows progress; -q and --no-progress do not' '
	git -C r.git kvmdigest --progress HEAD~300..HEAD >/dev/null 2>err &&
	grep "Reading messages: 100% (300/300), done." err &&
	git -C r.git kvmdigest --progress -q HEAD~300..HEAD >/dev/null 2>err &&
	test_must_be_empty err &&
	git -C r.git kvmdigest --no-progress HEAD~300..HEAD >/dev/null 2>err &&
	! grep Reading err
'

test_done
