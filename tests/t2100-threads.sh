#!/bin/sh

test_description='threads: replies reach their series through anything mail does'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"
. "$TEST_DIRECTORY/lib-mail.sh"

AUTHOR="Alice Ames <alice@example.org>"
R1="Rita One <rita@example.org>"
R2="Sam Two <sam@example.org>"
R3="Tom Three <tom@example.org>"
DAY="Mon, 4 Mar 2024"

test_expect_success 'setup: a series and replies threaded every odd way' '
	mkdir mail &&
	mail_cover mail/00.eml "$AUTHOR" "$DAY 10:00:00 +0000" cover \
		"[PATCH 0/1] KVM: x86: Thread me" "" &&
	mail_patch mail/01.eml "$AUTHOR" "$DAY 10:00:01 +0000" p1 \
		"[PATCH 1/1] KVM: x86: Thread me harder" cover p1 &&
	# three deep
	mail_reply mail/02.eml "$R1" "$DAY 11:00:00 +0000" r1 \
		"Re: [PATCH 1/1] KVM: x86: Thread me harder" "cover p1" "One." &&
	mail_reply mail/03.eml "$R2" "$DAY 11:01:00 +0000" r2 \
		"Re: [PATCH 1/1] KVM: x86: Thread me harder" "cover p1 r1" "Two." &&
	mail_reply mail/04.eml "$R1" "$DAY 11:02:00 +0000" r3 \
		"Re: [PATCH 1/1] KVM: x86: Thread me harder" "cover p1 r1 r2" "Three." &&
	# its parent is missing, a reference is not
	mail_reply mail/05.eml "$R3" "$DAY 11:03:00 +0000" r4 \
		"Re: [PATCH 1/1] KVM: x86: Thread me harder" "cover missing-1" "Four." &&
	# answering only mail the archive does not have
	mail_reply mail/06.eml "$R3" "$DAY 11:04:00 +0000" r5 \
		"Re: [PATCH] something older" "gone-1 gone-2" "Five." &&
	# a loop of two, under no series
	mail_reply mail/07.eml "$R2" "$DAY 11:05:00 +0000" loop-a \
		"Re: [PATCH] a loop" "loop-b" "A." &&
	mail_reply mail/08.eml "$R2" "$DAY 11:06:00 +0000" loop-b \
		"Re: [PATCH] a loop" "loop-a" "B." &&
	# its own parent, its series in its references
	mail_reply mail/09.eml "$R3" "$DAY 11:07:00 +0000" self \
		"Re: [PATCH 0/1] KVM: x86: Thread me" "cover self" "Self." &&
	# ten thousand references: the root first, the rest missing
	refs=cover &&
	i=0 &&
	while test $i -lt 10000
	do
		refs="$refs lost-$i" &&
		i=$((i + 1)) || return 1
	done &&
	mail_reply mail/10.eml "$R1" "$DAY 11:08:00 +0000" many \
		"Re: [PATCH 0/1] KVM: x86: Thread me" "$refs" "Many." &&
	# the patch archived twice, and a reply to it
	cp mail/01.eml mail/11.eml &&
	mail_reply mail/12.eml "$R2" "$DAY 11:09:00 +0000" r6 \
		"Re: [PATCH 1/1] KVM: x86: Thread me harder" "cover p1" "Six." &&
	make_fastimport_archive_from_files inbox mail/*.eml &&
	git -C inbox/git/0.git kvmdigest --format=json HEAD >d.json &&
	git -C inbox/git/0.git kvmdigest HEAD >d.txt
'

test_expect_success 'every message is counted, the duplicate patch once' '
	test "$(json_query d.json "[d[k] for k in (\"messages\", \"patches\", \"replies\", \"duplicates\")]")" = "[13, 2, 10, 1]"
'

test_expect_success 'the replies that reach the series, at any depth' '
	# r1 r2 r3 (deep), r4 (missing parent), self, many, r6: seven
	test "$(json_query d.json "[s[\"replies\"] for s in d[\"series\"]]")" = "[7]"
'

test_expect_success 'who took part, counted and sorted' '
	json_query d.json "[(p[\"name\"], p[\"count\"]) for p in d[\"series\"][0][\"participants\"]]" >actual &&
	echo "[[\"Rita One\", 3], [\"Sam Two\", 2], [\"Tom Three\", 2]]" >expect &&
	test_cmp expect actual
'

test_expect_success 'the classic line says it' '
	grep -A1 "^    1/1  \[PATCH 0/1\] KVM: x86: Thread me (Alice Ames)$" d.txt >actual &&
	cat >expect <<-\EOF &&
	    1/1  [PATCH 0/1] KVM: x86: Thread me (Alice Ames)
	         new, 7 replies
	EOF
	test_cmp expect actual
'

test_done
