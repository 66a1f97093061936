# test-lib.sh: the harness that every tests/tNNNN-*.sh script sources.
#
# A script looks like this:
#
#	#!/bin/sh
#	test_description='what this script covers'
#	. "$(dirname "$0")/test-lib.sh"
#
#	test_expect_success 'title' '
#		kvmdigest --help >out &&
#		test_grep "usage:" out
#	'
#	test_done
#
# It writes TAP on standard output (`ok N - title`, `not ok N - title`,
# then `1..N`), so `prove tests/t*.sh` runs the scripts, and exits non-zero
# when a test failed.  Each script runs in a fresh directory of its own,
# "tests/trash directory.<script name>", which is also $HOME; the directory
# is removed at the end unless a test failed or --debug was given.
#
# Options (after the script name; with prove: `prove t0000-harness.sh :: -v`,
# or in $KD_TEST_OPTS):
#	-v, --verbose	show the output of the commands a test runs (on stderr)
#	-d, --debug	keep the trash directory even when every test passed
#	-i, --immediate	stop at the first failing test
#	-x		trace the commands of each test (set -x)
#	--no-chain-lint	do not check that test bodies are &&-chained
#
# Each test body is eval'ed in the script's own shell (variables set in one
# test are seen by the next), with the trash directory as its current
# directory; the harness cd's back there after each test.  Before a body
# is run for real it is checked for a broken &&-chain: a body whose links
# are not all joined by && could fail in the middle and still pass.
#
# Environment for the scripts:
#	KVMDIGEST	absolute path of the binary under test (the Makefile passes
#			it; default: ../git-kvmdigest next to tests/).  `kvmdigest
#			ARGS` runs it, and `git kvmdigest ARGS` finds it on PATH.
#	TEST_DIRECTORY	absolute path of tests/
#	TRASH_DIRECTORY	absolute path of this script's trash directory
#
# Nothing here, nor in any test, may read ../shared: a user's clone of this
# project has no such folder.

# --- where we are ---------------------------------------------------------

TEST_DIRECTORY=$(cd "$(dirname "$0")" && pwd) || exit 1
TEST_NAME=$(basename "$0" .sh)
TRASH_DIRECTORY="$TEST_DIRECTORY/trash directory.$TEST_NAME"

# --- options --------------------------------------------------------------

verbose=
debug=
immediate=
trace=
chain_lint=${TEST_CHAIN_LINT:-1}
for _tl_opt in $KD_TEST_OPTS "$@"
do
	case "$_tl_opt" in
	-v|--verbose) verbose=t ;;
	-d|--debug) debug=t ;;
	-i|--immediate) immediate=t ;;
	-x) trace=t ;;
	--chain-lint) chain_lint=1 ;;
	--no-chain-lint) chain_lint=0 ;;
	-h|--help)
		echo "$TEST_NAME: ${test_description:-(no description)}"
		echo "options: -v|--verbose -d|--debug -i|--immediate -x --no-chain-lint"
		exit 0 ;;
	*)
		echo "error: $TEST_NAME: unknown option '$_tl_opt'" >&2
		exit 1 ;;
	esac
done
unset _tl_opt

# --- a clean environment --------------------------------------------------

# Forget every GIT_* variable of the caller (GIT_DIR above all), then set
# the few that make commits reproducible.
for _tl_var in $(env | sed -n 's/^\(GIT_[A-Za-z0-9_]*\)=.*/\1/p') \
	PI_CONFIG PI_EMERGENCY PI_DIR ORIGINAL_RECIPIENT XDG_CONFIG_HOME \
	XDG_CACHE_HOME XDG_DATA_HOME EMAIL LANGUAGE LANG PAGER EDITOR VISUAL \
	CDPATH
do
	unset "$_tl_var"
done
unset _tl_var

LC_ALL=C.UTF-8
TZ=UTC
TERM=dumb
HOME="$TRASH_DIRECTORY"
GIT_CONFIG_NOSYSTEM=1
GIT_PAGER=cat
PAGER=cat
GIT_AUTHOR_NAME='A U Thor'
GIT_AUTHOR_EMAIL='author@example.com'
GIT_COMMITTER_NAME='C O Mitter'
GIT_COMMITTER_EMAIL='committer@example.com'
# A fixed start, moved on by test_tick.
test_tick_time=1704067200	# 2024-01-01 00:00:00 UTC
GIT_AUTHOR_DATE="@$test_tick_time +0000"
GIT_COMMITTER_DATE="@$test_tick_time +0000"
# Repository discovery stops at tests/: a test run in a directory that is
# no repository must not find this project's own .git further up.
GIT_CEILING_DIRECTORIES="$TEST_DIRECTORY"
# A sanitizer error must look like a crash (a signal), not like a plain
# failure that test_must_fail would accept.
ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-abort_on_error=1:halt_on_error=1:print_stacktrace=1}
export LC_ALL TZ TERM HOME GIT_CONFIG_NOSYSTEM GIT_PAGER PAGER \
	GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
	GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE \
	GIT_CEILING_DIRECTORIES ASAN_OPTIONS UBSAN_OPTIONS

# The binary under test.
if test -z "$KVMDIGEST"
then
	KVMDIGEST="$TEST_DIRECTORY/../git-kvmdigest"
fi
case "$KVMDIGEST" in
/*) ;;
*) KVMDIGEST="$(pwd)/$KVMDIGEST" ;;
esac
export KVMDIGEST

kvmdigest () {
	"$KVMDIGEST" "$@"
}

# --- the trash directory --------------------------------------------------

rm -rf "$TRASH_DIRECTORY" || {
	echo "error: cannot remove '$TRASH_DIRECTORY'" >&2
	exit 1
}
mkdir -p "$TRASH_DIRECTORY/.bin" || exit 1
# `git kvmdigest` finds the binary through PATH, as it will once installed.
ln -s "$KVMDIGEST" "$TRASH_DIRECTORY/.bin/git-kvmdigest" || exit 1
PATH="$TRASH_DIRECTORY/.bin:$PATH"
export PATH
cd "$TRASH_DIRECTORY" || exit 1

# --- output ---------------------------------------------------------------

# fd 5: the TAP stream (our stdout); fd 6: our stderr;
# fd 3 and 4: where a test body's stdout and stderr go.
exec 5>&1 6>&2
if test -n "$verbose"
then
	exec 3>&2 4>&2
else
	exec 3>/dev/null 4>/dev/null
fi

say () {
	printf '%s\n' "$*" >&5
}

# Print a diagnostic: a TAP comment, seen with prove -v and in the logs.
say_comment () {
	printf '%s\n' "$*" | sed 's/^/# /' >&5
}

# Messages from helpers (test_cmp, test_must_fail, ...) go to the body's
# stderr, so that -v shows why a test failed.
test_msg () {
	printf '%s\n' "$*" >&2
}

# --- prerequisites --------------------------------------------------------

_tl_prereqs=' '

test_set_prereq () {
	_tl_prereqs="$_tl_prereqs$1 "
}

# test_have_prereq P1,P2,!P3: true when every listed prerequisite holds.
test_have_prereq () {
	_tl_save_ifs=$IFS
	IFS=,
	set -- $1
	IFS=$_tl_save_ifs
	for _tl_p
	do
		case "$_tl_p" in
		!*)
			case "$_tl_prereqs" in
			*" ${_tl_p#!} "*) _tl_missing_prereq=$_tl_p; return 1 ;;
			esac ;;
		*)
			case "$_tl_prereqs" in
			*" $_tl_p "*) ;;
			*) _tl_missing_prereq=$_tl_p; return 1 ;;
			esac ;;
		esac
	done
	return 0
}

command -v public-inbox-init >/dev/null 2>&1 &&
command -v public-inbox-mda >/dev/null 2>&1 &&
	test_set_prereq PUBLIC_INBOX
test -x "$KVMDIGEST" && test_set_prereq KVMDIGEST
command -v perl >/dev/null 2>&1 && test_set_prereq PERL
command -v python3 >/dev/null 2>&1 && test_set_prereq PYTHON3
if test "$(id -u)" = 0
then
	test_set_prereq ROOT
else
	test_set_prereq NOT_ROOT
fi

# --- running tests --------------------------------------------------------

test_count=0
test_success=0
test_failure=0
test_fixed=0
test_broken=0
test_skipped=0
_tl_done=

# Run by the EXIT trap when a script ends without test_done (a syntax
# error, an `exit` in a body, a helper that failed outside any test).
_tl_die () {
	_tl_code=$?
	if test -z "$_tl_done"
	then
		echo "FATAL: $TEST_NAME: unexpected exit with code $_tl_code" >&2
		echo "Bail out! unexpected exit with code $_tl_code" >&5
		exit 1
	fi
}
trap '_tl_die' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

_tl_cleanup=

# test_when_finished CMD...: run CMD after the current test, whether it
# passed or not; a failing CMD fails the test.  Innermost first.
test_when_finished () {
	_tl_cleanup="{ $*
} && (exit \"\$_tl_eval_ret\"); _tl_eval_ret=\$?; $_tl_cleanup"
}

_tl_eval () {
	# $1: the body.  Runs in this shell; output to fds 3 and 4.
	if test -n "$trace"
	then
		set -x
		eval "$1" >&3 2>&4
		_tl_eval_ret=$?
		{ set +x; } 2>/dev/null
	else
		eval "$1" >&3 2>&4
		_tl_eval_ret=$?
	fi
	return $_tl_eval_ret
}

# _tl_run BODY: 0 when the body passed, 1 otherwise.
_tl_run () {
	if test "$chain_lint" = 1
	then
		# With every link joined by &&, "(exit 117) && BODY" never runs
		# BODY and yields 117.  A subshell keeps the check from
		# changing our variables.
		(eval "(exit 117) && $1") >/dev/null 2>&1
		if test $? != 117
		then
			echo "BUG: broken &&-chain (or syntax error) in test body" >&4
			_tl_lint_failed=t
			return 1
		fi
	fi
	_tl_cleanup=
	_tl_eval "$1"
	_tl_eval_ret=$?
	if test -n "$_tl_cleanup"
	then
		_tl_eval "$_tl_cleanup"
	fi
	_tl_ret=$_tl_eval_ret
	cd "$TRASH_DIRECTORY" || exit 1
	return $_tl_ret
}

_tl_show_body () {
	printf '%s\n' "$1" | sed -e 's/^/#	/' >&5
}

_tl_check_args () {
	# $1: caller name, $2: count of remaining args
	if test "$2" != 2
	then
		echo "BUG: $1 needs [PREREQ] 'title' 'body'" >&2
		exit 1
	fi
}

# _tl_skip TITLE: when a prerequisite is missing, say so and return 0.
_tl_skip () {
	if test -n "$_tl_need" && ! test_have_prereq "$_tl_need"
	then
		test_skipped=$((test_skipped + 1))
		say "ok $test_count # skip $1 (missing $_tl_missing_prereq)"
		return 0
	fi
	return 1
}

# test_expect_success [PREREQ] 'title' 'body'
test_expect_success () {
	_tl_need=
	if test $# = 3
	then
		_tl_need=$1
		shift
	fi
	_tl_check_args test_expect_success $#
	test_count=$((test_count + 1))
	_tl_skip "$1" && return 0
	test -n "$verbose" && echo "expecting success of $test_count '$1'" >&2
	_tl_lint_failed=
	if _tl_run "$2"
	then
		test_success=$((test_success + 1))
		say "ok $test_count - $1"
	else
		test_failure=$((test_failure + 1))
		say "not ok $test_count - $1"
		test -n "$_tl_lint_failed" && say "# broken &&-chain in this body:"
		_tl_show_body "$2"
		if test -n "$immediate"
		then
			say_comment "stopping at the first failure (--immediate)"
			test_done
		fi
	fi
}

# test_expect_failure [PREREQ] 'title' 'body': a known breakage.  A failing
# body is the expected state (TAP TODO); a passing one is reported so that
# the test can be turned into test_expect_success.
test_expect_failure () {
	_tl_need=
	if test $# = 3
	then
		_tl_need=$1
		shift
	fi
	_tl_check_args test_expect_failure $#
	test_count=$((test_count + 1))
	_tl_skip "$1" && return 0
	test -n "$verbose" && echo "checking known breakage $test_count '$1'" >&2
	_tl_lint_failed=
	if _tl_run "$2"
	then
		test_fixed=$((test_fixed + 1))
		say "ok $test_count - $1 # TODO known breakage vanished"
	elif test -n "$_tl_lint_failed"
	then
		# A broken body is a bug of the script, not a known breakage.
		test_failure=$((test_failure + 1))
		say "not ok $test_count - $1"
		say "# broken &&-chain in this body:"
		_tl_show_body "$2"
	else
		test_broken=$((test_broken + 1))
		say "not ok $test_count - $1 # TODO known breakage"
	fi
}

# test_done: print the plan, clean up, exit 0 when nothing failed.
test_done () {
	_tl_done=t
	if test -n "$skip_all" && test $test_count = 0
	then
		say "1..0 # SKIP $skip_all"
		_tl_remove_trash
		exit 0
	fi
	test $test_fixed = 0 ||
		say_comment "$test_fixed known breakage(s) vanished; please update test(s)"
	test $test_broken = 0 ||
		say_comment "still have $test_broken known breakage(s)"
	if test $test_failure = 0
	then
		test $test_skipped = 0 ||
			say_comment "skipped $test_skipped test(s)"
		say "1..$test_count"
		_tl_remove_trash
		exit 0
	fi
	say_comment "failed $test_failure among $test_count test(s)"
	say "1..$test_count"
	say_comment "kept '$TRASH_DIRECTORY'"
	exit 1
}

_tl_remove_trash () {
	test -n "$debug" && return 0
	cd "$TEST_DIRECTORY" || exit 1
	rm -rf "$TRASH_DIRECTORY"
}

# --- helpers for test bodies ----------------------------------------------

# test_cmp EXPECTED ACTUAL: the same bytes, or show a unified diff.
test_cmp () {
	test $# = 2 || { test_msg "BUG: test_cmp needs 2 arguments"; return 1; }
	diff -u -- "$1" "$2"
}

# test_must_fail CMD ARGS...: CMD must fail in an orderly way: non-zero,
# not killed by a signal (129, git's usage exit, is allowed), and not
# "command not found" (127) nor "cannot execute" (126).
test_must_fail () {
	"$@"
	_tl_code=$?
	if test $_tl_code = 0
	then
		test_msg "test_must_fail: command succeeded: $*"
		return 1
	elif test $_tl_code -gt 129 && test $_tl_code -le 192
	then
		test_msg "test_must_fail: died by signal $((_tl_code - 128)): $*"
		return 1
	elif test $_tl_code = 127
	then
		test_msg "test_must_fail: command not found: $*"
		return 1
	elif test $_tl_code = 126
	then
		test_msg "test_must_fail: cannot execute: $*"
		return 1
	fi
	return 0
}

# test_might_fail CMD ARGS...: like test_must_fail, but success is fine.
test_might_fail () {
	"$@"
	_tl_code=$?
	if test $_tl_code -gt 129 && test $_tl_code -le 192 ||
		test $_tl_code = 126 || test $_tl_code = 127
	then
		test_msg "test_might_fail: exit $_tl_code: $*"
		return 1
	fi
	return 0
}

# test_expect_code N CMD ARGS...: CMD must exit with exactly N.
test_expect_code () {
	_tl_want=$1
	shift
	"$@"
	_tl_code=$?
	test "$_tl_code" = "$_tl_want" && return 0
	test_msg "test_expect_code: want exit $_tl_want, got $_tl_code: $*"
	return 1
}

# test_tick: move the fixed author and committer dates on by a minute.
test_tick () {
	test_tick_time=$((test_tick_time + 60))
	GIT_AUTHOR_DATE="@$test_tick_time +0000"
	GIT_COMMITTER_DATE="@$test_tick_time +0000"
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
}

# test_write_lines LINE...: one argument per line.
test_write_lines () {
	printf '%s\n' "$@"
}

# test_line_count OP N FILE: e.g. test_line_count = 3 out
test_line_count () {
	test $# = 3 || { test_msg "BUG: test_line_count OP N FILE"; return 1; }
	_tl_n=$(wc -l <"$3") || return 1
	_tl_n=$((_tl_n + 0))
	test "$_tl_n" "$1" "$2" && return 0
	test_msg "test_line_count: line count of '$3' is $_tl_n, not $1 $2:"
	cat "$3" >&2
	return 1
}

# test_grep [-v] [GREP OPTIONS] PATTERN FILE: grep that shows the file
# when it fails.
test_grep () {
	_tl_neg=
	if test "$1" = "-v"
	then
		_tl_neg=t
		shift
	fi
	eval "_tl_file=\${$#}"
	if test -n "$_tl_neg"
	then
		! grep "$@" >/dev/null && return 0
		test_msg "test_grep: found, but should not: $*"
	else
		grep "$@" >/dev/null && return 0
		test_msg "test_grep: not found: $*"
	fi
	test_msg "--- content of '$_tl_file':"
	cat "$_tl_file" >&2
	return 1
}

test_path_is_file () {
	test -f "$1" && return 0
	test_msg "file '$1' does not exist"
	return 1
}

test_path_is_dir () {
	test -d "$1" && return 0
	test_msg "directory '$1' does not exist"
	return 1
}

test_path_is_missing () {
	test ! -e "$1" && test ! -L "$1" && return 0
	test_msg "path '$1' exists but should not"
	return 1
}

test_must_be_empty () {
	test_path_is_file "$1" || return 1
	test ! -s "$1" && return 0
	test_msg "'$1' is not empty, it contains:"
	cat "$1" >&2
	return 1
}

test_file_not_empty () {
	test -s "$1" && return 0
	test_msg "'$1' is empty or missing"
	return 1
}

# write_script FILE [INTERPRETER] <BODY: an executable script.
write_script () {
	{
		echo "#!${2:-/bin/sh}"
		cat
	} >"$1" && chmod +x "$1"
}

test -n "$verbose" && test -n "$test_description" &&
	echo "$TEST_NAME: $test_description" >&2
:
