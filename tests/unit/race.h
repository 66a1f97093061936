#ifndef KD_TEST_RACE_H
#define KD_TEST_RACE_H

/*
 * Two writers racing on one target, for the unit tests of the modules
 * that refuse to replace what another wrote (output, notes): two
 * processes, each made ready (`ready`), then held at a gate that opens
 * for both at once, then let go (`go`).  What each one's `go` returns is
 * its exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"

struct racer {
	void (*ready)(int who, void *arg); /* before the gate; may be NULL */
	int (*go)(int who, void *arg);     /* after it: the exit status */
	void *arg;
};

/*
 * Run the two racers; `status[i]` is racer i's exit status, or -1 when
 * it did not exit (a signal).  Returns 0, or -1 when a process could not
 * be started.
 */
static int race(int status[2], const struct racer *r)
{
	pid_t pid[2];
	int gate[2], ready[2], i;
	char c;

	if (pipe(gate) || pipe(ready))
		return -1;
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		if (pid[i] < 0)
			return -1;
		if (!pid[i]) {
			close(gate[1]);
			close(ready[0]);
			if (r->ready)
				r->ready(i, r->arg);
			if (write(ready[1], "r", 1) != 1)
				_exit(125);
			close(ready[1]);
			/* the gate: it opens when the parent closes its end */
			while (read(gate[0], &c, 1) > 0)
				;
			_exit(r->go(i, r->arg));
		}
	}
	close(gate[0]);
	close(ready[1]);
	/* both ready, then both let go at once */
	for (i = 0; i < 2; i++)
		if (read(ready[0], &c, 1) != 1)
			break;
	close(ready[0]);
	close(gate[1]);
	for (i = 0; i < 2; i++) {
		int ws;

		if (waitpid(pid[i], &ws, 0) != pid[i])
			return -1;
		status[i] = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	}
	return 0;
}

/*
 * What a racer's `go` returns for the library's answer `err`: 0 when it
 * wrote; 1 when it was refused, with the words of a refusal; else 2, and
 * the message on stderr.
 */
static int race_outcome(int who, int err)
{
	if (!err)
		return 0;
	if (err == KD_EEXISTS && strstr(kd_error_last(), "exists already"))
		return 1;
	fprintf(stderr, "racer %d: %d %s\n", who, err, kd_error_last());
	return 2;
}

/* The racer that won when exactly one wrote and the other was refused; else -1. */
static int race_winner(const int status[2])
{
	if (status[0] == 0 && status[1] == 1)
		return 0;
	if (status[0] == 1 && status[1] == 0)
		return 1;
	return -1;
}

#endif
