#!/bin/sh

test_description='bad input: a clear error, or the message handled; nothing written'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"

# The table: one case a line, seven fields separated by "|" (so no field
# may hold one), blanks around them ignored:
#
#   title | prerequisite | setup | arguments | exit | stderr | stdout
#
# - prerequisite: as test_expect_success takes it, "-" for none;
# - setup: a command run first; it sets $dir, where the tool runs, and
#   $repos, the repositories whose refs and objects must not change;
# - arguments: the tool's, eval'ed (quotes and $OUT, $CONF work);
# - exit: the exit status wanted;
# - stderr: a grep pattern (BRE) that stderr must match, "-" when stderr
#   must be empty;
# - stdout: "empty"; "grep:PATTERN", a line stdout must have; or
#   "json:EXPR", a Python expression over the JSON digest `d` that must
#   be true, where also: count(email) is the contributor row's count,
#   H is the head of the one message not from good@example.com, base
#   is "3 messages, 3 patch mails, 2 for good@example.com", RAW is the
#   text of stdout.
#
# Every case also checks that nothing was written: no file in the trash
# directory appears, goes or changes (the output directory $OUT included),
# and each of $repos keeps its refs (notes too) and its object count.
# The handled cases run on a three-message archive: a good patch, the bad
# message, a good patch; every case runs under a time limit (30 s, the
# sanitizer build included; each takes well under a second).  The archives
# are written with git fast-import (make_fastimport_archive_from_files);
# public-inbox-mda, pre-checks off as for a mirror, takes a message with
# NUL bytes too and stores its bytes as they are.
cases=$(cat <<\EOF
neither an inbox nor a repository | -  | setup_plain        | HEAD                 | 128 | ^fatal: not a public-inbox archive: .*plain. holds no git/<N>.git epochs | empty
a repository that is no archive | -    | setup_project      | HEAD                 | 128 | ^fatal: not a public-inbox archive: .*src | empty
a commit whose tree has other files | - | setup_mixed       | HEAD~3..HEAD         | 128 | ^fatal: commit [0-9a-f]* is not a public-inbox message | empty
a message the archive lacks  | -       | setup_lost         | HEAD                 | 128 | ^fatal: cannot read the message of commit [0-9a-f]*: object [0-9a-f]* not found$ | empty
an unknown revision         | -        | setup_base         | nosuch..HEAD         | 128 | ^hint: .*epoch                            | empty
an unknown revision is named | -       | setup_base         | HEAD~1..nosuch       | 128 | ^fatal: bad revision .nosuch.$            | empty
an empty range              | -        | setup_base         | HEAD..HEAD           | 0   | ^nothing to digest in .HEAD..HEAD.$       | empty
an empty range, quiet       | -        | setup_base         | -q --notes -o "$OUT" HEAD~1..HEAD~1 | 0 | - | empty
a symmetric range           | -        | setup_base         | HEAD~2...HEAD        | 129 | symmetric                                 | empty
a range that ends before it starts | - | setup_base        | --notes HEAD..HEAD~2 | 128 | ^fatal: the range ends before it starts: .HEAD~2. is an ancestor of .HEAD.$ | empty
a range that ends in an earlier epoch | - | setup_epochs  | --notes "$(git -C epochs/git/2.git rev-parse HEAD)..$(git -C epochs/git/0.git rev-parse HEAD)" | 128 | ^fatal: the range ends before it starts: .* is in 0.git, before .* in 2.git$ | empty
epochs with a gap           | -        | setup_gap          | --notes HEAD         | 128 | ^fatal: epochs with a gap in .*/gap/git.: 1.git is missing between 0.git and 2.git$ | empty
a date git cannot read      | -        | setup_base         | --notes --since=garbage | 128 | ^fatal: invalid timestamp .garbage. given to .--since.$ | empty
an --until git cannot read  | -        | setup_epochs       | -o "$OUT/x.txt" --until=soon | 128 | ^fatal: invalid timestamp .soon. given to .--until.$ | empty
a window that ends before it starts | - | setup_base        | --notes --since=yesterday --until=1.week.ago | 128 | ^fatal: the window ends before it starts: --until=1.week.ago is before --since=yesterday$ | empty
a window and a range        | -        | setup_base         | --since=1.week.ago HEAD~1..HEAD | 129 | ^error: --since and --until take <B>, not a range$ | empty
a window and --since-last   | -        | setup_base         | --since-last --until=now | 129 | ^error: --since-last cannot be used with --since or --until$ | empty
an empty window             | -        | setup_epochs       | --notes -o "$OUT" --since=@2000000000 | 0 | ^nothing to digest in .--since=@2000000000.$ | empty
an empty window, quiet      | -        | setup_epochs       | -q --notes -o "$OUT" --until=@100000000 | 0 | - | empty
an unknown option           | -        | setup_base         | --frobnicate HEAD    | 129 | ^error: unknown option .--frobnicate.$    | empty
a missing configuration     | -        | setup_base         | --config "$CONF/nosuch.yaml" HEAD | 128 | ^fatal: cannot read .*nosuch.yaml.: No such file or directory$ | empty
a configuration that is a directory | - | setup_base        | --config "$CONF" HEAD | 128 | ^fatal: cannot read .*conf.: Is a directory$ | empty
an unreadable configuration | NOT_ROOT | setup_unreadable   | --config "$CONF/unreadable.yaml" HEAD | 128 | ^fatal: cannot read .*unreadable.yaml.: Permission denied$ | empty
a malformed configuration   | -        | setup_base         | --config "$CONF/malformed.yaml" HEAD | 128 | ^fatal: .*/malformed.yaml:2:9: .list.name. must be a string$ | empty
a configuration nested 100000 deep | - | setup_base         | --config "$CONF/deep.yaml" HEAD | 128 | ^fatal: .*/deep.yaml:3:[0-9]*: | empty
a NUL byte in the configuration | -    | setup_base         | --config "$CONF/nul.yaml" HEAD | 128 | ^fatal: .*/nul.yaml:2:1: .*0x00 | empty
a bad regular expression in the configuration | - | setup_base | --config "$CONF/regex.yaml" HEAD | 128 | ^fatal: bad regular expression in identities.bots.1. .*offset 9$ | empty
a malformed configuration from git config | - | setup_gitconfig | HEAD   | 128 | ^fatal: .*/malformed.yaml:2:9: | empty
an unwritable output        | -        | setup_base         | -o "$OUT/no/such/dir/x.txt" HEAD~1..HEAD | 128 | ^fatal: could not create .*no/such/dir | empty
a read-only output directory | NOT_ROOT | setup_readonly    | -o "$OUT/ro/x.txt" HEAD~1..HEAD | 128 | ^fatal: could not create .*ro/ | empty
an output file there already | -       | setup_existing     | -o "$OUT/keep.txt" HEAD~1..HEAD | 128 | ^fatal: .*keep.txt. exists already | empty
--notes with a note there already | -  | setup_noted        | --notes HEAD~1..HEAD | 128 | ^fatal: a digest note exists already for | empty
--notes and --output, a note there already | - | setup_noted | --notes -o "$OUT/x.txt" HEAD~1..HEAD | 128 | ^fatal: a digest note exists already for | empty
NUL bytes in header fields  | -        | bad_archive nul-header | --format=json HEAD | 0 | whole history up to .*: 3 messages$ | json:base and count('nul.header@example.org') == 1 and H['title'].startswith('KVM: x86: Tolerate') and H['author']['name'] == 'Nul Header' and H['body'].startswith('Text.\n---\n') and '\\u0000' not in RAW
NUL bytes in the body       | -        | bad_archive nul-body | --format=json HEAD  | 0 | whole history up to .*: 3 messages$ | json:base and count('nul.body@example.org') == 1 and H['title'] == 'KVM: x86: Body with NULs' and H['body'].startswith('Before^@the NUL and^@^@after.\n---\n') and '\\u0000' not in RAW
NUL bytes, classic          | -        | bad_archive nul-body | HEAD                | 0 | whole history up to .*: 3 messages$ | grep:^Before^@the NUL and^@^@after.$
a 5 MB header field         | -        | bad_archive big-header | --format=json HEAD | 0 | ^warning: 1 message read only in part | json:base and count('big.header@example.org') == 1 and H['title'] == 'KVM: x86: After a big header' and H['body'].startswith('Text.\n---\n') and d['truncated'] == 1 and len(RAW) < 100000
a 5 MB header field, the digest prints | - | bad_archive big-header | HEAD       | 0 | ^warning: 1 message read only in part | grep:^      1  Big Header <big.header@example.org>$
a subject of 100 KB         | -        | bad_archive big-subject | --format=json HEAD | 0 | ^warning: 1 message read only in part | json:base and count('long.subject@example.org') == 1 and H['title'].startswith('KVM: x86: Long word word ') and len(H['subject']) <= 65536 and d['truncated'] == 1
a line of 10 MB in a body   | -        | bad_archive big-line | --format=json HEAD  | 0 | whole history up to .*: 3 messages$ | json:base and count('long.line@example.org') == 1 and H['title'] == 'KVM: x86: One long line' and H['body'].startswith('Short first line.\nyyyy') and H['body'].endswith(' 1 file changed, 1 insertion(+), 1 deletion(-)\n') and d['truncated'] == 0
a message over the size limit | -      | bad_archive huge   | --format=json HEAD   | 0 | ^warning: 1 message read only in part: a size, header or MIME limit was reached$ | json:base and count('big.sender@example.org') == 1 and H['title'] == 'KVM: x86: Regenerate the huge opcode table' and H['body'] == '' and d['truncated'] == 1
broken base64               | -        | bad_archive base64 | --format=json HEAD   | 0 | whole history up to .*: 3 messages$ | json:base and count('bad.base@example.org') == 1 and H['title'] == 'KVM: x86: Broken base64' and H['body'].startswith('Decodable start of the text.\nSecond line.\n') and '\r' not in H['body'] and '\x01' not in H['body']
unknown charsets            | -        | bad_archive charset | --format=json HEAD  | 0 | whole history up to .*: 3 messages$ | json:base and count('unknown.charset@example.org') == 1 and H['author']['name'] == 'Unknown Charset' and H['title'] == 'KVM: x86: Caf\ufffd charset' and H['body'].startswith('Caf\ufffd \ufffd\ufffd ok\n---\n')
a multipart nested a thousand deep | - | bad_archive deep  | --format=json HEAD   | 0 | ^warning: 1 message read only in part | json:base and count('deep.nest@example.org') == 1 and H['title'] == 'KVM: x86: Nested a thousand deep' and d['truncated'] == 1
10000 MIME parts            | -        | bad_archive parts  | --format=json HEAD   | 0 | ^warning: 1 message read only in part | json:base and count('many.parts@example.org') == 1 and H['title'] == 'KVM: x86: Ten thousand parts' and H['body'].startswith('First part.\n---\n') and 'part 300' not in H['body'] and d['truncated'] == 1
quotes that never close, a 1 MB in-body From, cut at 64 KiB: the sender counts | - | bad_archive quotes | --format=json HEAD | 0 | whole history up to .*: 3 messages$ | json:base and count('quote.sender@example.org') == 1 and count('in.body@example.org') == 0 and H['title'] == 'KVM: x86: Unclosed quotes'
EOF
)

# --- setups -----------------------------------------------------------------

OUT="$TRASH_DIRECTORY/out"
CONF="$TRASH_DIRECTORY/conf"

# bad_message KIND FILE: a message that is bad in the way KIND says, made
# here rather than stored (some are megabytes).
bad_message () {
	perl -e '
	use strict;
	use warnings;
	use MIME::Base64 qw(encode_base64);
	my ($kind, $n) = @ARGV;
	binmode STDOUT;
	my $stat = " arch/x86/kvm/x86.c | 2 +-\n" .
		" 1 file changed, 1 insertion(+), 1 deletion(-)\n";
	my $diff = "\ndiff --git a/arch/x86/kvm/x86.c b/arch/x86/kvm/x86.c\n" .
		"--- a/arch/x86/kvm/x86.c\n+++ b/arch/x86/kvm/x86.c\n" .
		"\@\@ -1 +1 \@\@\n-old\n+new\n";
	my $patch = "---\n$stat$diff";
	# head(SUBJECT, FROM, [FIELDS BEFORE To], [FIELDS AFTER Message-ID])
	sub head {
		my ($subj, $from, $pre, $post) = @_;
		"From: $from\n" . ($pre // "") .
		"To: kvm\@vger.kernel.org\nSubject: $subj\n" .
		"Date: Tue, 13 Feb 2024 12:00:00 +0000\n" .
		"Message-ID: <$kind$n\@example.org>\n" . ($post // "") . "\n";
	}
	my $mime = "MIME-Version: 1.0\n";
	if ($kind eq "good") {
		print head("[PATCH] KVM: x86: Good patch $n",
			"Good Author <good\@example.com>"), "Good.\n$patch";
	} elsif ($kind eq "nul-header") {
		# public-inbox-mda takes such a message and stores its bytes
		# as they are, NULs included (its commit subject has a blank
		# for each NUL)
		print head("[PATCH] KVM: x86: Tolerate\0 a NUL",
			"Nul Header <nul.header\@example.org>\0junk", "",
			"X-Junk: a\0b\0c\n"), "Text.\n$patch";
	} elsif ($kind eq "nul-body") {
		print head("[PATCH] KVM: x86: Body with NULs",
			"Nul Body <nul.body\@example.org>"),
			"Before\0the NUL and\0\0after.\n$patch";
	} elsif ($kind eq "big-header") {
		# before Subject: the fields after it must still be read
		print head("[PATCH] KVM: x86: After a big header",
			"Big Header <big.header\@example.org>",
			"X-Filler: " . ("x" x (5 * 1024 * 1024)) . "\n"),
			"Text.\n$patch";
	} elsif ($kind eq "big-subject") {
		print head("[PATCH] KVM: x86: Long " . ("word " x 20480),
			"Long Subject <long.subject\@example.org>"),
			"Text.\n$patch";
	} elsif ($kind eq "big-line") {
		print head("[PATCH] KVM: x86: One long line",
			"Long Line <long.line\@example.org>"),
			"Short first line.\n", "y" x (10 * 1024 * 1024),
			"\n$patch";
	} elsif ($kind eq "base64") {
		my $b = encode_base64("Decodable start of the text.\n" .
			"Second line.\n");
		chomp $b;
		print head("[PATCH] KVM: x86: Broken base64",
			"Bad Base <bad.base\@example.org>", "",
			"${mime}Content-Type: text/plain; charset=UTF-8\n" .
			"Content-Transfer-Encoding: base64\n"),
			"$b\n!!\$\$ not*base64 \x01\n=QUJD=\nQU\n";
	} elsif ($kind eq "charset") {
		print head("[PATCH] KVM: x86: =?x-no-such-charset?q?Caf=E9?= charset",
			"=?x-klingon?q?Unknown_Charset?= <unknown.charset\@example.org>",
			"", "${mime}Content-Type: text/plain; charset=x-no-such-charset\n" .
			"Content-Transfer-Encoding: 8bit\n"),
			"Caf\xe9 \xff\xfe ok\n$patch";
	} elsif ($kind eq "deep") {
		my $s = head("[PATCH] KVM: x86: Nested a thousand deep",
			"Deep Nest <deep.nest\@example.org>", "",
			"${mime}Content-Type: multipart/mixed; boundary=\"b0\"\n");
		$s .= "--b" . ($_ - 1) . "\nContent-Type: multipart/mixed; " .
			"boundary=\"b$_\"\n\n" for 1 .. 1000;
		$s .= "--b1000\nContent-Type: text/plain\n\nDeep text.\n$patch";
		$s .= "--b$_--\n" for reverse 0 .. 1000;
		print $s;
	} elsif ($kind eq "parts") {
		my $s = head("[PATCH] KVM: x86: Ten thousand parts",
			"Many Parts <many.parts\@example.org>", "",
			"${mime}Content-Type: multipart/mixed; boundary=\"p\"\n") .
			"--p\nContent-Type: text/plain\n\nFirst part.\n$patch";
		$s .= "--p\nContent-Type: text/plain\n\npart $_\n" for 2 .. 10000;
		print "$s--p--\n";
	} elsif ($kind eq "quotes") {
		# "\"\"\"... : each quote opens a string that never closes
		print head("[PATCH] KVM: x86: Unclosed quotes",
			"Quote Sender <quote.sender\@example.org>"),
			"From: ", "\"\\" x 500000, " <in.body\@example.org>\n\n",
			"Text.\n$patch";
	} else {
		die "unknown kind $kind\n";
	}
	' "$1" "$3" >"$2"
}

mkdir -p mail "$OUT" "$CONF" cap

# the archive of three good patch mails that the error cases run on
setup_base () {
	test -d base || {
		bad_message good mail/good1.eml 1 &&
		bad_message good mail/good2.eml 2 &&
		bad_message good mail/good3.eml 3 &&
		make_fastimport_archive_from_files base \
			mail/good1.eml mail/good2.eml mail/good3.eml
	} || return 1
	dir=base/git/0.git
	repos=$dir
}

# bad_archive KIND: a good patch, the bad message, a good patch
bad_archive () {
	setup_base &&
	if ! test -d "arch-$1"
	then
		if test "$1" = huge
		then
			make_big_message "mail/$1.eml" $((33 * 1024 * 1024))
		else
			bad_message "$1" "mail/$1.eml"
		fi &&
		make_fastimport_archive_from_files "arch-$1" mail/good1.eml \
			"mail/$1.eml" mail/good2.eml 2>cap/import-err
	fi &&
	dir=arch-$1/git/0.git &&
	repos=$dir
}

# the three good patch mails, one an epoch: an inbox of three epochs
setup_epochs () {
	setup_base &&
	if ! test -d epochs
	then
		make_fastimport_archive_from_files --epoch-size 1 epochs \
			mail/good1.eml mail/good2.eml mail/good3.eml
	fi &&
	dir=epochs &&
	repos="epochs/git/0.git epochs/git/1.git epochs/git/2.git"
}

# the same with epoch 1 gone: 0.git and 2.git
setup_gap () {
	setup_epochs &&
	if ! test -d gap
	then
		cp -R epochs gap &&
		rm -rf gap/git/1.git
	fi &&
	dir=gap &&
	repos="gap/git/0.git gap/git/2.git"
}

setup_plain () {
	mkdir -p plain &&
	dir=plain &&
	repos=
}

setup_project () {
	test -d src || {
		git init -q src &&
		echo hello >src/README &&
		git -C src add README &&
		git -C src commit -q -m "a project"
	} &&
	dir=src &&
	repos=src
}

# an archive whose HEAD~1 has a README beside its m
setup_mixed () {
	setup_base &&
	if ! test -d mixed.git
	then
		git clone -q --bare base/git/0.git mixed.git &&
		m=$(git -C mixed.git rev-parse HEAD:m) &&
		tree=$(printf "100644 blob %s\tREADME\n100644 blob %s\tm\n" \
			"$m" "$m" | git -C mixed.git mktree) &&
		bad=$(git -C mixed.git commit-tree -p HEAD -m odd "$tree") &&
		good=$(git -C mixed.git commit-tree -p "$bad" -m "[PATCH] x" \
			"$(git -C mixed.git rev-parse HEAD^{tree})") &&
		git -C mixed.git update-ref refs/heads/master "$good"
	fi &&
	dir=mixed.git &&
	repos=$dir
}

# an archive whose HEAD~1 names a blob it does not have, with 3000
# messages after it, so that more than one batch is read
setup_lost () {
	setup_base &&
	if ! test -d lost.git
	then
		git clone -q --bare base/git/0.git lost.git &&
		tree=$(printf "100644 blob %s\tm\n" \
			0123456789abcdef0123456789abcdef01234567 |
			git -C lost.git mktree --missing) &&
		tip=$(git -C lost.git commit-tree -p HEAD -m "[PATCH] lost" \
			"$tree") &&
		m=$(git -C lost.git rev-parse HEAD:m) &&
		for i in $(seq 3000)
		do
			echo "commit refs/heads/master" &&
			echo "committer A <a@example.org> $((1700000000 + i)) +0000" &&
			msg="m$i" &&
			echo "data ${#msg}" && echo "$msg" &&
			test $i != 1 || echo "from $tip" &&
			echo "M 100644 $m m" || return 1
		done | git -C lost.git fast-import --quiet
	fi &&
	dir=lost.git &&
	repos=$dir
}

setup_unreadable () {
	setup_base &&
	echo "{}" >"$CONF/unreadable.yaml" &&
	chmod 000 "$CONF/unreadable.yaml"
}

setup_readonly () {
	setup_base &&
	mkdir -p "$OUT/ro" &&
	chmod a-w "$OUT/ro"
}

setup_existing () {
	setup_base &&
	echo precious >"$OUT/keep.txt"
}

# a clone whose git config names the malformed configuration
setup_gitconfig () {
	setup_base &&
	if ! test -d gitconfig.git
	then
		git clone -q --bare base/git/0.git gitconfig.git &&
		git -C gitconfig.git config kvmdigest.config \
			"$CONF/malformed.yaml"
	fi &&
	dir=gitconfig.git &&
	repos=$dir
}

# a clone whose HEAD carries a digest note already
setup_noted () {
	setup_base &&
	if ! test -d noted.git
	then
		git clone -q --bare base/git/0.git noted.git &&
		git -C noted.git notes --ref=kvmdigest add -m old HEAD
	fi &&
	dir=noted.git &&
	repos=$dir
}

printf 'list:\n  name: [unclosed\n' >"$CONF/malformed.yaml"
perl -e 'print "subsystems:\n  - name: x\n    files: ", "[" x 100000, "\n"' \
	>"$CONF/deep.yaml"
printf 'list: {name: KVM}\n\000\n' >"$CONF/nul.yaml"
printf 'identities:\n  bots: ["(unclosed"]\n' >"$CONF/regex.yaml"

# --- the checks -------------------------------------------------------------

# snapshot FILE: every path of the trash directory (but cap/, where the
# cases' outputs go) with its size and time, and the refs and object
# counts of $repos.
snapshot () {
	{
		find . -path ./cap -prune -o -printf '%p %s %T@\n' |
			LC_ALL=C sort &&
		for r in $repos
		do
			echo "repository $r" &&
			git -C "$r" for-each-ref --format='%(objectname) %(refname)' &&
			git -C "$r" count-objects -v |
				grep -e "^count:" -e "^in-pack:" || return 1
		done
	} >"$1"
}

# check_json FILE EXPR: EXPR (see the table) true of the JSON in FILE.
check_json () {
	python3 - "$1" "$2" <<-\PY
	import json, sys
	RAW = open(sys.argv[1], encoding="utf-8").read()
	d = json.loads(RAW)
	def count(email):
	    return sum(c["count"] for c in d["contributors"] if c["email"] == email)
	others = [h for h in d["heads"] if h["author"]["email"] != "good@example.com"]
	H = others[0] if len(others) == 1 else None
	base = (d["messages"] == 3 and d["patches"] == 3 and
	        count("good@example.com") == 2 and H is not None)
	if not eval(sys.argv[2]):
	    short = {k: d[k] for k in ("messages", "patches", "truncated",
	                               "contributors")}
	    sys.stderr.write("check_json: false: %s\n%s\nH = %.600r\n" %
	                     (sys.argv[2], json.dumps(short), H))
	    sys.exit(1)
	PY
}

# run_case: the case in $case_*; the tool runs in $dir under a time limit
run_case () {
	dir= &&
	repos= &&
	eval "$case_setup" &&
	snapshot cap/before &&
	eval "set -- $case_args" &&
	{
		(cd "$dir" && timeout 30 "$KVMDIGEST" "$@") >cap/out 2>cap/err
		echo $? >cap/status
	} &&
	snapshot cap/after &&
	echo "$case_exit" >cap/expect-status &&
	test_cmp cap/expect-status cap/status &&
	test_cmp cap/before cap/after &&
	test_grep -v -e Sanitizer -e "runtime error" cap/err &&
	if test "$case_stderr" = -
	then
		test_must_be_empty cap/err
	else
		test_grep -e "$case_stderr" cap/err
	fi &&
	case "$case_stdout" in
	empty)
		test_must_be_empty cap/out ;;
	grep:*)
		test_grep -e "${case_stdout#grep:}" cap/out ;;
	json:*)
		check_json cap/out "${case_stdout#json:}" ;;
	*)
		test_msg "BUG: bad stdout check '$case_stdout'"
		false ;;
	esac
}

trim () {
	printf '%s' "$1" | sed -e 's/^[ 	]*//' -e 's/[ 	]*$//'
}

test_expect_success 'the table is well formed' '
	printf "%s\n" "$cases" >cap/table &&
	! awk -F"|" "NF != 7" cap/table | grep . &&
	test "$(wc -l <cap/table)" -ge 30
'

while IFS='|' read -r case_title case_prereq case_setup case_args \
	case_exit case_stderr case_stdout
do
	case_title=$(trim "$case_title")
	case_prereq=$(trim "$case_prereq")
	case_setup=$(trim "$case_setup")
	case_args=$(trim "$case_args")
	case_exit=$(trim "$case_exit")
	case_stderr=$(trim "$case_stderr")
	case_stdout=$(trim "$case_stdout")
	if test "$case_prereq" = -
	then
		test_expect_success "$case_title" 'run_case' </dev/null
	else
		test_expect_success "$case_prereq" "$case_title" 'run_case' \
			</dev/null
	fi
done <<EOF
$cases
EOF

test_expect_success 'the handled cases leave nothing in the output directory' '
	ls -A "$OUT" >cap/left &&
	echo keep.txt >cap/expect &&
	if test_have_prereq NOT_ROOT
	then
		echo ro >>cap/expect
	fi &&
	LC_ALL=C sort cap/expect >cap/expect.sorted &&
	test_cmp cap/expect.sorted cap/left
'

# The excerpt's lines are bounded (KD_EXCERPT_LINE_MAX), as the header
# section is (KD_HEADER_MAX): a 10 MB line does not reach the digest whole.
test_expect_success 'a line of 10 MB is cut in the excerpt' '
	(cd arch-big-line/git/0.git && "$KVMDIGEST" --format=json HEAD) >cap/long.json 2>/dev/null &&
	check_json cap/long.json "len(H[\"body\"]) < 1024 * 1024"
'

test_done
