#!/bin/sh

test_description='the YAML configuration: where it is found, what it folds, how it fails'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"

# patch_mail FILE FROM SUBJECT ID: a patch mail with no in-body From.
patch_mail () {
	cat >"$1" <<-EOF
	From: $2
	To: kvm@vger.kernel.org
	Subject: $3
	Date: Tue, 13 Feb 2024 12:0$4:00 +0000
	Message-ID: <cfg-$4@example.org>
	MIME-Version: 1.0
	Content-Type: text/plain; charset=UTF-8

	A change.

	Signed-off-by: $2
	---
	 arch/x86/kvm/x86.c | 1 +
	 1 file changed, 1 insertion(+)
	EOF
}

test_expect_success 'setup: an archive with one person under two identities, a bot' '
	mkdir mail &&
	patch_mail mail/1.eml "Xin Li <xin3.li@intel.com>" "[PATCH] KVM: x86: One" 1 &&
	patch_mail mail/2.eml "\"Xin Li (Intel)\" <xin@zytor.com>" "[PATCH] KVM: x86: Two" 2 &&
	patch_mail mail/3.eml "Ann Other <ann@linux.intel.com>" "[PATCH] KVM: SVM: Three" 3 &&
	patch_mail mail/4.eml "kernel test robot <lkp@intel.com>" "[PATCH] KVM: x86: fix ptr_ret.cocci warnings" 4 &&
	patch_mail mail/5.eml "Bo Old <bo@old.example.com>" "[PATCH] KVM: arm64: Five" 5 &&
	patch_mail mail/6.eml "Bo New <bo@new.example.com>" "[PATCH] KVM: arm64: Six" 6 &&
	make_v2_archive inbox mail &&
	echo "{}" >empty.yaml
'

A=inbox/git/0.git

test_expect_success 'the default configuration folds Xin Li into one row' '
	git -C $A kvmdigest HEAD >d.txt &&
	sed -n "/^Top 15 contributors/,/^=====/p" d.txt >people &&
	grep "^      2  Xin Li <xin3.li@intel.com>$" people &&
	! grep zytor people
'

test_expect_success 'domains are those mail came from; organisations find the company' '
	sed -n "/contributor Email domains/,/^Top/p" d.txt >domains &&
	grep "^      1 intel.com$" domains &&
	grep "^      1 linux.intel.com$" domains &&
	grep "^      1 zytor.com$" domains
'

test_expect_success 'a domain fold counts a subdomain as its company' '
	cat >folds.yaml <<-\EOF &&
	identities:
	  domains:
	    linux.intel.com: intel.com
	EOF
	git -C $A kvmdigest --config "$PWD/folds.yaml" HEAD >f.txt &&
	sed -n "/contributor Email domains/,/^Top/p" f.txt >domains &&
	grep "^      3 intel.com$" domains &&
	! grep linux.intel.com domains
'

test_expect_success 'a bot is not a contributor; it is counted on its own line' '
	! grep "kernel test robot" people &&
	grep "^      1  (bots, not counted above)$" people &&
	git -C $A kvmdigest --format=json HEAD >d.json &&
	test "$(json_query d.json "[d[\"bot_patches\"], d[\"bots\"][0][\"email\"]]")" = "[1, \"lkp@intel.com\"]"
'

test_expect_success 'organisations: a table when the configuration names them' '
	grep "^Top 15 organisations" d.txt &&
	sed -n "/^Top 15 organisations/,/^Top 15 contributors/p" d.txt >orgs &&
	grep "^      2 Intel$" orgs
'

test_expect_success 'series in JSON name their subsystem' '
	test "$(series_field d.json "Three" subsystem)" = SVM &&
	test "$(series_field d.json "Five" subsystem)" = arm64
'

test_expect_success 'an empty configuration: no folding, no grouping' '
	git -C $A kvmdigest --config "$PWD/empty.yaml" HEAD >plain.txt &&
	grep "^      1  Xin Li <xin3.li@intel.com>$" plain.txt &&
	grep "^      1  Xin Li (Intel) <xin@zytor.com>$" plain.txt &&
	grep "^      1 zytor.com$" plain.txt &&
	grep "^      1  kernel test robot <lkp@intel.com>$" plain.txt &&
	! grep "^Top 15 organisations" plain.txt &&
	sed -n "/Patch list/,/Patch Commit/p" plain.txt >list &&
	! grep ":$" list
'

test_expect_success 'a mail with no name in From: is shown under the name counted' '
	mkdir named &&
	patch_mail named/1.eml "Ada Nameful <ada@example.net>" "[PATCH] KVM: x86: Named" 7 &&
	patch_mail named/2.eml "Ada Nameful <ada@example.net>" "[PATCH] KVM: x86: Named again" 8 &&
	patch_mail named/3.eml "ada@example.net" "[PATCH] KVM: x86: Bare address" 9 &&
	make_v2_archive named-inbox named &&
	git -C named-inbox/git/0.git kvmdigest --config "$PWD/empty.yaml" HEAD >named.txt &&
	grep "^      3  Ada Nameful <ada@example.net>$" named.txt &&
	grep -A2 "^New:  KVM: x86: Bare address$" named.txt >head &&
	grep "^Author: Ada Nameful <ada@example.net>$" head
'

test_expect_success 'a .mailmap folds two addresses as git shortlog does' '
	cat >mailmap <<-\EOF &&
	Bo Person <bo@new.example.com>
	Bo Person <bo@new.example.com> <bo@old.example.com>
	EOF
	cat >mm.yaml <<-EOF &&
	identities:
	  mailmap: [$PWD/mailmap]
	EOF
	git -C $A kvmdigest --config "$PWD/mm.yaml" --format=json HEAD >mm.json &&
	json_query mm.json "\"\\n\".join(\"%d\\t%s <%s>\" % (c[\"count\"], c[\"name\"], c[\"email\"]) for c in d[\"contributors\"] if \"example.com\" in c[\"email\"])" >actual &&
	git -C $A -c mailmap.file="$PWD/mailmap" shortlog -sne HEAD |
		grep example.com | sed "s/^ *//" >expect &&
	test_cmp expect actual
'

test_expect_success 'git config mailmap.file is honoured too' '
	git -C $A -c mailmap.file="$PWD/mailmap" kvmdigest --config "$PWD/empty.yaml" --format=json HEAD >mm2.json &&
	test "$(contributor_count mm2.json bo@new.example.com)" = 2
'

test_expect_success 'lookup: the installed default when nothing else is there' '
	git -C $A kvmdigest --check-config >out &&
	sed -n "1s/^config: //p" out >path &&
	test_cmp "$TEST_DIRECTORY/../kvmdigest.yaml" "$(cat path)" &&
	! grep "^$TRASH_DIRECTORY" path &&
	sed -n "/^subsystems:/,\$s/^  - name: //p" "$(cat path)" >names &&
	echo "subsystems: $(wc -l <names | tr -d " "): $(paste -s -d , names | sed "s/,/, /g")" >expect &&
	grep "^subsystems: " out >actual &&
	test_cmp expect actual
'

test_expect_success 'lookup: the user config folder comes before it' '
	mkdir -p "$HOME/.config/kvmdigest" &&
	echo "list: {name: Home}" >"$HOME/.config/kvmdigest/kvmdigest.yaml" &&
	git -C $A kvmdigest --check-config >out &&
	grep "^config: $HOME/.config/kvmdigest/kvmdigest.yaml$" out &&
	XDG_CONFIG_HOME="$PWD/xdg" git -C $A kvmdigest --check-config >out &&
	! grep "^config: $HOME" out
'

test_expect_success 'lookup: the git dir comes before the user folder' '
	echo "list: {name: GitDir}" >$A/kvmdigest.yaml &&
	git -C $A kvmdigest --check-config >out &&
	grep "^config: .*0.git/kvmdigest.yaml$" out &&
	git -C $A kvmdigest HEAD >d.txt &&
	grep "^GitDir mailing list update" d.txt
'

test_expect_success 'lookup: git config kvmdigest.config before the git dir' '
	echo "list: {name: FromGit}" >fromgit.yaml &&
	git -C $A -c kvmdigest.config="$PWD/fromgit.yaml" kvmdigest --check-config >out &&
	grep "^config: $PWD/fromgit.yaml$" out
'

test_expect_success 'lookup: --config first, used alone' '
	git -C $A -c kvmdigest.config="$PWD/fromgit.yaml" kvmdigest \
		--config "$PWD/empty.yaml" --check-config >out &&
	echo "config: $PWD/empty.yaml" >expect &&
	echo "nothing: no folding, no grouping" >>expect &&
	test_cmp expect out &&
	rm $A/kvmdigest.yaml "$HOME/.config/kvmdigest/kvmdigest.yaml"
'

# config_fails NAME MESSAGE: the digest refuses the YAML on stdin with
# MESSAGE (a grep pattern), exit 128, and writes nothing.
n=0
config_fails () {
	n=$((n + 1))
	cat >"bad$n.yaml"
	test_expect_success "bad configuration: $1" "
		test_expect_code 128 git -C $A kvmdigest --config \"\$PWD/bad$n.yaml\" HEAD >out 2>err &&
		test_must_be_empty out &&
		grep \"^fatal: \" err &&
		grep -e \"$2\" err &&
		test_expect_code 128 git -C $A kvmdigest --config \"\$PWD/bad$n.yaml\" --check-config >out 2>err &&
		test_must_be_empty out
	"
}

config_fails 'malformed YAML' 'bad1.yaml:[0-9]*:[0-9]*: ' <<-\EOF
list:
  name: "KVM
EOF
config_fails 'bad indentation' 'bad2.yaml:3:[0-9]*: ' <<-\EOF
list:
  name: KVM
 archive: x
EOF
config_fails 'an unknown key' "bad3.yaml:3:7: unknown key 'nmae' in 'identities.people'" <<-\EOF
identities:
  people:
    - nmae: X
EOF
config_fails 'an unknown top-level key' "bad4.yaml:1:1: unknown key 'lists' in the top level" <<-\EOF
lists: {}
EOF
config_fails 'a value of the wrong type' "bad5.yaml:2:8: 'output.top' must be a positive integer" <<-\EOF
output:
  top: many
EOF
config_fails 'a map where a list goes' "bad6.yaml:1:13: 'subsystems' must be" <<-\EOF
subsystems: {name: x}
EOF
config_fails 'a bad regular expression in a rule' "bad regular expression in subsystem 'x86/mmu' (line 3): '^KVM: (x86': missing closing parenthesis at offset 10" <<-\EOF
subsystems:
  - name: x86/mmu
    title: '^KVM: (x86'
EOF
config_fails 'a bad regular expression for bots' "bad regular expression in identities.bots.1. (line 2): '^syz(': missing closing parenthesis at offset 5" <<-\EOF
identities:
  bots: ['^syz(']
EOF
config_fails 'a mailmap that is not there' "cannot read identities.mailmap.1." <<-\EOF
identities:
  mailmap: [/nonexistent/mailmap]
EOF

test_expect_success 'a --config file that is not there' '
	test_expect_code 128 git -C $A kvmdigest --config "$PWD/nosuch.yaml" HEAD >out 2>err &&
	test_must_be_empty out &&
	grep "^fatal: cannot read .*nosuch.yaml.: No such file or directory$" err
'

test_done
