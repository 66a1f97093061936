#!/bin/sh

test_description='ranges, archives and what is not an archive'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"

SAMPLES="$TEST_DIRECTORY/../samples"

test_expect_success 'setup: v2 and v1 archives of the samples' '
	make_v2_archive v2 "$SAMPLES" &&
	make_v1_archive v1 "$SAMPLES" &&
	git -C v2/git/0.git rev-list --count HEAD >count &&
	echo 18 >expect &&
	test_cmp expect count
'

test_expect_success 'A..B digests what git log A..B lists' '
	(
		cd v2/git/0.git &&
		git kvmdigest --format=json HEAD~5..HEAD~1 >../../../r.json &&
		git rev-parse HEAD~5 HEAD~1 >../../../ends
	) &&
	test "$(messages r.json)" = 4 &&
	json_query r.json "d[\"range\"][\"from\"] + \"\\n\" + d[\"range\"][\"to\"]" >actual &&
	test_cmp ends actual
'

test_expect_success 'the header names the range as git abbreviates it' '
	(
		cd v2/git/0.git &&
		git kvmdigest HEAD~5..HEAD~1 >../../../r.txt &&
		echo "From $(git rev-parse --short HEAD~5) to $(git rev-parse --short HEAD~1)" >../../../expect
	) &&
	head -n 1 r.txt >actual &&
	test_cmp expect actual
'

test_expect_success 'B alone, no notes: the whole history, said on stderr' '
	git -C v2/git/0.git kvmdigest --format=json HEAD >all.json 2>err &&
	test "$(messages all.json)" = 18 &&
	test "$(json_query all.json "d[\"range\"][\"from\"]")" = null &&
	grep "whole history up to .*: 18 messages" err
'

test_expect_success 'no argument is HEAD' '
	git -C v2/git/0.git kvmdigest --format=json >noarg.json 2>/dev/null &&
	test_cmp all.json noarg.json
'

test_expect_success 'B alone starts after the newest ancestor with a note' '
	git -C v2/git/0.git notes --ref=kvmdigest add -m old HEAD~10 &&
	git -C v2/git/0.git notes --ref=kvmdigest add -m older HEAD~15 &&
	git -C v2/git/0.git kvmdigest --format=json HEAD >since.json 2>err &&
	test "$(messages since.json)" = 10 &&
	test "$(json_query since.json "d[\"range\"][\"from\"]")" = \
		"$(git -C v2/git/0.git rev-parse HEAD~10)" &&
	! grep "whole history" err
'

test_expect_success 'the notes ref comes from git config kvmdigest.notesRef' '
	git -C v2/git/0.git notes --ref=other add -m x HEAD~3 &&
	git -C v2/git/0.git -c kvmdigest.notesRef=refs/notes/other \
		kvmdigest --format=json HEAD >other.json &&
	test "$(messages other.json)" = 3 &&
	git -C v2/git/0.git kvmdigest --notes-ref=refs/notes/other \
		--format=json HEAD >other2.json &&
	test_cmp other.json other2.json
'

test_expect_success 'an empty range: said on stderr, exit 0, nothing out' '
	git -C v2/git/0.git kvmdigest HEAD..HEAD >out 2>err &&
	test_must_be_empty out &&
	grep "^nothing to digest in .HEAD..HEAD.$" err &&
	git -C v2/git/0.git kvmdigest -q HEAD..HEAD >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
'

test_expect_success 'a v1 archive digests as its v2 twin' '
	git -C v1 kvmdigest --format=json HEAD >v1.json 2>/dev/null &&
	test "$(messages v1.json)" = 18 &&
	json_query v1.json "[d[k] for k in (\"patches\", \"replies\", \"contributors\", \"domains\")]" >v1.facts &&
	json_query all.json "[d[k] for k in (\"patches\", \"replies\", \"contributors\", \"domains\")]" >v2.facts &&
	test_cmp v2.facts v1.facts
'

test_expect_success 'found as git finds it: GIT_DIR, -C, a work tree' '
	git -C v2/git/0.git kvmdigest --format=json HEAD >c.json &&
	GIT_DIR=v2/git/0.git git kvmdigest --format=json HEAD >gd.json &&
	test_cmp c.json gd.json &&
	git clone -q v2/git/0.git work &&
	mkdir work/sub &&
	(cd work/sub && git kvmdigest --format=json HEAD >../../wt.json 2>/dev/null) &&
	test "$(messages wt.json)" = 18
'

test_expect_success 'a deleted message (d) is not a message' '
	make_v2_archive del "$SAMPLES" &&
	delete_from_v2_archive del "$SAMPLES/09-selftests-single.eml" &&
	git -C del/git/0.git kvmdigest --format=json HEAD >del.json 2>/dev/null &&
	test "$(json_query del.json "[d[\"messages\"], d[\"deleted\"], d[\"range\"][\"commits\"]]")" = "[18, 1, 19]"
'

test_expect_success 'a purged message (empty m) is not a message' '
	make_v2_archive purge "$SAMPLES" &&
	purge_from_v2_archive purge "$SAMPLES/09-selftests-single.eml" &&
	git -C purge/git/0.git kvmdigest --format=json HEAD >purge.json 2>/dev/null &&
	test "$(json_query purge.json "[d[\"messages\"], d[\"deleted\"]]")" = "[17, 1]"
'

test_expect_success 'A not an ancestor of B: a warning, then the digest' '
	git -C v2/git/0.git commit-tree -m stray "$(git -C v2/git/0.git rev-parse HEAD~2^{tree})" >stray &&
	git -C v2/git/0.git kvmdigest --format=json "$(cat stray)..HEAD" >div.json 2>err &&
	grep "^warning: .* is not an ancestor" err &&
	test "$(json_query div.json "d[\"range\"][\"diverged\"]")" = true
'

test_expect_success 'a merge in the range: the walk becomes git log'"'"'s' '
	git clone -q --bare v2/git/0.git merged.git &&
	side=$(git -C merged.git commit-tree -p HEAD~5 -m "[PATCH] side" \
		"$(git -C merged.git rev-parse HEAD~4^{tree})") &&
	merge=$(git -C merged.git commit-tree -p HEAD -p "$side" -m "[PATCH] merge" \
		"$(git -C merged.git rev-parse HEAD^{tree})") &&
	git -C merged.git kvmdigest --format=json "HEAD~8..$merge" >m.json &&
	git -C merged.git rev-list "HEAD~8..$merge" >expect &&
	json_query m.json "d[\"range\"][\"commits\"]" >n &&
	test "$(cat n)" = "$(wc -l <expect | tr -d " ")" &&
	test "$(cat n)" = 10
'

test_expect_success 'an unknown revision: fatal, with the epochs hint' '
	test_expect_code 128 git -C v2/git/0.git kvmdigest nosuch..HEAD >out 2>err &&
	test_must_be_empty out &&
	grep "^fatal: bad revision .nosuch.$" err &&
	grep "^hint: .*epoch" err
'

test_expect_success 'a symmetric range is refused' '
	test_expect_code 129 git -C v2/git/0.git kvmdigest HEAD~2...HEAD 2>err &&
	grep "symmetric" err
'

test_expect_success 'neither an inbox nor a repository' '
	mkdir plain &&
	(cd plain && test_expect_code 128 "$KVMDIGEST" HEAD 2>../err) &&
	grep "^fatal: not a public-inbox archive: .*/plain. holds no git/<N>.git epochs and is in no git repository$" err
'

test_expect_success 'a repository that is no archive' '
	git init -q src &&
	echo hello >src/README &&
	git -C src add README &&
	git -C src commit -q -m "a project" &&
	test_expect_code 128 git -C src kvmdigest HEAD >out 2>err &&
	test_must_be_empty out &&
	grep "^fatal: not a public-inbox archive: " err
'

test_expect_success 'an archive commit whose tree has other files' '
	git clone -q --bare v2/git/0.git mixed.git &&
	tree=$(printf "100644 blob %s\tm\n100644 blob %s\tREADME\n" \
		"$(git -C mixed.git rev-parse HEAD:m)" \
		"$(git -C mixed.git rev-parse HEAD:m)" | git -C mixed.git mktree) &&
	bad=$(git -C mixed.git commit-tree -p HEAD~1 -m odd "$tree") &&
	good=$(git -C mixed.git commit-tree -p "$bad" -m "[PATCH] x" "$(git -C mixed.git rev-parse HEAD^{tree})") &&
	test_expect_code 128 git -C mixed.git kvmdigest "HEAD~3..$good" >out 2>err &&
	test_must_be_empty out &&
	grep "^fatal: commit $(git -C mixed.git rev-parse --short "$bad") is not a public-inbox message" err
'

test_expect_success 'in an epoch of an inbox, every epoch is seen' '
	make_fastimport_archive --epoch-size 40 multi 100 &&
	git -C multi/git/1.git kvmdigest --format=json HEAD >e1.json 2>/dev/null &&
	test "$(messages e1.json)" = 100 &&
	test "$(json_query e1.json "d[\"range\"][\"to\"]")" = \
		"$(git -C multi/git/2.git rev-parse HEAD)" &&
	a=$(git -C multi/git/0.git rev-parse HEAD~9) &&
	git -C multi/git/1.git kvmdigest --format=json "$a..HEAD" >cross.json &&
	test "$(messages cross.json)" = $((9 + 40 + 20))
'

test_expect_success 'an epoch cloned on its own is an archive of its own' '
	git clone -q --bare multi/git/1.git lone1.git &&
	git -C lone1.git kvmdigest --format=json HEAD >lone.json 2>/dev/null &&
	test "$(messages lone.json)" = 40 &&
	test_expect_code 128 git -C lone1.git kvmdigest \
		"$(git -C multi/git/0.git rev-parse HEAD)..HEAD" 2>err &&
	grep "^fatal: bad revision " err &&
	grep "^hint: .*lone1.git. is a repository on its own" err
'

test_expect_success 'usage: -h, unknown options, bad values' '
	test_expect_code 129 git -C v2/git/0.git kvmdigest -h >out &&
	grep "^usage: git kvmdigest" out &&
	test_expect_code 129 git -C v2/git/0.git kvmdigest --frobnicate 2>err &&
	grep "unknown option" err &&
	test_expect_code 129 git -C v2/git/0.git kvmdigest --format=pdf 2>err &&
	grep "unknown format" err &&
	test_expect_code 129 git -C v2/git/0.git kvmdigest --top=0 2>err &&
	test_expect_code 129 git -C v2/git/0.git kvmdigest HEAD HEAD~1 2>err
'

# table_rows FILE: "N ROWS" for each "Top N ..." table of a classic digest.
table_rows () {
	awk '/^Top [0-9]+ / { if (t) print t, n; t = $2; n = 0; next }
	     /^=====/ { if (t) print t, n; t = ""; next }
	     t && /^ *[0-9]+ / { n++ }
	     END { if (t) print t, n }' "$1"
}

test_expect_success 'git -c reaches it, as git passes it to subcommands' '
	git -C v2/git/0.git -c kvmdigest.top=1 kvmdigest --no-since-last \
		HEAD >c1.txt 2>/dev/null &&
	table_rows c1.txt >rows &&
	printf "1 1\n1 1\n1 1\n1 1\n" >expect &&
	test_cmp expect rows &&
	git -C v2/git/0.git kvmdigest --no-since-last HEAD >c15.txt 2>/dev/null &&
	table_rows c15.txt >rows &&
	# domains, contributors, reviewer domains, reviewers
	printf "15 6\n15 7\n15 2\n15 2\n" >expect &&
	test_cmp expect rows &&
	git -C v2/git/0.git -c kvmdigest.format=json kvmdigest --no-since-last \
		HEAD >cj.json 2>/dev/null &&
	test "$(messages cj.json)" = 18 &&
	test_cmp all.json cj.json &&
	git -C v2/git/0.git -c core.abbrev=12 kvmdigest HEAD~5..HEAD >c12.txt &&
	echo "From $(git -C v2/git/0.git rev-parse --short=12 HEAD~5) to $(git -C v2/git/0.git rev-parse --short=12 HEAD)" >expect &&
	head -n 1 c12.txt >actual &&
	test_cmp expect actual &&
	test_expect_code 128 git -C v2/git/0.git -c kvmdigest.top=many kvmdigest HEAD 2>err &&
	grep "^fatal: bad numeric config value .many. for .kvmdigest.top.$" err
'

test_expect_success '--top limits the tables; JSON has every row' '
	git -C v2/git/0.git kvmdigest --top=2 HEAD >top.txt 2>/dev/null &&
	sed -n "/^Top 2 contributors/,/^Top 2 reviewer/p" top.txt | grep -c "^ *[0-9]" >n &&
	echo 2 >expect &&
	test_cmp expect n &&
	test "$(json_query all.json "len(d[\"contributors\"]) > 2")" = true
'

test_done
