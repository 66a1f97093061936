#!/bin/sh

test_description='reviews, acceptances, fixes and pull requests read from mail'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"
. "$TEST_DIRECTORY/lib-mail.sh"

# Authors of patches
ALICE="Alice Ames <alice@example.org>"
BOB="Bob Brandt <bob@example.org>"
CAROL="Carol Cho <carol@example.org>"
DAVE="Dave Diaz <dave@example.org>"
ERIN="Erin Eze <erin@example.org>"
FRANK="Frank Fox <frank@example.org>"
GRACE="Grace Gil <grace@example.org>"
HANK="Hank Hill <hank@example.org>"
IVY="Ivy Ito <ivy@example.org>"
JACK="Jack Jo <jack@example.org>"
LIAM="Liam Lu <liam@example.org>"
MIA="Mia Mo <mia@example.org>"
OLGA="Olga Old <olga@example.org>"
# Their names sort one way, their addresses and domains the other way
AMY="Amy Zed <zzz@a.example>"
ZOE="Zoe Abel <aaa@b.example>"
# Reviewers, maintainers, testers, a bot
RITA="Rita One <rita@example.org>"
SAM="Sam Two <sam@example.org>"
TOM="Tom Three <tom@example.org>"
URSULA="Ursula Ute <ursula@example.org>"
VICTOR="Victor Vee <victor@example.org>"
UNA="Una Ack <una@example.org>"
VIC="Vic Test <vic@example.org>"
WES="Wes Nack <wes@example.org>"
KIM="Kim Ko <kim@example.org>"
MAX="Max Maint <max@example.org>"
PAOLO="Paolo Pull <paolo@example.org>"
ROBOT="kernel test robot <lkp@intel.com>"

DAY="Mon, 4 Mar 2024"
NEXT="Tue, 5 Mar 2024"

# reviews TITLE-PART: "kind: address, address; ..." of the row of that
# title, the addresses sorted.
reviews () {
	json_query d.json "[\"; \".join(\"%s: %s\" % (k, \", \".join(sorted(p[\"email\"] for p in s[\"reviews\"][k]))) for k in (\"reviewed\", \"acked\", \"tested\", \"nacked\")) for s in d[\"series\"] if '''$1''' in s[\"title\"]][0]"
}

# reviewer_rows: "email count reviewed acked tested nacked", in order.
reviewer_rows () {
	json_query d.json "\"\\n\".join(\"%s %d %d %d %d %d\" % (r[\"email\"], r[\"count\"], r[\"reviewed\"], r[\"acked\"], r[\"tested\"], r[\"nacked\"]) for r in d[\"reviewers\"])"
}

# applied_rows: "message_id|subject|tree|commits|series", in order.
applied_rows () {
	json_query d.json "\"\\n\".join(\"%s|%s|%s|%s|%s\" % (a[\"message_id\"], a[\"subject\"], a[\"tree\"], \",\".join(a[\"commits\"]), a[\"series\"]) for a in d[\"applied\"])"
}

test_expect_success 'setup: a series before the range, and a week of mail' '
	mkdir old new &&
	mail_patch old/00.eml "$OLGA" "Wed, 10 Jan 2024 10:00:00 +0000" \
		olga-1 "[PATCH] KVM: x86: Old fix" "" olga &&

	# trailers given to a cover letter count for every patch
	mail_cover new/a0.eml "$ALICE" "$DAY 10:00:00 +0000" alice-0 \
		"[PATCH 0/3] KVM: x86: Review the cover" "" &&
	mail_patch new/a1.eml "$ALICE" "$DAY 10:00:01 +0000" alice-1 \
		"[PATCH 1/3] KVM: x86: Review the cover part 1" alice-0 alice-1 &&
	mail_patch new/a2.eml "$ALICE" "$DAY 10:00:02 +0000" alice-2 \
		"[PATCH 2/3] KVM: x86: Review the cover part 2" alice-0 alice-2 &&
	mail_patch new/a3.eml "$ALICE" "$DAY 10:00:03 +0000" alice-3 \
		"[PATCH 3/3] KVM: x86: Review the cover part 3" alice-0 alice-3 &&
	mail_reply new/a4.eml "$RITA" "$NEXT 09:00:00 +0000" alice-r \
		"Re: [PATCH 0/3] KVM: x86: Review the cover" alice-0 \
		"$(printf "Looks good to me, for the whole series:\n\nReviewed-by: %s" "$RITA")" &&

	# trailers given and trailers only quoted
	mail_patch new/b0.eml "$BOB" "$DAY 10:10:00 +0000" bob-1 \
		"[PATCH] KVM: x86: Quote the trailers" "" bob &&
	mail_reply new/b1.eml "$SAM" "$NEXT 09:01:00 +0000" bob-r1 \
		"Re: [PATCH] KVM: x86: Quote the trailers" bob-1 \
		"$(printf "On Mon, Bob Brandt wrote:\n> This changes bob.\n\nReviewed-by: %s" "$SAM")" &&
	mail_message new/b2.eml "$TOM" "$NEXT 09:02:00 +0000" bob-r2 \
		"Re: [PATCH] KVM: x86: Quote the trailers" "bob-1 bob-r1" <<-\EOF &&
	Sam Two wrote:
	> Reviewed-by: Sam Two <sam@example.org>
	>> Reviewed-by: Quinn Quote <quinn@example.org>
	  > Acked-by: Quinn Quote <quinn@example.org>

	I agree with Sam.
	EOF
	mail_message new/b3.eml "$URSULA" "$NEXT 09:03:00 +0000" bob-r3 \
		"RE: [PATCH] KVM: x86: Quote the trailers" bob-1 <<-\EOF &&
	Fine by me.

	-----Original Message-----
	From: Bob Brandt <bob@example.org>
	Sent: Monday, March 4, 2024 10:10 AM
	To: kvm@vger.kernel.org
	Subject: [PATCH] KVM: x86: Quote the trailers

	Reviewed-by: Olivia Outlook <olivia@example.org>
	EOF
	mail_message new/b4.eml "$URSULA" "$NEXT 09:04:00 +0000" bob-r4 \
		"RE: [PATCH] KVM: x86: Quote the trailers" bob-1 <<-\EOF &&
	Agreed.

	From: Bob Brandt <bob@example.org>
	To: kvm@vger.kernel.org
	Cc: Oscar Outlook <oscar@example.org>
	Sent: Monday, March 4, 2024 10:10 AM
	Subject: [PATCH] KVM: x86: Quote the trailers

	Reviewed-by: Oscar Outlook <oscar@example.org>
	EOF
	mail_reply new/b5.eml "$VICTOR" "$NEXT 09:05:00 +0000" bob-r5 \
		"Re: [PATCH] KVM: x86: Quote the trailers" bob-1 \
		"$(printf "Nice.\n\n-- \nVictor Vee\nReviewed-by: Sig Nature <sig@example.org>")" &&
	mail_reply new/b6.eml "$TOM" "$NEXT 09:06:00 +0000" bob-r6 \
		"Re: [PATCH] KVM: x86: Quote the trailers" bob-1 \
		"$(printf "Reviewed-by: %s\n\nAnd again, in case:\n\nreviewed-BY:   %s" "$TOM" "$TOM")" &&

	# the other kinds, and a bot
	mail_patch new/c0.eml "$CAROL" "$DAY 10:20:00 +0000" carol-1 \
		"[PATCH] KVM: x86: Ack, test and nack" "" carol &&
	mail_reply new/c1.eml "$UNA" "$NEXT 09:10:00 +0000" carol-r1 \
		"Re: [PATCH] KVM: x86: Ack, test and nack" carol-1 \
		"Acked-by: $UNA" &&
	mail_reply new/c2.eml "$VIC" "$NEXT 09:11:00 +0000" carol-r2 \
		"Re: [PATCH] KVM: x86: Ack, test and nack" carol-1 \
		"$(printf "Works here.\n\nTested-by: %s" "$VIC")" &&
	mail_reply new/c3.eml "$WES" "$NEXT 09:12:00 +0000" carol-r3 \
		"Re: [PATCH] KVM: x86: Ack, test and nack" carol-1 \
		"$(printf "No, this breaks nested.\n\nNacked-by: %s" "$WES")" &&
	mail_reply new/c4.eml "$ROBOT" "$NEXT 09:13:00 +0000" carol-r4 \
		"Re: [PATCH] KVM: x86: Ack, test and nack" carol-1 \
		"$(printf "Hi Carol,\n\nkernel test robot noticed nothing.\n\nTested-by: %s" "$ROBOT")" &&
	mail_patch new/d0.eml "$DAVE" "$DAY 10:30:00 +0000" dave-1 \
		"[PATCH] KVM: x86: Only the robot answers" "" dave &&
	mail_reply new/d1.eml "$ROBOT" "$NEXT 09:14:00 +0000" dave-r1 \
		"Re: [PATCH] KVM: x86: Only the robot answers" dave-1 \
		"Tested-by: $ROBOT" &&

	# only its author replied: a note, then a ping
	mail_patch new/e0.eml "$ERIN" "$DAY 10:40:00 +0000" erin-1 \
		"[PATCH] KVM: x86: Nobody looks" "" erin &&
	mail_reply new/e1.eml "$ERIN" "$NEXT 09:20:00 +0000" erin-r1 \
		"Re: [PATCH] KVM: x86: Nobody looks" erin-1 \
		"I will send a v2 that also covers the nested case." &&
	mail_reply new/e2.eml "$ERIN" "Mon, 11 Mar 2024 09:00:00 +0000" erin-r2 \
		"Re: [PATCH] KVM: x86: Nobody looks" "erin-1 erin-r1" \
		"Ping?" &&

	# acceptances
	mail_patch new/f0.eml "$FRANK" "$DAY 10:50:00 +0000" frank-1 \
		"[PATCH] KVM: x86/mmu: Apply to mmu" "" frank &&
	mail_reply new/f1.eml "$MAX" "$NEXT 10:00:00 +0000" frank-r1 \
		"Re: [PATCH] KVM: x86/mmu: Apply to mmu" frank-1 \
		"Applied to kvm-x86 mmu, thanks!" &&
	mail_patch new/g0.eml "$GRACE" "$DAY 11:00:00 +0000" grace-1 \
		"[PATCH] KVM: x86: Apply to next" "" grace &&
	mail_reply new/g1.eml "$MAX" "$NEXT 10:01:00 +0000" grace-r1 \
		"Re: [PATCH] KVM: x86: Apply to next" grace-1 \
		"$(printf "Hi Grace,\n\nApplied to next, thanks!\n\nMax")" &&
	mail_patch new/h0.eml "$HANK" "$DAY 11:10:00 +0000" hank-1 \
		"[PATCH] KVM: x86: Queue me" "" hank &&
	mail_reply new/h1.eml "$MAX" "$NEXT 10:02:00 +0000" hank-r1 \
		"Re: [PATCH] KVM: x86: Queue me" hank-1 \
		"$(printf "On Mon, 4 Mar 2024, Hank Hill wrote:\n> This changes hank.\n\nQueued, thanks.")" &&
	mail_cover new/i0.eml "$IVY" "$DAY 11:20:00 +0000" ivy-0 \
		"[PATCH 0/2] KVM: x86: Thank you b4" "" "This series thanks b4." &&
	mail_patch new/i1.eml "$IVY" "$DAY 11:20:01 +0000" ivy-1 \
		"[PATCH 1/2] KVM: x86: Thank you b4 part 1" ivy-0 ivy-1 &&
	mail_patch new/i2.eml "$IVY" "$DAY 11:20:02 +0000" ivy-2 \
		"[PATCH 2/2] KVM: x86: Thank you b4 part 2" ivy-0 ivy-2 &&
	mail_message new/i3.eml "$MAX" "$NEXT 10:03:00 +0000" ivy-r1 \
		"Re: [PATCH 0/2] KVM: x86: Thank you b4" ivy-0 <<-\EOF &&
	On Mon, 04 Mar 2024 11:20:00 +0000, Ivy Ito wrote:
	> This series thanks b4.
	>
	> Ivy Ito (1):
	>   KVM: x86: A change

	Applied to https://github.com/kvm-x86/linux.git (mmu), thanks!

	[1/2] KVM: x86: Thank you b4 part 1
	      https://github.com/kvm-x86/linux/commit/f1e2d3c4b5a6
	[2/2] KVM: x86: Thank you b4 part 2
	      commit: 0a1b2c3d4e5f

	--
	https://github.com/kvm-x86/linux/tree/next
	EOF
	# "applied" in passing is no acceptance
	mail_patch new/j0.eml "$JACK" "$DAY 11:30:00 +0000" jack-1 \
		"[PATCH] KVM: x86: Crash me" "" jack &&
	mail_reply new/j1.eml "$KIM" "$NEXT 10:10:00 +0000" jack-r1 \
		"Re: [PATCH] KVM: x86: Crash me" jack-1 \
		"$(printf "I applied your patch and it crashes:\n\n  BUG: unable to handle page fault")" &&
	mail_reply new/j2.eml "$KIM" "$NEXT 10:11:00 +0000" jack-r2 \
		"Re: [PATCH] KVM: x86: Crash me" jack-1 \
		"Applied on top of kvm/next and tested, works for me." &&
	# the acceptance of a series sent before the range
	mail_reply new/o1.eml "$MAX" "$NEXT 10:20:00 +0000" olga-r1 \
		"Re: [PATCH] KVM: x86: Old fix" olga-1 \
		"Applied to kvm-x86 fixes, thanks!" &&

	# fixes
	mail_patch new/l0.eml "$LIAM" "$DAY 11:40:00 +0000" liam-1 \
		"[PATCH] KVM: x86: Fix the broken thing" "" liam \
		"$(printf "It was broken.\n\nFixes: 0123456789ab (\"KVM: x86: Broken thing\")\nCc: stable@vger.kernel.org")" &&
	mail_patch new/m0.eml "$MIA" "$DAY 11:50:00 +0000" mia-1 \
		"[PATCH v2] KVM: x86: Say fixes after the line" "" mia \
		"It was not broken, only ugly." \
		"$(printf "v2: the Fixes tag is gone from the commit message\n\nFixes: 89abcdef0123 (\"KVM: x86: Elsewhere\")")" &&

	# a pull request
	mail_message new/p0.eml "$PAOLO" "$DAY 12:00:00 +0000" pull-1 \
		"[GIT PULL] KVM changes for Linux 6.9" "" <<-\EOF &&
	Linus,

	The following changes since commit 0123456789abcdef0123456789abcdef01234567:

	  Linux 6.8-rc5 (2024-02-18 12:56:25 -0800)

	are available in the Git repository at:

	  https://git.kernel.org/pub/scm/virt/kvm/kvm.git tags/for-linus

	for you to fetch changes up to 89abcdef0123456789abcdef0123456789abcdef:

	  KVM: x86: Fix the broken thing (2024-03-04 11:40:00 +0000)
	EOF

	# equal counts, names and addresses in opposite orders
	mail_patch new/z0.eml "$ZOE" "$DAY 13:00:00 +0000" zoe-1 \
		"[PATCH 1/2] KVM: x86: Abel first" "" zoe-1 &&
	mail_patch new/z1.eml "$ZOE" "$DAY 13:00:01 +0000" zoe-2 \
		"[PATCH 2/2] KVM: x86: Abel second" zoe-1 zoe-2 &&
	mail_patch new/z2.eml "$AMY" "$DAY 13:10:00 +0000" amy-1 \
		"[PATCH 1/2] KVM: x86: Zed first" "" amy-1 &&
	mail_patch new/z3.eml "$AMY" "$DAY 13:10:01 +0000" amy-2 \
		"[PATCH 2/2] KVM: x86: Zed second" amy-1 amy-2 &&
	mail_reply new/z4.eml "$ZOE" "$NEXT 11:00:00 +0000" amy-r1 \
		"Re: [PATCH 2/2] KVM: x86: Zed second" "amy-1 amy-2" \
		"Reviewed-by: $ZOE" &&
	mail_reply new/z5.eml "$AMY" "$NEXT 11:01:00 +0000" zoe-r1 \
		"Re: [PATCH 1/2] KVM: x86: Abel first" zoe-1 \
		"Reviewed-by: $AMY" &&
	mail_reply new/z6.eml "$RITA" "$NEXT 11:02:00 +0000" amy-r2 \
		"Re: [PATCH 2/2] KVM: x86: Zed second" "amy-1 amy-2" \
		"Reviewed-by: $RITA" &&

	make_fastimport_archive_from_files inbox old/*.eml new/*.eml &&
	git -C inbox/git/0.git rev-list --reverse HEAD | sed -n 1p >start &&
	git -C inbox/git/0.git kvmdigest --format=json "$(cat start)..HEAD" >d.json &&
	git -C inbox/git/0.git kvmdigest "$(cat start)..HEAD" >d.txt &&
	reviewer_rows >rows &&
	applied_rows >applied
'

test_expect_success 'a Reviewed-by in its own text counts, once' '
	reviews "Quote the trailers" >actual &&
	echo "reviewed: sam@example.org, tom@example.org; acked: ; tested: ; nacked: " >expect &&
	test_cmp expect actual &&
	grep "^sam@example.org " rows >actual &&
	echo "sam@example.org 1 1 0 0 0" >expect &&
	test_cmp expect actual
'

test_expect_success 'given twice in one reply (any case of the key): once' '
	grep "^tom@example.org " rows >actual &&
	echo "tom@example.org 1 1 0 0 0" >expect &&
	test_cmp expect actual
'

test_expect_success 'quoted, under an Outlook quote or after a signature: none' '
	test_file_not_empty rows &&
	for who in quinn olivia oscar sig ursula victor
	do
		test_grep -v "^$who@" rows || return 1
	done &&
	test "$(series_field d.json "Quote the trailers" patches_reviewed)" = 1
'

test_expect_success 'a trailer given to a cover letter counts for every patch' '
	test "$(json_query d.json "[[s[\"received\"], s[\"patches_reviewed\"]] for s in d[\"series\"] if \"Review the cover\" in s[\"title\"]]")" = "[[3, 3]]" &&
	reviews "Review the cover" >actual &&
	echo "reviewed: rita@example.org; acked: ; tested: ; nacked: " >expect &&
	test_cmp expect actual &&
	grep -A2 "^    3/3  \[PATCH 0/3\] KVM: x86: Review the cover (Alice Ames)$" d.txt >actual &&
	cat >expect <<-\EOF &&
	    3/3  [PATCH 0/3] KVM: x86: Review the cover (Alice Ames)
	         new, 1 reply
	         R-b 3/3: Rita One
	EOF
	test_cmp expect actual
'

test_expect_success 'a trailer given to one patch counts for that patch only' '
	test "$(json_query d.json "[[s[\"received\"], s[\"patches_reviewed\"]] for s in d[\"series\"] if \"Zed first\" in s[\"title\"] or \"Abel first\" in s[\"title\"]]")" = "[[2, 1], [2, 1]]" &&
	reviews "Zed first" >actual &&
	echo "reviewed: aaa@b.example, rita@example.org; acked: ; tested: ; nacked: " >expect &&
	test_cmp expect actual &&
	grep -A2 "^    2/2  \[PATCH 1/2\] KVM: x86: Zed first (Amy Zed)$" d.txt |
	sed -n "3s/:.*//p" >actual &&
	echo "         R-b 1/2" >expect &&
	test_cmp expect actual
'

test_expect_success 'a series lists its reviewers in the order they gave it' '
	json_query d.json "[[p[\"name\"] for p in s[\"reviews\"][\"reviewed\"]] for s in d[\"series\"] if \"Zed first\" in s[\"title\"]][0]" >actual &&
	echo "[\"Zoe Abel\", \"Rita One\"]" >expect &&
	test_cmp expect actual &&
	grep -A2 "^    2/2  \[PATCH 1/2\] KVM: x86: Zed first (Amy Zed)$" d.txt |
	sed -n 3p >actual &&
	echo "         R-b 1/2: Zoe Abel, Rita One" >expect &&
	test_cmp expect actual
'

test_expect_success 'Acked-by, Tested-by and Nacked-by, each in its own list' '
	reviews "Ack, test and nack" >actual &&
	echo "reviewed: ; acked: una@example.org; tested: vic@example.org; nacked: wes@example.org" >expect &&
	test_cmp expect actual &&
	test "$(series_field d.json "Ack, test and nack" patches_reviewed)" = 0 &&
	grep -e "^una@" -e "^vic@" -e "^wes@" rows >actual &&
	cat >expect <<-\EOF &&
	una@example.org 1 0 1 0 0
	vic@example.org 1 0 0 1 0
	wes@example.org 1 0 0 0 1
	EOF
	test_cmp expect actual &&
	grep -A2 "^      1  \[PATCH\] KVM: x86: Ack, test and nack (Carol Cho)$" d.txt >actual &&
	cat >expect <<-\EOF &&
	      1  [PATCH] KVM: x86: Ack, test and nack (Carol Cho)
	         new, 4 replies
	         Acked-by: Una Ack; Tested-by: Vic Test; Nacked-by: Wes Nack
	EOF
	test_cmp expect actual
'

test_expect_success 'a bot gives no reviews, and a series only it answered is unreviewed' '
	test_grep -v "lkp@intel.com" rows &&
	test "$(json_query d.json "[r[\"domain\"] for r in d[\"reviewer_domains\"] if r[\"domain\"] == \"intel.com\"]")" = "[]" &&
	reviews "Only the robot" >actual &&
	echo "reviewed: ; acked: ; tested: ; nacked: " >expect &&
	test_cmp expect actual &&
	test "$(series_field d.json "Only the robot" unreviewed)" = true
'

test_expect_success 'a series only its author answered is unreviewed; its ping counted' '
	test "$(json_query d.json "[[s[\"replies\"], s[\"unreviewed\"], s[\"pings\"]] for s in d[\"series\"] if \"Nobody looks\" in s[\"title\"]]")" = "[[2, true, 1]]" &&
	# one answer by someone else, even one that only says it crashed,
	# is enough; and only the author nudging is a ping
	json_query d.json "\"\\n\".join(sorted(s[\"message_id\"] for s in d[\"series\"] if s[\"unreviewed\"]))" >actual &&
	cat >expect <<-\EOF &&
	dave-1
	erin-1
	liam-1
	mia-1
	EOF
	test_cmp expect actual &&
	test "$(json_query d.json "sum(s[\"pings\"] for s in d[\"series\"])")" = 1 &&
	grep -A1 "^      1  \[PATCH\] KVM: x86: Nobody looks (Erin Eze)$" d.txt >actual &&
	cat >expect <<-\EOF &&
	      1  [PATCH] KVM: x86: Nobody looks (Erin Eze)
	         new, 2 replies, unreviewed, 1 ping
	EOF
	test_cmp expect actual
'

test_expect_success 'acceptances: the tree each names, or none' '
	applied_rows >applied &&
	grep -e "^frank-r1|" -e "^grace-r1|" -e "^hank-r1|" applied | sort >actual &&
	cat >expect <<-\EOF &&
	frank-r1|[PATCH] KVM: x86/mmu: Apply to mmu|kvm-x86 mmu||frank-1
	grace-r1|[PATCH] KVM: x86: Apply to next|next||grace-1
	hank-r1|[PATCH] KVM: x86: Queue me|None||hank-1
	EOF
	test_cmp expect actual &&
	test "$(json_query d.json "[s[\"applied\"] for s in d[\"series\"] if s[\"message_id\"] in (\"frank-1\", \"grace-1\", \"hank-1\")]")" = "[true, true, true]"
'

test_expect_success 'a b4 thank-you mail: its tree and its commits, in order' '
	grep "^ivy-r1|" applied >actual &&
	echo "ivy-r1|[PATCH 0/2] KVM: x86: Thank you b4|https://github.com/kvm-x86/linux.git (mmu)|f1e2d3c4b5a6,0a1b2c3d4e5f|ivy-0" >expect &&
	test_cmp expect actual &&
	test "$(series_field d.json "Thank you b4" applied)" = true &&
	grep -A2 "^    2/2  \[PATCH 0/2\] KVM: x86: Thank you b4 (Ivy Ito)$" d.txt >actual &&
	cat >expect <<-\EOF &&
	    2/2  [PATCH 0/2] KVM: x86: Thank you b4 (Ivy Ito)
	         new, 1 reply
	         applied to https://github.com/kvm-x86/linux.git (mmu)
	EOF
	test_cmp expect actual
'

test_expect_success '"applied" in passing is no acceptance' '
	test_grep -v -e "^jack-r" applied &&
	test "$(series_field d.json "Crash me" applied)" = false &&
	test "$(json_query d.json "sorted(s[\"message_id\"] for s in d[\"series\"] if s[\"applied\"])")" = \
	     "[\"frank-1\", \"grace-1\", \"hank-1\", \"ivy-0\"]"
'

test_expect_success 'the acceptance of a series sent before the range' '
	grep "^olga-r1|" applied >actual &&
	echo "olga-r1|[PATCH] KVM: x86: Old fix|kvm-x86 fixes||None" >expect &&
	test_cmp expect actual &&
	test_line_count = 5 applied
'

test_expect_success 'fixes: the commit, its subject, and stable' '
	json_query d.json "d[\"fixes\"]" >actual &&
	cat >expect <<-\EOF &&
	[{"message_id": "liam-1", "subject": "[PATCH] KVM: x86: Fix the broken thing", "author": {"name": "Liam Lu", "email": "liam@example.org"}, "fixes": [{"commit": "0123456789ab", "subject": "KVM: x86: Broken thing"}], "stable": true, "series": "liam-1"}]
	EOF
	test_cmp expect actual
'

test_expect_success 'a Fixes: line after the --- line fixes nothing' '
	test "$(json_query d.json "[f for f in d[\"fixes\"] if f[\"message_id\"] == \"mia-1\"]")" = "[]" &&
	sed -n "/^===== Fixes in this time period =====$/,/^=====/p" d.txt >fixes.txt &&
	test_grep "0123456789ab" fixes.txt &&
	test_grep -v -e "89abcdef0123" -e "Mia Mo" fixes.txt
'

test_expect_success 'a pull request: its URL and tag' '
	json_query d.json "[[p[\"message_id\"], p[\"url\"], p[\"ref\"], p[\"from\"][\"email\"]] for p in d[\"pulls\"]]" >actual &&
	echo "[[\"pull-1\", \"https://git.kernel.org/pub/scm/virt/kvm/kvm.git\", \"tags/for-linus\", \"paolo@example.org\"]]" >expect &&
	test_cmp expect actual
'

test_expect_success 'ties sort by name, not address: contributors' '
	json_query d.json "\"\\n\".join(\"%d %s <%s>\" % (c[\"count\"], c[\"name\"], c[\"email\"]) for c in d[\"contributors\"])" >actual &&
	cat >expect <<-\EOF &&
	4 Alice Ames <alice@example.org>
	3 Ivy Ito <ivy@example.org>
	2 Amy Zed <zzz@a.example>
	2 Zoe Abel <aaa@b.example>
	1 Bob Brandt <bob@example.org>
	1 Carol Cho <carol@example.org>
	1 Dave Diaz <dave@example.org>
	1 Erin Eze <erin@example.org>
	1 Frank Fox <frank@example.org>
	1 Grace Gil <grace@example.org>
	1 Hank Hill <hank@example.org>
	1 Jack Jo <jack@example.org>
	1 Liam Lu <liam@example.org>
	1 Mia Mo <mia@example.org>
	EOF
	test_cmp expect actual &&
	sed -n "/^Top 15 contributors /,/^===/p" d.txt | sed -n "3,6p" >actual.txt &&
	cat >expect.txt <<-\EOF &&
	      4  Alice Ames <alice@example.org>
	      3  Ivy Ito <ivy@example.org>
	      2  Amy Zed <zzz@a.example>
	      2  Zoe Abel <aaa@b.example>
	EOF
	test_cmp expect.txt actual.txt
'

test_expect_success 'ties sort by name, not address: reviewers' '
	cat >expect <<-\EOF &&
	rita@example.org 2 2 0 0 0
	zzz@a.example 1 1 0 0 0
	sam@example.org 1 1 0 0 0
	tom@example.org 1 1 0 0 0
	una@example.org 1 0 1 0 0
	vic@example.org 1 0 0 1 0
	wes@example.org 1 0 0 0 1
	aaa@b.example 1 1 0 0 0
	EOF
	test_cmp expect rows
'

test_expect_success 'ties sort by domain: contributor and reviewer domains' '
	test "$(json_query d.json "[[r[\"domain\"], r[\"count\"]] for r in d[\"domains\"]]")" = \
	     "[[\"example.org\", 17], [\"a.example\", 2], [\"b.example\", 2]]" &&
	test "$(json_query d.json "[[r[\"domain\"], r[\"count\"]] for r in d[\"reviewer_domains\"]]")" = \
	     "[[\"example.org\", 7], [\"a.example\", 1], [\"b.example\", 1]]" &&
	sed -n "/^Top 15 contributor Email domains /,/^Top 15 contributors /p" d.txt >actual &&
	cat >expect <<-\EOF &&
	Top 15 contributor Email domains (Based on Email Body)

	     17 example.org
	      2 a.example
	      2 b.example

	Top 15 contributors (Based on Email Body)
	EOF
	test_cmp expect actual
'

test_expect_success 'classic: the reviewer tables' '
	sed -n "/^Top 15 reviewer Email domains /,/^=====/p" d.txt >actual &&
	cat >expect <<-\EOF &&
	Top 15 reviewer Email domains (Reviewed-by, Acked-by, Tested-by given in replies)

	      7 example.org
	      1 a.example
	      1 b.example

	Top 15 reviewers (Reviewed-by, Acked-by, Tested-by given in replies)

	      2  Rita One <rita@example.org>
	      1  Amy Zed <zzz@a.example>
	      1  Sam Two <sam@example.org>
	      1  Tom Three <tom@example.org>
	      1  Una Ack <una@example.org>
	      1  Vic Test <vic@example.org>
	      1  Wes Nack <wes@example.org>
	      1  Zoe Abel <aaa@b.example>

	===== Patch list in this time period =====
	EOF
	test_cmp expect actual
'

test_expect_success 'classic: applied, fixes and pull requests' '
	sed -n "/^===== Applied in this time period =====$/,/^===== Patch Commit Messages/p" d.txt >actual &&
	cat >expect <<-\EOF &&
	===== Applied in this time period =====

	[PATCH] KVM: x86: Old fix
	        applied to kvm-x86 fixes by Max Maint <max@example.org>

	[PATCH 0/2] KVM: x86: Thank you b4
	        applied to https://github.com/kvm-x86/linux.git (mmu) by Max Maint <max@example.org>
	        commits: f1e2d3c4b5a6 0a1b2c3d4e5f

	[PATCH] KVM: x86: Queue me
	        applied by Max Maint <max@example.org>

	[PATCH] KVM: x86: Apply to next
	        applied to next by Max Maint <max@example.org>

	[PATCH] KVM: x86/mmu: Apply to mmu
	        applied to kvm-x86 mmu by Max Maint <max@example.org>

	===== Fixes in this time period =====

	[PATCH] KVM: x86: Fix the broken thing (Liam Lu)
	        fixes 0123456789ab ("KVM: x86: Broken thing")
	        for stable

	===== Pull requests in this time period =====

	[GIT PULL] KVM changes for Linux 6.9 (Paolo Pull)
	        https://git.kernel.org/pub/scm/virt/kvm/kvm.git tags/for-linus

	===== Patch Commit Messages ====
	EOF
	test_cmp expect actual
'

test_done
