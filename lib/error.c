#include "error.h"

#include <git2.h>
#include <stdarg.h>
#include <stdio.h>

static __thread char message[1024];
static __thread int have_message;

void kd_error_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	have_message = 1;
}

void kd_error_from_git(const char *what)
{
	const git_error *e = git_error_last();
	const char *msg = e && e->message ? e->message : "unknown error";

	if (what)
		kd_error_set("%s: %s", what, msg);
	else
		kd_error_set("%s", msg);
}

const char *kd_error_last(void)
{
	return have_message ? message : NULL;
}

void kd_error_clear(void)
{
	have_message = 0;
	message[0] = '\0';
}
