#!/bin/sh

test_description='series across their versions: one row each, with its history'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"
. "$TEST_DIRECTORY/lib-mail.sh"

ALICE="Alice Ames <alice@example.org>"
BOB="Bob Brandt <bob@example.org>"
CAROL="Carol Cho <carol@example.org>"
DAVE="Dave Diaz <dave@example.org>"
ERIN="Erin Eze <erin@example.org>"
FRANK="Frank Fox <frank@example.org>"
GRACE="Grace Gil <grace@example.org>"
SASHA="Sasha Sand <sasha@example.org>"
MAINT="Max Maint <max@example.org>"
HANK="Hank Hill <hank@example.org>"
IVY="Ivy Ito <ivy@example.org>"
JACK="Jack Jo <jack@example.org>"
KIM="Kim Ko <kim@example.org>"
LEO="Leo Lu <leo@example.org>"
CHANGE_ID="change-id: 20240115-ivy-thing-0123abcd"

# A series of a cover letter and N patches, threaded to the cover:
# series DIR PREFIX FROM DAY ID SUBJECT-TAG TITLE N SEED-PREFIX
# writes DIR/PREFIX-0.eml ... DIR/PREFIX-N.eml, ids ID-0 ... ID-N, the
# patches titled "TITLE part K" with seeds SEED-PREFIX-K, a second apart.
series () {
	_d=$1 _p=$2 _f=$3 _day=$4 _id=$5 _tag=$6 _title=$7 _n=$8 _seed=$9
	mail_cover "$_d/$_p-0.eml" "$_f" "$_day 10:00:00 +0000" "$_id-0" \
		"[$_tag 0/$_n] $_title" "" &&
	_k=1 &&
	while test $_k -le $_n
	do
		mail_patch "$_d/$_p-$_k.eml" "$_f" \
			"$_day 10:00:0$_k +0000" "$_id-$_k" \
			"[$_tag $_k/$_n] $_title part $_k" "$_id-0" "$_seed-$_k" ||
			return 1
		_k=$((_k + 1))
	done
}

test_expect_success 'setup: versions before and in the range' '
	mkdir old new &&
	# before the range: v1 of Alice, 50 days before v2 (within a year)
	series old a1 "$ALICE" "Wed, 10 Jan 2024" alice-v1 PATCH \
		"KVM: x86: Frobnicate the widget" 2 frob &&
	# Bob v1, whose v2 has another title but most of the patch titles
	mail_cover old/b1-0.eml "$BOB" "Thu, 11 Jan 2024 10:00:00 +0000" \
		bob-v1-0 "[PATCH 0/3] Trivial cleanups" "" &&
	mail_patch old/b1-1.eml "$BOB" "Thu, 11 Jan 2024 10:00:01 +0000" \
		bob-v1-1 "[PATCH 1/3] KVM: Drop a" bob-v1-0 bob-a &&
	mail_patch old/b1-2.eml "$BOB" "Thu, 11 Jan 2024 10:00:02 +0000" \
		bob-v1-2 "[PATCH 2/3] KVM: Drop b" bob-v1-0 bob-b &&
	mail_patch old/b1-3.eml "$BOB" "Thu, 11 Jan 2024 10:00:03 +0000" \
		bob-v1-3 "[PATCH 3/3] KVM: Drop c" bob-v1-0 bob-c &&
	# Carol v1 two years before: too old to be looked at
	mail_patch old/c1.eml "$CAROL" "Mon, 6 Mar 2022 10:00:00 +0000" \
		carol-v1 "[PATCH] KVM: arm64: Fix the thing" "" carol &&
	# Dave v1 ten months before: looked at
	mail_patch old/d1.eml "$DAVE" "Tue, 2 May 2023 10:00:00 +0000" \
		dave-v1 "[PATCH] KVM: s390: Fix the other thing" "" dave &&
	# Hank v1, which v2 links (another title, other patch titles)
	mail_cover old/h1-0.eml "$HANK" "Fri, 12 Jan 2024 10:00:00 +0000" \
		hank-v1-0@example.org "[PATCH 0/2] KVM: x86: Old name" "" &&
	mail_patch old/h1-1.eml "$HANK" "Fri, 12 Jan 2024 10:00:01 +0000" \
		hank-v1-1@example.org "[PATCH 1/2] KVM: x86: Old one" hank-v1-0@example.org hank-1 &&
	mail_patch old/h1-2.eml "$HANK" "Fri, 12 Jan 2024 10:00:02 +0000" \
		hank-v1-2@example.org "[PATCH 2/2] KVM: x86: Old two" hank-v1-0@example.org hank-2 &&
	# Ivy v1, a b4 series, whose v2 shares only its change-id
	mail_cover old/i1-0.eml "$IVY" "Mon, 15 Jan 2024 10:00:00 +0000" \
		ivy-v1-0 "[PATCH 0/1] KVM: arm64: A thing" "" \
		"$(printf "A thing.\n\n---\nbase-commit: abc\n%s" "$CHANGE_ID")" &&
	mail_patch old/i1-1.eml "$IVY" "Mon, 15 Jan 2024 10:00:01 +0000" \
		ivy-v1-1 "[PATCH 1/1] KVM: arm64: Do a thing" ivy-v1-0 ivy-1 &&
	# Leo v1, whose v2 changes a word of its title
	mail_patch old/l1.eml "$LEO" "Tue, 16 Jan 2024 10:00:00 +0000" \
		leo-v1 "[PATCH] KVM: riscv: Cancel pending HDEC exception" "" leo-1 &&
	make_v2_archive inbox old &&
	git -C inbox/git/0.git rev-parse HEAD >start &&

	# in the range
	series new a2 "$ALICE" "Fri, 1 Mar 2024" alice-v2 "PATCH v2" \
		"KVM: x86: Frobnicate the widget" 2 frob2 &&
	series new a3 "$ALICE" "Tue, 5 Mar 2024" alice-v3 "PATCH v3" \
		"KVM: x86: Frobnicate the widget" 2 frob3 &&
	mail_reply new/a3-r.eml "$MAINT" "Wed, 6 Mar 2024 09:00:00 +0000" \
		alice-v3-r "Re: [PATCH v3 1/2] KVM: x86: Frobnicate the widget part 1" \
		"alice-v3-0 alice-v3-1" "Looks good." &&
	mail_cover new/b2-0.eml "$BOB" "Sat, 2 Mar 2024 10:00:00 +0000" \
		bob-v2-0 "[PATCH v2 0/3] Cleanup patches, mostly x86" "" &&
	mail_patch new/b2-1.eml "$BOB" "Sat, 2 Mar 2024 10:00:01 +0000" \
		bob-v2-1 "[PATCH v2 1/3] KVM: Drop a" bob-v2-0 bob-a &&
	mail_patch new/b2-2.eml "$BOB" "Sat, 2 Mar 2024 10:00:02 +0000" \
		bob-v2-2 "[PATCH v2 2/3] KVM: Drop b" bob-v2-0 bob-b &&
	mail_patch new/b2-3.eml "$BOB" "Sat, 2 Mar 2024 10:00:03 +0000" \
		bob-v2-3 "[PATCH v2 3/3] KVM: Drop d" bob-v2-0 bob-d &&
	mail_patch new/c2.eml "$CAROL" "Sat, 2 Mar 2024 11:00:00 +0000" \
		carol-v2 "[PATCH v2] KVM: arm64: Fix the thing" "" carol2 &&
	mail_patch new/d2.eml "$DAVE" "Sat, 2 Mar 2024 12:00:00 +0000" \
		dave-v2 "[PATCH v2] KVM: s390: Fix the other thing" "" dave2 &&
	# Erin: the first send broke off after patch 1, sent again
	mail_cover new/e1-0.eml "$ERIN" "Sun, 3 Mar 2024 10:00:00 +0000" \
		erin-1-0 "[PATCH 0/3] KVM: selftests: Add frob tests" "" &&
	mail_patch new/e1-1.eml "$ERIN" "Sun, 3 Mar 2024 10:00:01 +0000" \
		erin-1-1 "[PATCH 1/3] KVM: selftests: Add frob test 1" erin-1-0 erin-1 &&
	series new e2 "$ERIN" "Sun, 3 Mar 2024" erin-2 PATCH \
		"KVM: selftests: Add frob tests" 3 erin &&
	# Frank resends
	mail_patch new/f1.eml "$FRANK" "Mon, 4 Mar 2024 10:00:00 +0000" \
		frank-1 "[PATCH] KVM: VMX: Drop the stale comment" "" frank &&
	mail_patch new/f2.eml "$FRANK" "Sat, 9 Mar 2024 10:00:00 +0000" \
		frank-2 "[PATCH RESEND] KVM: VMX: Drop the stale comment" "" frank &&
	# Grace, without threading, a minute apart
	mail_patch new/g1.eml "$GRACE" "Mon, 4 Mar 2024 11:00:00 +0000" \
		grace-1 "[PATCH 1/2] KVM: x86: Unthreaded one" "" grace-1 &&
	mail_patch new/g2.eml "$GRACE" "Mon, 4 Mar 2024 11:01:00 +0000" \
		grace-2 "[PATCH 2/2] KVM: x86: Unthreaded two" "" grace-2 &&
	# the same title by someone else is not a version
	mail_patch new/h.eml "$DAVE" "Mon, 4 Mar 2024 12:00:00 +0000" \
		dave-frob "[PATCH] KVM: x86: Frobnicate the widget" "" dave-frob &&
	# backports to two trees are two series
	mail_patch new/s1.eml "$SASHA" "Mon, 4 Mar 2024 13:00:00 +0000" \
		sasha-61 "[PATCH 6.1] KVM: Fix z" "" z61 &&
	mail_patch new/s2.eml "$SASHA" "Mon, 4 Mar 2024 13:00:01 +0000" \
		sasha-66 "[PATCH 6.6] KVM: Fix z" "" z66 &&
	mail_cover new/h2-0.eml "$HANK" "Tue, 5 Mar 2024 09:00:00 +0000" \
		hank-v2-0 "[PATCH v2 0/2] KVM: x86: New name" "" \
		"$(printf "Renamed.\n\nv1: https://lore.kernel.org/kvm/hank-v1-0@example.org/")" &&
	mail_patch new/h2-1.eml "$HANK" "Tue, 5 Mar 2024 09:00:01 +0000" \
		hank-v2-1 "[PATCH v2 1/2] KVM: x86: New one" hank-v2-0 hank-21 &&
	mail_patch new/h2-2.eml "$HANK" "Tue, 5 Mar 2024 09:00:02 +0000" \
		hank-v2-2 "[PATCH v2 2/2] KVM: x86: New two" hank-v2-0 hank-22 &&
	mail_cover new/i2-0.eml "$IVY" "Tue, 5 Mar 2024 10:00:00 +0000" \
		ivy-v2-0 "[PATCH v2 0/1] KVM: arm64: Another thing" "" \
		"$(printf "Another.\n\n---\nbase-commit: def\n%s" "$CHANGE_ID")" &&
	mail_patch new/i2-1.eml "$IVY" "Tue, 5 Mar 2024 10:00:01 +0000" \
		ivy-v2-1 "[PATCH v2 1/1] KVM: arm64: Do another thing" ivy-v2-0 ivy-2 &&
	# Jack: v2 links v1 of the same range, through its first patch
	mail_patch new/j1.eml "$JACK" "Tue, 5 Mar 2024 11:00:00 +0000" \
		jack-v1@example.org "[PATCH] KVM: MMU: First try" "" jack-1 &&
	mail_patch new/j2.eml "$JACK" "Wed, 6 Mar 2024 11:00:00 +0000" \
		jack-v2 "[PATCH v2] KVM: MMU: Second try" "" jack-2 \
		"$(printf "Better.\n\nChanges since v1 (https://lore.kernel.org/r/jack-v1@example.org):\n- all of it")" &&
	# Kim sends the same patch again, no RESEND tag: a resend by its diff
	mail_patch new/k1.eml "$KIM" "Tue, 5 Mar 2024 12:00:00 +0000" \
		kim-1 "[PATCH] KVM: x86: Same again" "" kim &&
	mail_patch new/k2.eml "$KIM" "Thu, 7 Mar 2024 12:00:00 +0000" \
		kim-2 "[PATCH] KVM: x86: Same again" "" kim \
		"Sent again, nobody looked." &&
	mail_patch new/l2.eml "$LEO" "Fri, 8 Mar 2024 10:00:00 +0000" \
		leo-v2 "[PATCH v2] KVM: riscv: Cancel pending DEC exception" "" leo-2 &&
	# and two patches of titles a word apart: two works
	mail_patch new/l3.eml "$LEO" "Fri, 8 Mar 2024 11:00:00 +0000" \
		leo-a "[PATCH] KVM: riscv: Fix the first leak in foo" "" leo-a &&
	mail_patch new/l4.eml "$LEO" "Fri, 8 Mar 2024 12:00:00 +0000" \
		leo-b "[PATCH] KVM: riscv: Fix the second leak in foo" "" leo-b &&
	deliver_to_archive inbox new &&
	git -C inbox/git/0.git kvmdigest --format=json "$(cat start)..HEAD" >d.json &&
	git -C inbox/git/0.git kvmdigest "$(cat start)..HEAD" >d.txt
'

# row TITLE-PART: the rows whose title has TITLE-PART, as
# "kind vN received/total" and their previous "vN how in_range kind".
row () {
	json_query d.json "\"\\n\".join(\"%s v%d %d/%s: %s\" % (s[\"kind\"], s[\"version\"], s[\"received\"], s[\"total\"], \" \".join(\"v%d,%s,%s,%s\" % (p[\"version\"], p[\"how\"], \"in\" if p[\"in_range\"] else \"before\", p[\"kind\"]) for p in s[\"previous\"])) for s in d[\"series\"] if '''$1''' in s[\"title\"])"
}

test_expect_success 'no series is listed twice: every patch mail in one row' '
	json_query d.json "sorted(m for s in d[\"series\"] for m in s[\"message_ids\"])" >ids &&
	json_query d.json "sorted(set(m for s in d[\"series\"] for m in s[\"message_ids\"]))" >unique &&
	test_cmp unique ids &&
	test "$(json_query d.json "len(set(m for s in d[\"series\"] for m in s[\"message_ids\"]))")" = \
	     "$(json_query d.json "d[\"patches\"]")"
'

test_expect_success 'by title: v3 is shown, v2 in the range and v1 before it' '
	row "Frobnicate the widget" >actual &&
	cat >expect <<-\EOF &&
	new v1 1/None: 
	reroll v3 2/2: v2,title,in,reroll v1,title,before,new
	EOF
	test_cmp expect actual &&
	json_query d.json "[p for s in d[\"series\"] if s[\"version\"] == 3 for p in s[\"previous\"]][1]" >v1 &&
	test "$(json_query v1 "d[\"message_id\"]")" = alice-v1-0 &&
	test "$(json_query v1 "d[\"commit\"] is not None")" = true &&
	test "$(json_query v1 "d[\"date\"]")" = 2024-01-10T10:00:00+00:00 &&
	test "$(json_query v1 "d[\"author\"][\"email\"]")" = alice@example.org
'

test_expect_success 'the row lists every patch mail of both versions in the range' '
	json_query d.json "sorted([s for s in d[\"series\"] if s[\"version\"] == 3][0][\"message_ids\"])" >actual &&
	echo "[\"alice-v2-0\", \"alice-v2-1\", \"alice-v2-2\", \"alice-v3-0\", \"alice-v3-1\", \"alice-v3-2\"]" >expect &&
	test_cmp expect actual
'

test_expect_success 'by patch titles, when the title changed' '
	row "Cleanup patches" >actual &&
	echo "reroll v2 3/3: v1,patches,before,new" >expect &&
	test_cmp expect actual
'

test_expect_success 'by a lore link in the cover letter, to a version before the range' '
	row "New name" >actual &&
	echo "reroll v2 2/2: v1,link,before,new" >expect &&
	test_cmp expect actual &&
	test "$(json_query d.json "[s[\"previous\"][0][\"message_id\"] for s in d[\"series\"] if \"New name\" in s[\"title\"]][0]")" = hank-v1-0@example.org
'

test_expect_success 'by b4 change-id, when titles and patch titles changed' '
	row "Another thing" >actual &&
	echo "reroll v2 1/1: v1,change-id,before,new" >expect &&
	test_cmp expect actual
'

test_expect_success 'by a link in the first patch, to a version in the range' '
	row "Second try" >actual &&
	echo "reroll v2 1/None: v1,link,in,new" >expect &&
	test_cmp expect actual
'

test_expect_success 'by a title alike, a word changed, to a version before the range' '
	row "Cancel pending" >actual &&
	echo "reroll v2 1/None: v1,title,before,new" >expect &&
	test_cmp expect actual &&
	row "leak in foo" >actual &&
	test_write_lines "new v1 1/None: " "new v1 1/None: " >expect &&
	test_cmp expect actual
'

test_expect_success 'a resend by its diffs, without a RESEND tag' '
	row "Same again" >actual &&
	echo "resend v1 1/None: v1,title,in,new" >expect &&
	test_cmp expect actual
'

test_expect_success 'the look-back goes a year back, no further' '
	row "Fix the thing" >actual &&
	echo "new v2 1/None: " >expect &&
	test_cmp expect actual &&
	row "Fix the other thing" >actual &&
	echo "reroll v2 1/None: v1,title,before,new" >expect &&
	test_cmp expect actual
'

test_expect_success 'an incomplete send is told apart from a reroll' '
	row "Add frob tests" >actual &&
	echo "new v1 3/3: v1,title,in,incomplete" >expect &&
	test_cmp expect actual
'

test_expect_success 'a resend is told apart from a reroll' '
	row "Drop the stale comment" >actual &&
	echo "resend v1 1/None: v1,title,in,new" >expect &&
	test_cmp expect actual
'

test_expect_success 'patches without threading, a minute apart, are one series' '
	row "Unthreaded one" >actual &&
	echo "new v1 2/2: " >expect &&
	test_cmp expect actual
'

test_expect_success 'backports to two trees are two series, not versions' '
	test "$(json_query d.json "sorted(s[\"prefixes\"] + \" \" + s[\"kind\"] for s in d[\"series\"] if s[\"title\"] == \"KVM: Fix z\")")" = "[\"6.1 new\", \"6.6 new\"]"
'

test_expect_success 'replies and participants of a row' '
	test "$(json_query d.json "[s[\"replies\"] for s in d[\"series\"] if \"Frobnicate\" in s[\"title\"]]")" = "[0, 1]" &&
	json_query d.json "[s for s in d[\"series\"] if s[\"version\"] == 3][0][\"participants\"]" >actual &&
	echo "[{\"name\": \"Max Maint\", \"email\": \"max@example.org\", \"count\": 1}]" >expect &&
	test_cmp expect actual
'

test_expect_success 'classic: the row, and its history under it' '
	grep -A1 "^    2/2  \[PATCH v3 0/2\] KVM: x86: Frobnicate the widget (Alice Ames)$" d.txt >actual &&
	cat >expect <<-\EOF &&
	    2/2  [PATCH v3 0/2] KVM: x86: Frobnicate the widget (Alice Ames)
	         reroll, 1 reply; v2 3 days ago in this period; was v1 of 2024-01-10 https://lore.kernel.org/kvm/alice-v1-0/
	EOF
	test_cmp expect actual &&
	grep -A1 "^      1  \[PATCH RESEND\] KVM: VMX" d.txt >actual &&
	cat >expect <<-\EOF &&
	      1  [PATCH RESEND] KVM: VMX: Drop the stale comment (Frank Fox)
	         resend, no replies, unreviewed; v1 3 hours ago in this period
	EOF
	test_cmp expect actual
'

test_expect_success 'classic: a skipped head says why' '
	# Dave'"'"'s patch of the same title came last: shown first
	grep -A2 "^ Skip: \[PATCH v3 0/2\] KVM: x86: Frobnicate the widget$" d.txt >actual &&
	cat >expect <<-\EOF &&
	 Skip: [PATCH v3 0/2] KVM: x86: Frobnicate the widget
	  Why: same title
	New:  KVM: x86: Frobnicate the widget part 1
	EOF
	test_cmp expect actual &&
	grep -B1 -A1 "^ Skip: \[PATCH v2 [01]/2\]" d.txt >actual &&
	cat >expect <<-\EOF &&
	Exist: [PATCH v3 0/2] KVM: x86: Frobnicate the widget
	 Skip: [PATCH v2 0/2] KVM: x86: Frobnicate the widget
	  Why: older version
	Exist: [PATCH v3 1/2] KVM: x86: Frobnicate the widget part 1
	 Skip: [PATCH v2 1/2] KVM: x86: Frobnicate the widget part 1
	  Why: older version
	EOF
	test_cmp expect actual &&
	grep -B1 -A1 "^ Skip: \[PATCH 0/3\] KVM: selftests: Add frob tests$" d.txt >actual &&
	cat >expect <<-\EOF &&
	Exist: [PATCH 0/3] KVM: selftests: Add frob tests
	 Skip: [PATCH 0/3] KVM: selftests: Add frob tests
	  Why: incomplete send
	EOF
	test_cmp expect actual
'

test_expect_success 'narrowed to a subsystem and an author, as git log narrows' '
	git -C inbox/git/0.git kvmdigest --format=json --subsystem=x86 \
		--author=Alice "$(cat start)..HEAD" >n.json &&
	test "$(json_query n.json "[s[\"subject\"] for s in d[\"series\"]]")" = \
	     "[\"[PATCH v3 0/2] KVM: x86: Frobnicate the widget\"]" &&
	test "$(json_query n.json "[d[k] for k in (\"patches\", \"replies\", \"other\", \"messages\")]")" = "[6, 1, 0, 7]" &&
	test "$(json_query n.json "[(c[\"email\"], c[\"count\"]) for c in d[\"contributors\"]]")" = \
	     "[[\"alice@example.org\", 6]]" &&
	test "$(json_query n.json "d[\"narrowed\"]")" = \
	     "subsystem x86, author matching '"'"'Alice'"'"'" &&
	git -C inbox/git/0.git kvmdigest --subsystem=x86 --subsystem=VMX \
		"$(cat start)..HEAD" >n.txt &&
	sed -n 3p n.txt >actual &&
	echo "Narrowed to subsystem x86 or VMX" >expect &&
	test_cmp expect actual &&
	grep "^ *[0-9/]*  \[" n.txt | sed "s/ *[0-9/]*  //" >actual &&
	cat >expect <<-\EOF &&
	[PATCH RESEND] KVM: VMX: Drop the stale comment (Frank Fox)
	[PATCH] KVM: x86: Same again (Kim Ko)
	[PATCH v2 0/2] KVM: x86: New name (Hank Hill)
	[PATCH] KVM: x86: Frobnicate the widget (Dave Diaz)
	[PATCH 1/2] KVM: x86: Unthreaded one (Grace Gil)
	[PATCH v2 0/3] Cleanup patches, mostly x86 (Bob Brandt)
	[PATCH v3 0/2] KVM: x86: Frobnicate the widget (Alice Ames)
	EOF
	test_cmp expect actual &&
	! grep "selftests" n.txt
'

test_expect_success 'narrowing to what the configuration does not have' '
	test_expect_code 128 git -C inbox/git/0.git kvmdigest \
		--subsystem=nonesuch HEAD >out 2>err &&
	echo "fatal: no subsystem '"'"'nonesuch'"'"' in the configuration" >expect &&
	test_cmp expect err &&
	test_must_fail git -C inbox/git/0.git kvmdigest --author="(" HEAD 2>err &&
	grep "^fatal: bad --author pattern" err &&
	test ! -s out
'

test_expect_success 'without a start, there is no history to look back at' '
	git -C inbox/git/0.git kvmdigest --format=json HEAD >all.json &&
	test "$(json_query all.json "len([p for s in d[\"series\"] for p in s[\"previous\"] if not p[\"in_range\"]])")" = 0 &&
	test "$(json_query all.json "[s[\"kind\"] for s in d[\"series\"] if s[\"version\"] == 3][0]")" = reroll &&
	test "$(json_query all.json "len([s for s in d[\"series\"] if s[\"version\"] == 3][0][\"previous\"])")" = 2
'

test_expect_success 'setup: patches tagged otherwise than their cover letter' '
	mkdir loose &&
	# Lia: "[PATCH 1/2]" and "[PATCH 2/2]" under "[RFC PATCH v2 0/2]"
	mail_cover loose/l-0.eml "$ALICE" "Mon, 1 Apr 2024 10:00:00 +0000" \
		lia-0 "[RFC PATCH v2 0/2] mm: Loose tags" "" &&
	mail_patch loose/l-1.eml "$ALICE" "Mon, 1 Apr 2024 10:00:01 +0000" \
		lia-1 "[PATCH 1/2] mm: Loose one" lia-0 lia-1 &&
	mail_patch loose/l-2.eml "$ALICE" "Mon, 1 Apr 2024 10:00:02 +0000" \
		lia-2 "[PATCH 2/2] mm: Loose two" lia-0 lia-2 &&
	# Bob: two of three patches tagged RFC, the cover not
	mail_cover loose/b-0.eml "$BOB" "Mon, 1 Apr 2024 11:00:00 +0000" \
		bob-0 "[PATCH v5 0/3] KVM: Mixed tags" "" &&
	mail_patch loose/b-1.eml "$BOB" "Mon, 1 Apr 2024 11:00:01 +0000" \
		bob-1 "[PATCH v5 1/3] KVM: Mixed one" bob-0 bob-1 &&
	mail_patch loose/b-2.eml "$BOB" "Mon, 1 Apr 2024 11:00:02 +0000" \
		bob-2 "[RFC PATCH v5 2/3] KVM: Mixed two" bob-0 bob-2 &&
	mail_patch loose/b-3.eml "$BOB" "Mon, 1 Apr 2024 11:00:03 +0000" \
		bob-3 "[RFC PATCH v5 3/3] KVM: Mixed three" bob-2 bob-3 &&
	# Carol: a cover for three and two patches, deep-threaded
	mail_cover loose/c-0.eml "$CAROL" "Mon, 1 Apr 2024 12:00:00 +0000" \
		carol-0 "[PATCH REBASED v5 0/3] KVM: Miscounted" "" &&
	mail_patch loose/c-1.eml "$CAROL" "Mon, 1 Apr 2024 12:00:01 +0000" \
		carol-1 "[PATCH REBASED v5 1/2] KVM: Miscounted one" carol-0 carol-1 &&
	mail_patch loose/c-2.eml "$CAROL" "Mon, 1 Apr 2024 12:00:02 +0000" \
		carol-2 "[PATCH REBASED v5 2/2] KVM: Miscounted two" "carol-0 carol-1" carol-2 &&
	# Dave: v2 sent in reply to v1 cover letter, without a cover of its own
	mail_cover loose/d1-0.eml "$DAVE" "Mon, 1 Apr 2024 13:00:00 +0000" \
		dave-1-0 "[PATCH 0/2] KVM: Old thread" "" &&
	mail_patch loose/d1-1.eml "$DAVE" "Mon, 1 Apr 2024 13:00:01 +0000" \
		dave-1-1 "[PATCH 1/2] KVM: Old thread one" dave-1-0 dave-1 &&
	mail_patch loose/d1-2.eml "$DAVE" "Mon, 1 Apr 2024 13:00:02 +0000" \
		dave-1-2 "[PATCH 2/2] KVM: Old thread two" dave-1-0 dave-2 &&
	mail_patch loose/d2-1.eml "$DAVE" "Tue, 2 Apr 2024 13:00:01 +0000" \
		dave-2-1 "[PATCH v2 1/2] KVM: Old thread one" dave-1-0 dave-21 &&
	mail_patch loose/d2-2.eml "$DAVE" "Tue, 2 Apr 2024 13:00:02 +0000" \
		dave-2-2 "[PATCH v2 2/2] KVM: Old thread two" "dave-1-0 dave-2-1" dave-22 &&
	# Frank: a cover letter and its one patch, of one title
	mail_cover loose/f-0.eml "$FRANK" "Mon, 1 Apr 2024 15:00:00 +0000" \
		frank-0 "[PATCH 0/1] KVM: One title" "" "The cover words." &&
	mail_patch loose/f-1.eml "$FRANK" "Mon, 1 Apr 2024 15:00:01 +0000" \
		frank-1 "[PATCH 1/1] KVM: One title" frank-0 frank-1 \
		"The patch words." &&
	# Grace and Hank send one title: the older head is shown, the one of
	# Grace, as her send goes on after the send of Hank
	mail_patch loose/g1.eml "$GRACE" "Mon, 1 Apr 2024 16:00:00 +0000" \
		grace-1 "[PATCH 1/2] KVM: Shared title" "" grace-1 \
		"Grace words." &&
	mail_patch loose/g2.eml "$HANK" "Tue, 2 Apr 2024 16:00:00 +0000" \
		hank-1 "[PATCH] KVM: Shared title" "" hank-1 "Hank words." &&
	mail_patch loose/g3.eml "$GRACE" "Wed, 3 Apr 2024 16:00:00 +0000" \
		grace-2 "[PATCH 2/2] KVM: Grace two" grace-1 grace-2 &&
	# Ivy: v2 a word longer than v1, in the range both
	mail_patch loose/i1.eml "$IVY" "Thu, 4 Apr 2024 10:00:00 +0000" \
		ivy-1 "[PATCH] mm/vma: Use available wrappers when possible" "" \
		ivy-1 &&
	mail_patch loose/i2.eml "$IVY" "Fri, 5 Apr 2024 10:00:00 +0000" \
		ivy-2 "[PATCH v2] mm/vma: Use all available wrappers when possible" \
		"" ivy-2 &&
	# Erin answers Dave cover letter with a patch of her own
	mail_patch loose/e-1.eml "$ERIN" "Tue, 2 Apr 2024 14:00:00 +0000" \
		erin-1 "[PATCH 1/2] KVM: Old thread one, another way" dave-1-0 erin-1 &&
	make_v2_archive loose-inbox loose &&
	git -C loose-inbox/git/0.git kvmdigest --format=json HEAD >loose.json
'

# loose_rows: each row as "head-message-id: its message ids (rfc)"
loose_rows () {
	json_query loose.json "\"\\n\".join(sorted(\"%s: %s%s\" % (s[\"message_id\"], \" \".join(sorted(s[\"message_ids\"])), \" (rfc)\" if s[\"rfc\"] else \"\") for s in d[\"series\"]))"
}

test_expect_success 'a send is one row, however loosely its patches are tagged' '
	loose_rows >actual &&
	cat >expect <<-\EOF &&
	bob-0: bob-0 bob-1 bob-2 bob-3
	carol-0: carol-0 carol-1 carol-2
	dave-2-1: dave-1-0 dave-1-1 dave-1-2 dave-2-1 dave-2-2
	erin-1: erin-1
	frank-0: frank-0 frank-1
	grace-1: grace-1 grace-2
	hank-1: hank-1
	ivy-2: ivy-1 ivy-2
	lia-0: lia-0 lia-1 lia-2 (rfc)
	EOF
	test_cmp expect actual &&
	test "$(json_query loose.json "[(s[\"received\"], s[\"total\"]) for s in d[\"series\"] if s[\"message_id\"] == \"carol-0\"]")" = "[[2, 3]]" &&
	# Dave v2 is a version of its own, v1 before it in the same row
	test "$(json_query loose.json "[(s[\"kind\"], s[\"version\"], [(p[\"version\"], p[\"message_id\"]) for p in s[\"previous\"]]) for s in d[\"series\"] if s[\"message_id\"] == \"dave-2-1\"]")" = "[[\"reroll\", 2, [[1, \"dave-1-0\"]]]]"
'

test_expect_success 'each head shown has its own text, and no other head' '
	json_query loose.json "\"\\n\".join(\"%s: %s\" % (h[\"message_id\"], h[\"body\"].split(\"\\n\")[0]) for h in d[\"heads\"] if \"title\" in h[\"title\"])" >actual &&
	cat >expect <<-\EOF &&
	grace-1: Grace words.
	frank-0: The cover words.
	EOF
	test_cmp expect actual &&
	json_query loose.json "sorted(s[\"message_id\"] for s in d[\"skipped\"] if \"title\" in s[\"subject\"])" >actual &&
	echo "[\"frank-1\", \"hank-1\"]" >expect &&
	test_cmp expect actual
'

test_expect_success 'setup: a patch copied to stable trees, and a backport' '
	mkdir stable &&
	mail_patch stable/1.eml "$GRACE" "Mon, 1 Apr 2024 10:00:00 +0000" \
		grace-fix "[PATCH] KVM: VMX: Fix the leak" "" leak &&
	# the stable bot sends it to two trees, the same diff each time
	mail_patch stable/2.eml "$SASHA" "Mon, 8 Apr 2024 10:00:00 +0000" \
		sasha-69-12 "[PATCH AUTOSEL 6.9 12/40] KVM: VMX: Fix the leak" "" \
		leak "$(printf "From: %s\n\n[ Upstream commit 0123456789ab ]" "$GRACE")" &&
	mail_patch stable/3.eml "$SASHA" "Mon, 8 Apr 2024 10:05:00 +0000" \
		sasha-66-30 "[PATCH AUTOSEL 6.6 30/52] KVM: VMX: Fix the leak" "" \
		leak "$(printf "From: %s\n\n[ Upstream commit 0123456789ab ]" "$GRACE")" &&
	# and to an old tree, where the diff had to change
	mail_patch stable/4.eml "$SASHA" "Mon, 8 Apr 2024 10:10:00 +0000" \
		sasha-515-9 "[PATCH AUTOSEL 5.15 9/20] KVM: VMX: Fix the leak" "" \
		leak-515 "$(printf "From: %s\n\n[ Upstream commit 0123456789ab ]" "$GRACE")" &&
	# the same diff by someone else is not this work
	mail_patch stable/5.eml "$DAVE" "Tue, 9 Apr 2024 10:00:00 +0000" \
		dave-leak "[PATCH] KVM: VMX: Plug the leak" "" leak &&
	make_v2_archive stable-inbox stable &&
	git -C stable-inbox/git/0.git kvmdigest --format=json HEAD >stable.json
'

test_expect_success 'the same diffs under another tree'"'"'s tag are a resend of the patch' '
	json_query stable.json "\"\\n\".join(sorted(\"%s %s: %s\" % (s[\"message_id\"], s[\"kind\"], \" \".join(\"%s,%s\" % (p[\"message_id\"], p[\"how\"]) for p in s[\"previous\"])) for s in d[\"series\"]))" >actual &&
	cat >expect <<-\EOF &&
	dave-leak new: 
	sasha-515-9 new: 
	sasha-66-30 resend: sasha-69-12,patches grace-fix,patches
	EOF
	test_cmp expect actual
'

test_expect_success 'setup: one author from two addresses, tags that name no tree' '
	mkdir moved-old moved &&
	mail_patch moved-old/1.eml "Mia Moss <mia@old.example.org>" \
		"Mon, 1 Apr 2024 10:00:00 +0000" mia-1 \
		"[PATCH] KVM: x86: Keep the thing" "" mia-1 &&
	make_v2_archive moved-inbox moved-old &&
	git -C moved-inbox/git/0.git rev-parse HEAD >moved-start &&
	mail_patch moved/1.eml "Mia Moss <mia@new.example.org>" \
		"Mon, 6 May 2024 10:00:00 +0000" mia-2 \
		"[PATCH v2] KVM: x86: Keep the thing" "" mia-2 &&
	mail_patch moved/2.eml "Nia  Nu <nia@a.example.org>" \
		"Tue, 7 May 2024 10:00:00 +0000" nia-1 \
		"[PATCH] KVM: arm64: Move the other" "" nia-1 &&
	mail_patch moved/3.eml "nia nu <nia@b.example.org>" \
		"Wed, 8 May 2024 10:00:00 +0000" nia-2 \
		"[PATCH REBASED v2] KVM: arm64: Move the other" "" nia-2 &&
	# a name of one word says too little: two works
	mail_patch moved/4.eml "root <root@a.example.org>" \
		"Thu, 9 May 2024 10:00:00 +0000" root-1 \
		"[PATCH] KVM: Lone patch" "" root-1 &&
	mail_patch moved/5.eml "root <root@b.example.org>" \
		"Fri, 10 May 2024 10:00:00 +0000" root-2 \
		"[PATCH v2] KVM: Lone patch" "" root-2 &&
	deliver_to_archive moved-inbox moved &&
	git -C moved-inbox/git/0.git kvmdigest --format=json \
		"$(cat moved-start)..HEAD" >moved.json
'

test_expect_success 'an author'"'"'s name finds the version sent from another address' '
	json_query moved.json "\"\\n\".join(sorted(\"%s %s [%s]: %s\" % (s[\"message_id\"], s[\"kind\"], s[\"prefixes\"], \" \".join(\"%s,%s,%s\" % (p[\"message_id\"], p[\"how\"], \"in\" if p[\"in_range\"] else \"before\") for p in s[\"previous\"])) for s in d[\"series\"]))" >actual &&
	cat >expect <<-\EOF &&
	mia-2 reroll []: mia-1,title,before
	nia-2 reroll []: nia-1,title,in
	root-1 new []: 
	root-2 new []: 
	EOF
	test_cmp expect actual
'

test_done
