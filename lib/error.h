#ifndef KD_ERROR_H
#define KD_ERROR_H

/*
 * Errors, as libgit2 reports them: a function of lib/ that fails returns a
 * negative code and leaves a message for the caller with kd_error_set();
 * the caller (git-kvmdigest.c) reads it with kd_error_last() and decides
 * how to say it.  lib/ never prints and never exits.
 *
 * The message is per thread and lives until the next kd_error_set() or
 * kd_error_clear() on that thread.
 */
enum kd_error_code {
	KD_OK = 0,
	KD_ERROR = -1,       /* generic failure */
	KD_ENOTFOUND = -3,   /* a revision, file or object that is not there */
	KD_EINVALID = -4,    /* input that is not what it should be */
	KD_EEXISTS = -5,     /* something that would be overwritten */
	KD_EUSAGE = -6,      /* the caller's words are off */
};

void kd_error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Take libgit2's last error as ours, prefixed by `what` when not NULL. */
void kd_error_from_git(const char *what);
/* The last message, or NULL when none was set. */
const char *kd_error_last(void);
void kd_error_clear(void);

#endif
