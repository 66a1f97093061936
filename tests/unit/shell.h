#ifndef KD_TEST_SHELL_H
#define KD_TEST_SHELL_H

/*
 * For the unit tests that make repositories with git: a shell command run
 * in a directory, its output dropped, the test failed (with the command)
 * when it fails; and an environment where git sees no configuration of
 * the user's.  Include after <cmocka.h>.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "buf.h"

static void run_in(const char *dir, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void run_in(const char *dir, const char *fmt, ...)
{
	struct kd_buf cmd = KD_BUF_INIT;
	va_list ap;

	kd_buf_addf(&cmd, "cd '%s' && (", dir);
	va_start(ap, fmt);
	kd_buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	kd_buf_addstr(&cmd, ") >/dev/null 2>&1");
	if (system(cmd.buf))
		fail_msg("command failed: %s", cmd.buf);
	kd_buf_release(&cmd);
}

/*
 * The git command line and libgit2 away from the user's setup: HOME and
 * XDG_CONFIG_HOME are `home`, no system configuration, and no GIT_DIR or
 * GIT_WORK_TREE from the caller's environment.
 * (inline: not every includer calls it.)
 */
static inline void isolate_git(const char *home)
{
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
}

#endif
