#!/bin/sh

test_description='the inbox: its epochs as one history; ranges, windows and timers across a rotation'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"
. "$TEST_DIRECTORY/lib-mail.sh"

# kth INBOX K: the commit of the K-th message of INBOX (1 is the first),
# counted across its epochs, oldest first.
kth () {
	_e=0 &&
	_k=$2 &&
	while _n=$(git -C "$1/git/$_e.git" rev-list --count HEAD) &&
		test "$_k" -gt "$_n"
	do
		_k=$((_k - _n)) &&
		_e=$((_e + 1)) || return 1
	done &&
	git -C "$1/git/$_e.git" rev-parse "HEAD~$((_n - _k))"
}

# arrived INBOX K: when the archive took the K-th message (commit time).
arrived () {
	_c=$(kth "$1" "$2") &&
	for _r in "$1"/git/*.git
	do
		git -C "$_r" log -1 --format=%ct "$_c" 2>/dev/null && return 0
	done
	return 1
}

# facts FILE: the JSON digest in FILE without its commit ids, which differ
# between an inbox of epochs and one epoch of the same messages (an
# epoch's first commit has no parent).
facts () {
	python3 - "$1" <<-\EOF
	import json, sys
	def strip(x):
	    if isinstance(x, dict):
	        return {k: strip(v) for k, v in x.items()
	                if k not in ("commit", "from", "to")}
	    if isinstance(x, list):
	        return [strip(v) for v in x]
	    return x
	d = json.load(open(sys.argv[1], encoding="utf-8"))
	print(json.dumps(strip(d), indent=1, sort_keys=True, ensure_ascii=False))
	EOF
}

# --- inboxes of epochs, and the same messages in one --------------------

test_expect_success 'setup: 400 messages in three epochs, and in one' '
	make_fastimport_archive --epoch-size 150 three 400 &&
	make_fastimport_archive one 400 &&
	for e in 0 1 2
	do
		git -C three/git/$e.git rev-list --count HEAD || return 1
	done >counts &&
	test_write_lines 150 150 100 >expect &&
	test_cmp expect counts &&
	git -C three/git/1.git rev-list --max-parents=0 HEAD >roots &&
	test_line_count = 1 roots &&
	test "$(git -C three/git/1.git rev-list --reverse HEAD | head -n 1)" = "$(cat roots)"
'

test_expect_success 'the whole inbox is the digest of its messages in one epoch' '
	(cd three && git kvmdigest --format=json) >three.json 2>err &&
	test_grep "whole history up to .*: 400 messages" err &&
	(cd one && git kvmdigest --format=json) >one.json 2>/dev/null &&
	facts three.json >actual &&
	facts one.json >expect &&
	test_cmp expect actual &&
	test "$(json_query three.json "d[\"range\"][\"to\"]")" = \
		"$(git -C three/git/2.git rev-parse HEAD)"
'

test_expect_success 'the classic digest too, but for the commit ids' '
	(cd three && git kvmdigest) >three.txt 2>/dev/null &&
	(cd one && git kvmdigest) >one.txt 2>/dev/null &&
	sed 1,2d three.txt >actual &&
	sed 1,2d one.txt >expect &&
	test_cmp expect actual &&
	echo "From $(git -C three/git/0.git rev-list --max-parents=0 --abbrev-commit HEAD) to $(git -C three/git/2.git rev-parse --short HEAD)" >expect &&
	head -n 1 three.txt >actual &&
	test_cmp expect actual
'

# range_agrees FROM TO: the digest of messages FROM+1..TO of `three`
# (A..B by commit ids, across epochs) is that of the same in `one`.
range_agrees () {
	git -C three kvmdigest --format=json "$(kth three $1)..$(kth three $2)" >r3.json &&
	git -C one/git/0.git kvmdigest --format=json "$(kth one $1)..$(kth one $2)" >r1.json &&
	test "$(messages r3.json)" = $(($2 - $1)) &&
	facts r3.json >actual &&
	facts r1.json >expect &&
	test_cmp expect actual
}

test_expect_success 'A..B across two rotations agrees with one epoch' '
	range_agrees 100 320
'

test_expect_success 'A..B across one rotation, and A..B at it' '
	range_agrees 140 160 &&
	range_agrees 150 151 &&
	range_agrees 149 150 &&
	range_agrees 150 300
'

test_expect_success 'HEAD~<n> counts back across the epochs' '
	git -C three kvmdigest --format=json HEAD~300..HEAD~20 >t.json &&
	test "$(json_query t.json "d[\"range\"][\"from\"]")" = "$(kth three 100)" &&
	test "$(json_query t.json "d[\"range\"][\"to\"]")" = "$(kth three 380)" &&
	test "$(messages t.json)" = 280 &&
	git -C three kvmdigest --format=json --no-since-last HEAD~250 >b.json 2>/dev/null &&
	test "$(json_query b.json "d[\"range\"][\"to\"]")" = \
		"$(git -C three/git/0.git rev-parse HEAD)" &&
	test_expect_code 128 git -C three kvmdigest HEAD~400 2>err &&
	test_grep "^fatal: bad revision .HEAD~400.$" err
'

test_expect_success 'an object id is found in the epoch that holds it' '
	c=$(kth three 42) &&
	git -C three/git/2.git kvmdigest --format=json --no-since-last "$c" >c.json 2>/dev/null &&
	test "$(messages c.json)" = 42 &&
	short=$(git -C three/git/0.git rev-parse --short=12 "$c") &&
	git -C three/git/2.git kvmdigest --format=json --no-since-last "$short" >s.json 2>/dev/null &&
	test_cmp c.json s.json
'

# --- windows of time -------------------------------------------------------

# window_agrees SINCE UNTIL: the window of `three` is what git log lists of
# `one` for it, and its digest is that of `one`.
window_agrees () {
	git -C one/git/0.git rev-list --count --since="$1" --until="$2" HEAD >want &&
	git -C three kvmdigest --format=json --since="$1" --until="$2" >w3.json &&
	git -C one/git/0.git kvmdigest --format=json --since="$1" --until="$2" >w1.json &&
	messages w3.json >got &&
	test_cmp want got &&
	facts w3.json >actual &&
	facts w1.json >expect &&
	test_cmp expect actual
}

test_expect_success 'windows across a rotation are what git log lists' '
	window_agrees "@$(arrived three 141)" "@$(arrived three 160)" &&
	window_agrees "@$(arrived three 100)" "@$(arrived three 320)" &&
	window_agrees "@$(arrived three 151)" "@$(arrived three 151)" &&
	test "$(messages w3.json)" = 1 &&
	t=$(arrived three 300) &&
	window_agrees "@$((t - 1))" "@$((t + 1))" &&
	test "$(messages w3.json)" = 1
'

test_expect_success 'a window in git'"'"'s other forms: ISO dates, a zone' '
	t=$(arrived three 200) &&
	since=$(date -u -d "@$((t - 86400))" "+%Y-%m-%d %H:%M:%S") &&
	until=$(TZ=Asia/Kolkata date -d "@$t" "+%Y-%m-%d %H:%M:%S %z") &&
	window_agrees "$since" "$until" &&
	test "$(messages w3.json)" -gt 30 &&
	window_agrees "$(date -u -d "@$((t - 3 * 86400))" -R)" "@$t"
'

test_expect_success 'relative windows, git'"'"'s now pinned as git pins it' '
	GIT_TEST_DATE_NOW=$(($(arrived three 400) + 3600)) &&
	export GIT_TEST_DATE_NOW &&
	test_when_finished "unset GIT_TEST_DATE_NOW" &&
	for since in 1.day.ago 2.days.ago yesterday "3 days ago" 1.week.ago \
		"2.days.ago noon"
	do
		window_agrees "$since" now || return 1
	done &&
	test "$(messages w3.json)" -gt 150 &&
	window_agrees 3.days.ago 1.day.ago
'

test_expect_success 'only --until: the whole history up to the window'"'"'s end' '
	git -C three kvmdigest --format=json --until="@$(arrived three 250)" >u.json 2>err &&
	test "$(messages u.json)" = 250 &&
	test_grep "whole history up to $(git -C three/git/1.git rev-parse --short "$(kth three 250)"): 250 messages" err
'

test_expect_success 'in the inbox, in each epoch, with -C and GIT_DIR: one digest' '
	since="@$(arrived three 120)" &&
	(cd three && git kvmdigest --since="$since") >expect 2>/dev/null &&
	test_file_not_empty expect &&
	for where in three/git/2.git three/git/1.git three/git/0.git
	do
		(cd "$where" && git kvmdigest --since="$since") >actual 2>/dev/null &&
		test_cmp expect actual || return 1
	done &&
	git -C three kvmdigest --since="$since" >actual 2>/dev/null &&
	test_cmp expect actual &&
	git -C three/git/2.git kvmdigest --since="$since" >actual 2>/dev/null &&
	test_cmp expect actual &&
	GIT_DIR=three/git/1.git git kvmdigest --since="$since" >actual 2>/dev/null &&
	test_cmp expect actual
'

test_expect_success 'a window with --notes: the note is on its last commit, in its epoch' '
	cp -R three noted &&
	b=$(kth noted 160) &&
	git -C noted kvmdigest --format=json --notes -q \
		--since="@$(arrived noted 141)" --until="@$(arrived noted 160)" &&
	git -C noted/git/1.git notes --ref=kvmdigest show "$b" >note.json &&
	test "$(messages note.json)" = 20 &&
	test "$(json_query note.json "d[\"range\"][\"from\"]")" = "$(kth noted 140)" &&
	test_must_fail git -C noted/git/0.git rev-parse -q --verify refs/notes/kvmdigest &&
	test_must_fail git -C noted/git/2.git rev-parse -q --verify refs/notes/kvmdigest
'

test_expect_success 'an empty window: nothing to digest, exit 0, nothing written' '
	last=$(arrived noted 400) &&
	tip=$(git -C noted/git/1.git rev-parse refs/notes/kvmdigest) &&
	git -C noted kvmdigest --notes -o "$PWD/none.txt" --since="@$((last + 1))" >out 2>err &&
	test_must_be_empty out &&
	echo "nothing to digest in '"'"'--since=@$((last + 1))'"'"'" >expect &&
	test_cmp expect err &&
	test_path_is_missing none.txt &&
	first=$(arrived noted 1) &&
	git -C noted kvmdigest --notes --until="@$((first - 1))" 2>err &&
	test_grep "^nothing to digest" err &&
	a=$(arrived noted 200) &&
	git -C noted kvmdigest --notes --since="@$((a + 1))" --until="@$((a + 2))" 2>err &&
	test_grep "^nothing to digest" err &&
	test "$(git -C noted/git/1.git rev-parse refs/notes/kvmdigest)" = "$tip" &&
	for e in 0 2
	do
		test_must_fail git -C noted/git/$e.git rev-parse -q --verify refs/notes/kvmdigest || return 1
	done
'

# --- B alone, after the newest note of any epoch ------------------------

test_expect_success 'B alone starts after the newest note of an earlier epoch' '
	cp -R three after &&
	git -C after/git/0.git notes --ref=kvmdigest add -m old "$(kth after 100)" &&
	git -C after/git/0.git notes --ref=kvmdigest add -m older "$(kth after 50)" &&
	git -C after kvmdigest --format=json >b.json 2>err &&
	test_must_be_empty err &&
	test "$(messages b.json)" = 300 &&
	test "$(json_query b.json "d[\"range\"][\"from\"]")" = "$(kth after 100)" &&
	test "$(json_query b.json "d[\"range\"][\"from_note\"]")" = true
'

test_expect_success 'a note in B'"'"'s own epoch comes before older epochs'"'"' notes' '
	git -C after/git/2.git notes --ref=kvmdigest add -m new "$(kth after 330)" &&
	git -C after kvmdigest --format=json >b.json &&
	test "$(messages b.json)" = 70 &&
	git -C after kvmdigest --format=json "$(kth after 320)" >b.json &&
	test "$(messages b.json)" = 220 &&
	git -C after kvmdigest --format=json --no-since-last >b.json 2>/dev/null &&
	test "$(messages b.json)" = 400
'

# --- a timer, chained across rotations -----------------------------------

# The mirror of `three` as it was when the archive held its first K
# messages: each epoch cloned once, its master moved to what it held then.
mirror_at () {
	for e in 0 1 2
	do
		test -d mirror/git/$e.git ||
		git clone -q --bare three/git/$e.git mirror/git/$e.git ||
		return 1
	done &&
	_k=$1 &&
	for e in 0 1 2
	do
		_n=$(git -C three/git/$e.git rev-list --count HEAD) &&
		if test "$_k" -le 0
		then
			rm -rf mirror/git/$e.git
		elif test "$_k" -ge "$_n"
		then
			git -C mirror/git/$e.git update-ref refs/heads/master \
				"$(git -C three/git/$e.git rev-parse HEAD)"
		else
			git -C mirror/git/$e.git update-ref refs/heads/master \
				"$(git -C three/git/$e.git rev-parse HEAD~$((_n - _k)))"
		fi &&
		_k=$((_k - _n)) || return 1
	done
}

# timer: what contrib's timer runs, after a fetch.
timer () {
	(cd mirror && git kvmdigest --format=json --notes --since-last -q)
}

test_expect_success 'a timer across rotations digests each message once' '
	mkdir -p mirror/git &&
	for k in 100 150 170 299 300 301 400 400
	do
		mirror_at $k && timer || return 1
	done &&
	for e in 0 1 2
	do
		git -C mirror/git/$e.git notes --ref=kvmdigest list | cut -d" " -f2 |
		while read c
		do
			git -C mirror/git/$e.git notes --ref=kvmdigest show $c >n.json &&
			echo "$(messages n.json) $(json_query n.json "d[\"range\"][\"from\"]") $c" || return 1
		done || return 1
	done >notes &&
	test_line_count = 7 notes &&
	awk "{ n += \$1 } END { print n }" notes >sum &&
	echo 400 >expect &&
	test_cmp expect sum &&
	for k in 100 150 170 299 300 301 400
	do
		kth three $k || return 1
	done >ends &&
	awk "{ print \$3 }" notes | sort >noted-ends &&
	sort ends >expect &&
	test_cmp expect noted-ends &&
	{ echo null && sed \$d ends; } | sort >expect &&
	awk "{ print \$2 }" notes | sort >froms &&
	test_cmp expect froms
'

# --- the real writer --------------------------------------------------------

test_expect_success PUBLIC_INBOX 'setup: public-inbox writes three epochs, rotating twice' '
	make_v2_archive lore $(samples 1 6) &&
	deliver_to_archive --new-epoch lore $(samples 7 12) &&
	deliver_to_archive --new-epoch lore $(samples 13 18) &&
	ls lore/git >epochs &&
	test_write_lines 0.git 1.git 2.git >expect &&
	test_cmp expect epochs &&
	test_path_is_dir lore/all.git &&
	test_path_is_file lore/inbox.lock &&
	for e in 0 1 2
	do
		git -C lore/git/$e.git rev-list --count HEAD &&
		git -C lore/git/$e.git rev-list --max-parents=0 HEAD | wc -l || return 1
	done | tr -d " " >counts &&
	test_write_lines 6 1 6 1 6 1 >expect &&
	test_cmp expect counts &&
	make_v2_archive single $(samples 1 18)
'

test_expect_success PUBLIC_INBOX 'in the inbox, an epoch, all.git, -C: the digest of one epoch' '
	(cd single/git/0.git && git kvmdigest --format=json) >expect.json 2>/dev/null &&
	facts expect.json >expect &&
	for where in lore lore/git/2.git lore/git/0.git lore/all.git
	do
		(cd "$where" && git kvmdigest --format=json) >actual.json 2>/dev/null &&
		facts actual.json >actual &&
		test_cmp expect actual || return 1
	done &&
	git -C lore kvmdigest --format=json >actual.json 2>/dev/null &&
	facts actual.json >actual &&
	test_cmp expect actual &&
	test "$(messages actual.json)" = 18
'

test_expect_success PUBLIC_INBOX 'a week across the rotation, as git log lists it in one epoch' '
	t=$(git -C lore/git/1.git log -1 --format=%ct HEAD~2) &&
	GIT_TEST_DATE_NOW=$((t + 3600)) git -C single/git/0.git rev-list --count --since=1.week.ago --until=now HEAD >want &&
	GIT_TEST_DATE_NOW=$((t + 3600)) git -C lore kvmdigest --format=json --since=1.week.ago --until=now >w.json &&
	messages w.json >got &&
	test_cmp want got &&
	test "$(json_query w.json "d[\"range\"][\"to\"]")" = \
		"$(git -C lore/git/1.git rev-parse HEAD~2)"
'

test_expect_success PUBLIC_INBOX 'a timer on a mirror of each epoch, across a rotation' '
	make_v2_archive list $(samples 1 6) &&
	mkdir -p m/git &&
	git clone -q --mirror list/git/0.git m/git/0.git &&
	(cd m && git kvmdigest --format=json --notes --since-last -q) &&
	old=$(git -C m/git/0.git rev-parse HEAD) &&
	deliver_to_archive list $(samples 7 9) &&
	deliver_to_archive --new-epoch list $(samples 10 14) &&
	git -C m/git/0.git fetch -q &&
	git clone -q --mirror list/git/1.git m/git/1.git &&
	(cd m && git kvmdigest --format=json --notes --since-last -q) &&
	git -C m/git/1.git notes --ref=kvmdigest show HEAD >n.json &&
	test "$(messages n.json)" = 8 &&
	test "$(json_query n.json "d[\"range\"][\"from\"]")" = "$old" &&
	deliver_to_archive list $(samples 15 18) &&
	git -C m/git/1.git fetch -q &&
	(cd m && git kvmdigest --format=json --notes --since-last -q) &&
	git -C m/git/1.git notes --ref=kvmdigest show HEAD >n.json &&
	test "$(messages n.json)" = 4 &&
	(cd m && git kvmdigest --notes --since-last) 2>err &&
	test_grep "^nothing to digest" err &&
	git -C m/git/0.git notes --ref=kvmdigest list >n0 &&
	git -C m/git/1.git notes --ref=kvmdigest list >n1 &&
	test_line_count = 1 n0 &&
	test_line_count = 2 n1
'

test_expect_success 'the inbox folder'"'"'s kvmdigest.yaml outlives its epochs' '
	cp -R three conf &&
	printf "list:\n  name: Other\n" >conf/kvmdigest.yaml &&
	for where in conf conf/git/0.git conf/git/2.git
	do
		(cd "$where" && git kvmdigest --check-config) >out &&
		test_grep "^config: .*/conf/kvmdigest.yaml$" out &&
		(cd "$where" && git kvmdigest HEAD~3..HEAD) >d.txt &&
		sed -n 2p d.txt >line &&
		test_grep "^Other mailing list update from " line || return 1
	done
'

# earlier_versions FILE: each series of the JSON digest in FILE, and how
# its earlier versions were found, and where.
earlier_versions () {
	json_query "$1" "\"\\n\".join(\"%s: %s\" % (s[\"title\"], \" \".join(\"v%d,%s,%s\" % (p[\"version\"], p[\"how\"], \"in\" if p[\"in_range\"] else \"before\") for p in s[\"previous\"])) for s in sorted(d[\"series\"], key=lambda s: s[\"title\"]))"
}

test_expect_success PUBLIC_INBOX 'earlier versions are found in the epochs before the range' '
	mkdir vold vnew &&
	ALICE="Alice Ames <alice@example.org>" &&
	HANK="Hank Hill <hank@example.org>" &&
	mail_cover vold/a1-0.eml "$ALICE" "Wed, 10 Jan 2024 10:00:00 +0000" \
		alice-v1-0 "[PATCH 0/1] KVM: x86: Frobnicate the widget" "" &&
	mail_patch vold/a1-1.eml "$ALICE" "Wed, 10 Jan 2024 10:00:01 +0000" \
		alice-v1-1 "[PATCH 1/1] KVM: x86: Frobnicate it" alice-v1-0 frob &&
	mail_cover vold/h1-0.eml "$HANK" "Fri, 12 Jan 2024 10:00:00 +0000" \
		hank-v1-0@example.org "[PATCH 0/1] KVM: x86: Old name" "" &&
	mail_patch vold/h1-1.eml "$HANK" "Fri, 12 Jan 2024 10:00:01 +0000" \
		hank-v1-1@example.org "[PATCH 1/1] KVM: x86: Old one" \
		hank-v1-0@example.org hank-1 &&
	mail_cover vnew/a2-0.eml "$ALICE" "Fri, 1 Mar 2024 10:00:00 +0000" \
		alice-v2-0 "[PATCH v2 0/1] KVM: x86: Frobnicate the widget" "" &&
	mail_patch vnew/a2-1.eml "$ALICE" "Fri, 1 Mar 2024 10:00:01 +0000" \
		alice-v2-1 "[PATCH v2 1/1] KVM: x86: Frobnicate it" alice-v2-0 frob2 &&
	mail_cover vnew/h2-0.eml "$HANK" "Tue, 5 Mar 2024 09:00:00 +0000" \
		hank-v2-0 "[PATCH v2 0/1] KVM: x86: New name" "" \
		"$(printf "Renamed.\n\nv1: https://lore.kernel.org/kvm/hank-v1-0@example.org/")" &&
	mail_patch vnew/h2-1.eml "$HANK" "Tue, 5 Mar 2024 09:00:01 +0000" \
		hank-v2-1 "[PATCH v2 1/1] KVM: x86: New one" hank-v2-0 hank-21 &&
	# the range starts in epoch 1: its history goes on into epoch 0
	make_v2_archive versions vold &&
	deliver_to_archive --new-epoch versions $(samples 9 9) &&
	start=$(git -C versions/git/1.git rev-parse HEAD) &&
	deliver_to_archive versions vnew &&
	test "$(git -C versions/git/1.git rev-list --count HEAD)" = 5 &&
	git -C versions kvmdigest --format=json "$start..HEAD" >v.json &&
	earlier_versions v.json >actual &&
	cat >expect <<-\EOF &&
	KVM: x86: Frobnicate the widget: v1,title,before
	KVM: x86: New name: v1,link,before
	EOF
	test_cmp expect actual &&
	make_v2_archive versions1 vold $(samples 9 9) vnew &&
	start=$(git -C versions1/git/0.git rev-parse HEAD~4) &&
	git -C versions1/git/0.git kvmdigest --format=json "$start..HEAD" >v1.json &&
	facts v1.json >expect &&
	facts v.json >actual &&
	test_cmp expect actual
'

# --- mistakes ----------------------------------------------------------------

test_expect_success 'epochs with a gap are refused, from the folder and from an epoch' '
	cp -R three gap &&
	rm -rf gap/git/1.git &&
	test_expect_code 128 git -C gap kvmdigest >out 2>err &&
	test_must_be_empty out &&
	echo "fatal: epochs with a gap in '"'"'$PWD/gap/git'"'"': 1.git is missing between 0.git and 2.git" >expect &&
	test_cmp expect err &&
	test_expect_code 128 git -C gap/git/2.git kvmdigest 2>err &&
	test_cmp expect err
'

test_expect_success 'a mirror of the newest epochs only is no gap' '
	cp -R three newest &&
	rm -rf newest/git/0.git &&
	git -C newest kvmdigest --format=json >n.json 2>/dev/null &&
	test "$(messages n.json)" = 250
'

test_expect_success 'a range that ends before it starts' '
	test_expect_code 128 git -C three kvmdigest "$(kth three 320)..$(kth three 100)" >out 2>err &&
	test_must_be_empty out &&
	test_grep "^fatal: the range ends before it starts: .* is in 0.git, before .* in 2.git$" err &&
	test_expect_code 128 git -C three kvmdigest HEAD..HEAD~5 2>err &&
	test_grep "^fatal: the range ends before it starts: .HEAD~5. is an ancestor of .HEAD.$" err &&
	test_expect_code 128 git -C three kvmdigest --since=yesterday --until=1.week.ago 2>err &&
	test_grep "^fatal: the window ends before it starts: --until=1.week.ago is before --since=yesterday$" err
'

test_expect_success 'a short id that names commits in two epochs is refused' '
	python3 - >short <<-\EOF &&
	import subprocess
	def objects(e, kind=None):
	    out = subprocess.run(["git", "-C", "three/git/%d.git" % e, "cat-file",
	                          "--batch-all-objects",
	                          "--batch-check=%(objectname) %(objecttype)"],
	                         capture_output=True, text=True, check=True).stdout
	    return [l.split()[0] for l in out.splitlines()
	            if kind is None or l.endswith(" " + kind)]
	one, two, commits = objects(0), objects(1), set(objects(1, "commit"))
	for c in objects(0, "commit"):
	    p = c[:4]
	    # unique in each epoch, and a commit in both
	    theirs = [o for o in two if o.startswith(p)]
	    if (sum(o.startswith(p) for o in one) == 1 and len(theirs) == 1 and
	        theirs[0] in commits):
	        print(p)
	        break
	EOF
	test_line_count = 1 short &&
	test_expect_code 128 git -C three kvmdigest "$(cat short)" >out 2>err &&
	test_must_be_empty out &&
	test_grep "^fatal: short object id .$(cat short). is ambiguous: it names a commit in 0.git and in 1.git$" err &&
	git -C three/git/0.git rev-parse --verify -q "$(cat short)^{commit}" &&
	git -C three/git/1.git rev-parse --verify -q "$(cat short)^{commit}"
'

test_expect_success 'a date git cannot read' '
	test_expect_code 128 git -C three kvmdigest --since=garbage >out 2>err &&
	test_must_be_empty out &&
	echo "fatal: invalid timestamp '"'"'garbage'"'"' given to '"'"'--since'"'"'" >expect &&
	test_cmp expect err &&
	test_expect_code 128 git -C three kvmdigest --until= 2>err &&
	test_grep "^fatal: invalid timestamp .. given to .--until.$" err &&
	test_must_fail git -C three/git/0.git reflog expire --dry-run --expire=garbage --all 2>err &&
	test_grep "invalid timestamp .garbage." err
'

test_expect_success 'a window with a range, or with --since-last: usage' '
	test_expect_code 129 git -C three kvmdigest --since=1.week.ago HEAD~5..HEAD 2>err &&
	test_grep "^error: --since and --until take <B>, not a range$" err &&
	test_expect_code 129 git -C three kvmdigest --since-last --until=now 2>err &&
	test_grep "^error: --since-last cannot be used with --since or --until$" err
'

test_done
