#ifndef KD_PEOPLE_H
#define KD_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

#include "intern.h"

/*
 * People, by address: each distinct (folded) address is one person, named
 * by a small id (0, 1, ... in the order first seen).  A person is shown
 * under the name the configuration gives it, else under the name its mail
 * used most, a tie going to the name seen first.
 *
 * A digest keeps one such table for each role it counts (the authors of
 * patch mails, the senders of replies, the givers of trailers), so that
 * the name a table shows is the one used in that role.
 */
#define KD_PEOPLE_NONE UINT32_MAX

struct kd_person_names;

struct kd_people {
	struct kd_intern emails; /* a person's id is its address's id */
	struct kd_intern names;
	struct kd_person_names *by_id;
	size_t alloc;
};

#define KD_PEOPLE_INIT { KD_INTERN_INIT, KD_INTERN_INIT, NULL, 0 }

/*
 * The person of `email`, one more use of `name` (which may be "") counted
 * for it.  `fixed_name`, when not NULL, is the configuration's name for
 * it: the first one given is the one it keeps.
 */
uint32_t kd_people_add(struct kd_people *p, const char *name,
		       const char *email, const char *fixed_name);

/* The person of `email`, or KD_PEOPLE_NONE when never added. */
uint32_t kd_people_find(const struct kd_people *p, const char *email);

/* How many people there are: ids are below it. */
static inline uint32_t kd_people_count(const struct kd_people *p)
{
	return p->emails.nr;
}

/*
 * Whether person `id` is a configured bot (identity.h), as the caller found
 * it once and recorded it: 1 or 0, or -1 when not recorded yet.
 */
int kd_people_bot(const struct kd_people *p, uint32_t id);
void kd_people_set_bot(struct kd_people *p, uint32_t id, int bot);

/* The address of person `id` and the name it is shown under, borrowed. */
const char *kd_people_email(const struct kd_people *p, uint32_t id);
const char *kd_people_name(const struct kd_people *p, uint32_t id);

void kd_people_release(struct kd_people *p);

#endif
