#include "people.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* The names one person used, and how often each. */
struct kd_person_names {
	uint32_t fixed;  /* the configuration's name, KD_INTERN_NONE */
	int bot;         /* -1: not known yet */
	struct kd_person_name {
		uint32_t name; /* an id in kd_people.names */
		uint32_t uses;
	} *names;
	uint32_t nr, alloc;
};

uint32_t kd_people_add(struct kd_people *p, const char *name,
		       const char *email, const char *fixed_name)
{
	uint32_t id = kd_intern_putstr(&p->emails, email);
	uint32_t n = kd_intern_putstr(&p->names, name ? name : "");
	struct kd_person_names *pn;
	uint32_t i;

	if (id >= p->alloc) {
		size_t old = p->alloc;
		KD_ALLOC_GROW(p->by_id, (size_t)id + 1, p->alloc);
		memset(p->by_id + old, 0, (p->alloc - old) * sizeof(*p->by_id));
		for (i = (uint32_t)old; i < p->alloc; i++) {
			p->by_id[i].fixed = KD_INTERN_NONE;
			p->by_id[i].bot = -1;
		}
	}
	pn = &p->by_id[id];
	if (fixed_name && pn->fixed == KD_INTERN_NONE)
		pn->fixed = kd_intern_putstr(&p->names, fixed_name);
	for (i = 0; i < pn->nr; i++)
		if (pn->names[i].name == n) {
			pn->names[i].uses++;
			return id;
		}
	KD_ALLOC_GROW(pn->names, pn->nr + 1, pn->alloc);
	pn->names[pn->nr].name = n;
	pn->names[pn->nr++].uses = 1;
	return id;
}

uint32_t kd_people_find(const struct kd_people *p, const char *email)
{
	uint32_t id = kd_intern_find(&p->emails, email, strlen(email));

	return id == KD_INTERN_NONE ? KD_PEOPLE_NONE : id;
}

int kd_people_bot(const struct kd_people *p, uint32_t id)
{
	return p->by_id[id].bot;
}

void kd_people_set_bot(struct kd_people *p, uint32_t id, int bot)
{
	p->by_id[id].bot = !!bot;
}

const char *kd_people_email(const struct kd_people *p, uint32_t id)
{
	return kd_intern_str(&p->emails, id);
}

const char *kd_people_name(const struct kd_people *p, uint32_t id)
{
	const struct kd_person_names *pn = &p->by_id[id];
	uint32_t best = KD_INTERN_NONE, uses = 0, i;

	if (pn->fixed != KD_INTERN_NONE)
		return kd_intern_str(&p->names, pn->fixed);
	for (i = 0; i < pn->nr; i++)
		if (*kd_intern_str(&p->names, pn->names[i].name) &&
		    pn->names[i].uses > uses) {
			best = pn->names[i].name;
			uses = pn->names[i].uses;
		}
	return kd_intern_str(&p->names, best);
}

void kd_people_release(struct kd_people *p)
{
	size_t i;

	for (i = 0; i < p->alloc; i++)
		free(p->by_id[i].names);
	free(p->by_id);
	kd_intern_release(&p->emails);
	kd_intern_release(&p->names);
	memset(p, 0, sizeof(*p));
}
