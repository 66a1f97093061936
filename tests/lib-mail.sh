# lib-mail.sh: write mail for tests, a message a file.
#
# Sourced after test-lib.sh.  Each helper writes one RFC 5322 message:
#
#	mail_patch FILE FROM DATE ID SUBJECT PARENT SEED [TEXT]
#		a patch mail: From FROM ("Name <address>"), Date DATE (RFC
#		5322, "Mon, 4 Mar 2024 10:00:00 +0000"), Message-ID ID,
#		Subject SUBJECT, In-Reply-To and References PARENT ("" for
#		none; "A B" gives References A B and In-Reply-To B); its diff
#		adds a line SEED to arch/x86/kvm/SEED.c, so that two patches
#		of one SEED have one patch id; TEXT (default "This changes
#		SEED.") is its commit message, any lines, before the
#		Signed-off-by.
#	mail_cover FILE FROM DATE ID SUBJECT PARENT [TEXT]
#		a cover letter (0/N): TEXT, then git format-patch's shortlog
#		and diffstat lines.
#	mail_reply FILE FROM DATE ID SUBJECT PARENT TEXT
#		a reply: TEXT is its whole body.
#
# Messages are delivered in the order of their file names.

_lm_headers () {
	printf 'From: %s\n' "$2"
	printf 'To: kvm@vger.kernel.org\n'
	printf 'Subject: %s\n' "$5"
	printf 'Date: %s\n' "$3"
	printf 'Message-ID: <%s>\n' "$4"
	if test -n "$6"
	then
		_lm_refs=
		_lm_last=
		for _lm_id in $6
		do
			_lm_refs="$_lm_refs <$_lm_id>"
			_lm_last=$_lm_id
		done
		printf 'In-Reply-To: <%s>\n' "$_lm_last"
		printf 'References:%s\n' "$_lm_refs"
	fi
	printf 'MIME-Version: 1.0\n'
	printf 'Content-Type: text/plain; charset=UTF-8\n'
	printf 'Content-Transfer-Encoding: 8bit\n'
	printf '\n'
}

_lm_address () {
	printf '%s\n' "$1" | sed 's/.*<\(.*\)>.*/\1/'
}

_lm_name () {
	printf '%s\n' "$1" | sed 's/ *<.*//'
}

mail_patch () {
	{
		_lm_headers "$@"
		printf '%s\n' "${8:-This changes $7.}"
		printf '\n'
		printf 'Signed-off-by: %s\n' "$2"
		printf -- '---\n'
		printf ' arch/x86/kvm/%s.c | 1 +\n' "$7"
		printf ' 1 file changed, 1 insertion(+)\n'
		printf '\n'
		printf 'diff --git a/arch/x86/kvm/%s.c b/arch/x86/kvm/%s.c\n' "$7" "$7"
		printf 'index 1111111..2222222 100644\n'
		printf -- '--- a/arch/x86/kvm/%s.c\n' "$7"
		printf '+++ b/arch/x86/kvm/%s.c\n' "$7"
		printf '@@ -1,3 +1,4 @@\n'
		printf ' int a;\n'
		printf '+int %s;\n' "$7"
		printf ' int b;\n'
		printf ' int c;\n'
		printf -- '-- \n'
		printf '2.43.0\n'
	} >"$1"
}

mail_cover () {
	{
		_lm_headers "$@"
		printf '%s\n' "${7:-This series changes things.}"
		printf '\n'
		printf '%s (1):\n' "$(_lm_name "$2")"
		printf '  KVM: x86: A change\n'
		printf '\n'
		printf ' arch/x86/kvm/x86.c | 1 +\n'
		printf ' 1 file changed, 1 insertion(+)\n'
		printf '\n'
		printf -- '-- \n'
		printf '2.43.0\n'
	} >"$1"
}

mail_reply () {
	{
		_lm_headers "$@"
		printf '%s\n' "$7"
	} >"$1"
}
