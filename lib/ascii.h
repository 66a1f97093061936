#ifndef KD_ASCII_H
#define KD_ASCII_H

/*
 * ASCII character classes and case, as the RFCs and git's formats mean
 * them: no locale, and a byte of 0x80 or above is in no class and has no
 * case.  Each takes a char or an unsigned char value alike (a negative
 * char is simply in no class), as git's sane_ctype does.
 *
 * This is the bottom layer of lib/: it includes nothing of ours.
 */

/* Space or tab: RFC 5322's WSP, what folds a header line. */
static inline int kd_is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * Space, tab, or a CR: the blanks of a line of decoded text, where a CR
 * is what a lone CR line end (or one a decoder kept) left behind.
 */
static inline int kd_is_blank_cr(int c)
{
	return kd_is_blank(c) || c == '\r';
}

/* What isspace() is in the C locale, and what kd_buf_trim() trims. */
static inline int kd_is_space(int c)
{
	/* tab, newline, vertical tab, form feed and return are 9 to 13 */
	return c == ' ' || (unsigned int)(c - '\t') <= '\r' - '\t';
}

static inline int kd_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int kd_is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static inline int kd_is_alpha(int c)
{
	return kd_is_upper(c) || (c >= 'a' && c <= 'z');
}

/* A letter or a digit: RFC 5234's ALPHA / DIGIT. */
static inline int kd_is_alnum(int c)
{
	return kd_is_alpha(c) || kd_is_digit(c);
}

/* The value of hex digit `c` (either case), or -1. */
static inline int kd_hex_digit(int c)
{
	if (kd_is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* `c` in lower case when it is an ASCII capital, else `c` itself. */
static inline int kd_tolower(int c)
{
	return kd_is_upper(c) ? c - 'A' + 'a' : c;
}

/* Lowercase the ASCII capitals of the NUL-terminated `s`, in place. */
static inline void kd_lowercase(char *s)
{
	for (; *s; s++)
		*s = (char)kd_tolower(*s);
}

#endif
