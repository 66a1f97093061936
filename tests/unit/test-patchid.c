/*
 * kd_patch_id() against the real `git patch-id --stable`: every text here
 * is given to both, and the two must split the texts into the same
 * classes (equal ids, different ids, no id).  Texts come from a small
 * repository made at test time with git format-patch, and from a table
 * of the odd shapes patch-id's parser has to get right.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "patchid.h"
#include "rfc2045.h"
#include "rfc5322.h"
#include "shell.h"
#include "text-cases.h"

static char tmpdir[] = "/tmp/kd-patchid-XXXXXX";

/* A text, git's id of it ("" when git prints none), and ours. */
struct sample {
	char name[64];
	struct kd_buf text;
	char git[128];
	int have;
	uint64_t mine;
};

#define SAMPLES_MAX 64

static struct sample samples[SAMPLES_MAX];
static size_t nr_samples;

static void slurp(struct kd_buf *out, const char *name)
{
	char path[256], chunk[8192];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if (!(f = fopen(path, "rb")))
		fail_msg("cannot read %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)))
		kd_buf_add(out, chunk, n);
	fclose(f);
}

/* The first id `git patch-id --stable` prints for `text`, or "". */
static void git_patch_id(char out[128], const struct kd_buf *text)
{
	struct kd_buf id = KD_BUF_INIT;
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/sample", tmpdir);
	if (!(f = fopen(path, "wb")) ||
	    fwrite(text->buf, 1, text->len, f) != text->len || fclose(f))
		fail_msg("cannot write %s", path);
	run_in(tmpdir, "git patch-id --stable <sample >sample.id");
	slurp(&id, "sample.id");
	snprintf(out, 128, "%.*s", (int)strcspn(id.buf, " \n"), id.buf);
	kd_buf_release(&id);
}

/* Add a sample: git is asked, and kd_patch_id() of `text` as it is. */
static struct sample *add_sample(const char *name, const char *text, size_t len)
{
	struct sample *s;

	if (nr_samples == SAMPLES_MAX)
		fail_msg("too many samples");
	s = &samples[nr_samples++];
	snprintf(s->name, sizeof(s->name), "%s", name);
	kd_buf_init(&s->text, len);
	kd_buf_add(&s->text, text, len);
	git_patch_id(s->git, &s->text);
	s->have = kd_patch_id(&s->mine, s->text.buf, s->text.len);
	if (!s->have && s->mine)
		fail_msg("%s: no id, yet *id is %" PRIx64, name, s->mine);
	return s;
}

static struct sample *find(const char *name)
{
	size_t i;

	for (i = 0; i < nr_samples; i++)
		if (!strcmp(samples[i].name, name))
			return &samples[i];
	fail_msg("no sample %s", name);
	return NULL;
}

static int same_mine(const struct sample *a, const struct sample *b)
{
	return a->have == b->have && a->mine == b->mine;
}

/* Both split the samples alike: the test of this file. */
static void check_agreement(void)
{
	size_t i, j;

	for (i = 0; i < nr_samples; i++) {
		struct sample *a = &samples[i];

		if (!a->git[0] != !a->have)
			fail_msg("%s: git says %s, we say %s", a->name,
				 a->git[0] ? a->git : "no id",
				 a->have ? "an id" : "no id");
		for (j = i + 1; j < nr_samples; j++) {
			struct sample *b = &samples[j];
			int git_eq = !strcmp(a->git, b->git);

			if (git_eq != same_mine(a, b))
				fail_msg("%s and %s: git says %s, we say %s",
					 a->name, b->name,
					 git_eq ? "equal" : "different",
					 git_eq ? "different" : "equal");
		}
	}
}

/* What git says of a pair, so that the agreement is about something. */
struct pair {
	const char *a, *b;
	int equal;
};

static void expect(const struct pair *pairs, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		struct sample *x = find(pairs[i].a), *y = find(pairs[i].b);

		if ((strcmp(x->git, y->git) == 0) != pairs[i].equal)
			fail_msg("git patch-id calls %s and %s %s; the test "
				 "expects otherwise",
				 pairs[i].a, pairs[i].b,
				 pairs[i].equal ? "different" : "equal");
	}
}

static void release_samples(void)
{
	size_t i;

	for (i = 0; i < nr_samples; i++)
		kd_buf_release(&samples[i].text);
	nr_samples = 0;
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	isolate_git(tmpdir);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	unsetenv("GIT_INDEX_FILE");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	release_samples();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

/* The text of a mail as the tool reads it: headers off, MIME decoded. */
static void mail_text(struct kd_buf *out, const struct kd_buf *mail)
{
	struct kd_headers h = KD_HEADERS_INIT;
	size_t body;

	kd_headers_parse(&h, mail->buf, mail->len, &body);
	kd_mime_text(out, &h, mail->buf + body, mail->len - body, NULL);
	kd_headers_release(&h);
}

static void base64(struct kd_buf *out, const char *s, size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr"
				  "stuvwxyz0123456789+/";
	size_t i, col = 0;

	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)s[i] << 16;

		if (i + 1 < n)
			v |= (unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		kd_buf_addch(out, abc[v >> 18 & 63]);
		kd_buf_addch(out, abc[v >> 12 & 63]);
		kd_buf_addch(out, i + 1 < n ? abc[v >> 6 & 63] : '=');
		kd_buf_addch(out, i + 2 < n ? abc[v & 63] : '=');
		if ((col += 4) == 76) {
			kd_buf_addch(out, '\n');
			col = 0;
		}
	}
	kd_buf_addch(out, '\n');
}

/* Quoted-printable: '=', controls, 8-bit bytes and line-final blanks encoded.
 */
static void quoted_printable(struct kd_buf *out, const char *s, size_t n)
{
	size_t i, col = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int last = i + 1 == n || s[i + 1] == '\n';

		if (c == '\n') {
			kd_buf_addch(out, '\n');
			col = 0;
			continue;
		}
		if (col >= 72) {
			kd_buf_addstr(out, "=\n");
			col = 0;
		}
		if (c == '=' || c < ' ' || c > '~' ||
		    ((c == ' ' || c == '\t') && last)) {
			kd_buf_addf(out, "=%02X", c);
			col += 3;
		} else {
			kd_buf_addch(out, c);
			col++;
		}
	}
}

/* A copy of `mail` with its body in `encoding`, then read as the tool does. */
static void encoded_copy(struct kd_buf *text, const struct kd_buf *mail,
			 const char *encoding)
{
	struct kd_buf plain = KD_BUF_INIT, enc = KD_BUF_INIT;

	mail_text(&plain, mail);
	kd_buf_addf(&enc,
		    "From: A <a@example.org>\nSubject: [PATCH] x\n"
		    "MIME-Version: 1.0\n"
		    "Content-Type: text/plain; charset=UTF-8\n"
		    "Content-Transfer-Encoding: %s\n\n",
		    encoding);
	if (!strcmp(encoding, "base64"))
		base64(&enc, plain.buf, plain.len);
	else
		quoted_printable(&enc, plain.buf, plain.len);
	mail_text(text, &enc);
	kd_buf_release(&plain);
	kd_buf_release(&enc);
}

/*
 * The repository: a change made again on another base (other offsets and
 * index lines), with blanks moved inside its lines, its files in the other
 * order, another message and signature; one character changed; a file
 * more; binary changes; a mode change.
 */
static const char repo_script[] =
	"set -e\n"
	"export GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org\n"
	"export GIT_COMMITTER_NAME=A GIT_COMMITTER_EMAIL=a@example.org\n"
	"export GIT_AUTHOR_DATE=2024-01-01T00:00:00Z "
	"GIT_COMMITTER_DATE=2024-01-01T00:00:00Z\n"
	"printf 'b.c\\na.c\\n' >order\n"
	"printf 'b.c\\ntool.sh\\na.c\\n' >order-mode\n"
	"git init -q repo && cd repo\n"
	"git config commit.gpgsign false\n"
	"i=1; while test $i -le 60; do echo \"line $i;\"; i=$((i + 1)); done "
	">a.c\n"
	"printf 'one\\ntwo\\nthree\\n' >b.c\n"
	"printf 'echo\\n' >tool.sh\n"
	"printf '\\000\\001\\002binary\\n' >blob.bin\n"
	"git add . && git commit -qm base && git tag base\n"
	"change () {\n"
	"	sed \"s/^line 30;\\$/$1/\" a.c >a.tmp && mv a.tmp a.c\n"
	"	echo \"$2\" >>b.c\n"
	"}\n"
	"fp () { git format-patch --stdout \"$@\"; }\n"
	"git checkout -q -b p1 base\n"
	"change 'line 30 = x + y;' four\n"
	"git commit -qam 'Change a and b'\n"
	"fp -1 >../p1.patch\n"
	"fp -1 -O../order >../p1-swapped.patch\n"
	"fp -1 --signature='Another Signature' >../p1-signature.patch\n"
	"git checkout -q -b base2 base\n"
	"{ printf 'extra 1\\nextra 2\\nextra 3\\nextra 4\\nextra 5\\n'; cat "
	"a.c; } >a.tmp\n"
	"mv a.tmp a.c\n"
	"{ echo zero; cat b.c; } >b.tmp && mv b.tmp b.c\n"
	"git commit -qam base2\n"
	"git checkout -q -b p1-rebased base2\n"
	"change 'line 30 = x + y;' four\n"
	"git commit -qam 'Another message' -m 'With a body.'\n"
	"fp -1 >../p1-rebased.patch\n"
	"git checkout -q -b p1-blanks base\n"
	"change 'line 30  =x+y;' 'fo  ur'\n"
	"git commit -qam 'Blanks inside'\n"
	"fp -1 >../p1-blanks.patch\n"
	"git checkout -q -b p1-char base\n"
	"change 'line 30 = x + z;' four\n"
	"git commit -qam 'One character'\n"
	"fp -1 >../p1-char.patch\n"
	"git checkout -q -b p1-more base\n"
	"change 'line 30 = x + y;' four\n"
	"echo new >c.c && git add c.c\n"
	"git commit -qam 'A file more'\n"
	"fp -1 >../p1-more.patch\n"
	"git checkout -q -b bin base\n"
	"printf '\\000\\001\\002changed\\n' >blob.bin\n"
	"git commit -qam 'Binary'\n"
	"fp -1 >../bin.patch\n"
	"git diff base bin >../bin-nobinary.diff\n"
	"git checkout -q -b bin-rebased base2\n"
	"printf '\\000\\001\\002changed\\n' >blob.bin\n"
	"git commit -qam 'Binary again'\n"
	"fp -1 >../bin-rebased.patch\n"
	"git checkout -q -b bin-other base\n"
	"printf '\\000\\001\\002other\\n' >blob.bin\n"
	"git commit -qam 'Binary other'\n"
	"fp -1 >../bin-other.patch\n"
	"git checkout -q -b mode base\n"
	"chmod +x tool.sh\n"
	"change 'line 30 = x + y;' four\n"
	"git commit -qam 'Mode'\n"
	"fp -1 >../mode.patch\n"
	"fp -1 -O../order-mode >../mode-swapped.patch\n";

static void add_file_sample(const char *file)
{
	struct kd_buf mail = KD_BUF_INIT, text = KD_BUF_INIT;
	struct sample *s;

	slurp(&mail, file);
	/* git reads the file; we read a mail's decoded text */
	s = add_sample(file, mail.buf, mail.len);
	if (strstr(file, ".patch")) {
		mail_text(&text, &mail);
		s->have = kd_patch_id(&s->mine, text.buf, text.len);
	}
	kd_buf_release(&mail);
	kd_buf_release(&text);
}

/* What the samples are for, as git sees them. */
static const struct pair format_patch_pairs[] = {
	{"p1.patch", "p1-rebased.patch", 1},
	{"p1.patch", "p1-blanks.patch", 1},
	{"p1.patch", "p1-swapped.patch", 1},
	{"p1.patch", "p1-signature.patch", 1},
	{"p1.patch", "p1-char.patch", 0},
	{"p1.patch", "p1-more.patch", 0},
	{"bin.patch", "bin-rebased.patch", 1},
	/* format-patch's --binary writes whole ids on the index line */
	{"bin.patch", "bin-nobinary.diff", 0},
	{"bin.patch", "bin-other.patch", 0},
	/* the mode-only file is hashed with the one after it */
	{"mode.patch", "mode-swapped.patch", 0},
};

static void test_format_patch_pairs(void **state)
{
	static const char *const files[] = {
		"p1.patch",	      "p1-swapped.patch", "p1-signature.patch",
		"p1-rebased.patch",   "p1-blanks.patch",  "p1-char.patch",
		"p1-more.patch",      "bin.patch",	  "bin-nobinary.diff",
		"bin-rebased.patch",  "bin-other.patch",  "mode.patch",
		"mode-swapped.patch",
	};
	static const char *const encodings[] = {"base64", "quoted-printable"};
	size_t i, k;

	(void)state;
	release_samples();
	{
		FILE *f;
		char path[256];

		snprintf(path, sizeof(path), "%s/make-repo.sh", tmpdir);
		if (!(f = fopen(path, "w")) || fputs(repo_script, f) < 0 ||
		    fclose(f))
			fail_msg("cannot write %s", path);
	}
	run_in(tmpdir, "sh make-repo.sh");
	for (i = 0; i < sizeof(files) / sizeof(*files); i++)
		add_file_sample(files[i]);

	expect(format_patch_pairs,
	       sizeof(format_patch_pairs) / sizeof(*format_patch_pairs));
	check_agreement();

	/* a base64 or quoted-printable copy, once decoded, is the same patch */
	for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
		struct kd_buf mail = KD_BUF_INIT;
		struct sample *s = find(files[i]);

		slurp(&mail, files[i]);
		for (k = 0; k < 2 && strstr(files[i], ".patch"); k++) {
			struct kd_buf text = KD_BUF_INIT;
			uint64_t id;
			int have;

			encoded_copy(&text, &mail, encodings[k]);
			have = kd_patch_id(&id, text.buf, text.len);
			if (have != s->have || id != s->mine)
				fail_msg("%s in %s: %" PRIx64
					 ", plain %" PRIx64,
					 files[i], encodings[k], id, s->mine);
			kd_buf_release(&text);
		}
		kd_buf_release(&mail);
	}
	release_samples();
}

/*
 * Texts of odd shapes.  Each group is read by git and by us; groups are
 * compared with each other too, so one table checks every pair.
 */
#define DIFF_A                                                                 \
	"diff --git a/a b/a\nindex 1111111..2222222 100644\n--- a/a\n+++ "     \
	"b/a\n"
#define DIFF_B                                                                 \
	"diff --git a/b b/b\nindex 3333333..4444444 100644\n--- a/b\n+++ "     \
	"b/b\n"
#define HUNK  "@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n"
#define NUL_B "Msg\n" DIFF_A "@@ -1 +1 @@\n-a\0b\n+c\n"
#define NUL_X "Msg\n" DIFF_A "@@ -1 +1 @@\n-a\0x\n+c\n"

static const struct {
	const char *name;
	const char *text;
	size_t len; /* 0: strlen */
} shapes[] = {
	{"no diff", "Just a message.\n\n---\n x | 1 +\n", 0},
	{"empty", "", 0},
	{"plain", "Msg\n---\n" DIFF_A HUNK "-- \n2.39.5\n", 0},
	{"other index and offsets",
	 "Msg\n"
	 "diff --git a/a b/a\nindex 9999999..8888888 100644\n--- a/a\n+++ b/a\n"
	 "@@ -10,3 +12,3 @@ fn\n one\n-two\n+TWO\n three\n",
	 0},
	{"list footer after it",
	 "Msg\n" DIFF_A HUNK "_______________________________________________\n"
	 "kvm mailing list\n",
	 0},
	{"more after a blank line", "Msg\n" DIFF_A HUNK "\n" DIFF_B HUNK, 0},
	{"blanks moved",
	 "Msg\n" DIFF_A "@@ -1,3 +1,3 @@\n o ne\n-two \n+T W O\n three\t\n", 0},
	{"line ends moved",
	 "Msg\n" DIFF_A "@@ -1,3 +1,3 @@\n one\n-tw\no\n+TWO\n three\n", 0},
	{"one more file", "Msg\n" DIFF_A HUNK DIFF_B HUNK, 0},
	{"files swapped", "Msg\n" DIFF_B HUNK DIFF_A HUNK, 0},
	{"hunk without counts", "Msg\n" DIFF_A "@@ -2 +2 @@\n-two\n+TWO\n", 0},
	{"hunk counts short",
	 "Msg\n" DIFF_A "@@ -1,1 +1,1 @@\n one\n-two\n+TWO\n three\n", 0},
	{"hunk counts long",
	 "Msg\n" DIFF_A "@@ -1,9 +1,9 @@\n one\n-two\n+TWO\n three\n"
	 "-- \n2.39.5\n",
	 0},
	{"hunk header broken", "Msg\n" DIFF_A "@@ -x +y @@\n one\n-two\n+TWO\n",
	 0},
	{"hunk header with blanks",
	 "Msg\n" DIFF_A "@@ -1, 3 +1,-3 @@\n one\n-two\n+TWO\n", 0},
	{"hunk counts huge",
	 "Msg\n" DIFF_A "@@ -1,99999999999999999999 +1,4294967297 @@\n"
	 " one\n-two\n+TWO\n",
	 0},
	{"context blank lost",
	 "Msg\n" DIFF_A "@@ -1,3 +1,3 @@\n one\n\n-two\n+TWO\n three\n", 0},
	{"no newline marker",
	 "Msg\n" DIFF_A HUNK "\\ No newline at end of file\n", 0},
	{"short backslash line", "Msg\n" DIFF_A HUNK "\\ short\n", 0},
	{"diff in prose", "A diff between them\nAbove all\n\nrest\n", 0},
	{"diff in prose, blanks", "A\ndiff  between them\nAbove  all\n", 0},
	{"next patch header after it",
	 "Msg\n" DIFF_A HUNK
	 "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17\n" DIFF_B
		 HUNK,
	 0},
	{"commit header before it",
	 "commit 0123456789abcdef0123456789abcdef01234567\nMsg\n" DIFF_A HUNK,
	 0},
	{"hex line inside a hunk",
	 "Msg\n" DIFF_A
	 "@@ -1,3 +1,3 @@\n one\n0123456789abcdef0123456789abcdef01234567\n"
	 "-two\n+TWO\n",
	 0},
	{"mode only, then a file",
	 "Msg\ndiff --git a/t b/t\nold mode 100644\nnew mode 100755\n" DIFF_A
		 HUNK,
	 0},
	{"a file, then mode only",
	 "Msg\n" DIFF_A HUNK
	 "diff --git a/t b/t\nold mode 100644\nnew mode 100755\n",
	 0},
	{"binary",
	 "Msg\ndiff --git a/x b/x\nindex 1234567..89abcde 100644\nGIT binary "
	 "patch\n"
	 "literal 5\nMcmZQzWMXCn0000\n\nliteral 3\nKcmZQzU|;|M\n\n",
	 0},
	{"binary, other literal",
	 "Msg\ndiff --git a/x b/x\nindex 1234567..89abcde 100644\nGIT binary "
	 "patch\n"
	 "literal 9\nQcmZQzWMXCn0000\n\nliteral 3\nKcmZQzU|;|M\n-- \n2.1\n",
	 0},
	{"binary files differ",
	 "Msg\ndiff --git a/x b/x\nindex 1234567..89abcde 100644\n"
	 "Binary files a/x and b/x differ\n",
	 0},
	{"binary then text",
	 "Msg\ndiff --git a/x b/x\nindex 1234567..89abcde 100644\n"
	 "Binary files a/x and b/x differ\n" DIFF_A HUNK,
	 0},
	{"binary then text, other diff line",
	 "Msg\ndiff --git a/x b/x\nindex 1234567..89abcde 100644\n"
	 "Binary files a/x and b/x differ\ndiff --git a/q b/q\n"
	 "index 1111111..2222222 100644\n--- a/a\n+++ b/a\n" HUNK,
	 0},
	{"text then binary",
	 "Msg\n" DIFF_A HUNK
	 "diff --git a/x b/x\nindex 1234567..89abcde 100644\n"
	 "Binary files a/x and b/x differ\n",
	 0},
	{"binary, index without mode",
	 "Msg\ndiff --git a/x b/x\nindex 1234567..89abcde\nBinary files a/x "
	 "and b/x differ\n",
	 0},
	{"binary, index at the end",
	 "Msg\ndiff --git a/x b/x\nBinary files a/x and b/x differ\n"
	 "diff --git a/y b/y\nindex 1234567..89abcde",
	 0},
	{"binary without index",
	 "Msg\ndiff --git a/x b/x\nBinary files a/x and b/x differ\n", 0},
	{"header line not a letter",
	 "Msg\ndiff --git a/a b/a\n1 what\n--- a/a\n", 0},
	{"nul in a line", NUL_B, sizeof(NUL_B) - 1},
	{"nul in a line, other tail", NUL_X, sizeof(NUL_X) - 1},
	{"no final newline", "Msg\n" DIFF_A "@@ -1 +1 @@\n-a\n+c", 0},
};

static const struct pair shape_pairs[] = {
	{"plain", "other index and offsets", 1},
	{"plain", "list footer after it", 1},
	{"plain", "more after a blank line", 1},
	{"plain", "blanks moved", 1},
	{"plain", "line ends moved", 1},
	{"one more file", "files swapped", 1},
	{"plain", "one more file", 0},
	{"plain", "next patch header after it", 1},
	{"binary", "binary, other literal", 1},
	{"binary", "binary files differ", 1},
	{"binary then text", "text then binary", 0},
	{"binary then text", "binary then text, other diff line", 1},
	{"nul in a line", "nul in a line, other tail", 1},
};

static void test_shapes(void **state)
{
	size_t i;

	(void)state;
	release_samples();
	for (i = 0; i < sizeof(shapes) / sizeof(*shapes); i++)
		add_sample(shapes[i].name, shapes[i].text,
			   shapes[i].len ? shapes[i].len
					 : strlen(shapes[i].text));
	expect(shape_pairs, sizeof(shape_pairs) / sizeof(*shape_pairs));
	check_agreement();
	release_samples();
}

static void test_hostile(void **state)
{
	struct kd_buf b = KD_BUF_INIT;
	clock_t start = clock();
	uint64_t a, c;
	size_t i;

	(void)state;
	/* a line of a megabyte, 100,000 hunk lines, 100,000 files */
	kd_buf_addstr(&b, DIFF_A "@@ -1,1 +1,1 @@\n-");
	kd_buf_addchars(&b, 'x', 1024 * 1024);
	kd_buf_addstr(&b, "\n+\n");
	assert_int_equal(kd_patch_id(&a, b.buf, b.len), 1);
	kd_buf_reset(&b);
	kd_buf_addstr(&b, DIFF_A "@@ -1,100000 +1,100000 @@\n");
	for (i = 0; i < 100000; i++)
		kd_buf_addf(&b, " line %zu\n", i);
	assert_int_equal(kd_patch_id(&a, b.buf, b.len), 1);
	kd_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		kd_buf_addf(&b,
			    "diff --git a/%zu b/%zu\n--- a/x\n+++ b/x\n@@ -1 "
			    "+1 @@\n-a\n+b\n",
			    i, i);
	assert_int_equal(kd_patch_id(&a, b.buf, b.len), 1);
	/* the same files in the other order */
	kd_buf_reset(&b);
	for (i = 100000; i-- > 0;)
		kd_buf_addf(&b,
			    "diff --git a/%zu b/%zu\n--- a/x\n+++ b/x\n@@ -1 "
			    "+1 @@\n-a\n+b\n",
			    i, i);
	assert_int_equal(kd_patch_id(&c, b.buf, b.len), 1);
	assert_true(a == c);
	kd_buf_release(&b);
	assert_true(cpu_since(start) < CPU_LIMIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_patch_pairs),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
