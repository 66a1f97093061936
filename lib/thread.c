#include "thread.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

void kd_thread_link(uint32_t *up, const struct kd_thread_msg *m, size_t n,
		    const uint32_t *refs, uint32_t nr_ids)
{
	uint32_t *holder = kd_malloc((nr_ids ? nr_ids : 1) * sizeof(*holder));
	size_t i;

	/* each id to the first message that has it */
	for (i = 0; i < nr_ids; i++)
		holder[i] = KD_THREAD_NONE;
	for (i = n; i-- > 0;)
		if (m[i].id != KD_THREAD_NONE)
			holder[m[i].id] = (uint32_t)i;

	for (i = 0; i < n; i++) {
		uint32_t self = m[i].id, found = KD_THREAD_NONE, k;

		if (m[i].parent != KD_THREAD_NONE && m[i].parent != self)
			found = holder[m[i].parent];
		for (k = m[i].nr_refs; found == KD_THREAD_NONE && k-- > 0;) {
			uint32_t id = refs[m[i].refs + k];
			if (id != self)
				found = holder[id];
		}
		up[i] = found;
	}
	free(holder);
}

enum walk_state { UNSEEN, ON_PATH, DONE };

void kd_thread_nearest(uint32_t *nearest, const uint32_t *up,
		       const unsigned char *want, size_t n)
{
	unsigned char *state = kd_calloc(n ? n : 1, 1);
	uint32_t *path = kd_malloc((n ? n : 1) * sizeof(*path));
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t j = (uint32_t)i, answer;
		size_t depth = 0;

		if (state[i] == DONE)
			continue;
		while (j != KD_THREAD_NONE && state[j] == UNSEEN && !want[j]) {
			state[j] = ON_PATH;
			path[depth++] = j;
			j = up[j];
		}
		if (j == KD_THREAD_NONE)
			answer = KD_THREAD_NONE;
		else if (want[j])
			answer = j;
		else if (state[j] == DONE)
			answer = nearest[j];
		else
			answer = KD_THREAD_NONE; /* a loop: it ends here */
		while (depth > 0) {
			uint32_t k = path[--depth];
			nearest[k] = answer;
			state[k] = DONE;
		}
		if (want[i]) { /* it is its own nearest */
			nearest[i] = (uint32_t)i;
			state[i] = DONE;
		}
	}
	free(path);
	free(state);
}
