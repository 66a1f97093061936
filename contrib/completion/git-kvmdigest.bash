# bash completion for `git kvmdigest`, in the style of git's own
# (git's contrib/completion/git-completion.bash, whose helpers it uses).
#
# git's completion completes `git kvmdigest <TAB>` with the function
# _git_kvmdigest.  When it does not know that function yet, it asks
# bash-completion to load "git-kvmdigest", which finds this file where
# `make install` puts it:
#
#	$(PREFIX)/share/bash-completion/completions/git-kvmdigest
#
# (a directory bash-completion searches when $(PREFIX)/share is in
# XDG_DATA_DIRS, as /usr/local/share and /usr/share are by default; or
# copy it to ~/.local/share/bash-completion/completions/git-kvmdigest).
# Without bash-completion, source this file from ~/.bashrc after git's
# completion.

__git_kvmdigest_formats="classic json markdown html"

# Options in the order `git kvmdigest -h` lists them; after "--", the
# negated forms, which git's __gitcomp offers as "--no-..." until a
# "--no-" is typed.
__git_kvmdigest_options="
	--format= --top= --output= --notes --notes= --notes-ref= --force
	--since-last --since= --until= --subsystem= --author=
	--progress --quiet --config= --check-config
	--
	--no-notes --no-force --no-since-last --no-progress --no-quiet
"

# Notes refs, for --notes=<ref> and --notes-ref=<ref>: those that exist,
# and the default one, which the first `--notes` run creates.
__git_kvmdigest_notes_refs ()
{
	{
		echo refs/notes/kvmdigest
		__git for-each-ref --format='%(refname)' refs/notes
	} | sort -u
}

# Subsystems, for --subsystem=<name>: those of the configuration in force
# here, as --check-config lists them ("subsystems: 22: x86, arm64, ..."),
# one a line.
__git_kvmdigest_subsystems ()
{
	__git kvmdigest --check-config 2>/dev/null |
	sed -n 's/^subsystems: [0-9]*: //p' | sed 's/, /\n/g'
}

# Files, for --config=<file> and --output=<path>: $1 is what was typed.
__git_kvmdigest_files ()
{
	local IFS=$'\n'

	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$1"))
}

_git_kvmdigest ()
{
	# after "--", only the range
	if __git_has_doubledash; then
		__git_complete_revlist
		return
	fi

	case "$prev" in
	--format)
		__gitcomp "$__git_kvmdigest_formats"
		return
		;;
	--notes-ref)
		__gitcomp_nl "$(__git_kvmdigest_notes_refs)"
		return
		;;
	-o|--config|--output)
		__git_kvmdigest_files "$cur"
		return
		;;
	--subsystem)
		__gitcomp_nl "$(__git_kvmdigest_subsystems)"
		return
		;;
	--top|--since|--until|--after|--before|--author)
		return
		;;
	esac

	case "$cur" in
	--format=*)
		__gitcomp "$__git_kvmdigest_formats" "" "${cur##--format=}"
		return
		;;
	--notes=*|--notes-ref=*)
		__gitcomp_nl "$(__git_kvmdigest_notes_refs)" "" "${cur#*=}"
		return
		;;
	--config=*|--output=*)
		__git_kvmdigest_files "${cur#*=}"
		return
		;;
	--subsystem=*)
		__gitcomp_nl "$(__git_kvmdigest_subsystems)" "" "${cur#*=}"
		return
		;;
	--top=*|--author=*)
		# a pattern, as git log --author takes one: nothing to offer
		return
		;;
	--since=*|--until=*|--after=*|--before=*)
		# git's date forms: nothing to offer, as git log offers none
		return
		;;
	--*)
		__gitcomp "$__git_kvmdigest_options"
		return
		;;
	esac
	__git_complete_revlist
}
