# lib-archive.sh: build public-inbox archives at test time.
#
# Sourced by test scripts after test-lib.sh (and by scripts/demo).  Two
# ways to build an archive:
#
# - with the real public-inbox writer (Debian's public-inbox package), where
#   the layout and what the writer does to a message matter:
#
#	make_v2_archive [OPTIONS] DIR [FILE|DIR|MAILDIR]...
#	make_v1_archive [OPTIONS] DIR [FILE|DIR|MAILDIR]...
#		OPTIONS: --name NAME      inbox name (default: basename of DIR)
#		         --address ADDR   list address (default kvm@vger.kernel.org)
#		         --precheck       let public-inbox-mda run its pre-checks
#		                          (one Message-ID, a usable Date, From,
#		                          Subject, ADDR in To/Cc, at most 500 KB);
#		                          by default they are off, as for a list
#		                          mirror such as lore
#		         --filter CLASS   publicinbox.NAME.filter (default
#		                          PublicInbox::Filter::Mirror: keep all;
#		                          PublicInbox::Filter::Base rejects HTML)
#	  v2: the inbox is DIR, its one epoch DIR/git/0.git (branch master);
#	  v1: DIR is the repository itself.
#	deliver_to_archive [--new-epoch] DIR FILE|DIR|MAILDIR...   more mail
#		for DIR; with --new-epoch (v2), the writer rotates first, as it
#		does when an epoch reaches its size: the mail goes to a new
#		epoch, git/<N+1>.git, whose first commit has no parent
#	delete_from_v2_archive DIR MSGFILE   public-inbox-learn rm: a commit
#		whose tree holds only `d` (the removed message)
#	purge_from_v2_archive DIR MSGFILE    public-inbox-purge: history is
#		rewritten from the message on (every later commit gets a
#		new id); the message's commit becomes "purged <blob id>"
#		with an empty author (" <>") and `m` an empty blob
#	v2_epoch DIR [N]     prints DIR/git/N.git (N defaults to 0)
#	serve_archives DIR...   public-inbox-httpd serving these archives, as
#		lore serves its lists, on a port of its own: sets
#		KD_HTTPD_URL (http://127.0.0.1:PORT; an archive is at
#		$KD_HTTPD_URL/<name>/, for public-inbox-clone and -fetch) and
#		KD_HTTPD_PID; stop_serving stops it.  Prerequisite PI_HTTPD:
#		the daemon, public-inbox-clone, public-inbox-fetch and curl.
#
#   Each FILE is one RFC 5322 message (a leading mbox "From " line is
#   dropped, as public-inbox-mda does).  A DIR argument delivers its *.eml
#   files, a Maildir its cur/ and new/ files, in name order.  A message the
#   writer does not take (a duplicate, a failed pre-check, a rejected
#   filter) fails the helper, naming the file: public-inbox-mda itself
#   exits 0 and leaves such a message in its emergency Maildir.
#   Commits from public-inbox get the message's Date as author and
#   committer date; the `rm` commit and a message without a usable Date
#   would get the wall clock, which these helpers replace with
#   $test_tick_time (see test_tick) so that runs are reproducible.
#
# - with git fast-import, where volume matters (no public-inbox process
#   per message; the commit's author and subject still come from
#   public-inbox's own Perl code, PublicInbox::Import):
#
#	make_fastimport_archive [--epoch-size N] [--bad-tz] [--seed S]
#		[--manifest FILE] DIR COUNT
#		COUNT generated KVM-like messages (series with cover letters,
#		single patches, replies, RFCs, several authors and domains,
#		patches sent on behalf of their author, B4 relay senders).
#		--manifest writes one tab-separated line per message, in
#		delivery order: epoch, message-id, kind (cover|patch|reply|
#		other), version, index, total, contributor name,
#		contributor address, title.
#	make_fastimport_archive_from_files [--epoch-size N] [--bad-tz] DIR FILE...
#		the given messages, in the given order.
#	  Layout as v2: DIR/git/0.git, DIR/git/1.git ... (one independent
#	  history per epoch, --epoch-size messages each, default all in 0).
#	  --bad-tz stores a negative zone as some archives do (-0700 as
#	  +1700); the real public-inbox 1.9 writer stores -0700.
#
#	archive_message_count REPO   commits of REPO whose tree holds `m`
#	samples FROM TO   the sample messages of the source tree's samples/
#		numbered FROM to TO (01..18), one path a line, in name order
#		(needs $TEST_DIRECTORY)
#
# State lives in $KD_PI_HOME (default: .public-inbox in the trash
# directory): one public-inbox config per archive, so that archives do not
# see each other, and the emergency Maildir.

KD_PI_HOME=${KD_PI_HOME:-${TRASH_DIRECTORY:-$(pwd)}/.public-inbox}
KD_LIST_ADDRESS=${KD_LIST_ADDRESS:-kvm@vger.kernel.org}

_la_err () {
	printf 'lib-archive: %s\n' "$*" >&2
}

_la_abspath () {
	case "$1" in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s\n' "$(pwd)/$1" ;;
	esac
}

# The config file of the archive at absolute path $1.
_la_config () {
	printf '%s/config.d/%s\n' "$KD_PI_HOME" \
		"$(printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_')"
}

# public-inbox takes "now" from Perl's time(); this module makes the writer
# (and only it) use $KD_PI_NOW instead, for reproducible commits.  The
# second makes the v2 writer start a new epoch, as it does once an epoch
# holds about a gigabyte: its size limit is set to nothing.
_la_setup_clock () {
	test -f "$KD_PI_HOME/perl/KDPIClock.pm" &&
	test -f "$KD_PI_HOME/perl/KDPIRotate.pm" && return 0
	mkdir -p "$KD_PI_HOME/perl" || return 1
	cat >"$KD_PI_HOME/perl/KDPIRotate.pm" <<-\EOF
	package KDPIRotate;
	# Loaded after KDPIClock, so that the writer's modules see its clock.
	use PublicInbox::V2Writable;
	my $new = \&PublicInbox::V2Writable::new;
	{
		no warnings 'redefine';
		*PublicInbox::V2Writable::new = sub {
			my $self = $new->(@_);
			$self->{rotate_bytes} = 0;
			return $self;
		};
	}
	1;
	EOF
	cat >"$KD_PI_HOME/perl/KDPIClock.pm" <<-\EOF
	package KDPIClock;
	# Installed before PublicInbox::Import and ::MsgTime are compiled,
	# so their time() calls come here; everything else keeps the clock.
	BEGIN {
		*CORE::GLOBAL::time = sub () {
			my $pkg = (caller)[0];
			if (defined $ENV{KD_PI_NOW} &&
			    $pkg =~ /\APublicInbox::(?:Import|MsgTime)\z/) {
				return $ENV{KD_PI_NOW};
			}
			return CORE::time();
		};
	}
	1;
	EOF
}

# _la_pi CONFIG CMD ARGS...: run a public-inbox command for one archive.
_la_pi () {
	_la_cfg=$1
	shift
	PI_CONFIG=$_la_cfg \
	PI_EMERGENCY="$KD_PI_HOME/emergency" \
	PERL5LIB="$KD_PI_HOME/perl${PERL5LIB:+:$PERL5LIB}" \
	PERL5OPT="-MKDPIClock${_la_rotate:+ -MKDPIRotate}${PERL5OPT:+ $PERL5OPT}" \
	KD_PI_NOW=${test_tick_time:-1704067200} \
	"$@"
}

_la_make_archive () {
	_la_version=$1
	shift
	_la_name=
	_la_address=$KD_LIST_ADDRESS
	_la_precheck=--no-precheck
	_la_filter=PublicInbox::Filter::Mirror
	while test $# -gt 0
	do
		case "$1" in
		--name) _la_name=$2; shift 2 ;;
		--address) _la_address=$2; shift 2 ;;
		--precheck) _la_precheck=--precheck; shift ;;
		--filter) _la_filter=$2; shift 2 ;;
		--) shift; break ;;
		-*) _la_err "unknown option '$1'"; return 1 ;;
		*) break ;;
		esac
	done
	if test $# = 0
	then
		_la_err "usage: make_v${_la_version}_archive [OPTIONS] DIR [MAIL...]"
		return 1
	fi
	_la_dir=$(_la_abspath "$1")
	shift
	test -n "$_la_name" || _la_name=$(basename "$_la_dir")
	if test -e "$_la_dir"
	then
		_la_err "'$_la_dir' exists already"
		return 1
	fi
	_la_setup_clock || return 1
	_la_cfg=$(_la_config "$_la_dir")
	mkdir -p "$KD_PI_HOME/config.d" || return 1
	rm -f "$_la_cfg"
	_la_pi "$_la_cfg" public-inbox-init -V "$_la_version" -L basic \
		$(test "$_la_version" = 2 && echo -j1) \
		"$_la_name" "$_la_dir" "http://example.org/$_la_name/" \
		"$_la_address" >"$KD_PI_HOME/init.log" 2>&1 || {
		_la_err "public-inbox-init failed:"
		cat "$KD_PI_HOME/init.log" >&2
		return 1
	}
	git config -f "$_la_cfg" publicinboxmda.spamcheck none &&
	git config -f "$_la_cfg" "publicinbox.$_la_name.filter" "$_la_filter" &&
	git config -f "$_la_cfg" "publicinbox.$_la_name.kdprecheck" \
		"$_la_precheck" || return 1
	test $# = 0 || deliver_to_archive "$_la_dir" "$@"
}

make_v2_archive () {
	_la_make_archive 2 "$@"
}

make_v1_archive () {
	_la_make_archive 1 "$@"
}

# _la_list_mail ARG...: the message files, one a line.
_la_list_mail () {
	for _la_a
	do
		if test -d "$_la_a/cur" || test -d "$_la_a/new"
		then
			for _la_f in "$_la_a"/cur/* "$_la_a"/new/*
			do
				test -f "$_la_f" && printf '%s\n' "$_la_f"
			done | LC_ALL=C sort
		elif test -d "$_la_a"
		then
			for _la_f in "$_la_a"/*.eml
			do
				test -f "$_la_f" && printf '%s\n' "$_la_f"
			done
		elif test -f "$_la_a"
		then
			printf '%s\n' "$_la_a"
		else
			_la_err "no such message file or directory: '$_la_a'"
			return 1
		fi
	done
}

# _la_inbox_info DIR: sets _la_cfg, _la_name, _la_address, _la_precheck.
_la_inbox_info () {
	_la_dir=$(_la_abspath "$1")
	_la_cfg=$(_la_config "$_la_dir")
	if ! test -f "$_la_cfg"
	then
		_la_err "'$1' was not made by make_v1_archive/make_v2_archive"
		return 1
	fi
	_la_name=$(git config -f "$_la_cfg" --get-regexp \
		'^publicinbox\..*\.inboxdir$' | sed -n '1s/^publicinbox\.\(.*\)\.inboxdir .*/\1/p')
	_la_address=$(git config -f "$_la_cfg" "publicinbox.$_la_name.address")
	_la_precheck=$(git config -f "$_la_cfg" "publicinbox.$_la_name.kdprecheck")
}

_la_emergency_empty () {
	test -z "$(find "$KD_PI_HOME/emergency" -type f 2>/dev/null)"
}

deliver_to_archive () {
	_la_rotate=
	if test "$1" = --new-epoch
	then
		_la_rotate=t
		shift
	fi
	_la_inbox_info "$1" || return 1
	shift
	_la_files=$(_la_list_mail "$@") || return 1
	if test -z "$_la_files"
	then
		_la_err "no message found in: $*"
		return 1
	fi
	_la_status=0
	# File names may hold blanks, not newlines.
	_la_save_ifs=$IFS
	IFS='
'
	for _la_f in $_la_files
	do
		IFS=$_la_save_ifs
		rm -rf "$KD_PI_HOME/emergency"
		ORIGINAL_RECIPIENT=$_la_address \
		_la_pi "$_la_cfg" public-inbox-mda "$_la_precheck" \
			<"$_la_f" >"$KD_PI_HOME/mda.log" 2>&1
		_la_rc=$?
		# only the first message starts the new epoch
		_la_rotate=
		if test $_la_rc != 0 || ! _la_emergency_empty
		then
			_la_err "public-inbox-mda did not take '$_la_f' (exit $_la_rc):"
			cat "$KD_PI_HOME/mda.log" >&2
			_la_status=1
		fi
	done
	IFS=$_la_save_ifs
	rm -rf "$KD_PI_HOME/emergency"
	return $_la_status
}

v2_epoch () {
	printf '%s/git/%s.git\n' "$1" "${2:-0}"
}

_la_v2_head () {
	git --git-dir="$(v2_epoch "$1")" rev-parse -q --verify HEAD
}

delete_from_v2_archive () {
	test $# = 2 || { _la_err "usage: delete_from_v2_archive DIR MSGFILE"; return 1; }
	_la_inbox_info "$1" || return 1
	_la_before=$(_la_v2_head "$_la_dir")
	_la_pi "$_la_cfg" public-inbox-learn rm --all <"$2" \
		>"$KD_PI_HOME/learn.log" 2>&1 || {
		_la_err "public-inbox-learn rm failed for '$2':"
		cat "$KD_PI_HOME/learn.log" >&2
		return 1
	}
	_la_after=$(_la_v2_head "$_la_dir")
	if test "$_la_before" = "$_la_after"
	then
		_la_err "public-inbox-learn rm removed nothing for '$2'"
		cat "$KD_PI_HOME/learn.log" >&2
		return 1
	fi
}

purge_from_v2_archive () {
	test $# = 2 || { _la_err "usage: purge_from_v2_archive DIR MSGFILE"; return 1; }
	_la_inbox_info "$1" || return 1
	_la_before=$(_la_v2_head "$_la_dir")
	_la_pi "$_la_cfg" public-inbox-purge "$_la_dir" <"$2" \
		>"$KD_PI_HOME/purge.log" 2>&1 || {
		_la_err "public-inbox-purge failed for '$2':"
		cat "$KD_PI_HOME/purge.log" >&2
		return 1
	}
	if test "$_la_before" = "$(_la_v2_head "$_la_dir")"
	then
		_la_err "public-inbox-purge changed nothing for '$2'"
		cat "$KD_PI_HOME/purge.log" >&2
		return 1
	fi
}

command -v public-inbox-httpd >/dev/null 2>&1 &&
command -v public-inbox-clone >/dev/null 2>&1 &&
command -v public-inbox-fetch >/dev/null 2>&1 &&
command -v curl >/dev/null 2>&1 &&
command -v test_set_prereq >/dev/null 2>&1 &&
	test_set_prereq PI_HTTPD

serve_archives () {
	_la_served="$KD_PI_HOME/served.config"
	rm -f "$_la_served" "$KD_PI_HOME/httpd.log"
	for _la_a
	do
		_la_inbox_info "$_la_a" || return 1
		cat "$_la_cfg" >>"$_la_served" || return 1
	done
	# none of the test's streams: prove waits for the end of them
	PI_CONFIG=$_la_served public-inbox-httpd -l http://127.0.0.1:0 \
		>"$KD_PI_HOME/httpd.log" 2>&1 </dev/null 3>&- 4>&- 5>&- 6>&- &
	KD_HTTPD_PID=$!
	# it says where it listens once it does
	_la_i=0
	while ! grep -q "^# bound http://127.0.0.1:[0-9]*$" "$KD_PI_HOME/httpd.log"
	do
		_la_i=$((_la_i + 1))
		if test $_la_i -gt 300 || ! kill -0 "$KD_HTTPD_PID" 2>/dev/null
		then
			_la_err "public-inbox-httpd did not start:"
			cat "$KD_PI_HOME/httpd.log" >&2
			return 1
		fi
		sleep 0.1
	done
	KD_HTTPD_URL=$(sed -n "s|^# bound \(http://127.0.0.1:[0-9]*\)$|\1|p" \
		"$KD_PI_HOME/httpd.log")
}

stop_serving () {
	test -n "$KD_HTTPD_PID" || return 0
	kill "$KD_HTTPD_PID" 2>/dev/null
	wait "$KD_HTTPD_PID" 2>/dev/null
	KD_HTTPD_PID=
	return 0
}

archive_message_count () {
	git --git-dir="$1" log --format='%H' --name-only |
	grep -c -v -e '^[0-9a-f]\{40\}$' -e '^$' -e '^d$'
}

# --- fast-import archives -------------------------------------------------

# The writer: reads messages (files named on the command line, or a stream
# from the generator on stdin, each message preceded by a line
# "\0KDMSG <length>\n"), takes author, dates and subject from public-inbox's
# PublicInbox::Import::extract_cmt_info, and feeds git fast-import, one
# repository per epoch.
_la_fastimport_writer='
use strict;
use warnings;
use PublicInbox::Eml;
use PublicInbox::Import;

my ($dir, $epoch_size, $bad_tz, $from_stdin, @files) = @ARGV;
my ($fi, $epoch, $n) = (undef, -1, 0);

sub fix_tz {
	my ($ts) = @_;
	return $ts unless $bad_tz;
	# "-0700" stored as "+1700": the zone taken modulo 24 hours.
	$ts =~ s{ -(\d\d)(\d\d)\z}{
		my $m = 1440 - ($1 * 60 + $2);
		sprintf(" +%02d%02d", int($m / 60), $m % 60);
	}e;
	$ts;
}

sub open_epoch {
	my ($e) = @_;
	if ($fi) {
		print $fi "done\n";
		close($fi) or die "git fast-import failed for epoch ", $e - 1, "\n";
	}
	my $git = "$dir/git/$e.git";
	system("git", "init", "-q", "--bare", $git) == 0 or die "git init $git\n";
	system("git", "--git-dir=$git", "symbolic-ref", "HEAD",
		"refs/heads/master") == 0 or die;
	# raw-permissive lets --bad-tz write zones such as +1700
	open($fi, "|-", "git", "--git-dir=$git", "fast-import", "--quiet",
		"--done", $bad_tz ? "--date-format=raw-permissive" : ())
		or die "fast-import: $!\n";
	binmode $fi;
}

sub add {
	my ($raw) = @_;
	$raw =~ s/\A[\r\n]*From [^\r\n]*\r?\n//s;
	my $e = $epoch_size ? int($n / $epoch_size) : 0;
	if ($e != $epoch) {
		open_epoch($e);
		$epoch = $e;
	}
	my $eml = PublicInbox::Eml->new(\(my $copy = $raw));
	my ($author, $at, $ct, $subject) =
		PublicInbox::Import::extract_cmt_info($eml);
	$at = fix_tz($at);
	$ct = fix_tz($ct);
	print $fi "blob\nmark :1\ndata ", length($raw), "\n", $raw, "\n";
	print $fi "commit refs/heads/master\n",
		"author $author $at\n",
		"committer kvm <kvm\@vger.kernel.org> $ct\n",
		"data ", length($subject), "\n", $subject, "\n",
		"M 100644 :1 m\n\n";
	$n++;
}

if ($from_stdin) {
	binmode STDIN;
	local $/ = "\n";
	while (defined(my $hdr = <STDIN>)) {
		$hdr =~ /\A\0KDMSG (\d+)\n\z/ or die "bad generator stream\n";
		read(STDIN, my $raw, $1) == $1 or die "short message\n";
		add($raw);
	}
} else {
	for my $f (@files) {
		open(my $fh, "<:raw", $f) or die "$f: $!\n";
		local $/;
		add(scalar <$fh>);
	}
}
if ($fi) {
	print $fi "done\n";
	close($fi) or die "git fast-import failed\n";
}
'

# The generator: COUNT messages that look like a busy KVM list, the same
# ones for the same seed.  Writes the writer's stream on stdout.
_la_generator='
use strict;
use warnings;
use MIME::Base64 qw(encode_base64);

my ($count, $seed, $manifest, $epoch_size) = @ARGV;
srand($seed);
my $mf;
if ($manifest ne "") {
	open($mf, ">:raw", $manifest) or die "$manifest: $!\n";
}

# name, address, zone
my @people = (
	["Alice Vance", "alice.vance\@example.com", "-0800"],
	["Bogdan Petrescu", "bogdan\@example.org", "+0200"],
	["Chen Wei", "wei.chen\@intel.example.com", "+0800"],
	["Dana Okafor", "dokafor\@example.net", "-0500"],
	["Eero Lindqvist", "eero.lindqvist\@example.fi", "+0300"],
	["Farah Haddad", "farah\@cloud.example.com", "+0000"],
	["Gr\x{e9}goire Lef\x{e8}vre", "gregoire\@example.fr", "+0100"],
	["Hiroshi Tanaka", "htanaka\@example.jp", "+0900"],
	["Ingrid Solberg", "ingrid.solberg\@example.no", "+0100"],
	["Jun Park", "jun.park\@example.kr", "+0900"],
	["Kavya Raman", "kavya.raman\@example.in", "+0530"],
	["Lucas Moreau", "lmoreau\@example.com", "-0700"],
	["Mei Lin", "mei.lin\@loong.example.cn", "+0800"],
	["Nikolai Orlov", "n.orlov\@example.org", "+0300"],
);
my @subsys = (
	["KVM: x86/mmu:", "arch/x86/kvm/mmu/mmu.c", "arch/x86/kvm/mmu/tdp_mmu.c"],
	["KVM: x86:", "arch/x86/kvm/x86.c", "arch/x86/include/asm/kvm_host.h"],
	["KVM: VMX:", "arch/x86/kvm/vmx/vmx.c", "arch/x86/kvm/vmx/nested.c"],
	["KVM: SVM:", "arch/x86/kvm/svm/svm.c", "arch/x86/kvm/svm/sev.c"],
	["KVM: arm64:", "arch/arm64/kvm/arm.c", "arch/arm64/kvm/mmu.c"],
	["KVM: selftests:", "tools/testing/selftests/kvm/lib/kvm_util.c",
		"tools/testing/selftests/kvm/x86/state_test.c"],
	["KVM: s390:", "arch/s390/kvm/kvm-s390.c", "arch/s390/kvm/gaccess.c"],
	["KVM: riscv:", "arch/riscv/kvm/vcpu.c", "arch/riscv/kvm/mmu.c"],
	["KVM: LoongArch:", "arch/loongarch/kvm/vcpu.c", "arch/loongarch/kvm/mmu.c"],
	["vfio/pci:", "drivers/vfio/pci/vfio_pci_core.c", "drivers/vfio/pci/vfio_pci_config.c"],
);
my @verbs = qw(Fix Drop Add Rework Move Rename Plumb Document Harden Simplify
	Introduce Cache Skip Track Refactor);
my @objects = ("stale TLB flush", "dirty ring reset", "nested VM-Enter checks",
	"guest_memfd binding", "PMU event filter", "MMIO SPTE generation",
	"vCPU reset path", "APIC timer deadline", "SEV-SNP page state",
	"IRQ routing update", "steal time accounting", "vGIC ITS save",
	"memslot lookup", "CPUID leaf 0xD", "hypercall exit",
	"xsave buffer size", "TDP MMU root refcount", "pvclock update");

my $t = 1704067200;	# 2024-01-01
my $n = 0;
my @sent;	# [subject, message-id, person] of earlier patch mails

sub person { $people[int(rand(@people))] }

sub fmt_date {
	my ($ts, $zone) = @_;
	my ($sign, $hh, $mm) = $zone =~ /([+-])(\d\d)(\d\d)/;
	my $off = ($hh * 3600 + $mm * 60) * ($sign eq "-" ? -1 : 1);
	my @g = gmtime($ts + $off);
	my @d = qw(Sun Mon Tue Wed Thu Fri Sat);
	my @m = qw(Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec);
	sprintf("%s, %d %s %d %02d:%02d:%02d %s", $d[$g[6]], $g[3], $m[$g[4]],
		$g[5] + 1900, $g[2], $g[1], $g[0], $zone);
}

sub enc_name {
	my ($name) = @_;
	return $name if $name !~ /[^\x20-\x7e]/;
	my $u = $name;
	utf8::encode($u);
	$u =~ s/([^A-Za-z0-9])/sprintf("=%02X", ord($1))/ge;
	"=?UTF-8?q?$u?=";
}

sub addr { my ($p) = @_; enc_name($p->[0]) . " <$p->[1]>" }

sub utf8_name { my $s = $_[0]; utf8::encode($s); $s }

sub diff_for {
	my ($files) = @_;
	my ($stat, $diff, $ins, $del) = ("", "", 0, 0);
	my $w = 0;
	for (@$files) { $w = length($_) if length($_) > $w }
	for my $f (@$files) {
		my $a = 1 + int(rand(20));
		my $d = int(rand(10));
		$ins += $a;
		$del += $d;
		$stat .= sprintf(" %-*s | %d %s\n", $w, $f, $a + $d,
			("+" x ($a > 40 ? 40 : $a)) . ("-" x ($d > 20 ? 20 : $d)));
		my $line = 100 + int(rand(900));
		$diff .= "diff --git a/$f b/$f\nindex 1a2b3c4..5d6e7f8 100644\n" .
			"--- a/$f\n+++ b/$f\n\@\@ -$line,$d +$line,$a \@\@\n" .
			join("", map { "-\told_statement_$_();\n" } 1 .. $d) .
			join("", map { "+\tnew_statement_$_();\n" } 1 .. $a);
	}
	my $files_n = @$files;
	$stat .= sprintf(" %d file%s changed, %d insertion%s(+), %d deletion%s(-)\n",
		$files_n, $files_n == 1 ? "" : "s", $ins, $ins == 1 ? "" : "s",
		$del, $del == 1 ? "" : "s");
	($stat, $diff);
}

sub emit {
	my (%m) = @_;
	last_check();
	$t += 30 + int(rand(1800));
	my $p = $m{sender};
	my $mid = sprintf("%d.%d-%d-%s", $t, $n, $seed,
		(split(/\@/, $p->[1]))[0]) . "\@" . (split(/\@/, $p->[1]))[1];
	$mid =~ s/[^A-Za-z0-9.\@-]/-/g;
	my $from = addr($p);
	my $extra = "";
	if ($m{relay}) {
		$from = enc_name($p->[0]) . " via B4 Relay " .
			"<devnull+" . join(".", reverse split(/\@/, $p->[1])) .
			"\@kernel.org>";
		$extra .= "X-Original-From: " . addr($p) . "\n";
	}
	my $body = $m{body};
	my $cte = "8bit";
	my $ct = "text/plain; charset=UTF-8";
	if ($m{base64}) {
		$cte = "base64";
		$body = encode_base64($body);
	}
	my $hdr = "From: $from\n" .
		"To: kvm\@vger.kernel.org\n" .
		"Subject: $m{subject}\n" .
		"Date: " . fmt_date($t, $p->[2]) . "\n" .
		"Message-ID: <$mid>\n" .
		($m{irt} ? "In-Reply-To: <$m{irt}>\nReferences: <$m{irt}>\n" : "") .
		$extra .
		"MIME-Version: 1.0\n" .
		"Content-Type: $ct\n" .
		"Content-Transfer-Encoding: $cte\n\n";
	my $raw = $hdr . $body;
	print "\0KDMSG ", length($raw), "\n", $raw;
	if ($mf) {
		my $c = $m{contrib} || $p;
		print $mf join("\t", $epoch_size ? int($n / $epoch_size) : 0, "<$mid>", $m{kind}, $m{version} // "",
			$m{index} // "", $m{total} // "", utf8_name($c->[0]),
			lc($c->[1]), $m{title} // ""), "\n";
	}
	$n++;
	$mid;
}

sub last_check { die "done\n" if $n >= $count }

sub patch_mail {
	my (%a) = @_;
	my $sender = $a{sender};
	my $author = $a{author} || $sender;
	my ($stat, $diff) = diff_for($a{files});
	my $body = "";
	$body .= "From: " . utf8_name($author->[0]) . " <$author->[1]>\n\n"
		if $author != $sender;
	$body .= "$a{title} so that the fast path no longer has to special-case it.\n" .
		"No functional change intended for existing users.\n\n" .
		"Signed-off-by: " . utf8_name($author->[0]) . " <$author->[1]>\n";
	$body .= "Signed-off-by: " . utf8_name($sender->[0]) . " <$sender->[1]>\n"
		if $author != $sender;
	$body .= "---\n$stat\n$diff--\n2.43.0\n";
	emit(%a, body => $body, contrib => $author);
}

sub tag {
	my ($pfx, $v, $i, $tot) = @_;
	my @t = ($pfx, "PATCH");
	push @t, "v$v" if $v > 1;
	if (defined $tot) {
		my $w = $tot >= 10 ? 2 : 1;
		push @t, sprintf("%0*d/%d", $w, $i, $tot);
	}
	"[" . join(" ", grep { $_ ne "" } @t) . "]";
}

eval {
	while (1) {
		my $r = rand();
		my $sub = $subsys[int(rand(@subsys))];
		my $title = "$sub->[0] $verbs[int(rand(@verbs))] " .
			$objects[int(rand(@objects))];
		my $p = person();
		my $v = 1 + int(rand(4)) * (rand() < 0.5 ? 1 : 0);
		my $pfx = rand() < 0.1 ? "RFC" :
			rand() < 0.05 ? "kvm-unit-tests" : "";
		if ($r < 0.30) {
			my $tot = 2 + int(rand(11));
			my $author = rand() < 0.1 ? person() : $p;
			my $cover = tag($pfx, $v, 0, $tot) . " $title";
			my ($stat) = diff_for([ @$sub[1, 2] ]);
			# git format-patch writes the cover letter as the one who
			# sends it: no in-body From, so it counts for the sender
			my $cmid = emit(sender => $p, kind => "cover", version => $v,
				index => 0, total => $tot, title => $title,
				subject => $cover, contrib => $p,
				body => "This series reworks the $title path.\n\n" .
					utf8_name($author->[0]) . " ($tot):\n" .
					"  $title\n\n$stat\n-- \n2.43.0\n");
			push @sent, [$cover, $cmid, $p];
			for my $i (1 .. $tot) {
				my $pt = "$sub->[0] $verbs[int(rand(@verbs))] " .
					$objects[int(rand(@objects))];
				my $s = tag($pfx, $v, $i, $tot) . " $pt";
				my $mid = patch_mail(sender => $p, author => $author,
					kind => "patch", version => $v, index => $i,
					total => $tot, title => $pt, subject => $s,
					irt => $cmid, files => [ @$sub[1 .. 1 + int(rand(2))] ]);
				push @sent, [$s, $mid, $p];
			}
		} elsif ($r < 0.55) {
			my $s = tag($pfx, $v, undef, undef) . " $title";
			my $relay = rand() < 0.1;
			my $mid = patch_mail(sender => $p, kind => "patch",
				version => $v, title => $title, subject => $s,
				relay => $relay, base64 => !$relay && rand() < 0.05,
				files => [ $sub->[1] ]);
			push @sent, [$s, $mid, $p];
		} elsif ($r < 0.95 && @sent) {
			my $orig = $sent[int(rand(@sent))];
			my $re = rand() < 0.1 ? "Re: Re: " : rand() < 0.05 ? "RE: " : "Re: ";
			my $q = $orig->[2];
			emit(sender => $p, kind => "reply", subject => "$re$orig->[0]",
				irt => $orig->[1],
				body => "On " . fmt_date($t, $q->[2]) . ", " .
					utf8_name($q->[0]) . " wrote:\n> $orig->[0]\n>\n" .
					"> Looks fine, one nit below.\n\n" .
					(rand() < 0.5 ? "Reviewed-by: " . utf8_name($p->[0]) .
						" <$p->[1]>\n" : "Please split this.\n"));
		} else {
			emit(sender => $p, kind => "other",
				subject => "KVM call for agenda, $objects[int(rand(@objects))]",
				body => "Hi all,\n\nPlease send agenda items.\n");
		}
	}
};
die $@ if $@ ne "done\n";
close($mf) or die if $mf;
'

_la_fastimport () {
	# $1: "gen" or "files"; then options, DIR, COUNT or FILE...
	_la_mode=$1
	shift
	_la_epoch_size=0
	_la_bad_tz=0
	_la_seed=1
	_la_manifest=
	while test $# -gt 0
	do
		case "$1" in
		--epoch-size) _la_epoch_size=$2; shift 2 ;;
		--bad-tz) _la_bad_tz=1; shift ;;
		--seed) _la_seed=$2; shift 2 ;;
		--manifest) _la_manifest=$(_la_abspath "$2"); shift 2 ;;
		--) shift; break ;;
		-*) _la_err "unknown option '$1'"; return 1 ;;
		*) break ;;
		esac
	done
	if test $# -lt 2
	then
		_la_err "usage: make_fastimport_archive [OPTIONS] DIR COUNT"
		_la_err "   or: make_fastimport_archive_from_files [OPTIONS] DIR FILE..."
		return 1
	fi
	_la_dir=$(_la_abspath "$1")
	shift
	if test -e "$_la_dir"
	then
		_la_err "'$_la_dir' exists already"
		return 1
	fi
	mkdir -p "$_la_dir/git" || return 1
	if test "$_la_mode" = gen
	then
		# No pipefail in POSIX sh: the generator's status goes to a file.
		mkdir -p "$KD_PI_HOME" || return 1
		rm -f "$KD_PI_HOME/gen.status"
		{
			perl -e "$_la_generator" "$1" "$_la_seed" "$_la_manifest" \
				"$_la_epoch_size"
			echo $? >"$KD_PI_HOME/gen.status"
		} |
		perl -e "$_la_fastimport_writer" "$_la_dir" "$_la_epoch_size" \
			"$_la_bad_tz" 1 || return 1
		test "$(cat "$KD_PI_HOME/gen.status")" = 0 || {
			_la_err "the message generator failed"
			return 1
		}
	else
		_la_files=$(_la_list_mail "$@") || return 1
		_la_save_ifs=$IFS
		IFS='
'
		set -- $_la_files
		IFS=$_la_save_ifs
		perl -e "$_la_fastimport_writer" "$_la_dir" "$_la_epoch_size" \
			"$_la_bad_tz" 0 "$@"
	fi
}

make_fastimport_archive () {
	_la_fastimport gen "$@"
}

make_fastimport_archive_from_files () {
	_la_fastimport files "$@"
}

# make_big_message FILE [BYTES]: a well-formed patch mail of about BYTES
# (default 1 MiB), made at test time rather than stored.
make_big_message () {
	perl -e '
		my ($size) = @ARGV;
		print "From: Big Sender <big.sender\@example.org>\n",
			"To: kvm\@vger.kernel.org\n",
			"Subject: [PATCH] KVM: x86: Regenerate the huge opcode table\n",
			"Date: Tue, 13 Feb 2024 12:00:00 +0000\n",
			"Message-ID: <20240213120000.1-1-big.sender\@example.org>\n",
			"MIME-Version: 1.0\n",
			"Content-Type: text/plain; charset=UTF-8\n\n",
			"Regenerated.\n\n",
			"Signed-off-by: Big Sender <big.sender\@example.org>\n---\n",
			" arch/x86/kvm/opcodes.h | 99999 ++++++++++\n",
			" 1 file changed, 99999 insertions(+)\n\n",
			"diff --git a/arch/x86/kvm/opcodes.h b/arch/x86/kvm/opcodes.h\n",
			"--- a/arch/x86/kvm/opcodes.h\n+++ b/arch/x86/kvm/opcodes.h\n",
			"\@\@ -0,0 +1,99999 \@\@\n";
		my $n = 0;
		my $len = 600;
		while ($len < $size) {
			my $l = sprintf("+\t{ 0x%05x, OPCODE_ENTRY(%d) },\n", $n, $n);
			print $l;
			$len += length($l);
			$n++;
		}
		print "-- \n2.43.0\n";
	' "${2:-1048576}" >"$1"
}

# samples FROM TO: the sample messages numbered FROM to TO (01..18).
samples () {
	for f in "$TEST_DIRECTORY/../samples"/*.eml
	do
		n=$(basename "$f" | sed "s/-.*//")
		test "$n" -ge "$1" && test "$n" -le "$2" && printf '%s\n' "$f"
	done
}
