#!/bin/sh

test_description='each real-world case, from a message written for it'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"

MAIL="$TEST_DIRECTORY/mail"

test_expect_success 'setup: a v2 archive of every fixture' '
	make_v2_archive inbox "$MAIL" &&
	git -C inbox/git/0.git kvmdigest --format=json HEAD >d.json &&
	git -C inbox/git/0.git kvmdigest --top=100 HEAD >d.txt &&
	test "$(json_query d.json "d[\"messages\"]")" = 39
'

test_expect_success 'counts: patches, replies, one duplicate Message-ID' '
	test "$(json_query d.json "[d[k] for k in (\"patches\", \"replies\", \"other\", \"duplicates\")]")" = "[28, 10, 0, 1]"
'

test_expect_success 'a subject folded over three lines is whole' '
	series_field d.json "per-gmem attributes" title >actual &&
	echo "KVM: guest_memfd: Introduce per-gmem attributes, and track them in the gmem inode instead of the memory attributes xarray" >expect &&
	test_cmp expect actual
'

test_expect_success 'a fold inside the [PATCH] tag' '
	test "$(series_field d.json "vGIC ITS" version)" = 3 &&
	test "$(series_field d.json "vGIC ITS" total)" = 12 &&
	series_field d.json "vGIC ITS" subjects >actual &&
	echo "[\"[PATCH v3 07/12] KVM: arm64: Don'"'"'t zero the vGIC ITS tables on restore\"]" >expect &&
	test_cmp expect actual
'

test_expect_success 'the tag inside an encoded word; curly quotes decoded' '
	head_field d.json "v2 1/3" title >actual &&
	echo "KVM: x86: Use “bus lock” exits for split-lock detection" >expect &&
	test_cmp expect actual &&
	test "$(head_field d.json "v2 1/3" kind)" = first
'

test_expect_success 'RE:, AW: and Re: Re: are replies, not patches' '
	! grep -E "(RE|AW|Re): " d.txt &&
	test "$(json_query d.json "len([s for s in d[\"series\"] for x in s[\"subjects\"] if x.lower().startswith((\"re:\", \"aw:\"))])")" = 0
'

test_expect_success '[PATCH][RESEND]: two groups, resend' '
	test "$(series_field d.json "READ_ONCE" resend)" = true &&
	head_field d.json READ_ONCE title >actual &&
	echo "KVM: x86/mmu: Use READ_ONCE() for the SPTE in fast_page_fault()" >expect &&
	test_cmp expect actual
'

test_expect_success '[PATCH v5.1 10/12] is version 5' '
	test "$(series_field d.json "PV steal time" version)" = 5 &&
	test "$(series_field d.json "PV steal time" total)" = 12
'

test_expect_success '[PATCH net-next, 0/2]: a cover letter with a prefix' '
	test "$(series_field d.json "vhost/vsock" prefixes)" = net-next &&
	test "$(head_field d.json "vhost/vsock" kind)" = cover
'

test_expect_success '[PATCH v9 7/6] and zero-padded 024/375 are counted' '
	test "$(series_field d.json "CONFIG_PROVE_LOCKING" total)" = 6 &&
	test "$(series_field d.json "CONFIG_PROVE_LOCKING" version)" = 9 &&
	test "$(series_field d.json "xapic_state_test" total)" = 375 &&
	series_field d.json "xapic_state_test" subjects >actual &&
	grep "PATCH 024/375" actual
'

test_expect_success 'base64 body: the in-body From is the author' '
	test "$(head_field d.json "MSR_KVM_POLL_CONTROL" author.email)" = yusuf.demir@example.com.tr &&
	test "$(head_field d.json "MSR_KVM_POLL_CONTROL" sender.email)" = carla.reyes@example.org &&
	test "$(contributor_count d.json yusuf.demir@example.com.tr)" = 1 &&
	test "$(contributor_count d.json carla.reyes@example.org)" = 0 &&
	grep "^Author: Yusuf Demir <yusuf.demir@example.com.tr>, sent by Carla Reyes <carla.reyes@example.org>$" d.txt
'

test_expect_success 'CRLF inside base64: no CR left, the diffstat ends it' '
	head_field d.json "Flush L1D" body >body &&
	! grep "$(printf "\r")" body &&
	tail -n 1 body >actual &&
	echo " 2 files changed, 3 insertions(+), 2 deletions(-)" >expect &&
	test_cmp expect actual
'

test_expect_success 'quoted-printable with =0D: decoded, no CR, lines joined' '
	head_field d.json "x2AVIC" body >body &&
	! grep -e "=0D" -e "=$" -e "$(printf "\r")" body &&
	grep "^as available to userspace, which then enables it and gets a guest that cannot boot.$" body
'

test_expect_success 'charset "y" taken as UTF-8' '
	head_field d.json "failing vCPU" body >body &&
	grep "^Suggested-by: Zoë Ambrose <zoe.ambrose@example.org>$" body
'

test_expect_success 'no Content-Type at all: raw UTF-8 kept' '
	head_field d.json "cached CR4" body >body &&
	grep "^Reported-by: Zoë Ambrose" body
'

test_expect_success '"8-bit" transfer encoding: taken as 8bit' '
	head_field d.json "needless TLB" body >body &&
	grep "^Relaxing permissions doesn’t need a TLBI" body
'

test_expect_success 'multipart/signed: the text/plain part, no signature' '
	head_field d.json "host XCR0" body >body &&
	! grep "BEGIN PGP" body &&
	grep "^ 1 file changed" body
'

test_expect_success 'nested multipart with a text/x-patch: RFC, diffstat found' '
	test "$(series_field d.json "PMU LBR" rfc)" = true &&
	head_field d.json "PMU LBR" body >body &&
	grep "^ arch/x86/kvm/pmu.c | 1 +$" body
'

test_expect_success 'a patch in a base64 text/x-patch attachment' '
	head_field d.json "IRQ eventfd" body >body &&
	grep "^ drivers/vfio/pci/vfio_pci_intrs.c | 1 +$" body
'

test_expect_success 'a B4 relay sender counts as its X-Original-From' '
	test "$(contributor_count d.json kenji.sato@example.com)" = 1 &&
	! grep devnull d.json
'

test_expect_success 'a folded, encoded Message-Id is read whole' '
	test "$(head_field d.json "sched_in" message_id)" = \
		20240210-sched-in-v1-1-c0ffee@example.br
'

test_expect_success 'one Message-ID twice: counted once, the newer shown' '
	test "$(contributor_count d.json tariq.aziz@example.pk)" = 1 &&
	grep "^New:  KVM: x86: Let the PIC receive the EOI broadcast$" d.txt &&
	! grep "recieve" d.txt
'

test_expect_success 'several --- lines before the diffstat: notes kept' '
	head_field d.json "MTRR state for non-coherent" body >actual &&
	cat >expect <<-\EOF &&
	With non-coherent DMA the guest MTRRs matter again.

	Signed-off-by: Lena Marsh <lena.marsh@example.org>
	---
	v4:
	 - rebase on kvm-x86/next
	---
	v3: https://lore.kernel.org/kvm/20240201-mtrr-v3@example.org/
	---
	v2: https://lore.kernel.org/kvm/20240120-mtrr-v2@example.org/
	---
	 arch/x86/kvm/mtrr.c | 4 ++--
	 1 file changed, 2 insertions(+), 2 deletions(-)
	EOF
	test_cmp expect actual
'

test_expect_success 'a "--" signature and a list footer are not shown' '
	head_field d.json "NOTIFY_VMEXIT" body >body &&
	tail -n 1 body >actual &&
	echo " 1 file changed, 40 insertions(+)" >expect &&
	test_cmp expect actual &&
	head_field d.json "feature check for SVE" body >body &&
	! grep "_______" body &&
	! grep "^diff " body
'

test_expect_success 'a cover letter with its diffstat: the diffstat ends it' '
	test "$(head_field d.json "v2 0/3" kind)" = cover &&
	head_field d.json "v2 0/3" body >body &&
	tail -n 1 body | grep "^ 3 files changed, 66 insertions"
'

test_expect_success 'sent on behalf: in-body From is the author of 2/2' '
	test "$(contributor_count d.json maya.castellanos@example.com)" = 1 &&
	json_query d.json "d[\"contributors\"]" >rows &&
	test "$(series_field d.json "MMIO exit" received)" = 1
'

test_expect_success 'an encoded display name is decoded' '
	grep "^Author: Séverine Ménard <severine.menard@example.fr>$" d.txt
'

test_expect_success 'a -0700 Date keeps its zone' '
	test "$(head_field d.json "NPT root" date)" = 2024-02-11T23:58:30-07:00
'

test_expect_success 'escape sequences never reach the terminal raw' '
	! grep "$(printf "\033")" d.txt &&
	! grep "$(printf "\007")" d.txt &&
	grep "^New:  KVM: x86: Fix ^\[\[2J^\[\[1;31mtypo^\[\[0m in a comment$" d.txt &&
	grep "^^\[\[2J^\[\[HThis line clears the screen" d.txt
'

test_expect_success 'a message of 1 MB is digested' '
	make_big_message big.eml 1100000 &&
	make_v2_archive big big.eml &&
	git -C big/git/0.git kvmdigest --format=json HEAD >big.json &&
	test "$(json_query big.json "d[\"messages\"]")" = 1 &&
	test "$(json_query big.json "d[\"truncated\"]")" = 0
'

test_done
