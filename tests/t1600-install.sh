#!/bin/sh

test_description='make install and uninstall: the program, git help, bash completion'

. "$(dirname "$0")/test-lib.sh"

prefix="$TRASH_DIRECTORY/prefix"
SRC="$TRASH_DIRECTORY/src"

# Install from a copy of the sources, as a user would from a fresh clone,
# so that building for this prefix leaves the tree under test alone.
(cd "$TEST_DIRECTORY/.." &&
 mkdir -p "$SRC" &&
 cp -R Makefile git-kvmdigest.c kvmdigest.yaml lib Documentation contrib \
	scripts "$SRC/") || exit 1

# A PATH as a user's after the install: the prefix's bin, and not the
# trash directory's .bin, which the harness adds for the other tests.
user_path=$(printf '%s\n' "$PATH" | tr : '\n' |
	grep -v -x -F "$TRASH_DIRECTORY/.bin" | paste -s -d : -)
user_path="$prefix/bin:$user_path"

command -v man >/dev/null 2>&1 && test_set_prereq MAN
# git help puts git's own man path before MANPATH: where a package has
# installed a page there, git help shows that one, not the prefix's.
git_man=$(git --man-path 2>/dev/null)
test -n "$git_man" && ls "$git_man"/man1/git-kvmdigest.1* >/dev/null 2>&1 ||
	test_set_prereq HELP_FINDS_PREFIX
# What Debian's bash-completion and git packages install: the first loads
# completions on demand, from directories that include
# $XDG_DATA_DIRS/bash-completion/completions; git's is one of them.
BASH_COMPLETION=/usr/share/bash-completion/bash_completion
GIT_COMPLETION=
for f in /usr/share/bash-completion/completions/git \
	/usr/share/git/completion/git-completion.bash \
	/usr/share/git-core/contrib/completion/git-completion.bash
do
	if test -r "$f"
	then
		GIT_COMPLETION=$f
		break
	fi
done
command -v bash >/dev/null 2>&1 && test -r "$BASH_COMPLETION" &&
	test -n "$GIT_COMPLETION" && test_set_prereq BASH_COMPLETION

test_expect_success 'make install PREFIX=...' '
	make -C "$SRC" -j2 install PREFIX="$prefix" DESTDIR= >build.log 2>&1 &&
	test_path_is_file "$prefix/bin/git-kvmdigest" &&
	test -x "$prefix/bin/git-kvmdigest" &&
	test_path_is_file "$prefix/share/git-kvmdigest/kvmdigest.yaml" &&
	test_path_is_file "$prefix/share/man/man1/git-kvmdigest.1" &&
	test_path_is_file "$prefix/share/bash-completion/completions/git-kvmdigest" &&
	(cd "$prefix" && find . ! -type d | LC_ALL=C sort) >installed &&
	test_write_lines ./bin/git-kvmdigest \
		./share/bash-completion/completions/git-kvmdigest \
		./share/git-kvmdigest/kvmdigest.yaml \
		./share/man/man1/git-kvmdigest.1 >expect &&
	test_cmp expect installed
'

test_expect_success 'the installed files are what the source has' '
	cmp "$SRC/kvmdigest.yaml" "$prefix/share/git-kvmdigest/kvmdigest.yaml" &&
	cmp "$SRC/contrib/completion/git-kvmdigest.bash" \
		"$prefix/share/bash-completion/completions/git-kvmdigest" &&
	test_expect_code 129 env PATH="$user_path" git kvmdigest -h >usage &&
	test_grep "^usage: git kvmdigest" usage
'

test_expect_success 'the installed page names the installed default configuration' '
	grep "^\.ds datadir " "$prefix/share/man/man1/git-kvmdigest.1" >ds &&
	echo ".ds datadir $(echo "$prefix/share/git-kvmdigest" | sed "s/-/\\\\-/g")" >expect &&
	test_cmp expect ds
'

# show_page CMD...: CMD's man page output, as plain text.
show_page () {
	PATH=$user_path PAGER=cat MANPAGER=cat GIT_PAGER=cat MANWIDTH=80 \
		"$@" 2>&1 | sed "s/.$(printf "\b")//g"
}

test_expect_success MAN,HELP_FINDS_PREFIX 'git help kvmdigest shows the page (MANPATH)' '
	MANPATH="$prefix/share/man" show_page git help -m kvmdigest >page &&
	test_grep "^GIT-KVMDIGEST(1)" page &&
	test_grep "^ *git-kvmdigest - digest a range of a public-inbox" page &&
	test_grep "^ *--notes\[=<ref>\], --no-notes" page &&
	# the blank in the trash directory name may break the line there
	test_grep "t1600-install/prefix/share/git-kvmdigest/kvmdigest.yaml$" page
'

test_expect_success MAN,HELP_FINDS_PREFIX 'git kvmdigest --help shows it too' '
	MANPATH="$prefix/share/man" show_page git kvmdigest --help >page2 &&
	test_cmp page page2
'

test_expect_success MAN 'man finds the page from PATH alone (man-db)' '
	(
		unset MANPATH &&
		show_page man git-kvmdigest >page3
	) &&
	test_grep "^GIT-KVMDIGEST(1)" page3 &&
	test_grep "t1600-install/prefix/share/git-kvmdigest/kvmdigest.yaml$" page3 &&
	if test -f page
	then
		test_cmp page page3
	fi
'

# The completion, as bash-completion and git's completion do it for a new
# user's shell: git's completion is loaded on demand, and it loads the
# completion of `git-kvmdigest` from $prefix/share/bash-completion when
# it meets `git kvmdigest`.
cat >complete.bash <<EOF
. "$BASH_COMPLETION"
__load_completion git ||
. "$GIT_COMPLETION"
EOF
cat >>complete.bash <<\EOF
# Split the line as readline does: at blanks, and around each "=" (in
# COMP_WORDBREAKS); a line ending in a blank has an empty word last.
COMP_LINE=$1
COMP_POINT=${#COMP_LINE}
COMP_TYPE=9
COMP_KEY=9
read -r -a COMP_WORDS <<<"${COMP_LINE//=/ = }"
case "$COMP_LINE" in
*" ") COMP_WORDS+=("") ;;
esac
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
if declare -f __git_wrap__git_main >/dev/null
then
	__git_wrap__git_main git "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
else
	_git
fi
declare -f _git_kvmdigest >/dev/null || echo "no _git_kvmdigest" >&2
for w in "${COMPREPLY[@]}"
do
	printf '%s\n' "$w"
done
EOF

# complete_line LINE: what <TAB> offers at the end of LINE, one a line, in the
# git repository "repo".
complete_line () {
	(
		cd repo &&
		PATH=$user_path \
		XDG_DATA_DIRS="$prefix/share:/usr/local/share:/usr/share" \
			bash ../complete.bash "$1"
	)
}

test_expect_success BASH_COMPLETION 'setup: a repository to complete in' '
	git init -q repo &&
	git -C repo commit -q --allow-empty -m one &&
	git -C repo branch -M master &&
	git -C repo branch topic &&
	git -C repo notes --ref=kvmdigest add -m digest HEAD &&
	git -C repo notes --ref=other add -m x HEAD
'

test_expect_success BASH_COMPLETION 'git kvmdigest --fo<TAB>: --format= and --force' '
	complete_line "git kvmdigest --fo" >actual 2>err &&
	test_must_be_empty err &&
	test_write_lines "--format=" "--force " >expect &&
	test_cmp expect actual
'

test_expect_success BASH_COMPLETION 'git kvmdigest --<TAB>: every option, --no-... folded' '
	complete_line "git kvmdigest --" >actual &&
	for o in --format= --top= --output= "--notes " --notes= --notes-ref= \
		"--force " "--since-last " --since= --until= --subsystem= \
		--author= "--progress " "--quiet " --config= \
		"--check-config " "--no-... "
	do
		grep -x -F -e "$o" actual || return 1
	done &&
	test_grep -v "^--no-notes" actual &&
	complete_line "git kvmdigest --no-" >no &&
	test_write_lines "--no-notes " "--no-force " "--no-since-last " \
		"--no-progress " "--no-quiet " >expect &&
	test_cmp expect no
'

test_expect_success BASH_COMPLETION 'git kvmdigest --si<TAB>: --since= and --since-last; no date is offered' '
	complete_line "git kvmdigest --si" >actual &&
	test_write_lines "--since-last " "--since=" >expect &&
	test_cmp expect actual &&
	complete_line "git kvmdigest --until=" >actual &&
	test_must_be_empty actual &&
	complete_line "git kvmdigest --since " >actual &&
	test_must_be_empty actual
'

test_expect_success BASH_COMPLETION 'git kvmdigest --format=<TAB>: the four formats' '
	complete_line "git kvmdigest --format=" >actual &&
	test_write_lines "classic " "json " "markdown " "html " >expect &&
	test_cmp expect actual &&
	complete_line "git kvmdigest --format=ma" >actual &&
	echo "markdown " >expect &&
	test_cmp expect actual &&
	complete_line "git kvmdigest --format " >actual &&
	test_write_lines "classic " "json " "markdown " "html " >expect &&
	test_cmp expect actual
'

test_expect_success BASH_COMPLETION 'git kvmdigest --subsystem=<TAB>: the configuration'"'"'s' '
	cat >repo/kvmdigest.yaml <<-\EOF &&
	subsystems:
	  - {name: x86/mmu, files: [arch/x86/kvm/mmu/*]}
	  - {name: x86/pmu, files: [arch/x86/kvm/pmu.c]}
	  - {name: arm64, files: [arch/arm64/kvm/*]}
	EOF
	git -C repo config kvmdigest.config "$PWD/repo/kvmdigest.yaml" &&
	complete_line "git kvmdigest --subsystem=x86/" >actual &&
	test_write_lines "x86/mmu " "x86/pmu " >expect &&
	test_cmp expect actual &&
	complete_line "git kvmdigest --subsystem " >actual &&
	test_write_lines "x86/mmu " "x86/pmu " "arm64 " >expect &&
	test_cmp expect actual &&
	complete_line "git kvmdigest --author=" >actual &&
	test_must_be_empty actual &&
	git -C repo config --unset kvmdigest.config &&
	rm repo/kvmdigest.yaml
'

test_expect_success BASH_COMPLETION 'git kvmdigest --notes=<TAB>: notes refs' '
	complete_line "git kvmdigest --notes=" >actual &&
	test_write_lines "refs/notes/kvmdigest " "refs/notes/other " >expect &&
	test_cmp expect actual &&
	complete_line "git kvmdigest --notes-ref=refs/notes/o" >actual &&
	echo "refs/notes/other " >expect &&
	test_cmp expect actual
'

test_expect_success BASH_COMPLETION 'git kvmdigest --config=<TAB>: files' '
	>repo/list.yaml &&
	complete_line "git kvmdigest --config=li" >actual &&
	echo list.yaml >expect &&
	test_cmp expect actual
'

test_expect_success BASH_COMPLETION 'the range: revisions, and A..B' '
	complete_line "git kvmdigest to" >actual &&
	echo "topic " >expect &&
	test_cmp expect actual &&
	complete_line "git kvmdigest master..to" >actual &&
	echo "master..topic " >expect &&
	test_cmp expect actual &&
	complete_line "git kvmdigest -q -- ma" >actual &&
	echo "master " >expect &&
	test_cmp expect actual
'

# A real interactive bash on a terminal, started as a login shell starts
# it on Debian (/etc/profile.d/bash_completion.sh sources bash_completion
# for an interactive bash): the keys typed, what the terminal shows.
cat >type-keys.py <<\EOF
import os, pty, select, sys, time

keys, rcfile = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execvp("bash", ["bash", "--noprofile", "--rcfile", rcfile, "-i"])
out = b""

def read(seconds, until=None):
    global out
    end = time.time() + seconds
    while time.time() < end:
        if until is not None and until in out:
            return
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return
            if not data:
                return
            out += data

read(30, b"PROMPT> ")
os.write(fd, keys.encode())
# Then clear the line and print a mark: readline takes keys in order, so
# once the mark is out, whatever the <TAB>s printed is out too.
os.write(fd, b"\x15echo DONE\"\"-MARK\n")
read(30, b"DONE-MARK")
os.write(fd, b"exit\n")
read(10)
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace").replace("\r", ""))
EOF
cat >bashrc <<EOF
PS1='PROMPT> '
. "$BASH_COMPLETION"
EOF

type_keys () {
	(
		cd repo &&
		PATH=$user_path TERM=dumb \
		XDG_DATA_DIRS="$prefix/share:/usr/local/share:/usr/share" \
			python3 ../type-keys.py "$1" ../bashrc
	)
}

test_expect_success BASH_COMPLETION,PYTHON3 'at a terminal: git kvmdigest --form<TAB>' '
	type_keys "git kvmdigest --form	" >screen &&
	test_grep "PROMPT> git kvmdigest --format=" screen
'

test_expect_success BASH_COMPLETION,PYTHON3 'at a terminal: git kvmdigest --format=<TAB><TAB>' '
	type_keys "git kvmdigest --format=		" >screen &&
	test_grep "^classic  *html  *json  *markdown *$" screen
'

# The program is built with the datadir of the `make` that built it: a
# `make install PREFIX=...` after a plain `make` does not rebuild it, and
# it then looks for its default in /usr/local/share/git-kvmdigest.
test_expect_success 'the installed program finds the installed default configuration' '
	git init -q plain &&
	(
		cd plain &&
		PATH=$user_path git kvmdigest --check-config >../check
	) &&
	echo "config: $prefix/share/git-kvmdigest/kvmdigest.yaml" >expect &&
	head -n 1 check >actual &&
	test_cmp expect actual
'

test_expect_success 'make uninstall removes every file it installed' '
	make -C "$SRC" uninstall PREFIX="$prefix" DESTDIR= &&
	(cd "$prefix" && find . ! -type d) >left &&
	test_must_be_empty left
'

test_expect_success 'DESTDIR: installed under it, as for a package' '
	make -C "$SRC" install PREFIX=/usr DESTDIR="$TRASH_DIRECTORY/dest" &&
	test_path_is_file dest/usr/bin/git-kvmdigest &&
	test_path_is_file dest/usr/share/man/man1/git-kvmdigest.1 &&
	test_path_is_file dest/usr/share/bash-completion/completions/git-kvmdigest &&
	test_path_is_file dest/usr/share/git-kvmdigest/kvmdigest.yaml &&
	grep "^\.ds datadir /usr/share/git\\\\-kvmdigest$" \
		dest/usr/share/man/man1/git-kvmdigest.1 &&
	make -C "$SRC" uninstall PREFIX=/usr DESTDIR="$TRASH_DIRECTORY/dest" &&
	(cd dest && find . ! -type d) >left &&
	test_must_be_empty left
'

test_done
