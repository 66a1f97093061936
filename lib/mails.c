#include "mails.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

void kd_mails_init(struct kd_mails *m, const struct kd_identities *ids)
{
	/* KD_INTERN_INIT and KD_PEOPLE_INIT are all zeros */
	memset(m, 0, sizeof(*m));
	m->identities = ids;
}

static uint32_t id_of(struct kd_mails *m, const char *s)
{
	return *s ? kd_intern_putstr(&m->ids, s) : KD_MAILS_NONE;
}

/*
 * A mailbox folded by the configuration, into `people`.  Whether it is a
 * bot is asked once a person (on the name it first came with): a pattern
 * match a mail would cost more than reading it.
 */
static uint32_t person(struct kd_mails *m, struct kd_people *people,
		       const struct kd_mailbox *mb, int *bot)
{
	const char *name = NULL, *email = mb->email;
	uint32_t id;

	*bot = 0;
	if (!m->identities)
		return kd_people_add(people, mb->name, email, NULL);
	kd_identities_resolve(m->identities, mb->name, mb->email, &name, &email);
	id = kd_people_add(people, mb->name, email, name);
	if (kd_people_bot(people, id) < 0)
		kd_people_set_bot(people, id,
				  kd_identities_is_bot(m->identities,
						       name ? name : mb->name,
						       email));
	*bot = kd_people_bot(people, id);
	return id;
}

static uint32_t text_or_none(struct kd_mails *m, const char *s)
{
	return s ? kd_intern_putstr(&m->text, s) : KD_MAILS_NONE;
}

static void add_refs(struct kd_mails *m, struct kd_mail *mail,
		     const struct kd_message *msg)
{
	const char *p = msg->refs;
	size_t i;

	mail->refs = (uint32_t)m->nr_refs;
	mail->nr_refs = (uint32_t)msg->nr_refs;
	KD_ALLOC_GROW(m->refs, m->nr_refs + msg->nr_refs, m->alloc_refs);
	for (i = 0; i < msg->nr_refs; i++) {
		m->refs[m->nr_refs++] = kd_intern_putstr(&m->ids, p);
		p += strlen(p) + 1;
	}
}

/*
 * A digest shows one head a title: its newest send's, the cover letter
 * before patch 1.  So the excerpts kept are those of the newest head of
 * each title and of its newest cover letter (patch 1 of a one-patch
 * series often has the title of its cover, and comes after it).  Should
 * a digest show another head, it reads that one's again from its blob.
 */
static void keep_excerpt(struct kd_mails *m, struct kd_patch_mail *pm,
			 const struct kd_entry *e, struct kd_message *msg)
{
	enum { HEAD_KEPT = 1, COVER_KEPT = 2 };
	unsigned char *kept;
	size_t old = m->alloc_titles_kept;

	git_oid_cpy(&pm->blob, &e->blob);
	pm->epoch = e->epoch;
	if (!pm->head)
		return;
	KD_ALLOC_GROW(m->title_kept, (size_t)pm->title + 1,
		      m->alloc_titles_kept);
	memset(m->title_kept + old, 0, m->alloc_titles_kept - old);
	kept = &m->title_kept[pm->title];
	if ((*kept & HEAD_KEPT) && (pm->index != 0 || (*kept & COVER_KEPT)))
		return;
	*kept |= HEAD_KEPT | (pm->index == 0 ? COVER_KEPT : 0);
	pm->excerpt = msg->excerpt ? msg->excerpt : kd_strdup("");
	msg->excerpt = NULL;
}

static void add_patch(struct kd_mails *m, struct kd_mail *mail,
		      const struct kd_entry *e, struct kd_message *msg)
{
	const struct kd_subject *s = &msg->subj;
	struct kd_patch_mail *pm;
	int bot = 0;
	uint32_t i;

	KD_ALLOC_GROW(m->patches, m->nr_patches + 1, m->alloc_patches);
	mail->patch = (uint32_t)m->nr_patches;
	pm = &m->patches[m->nr_patches++];
	memset(pm, 0, sizeof(*pm));
	pm->mail = (uint32_t)m->nr - 1;
	pm->title = kd_intern_putstr(&m->text, s->title);
	pm->prefixes = kd_intern_putstr(&m->text, s->prefixes);
	pm->author = person(m, &m->authors, &msg->author, &bot);
	pm->bot = bot;
	pm->author_name = kd_intern_putstr(&m->text, msg->author.name);
	pm->author_email = kd_intern_putstr(&m->text, msg->author.email);
	pm->sender_name = kd_intern_putstr(&m->text, msg->sender.name);
	pm->sender_email = kd_intern_putstr(&m->text, msg->sender.email);
	pm->paths = kd_intern_putstr(&m->text, msg->paths ? msg->paths : "");
	pm->version = s->version;
	pm->index = s->index;
	pm->total = s->total;
	pm->rfc = s->rfc;
	pm->resend = s->resend;
	pm->head = kd_subject_is_head(s);
	pm->has_patch_id = msg->has_patch_id;
	pm->patch_id = msg->patch_id;
	pm->change_id = msg->change_id
				? kd_intern_putstr(&m->text, msg->change_id)
				: KD_MAILS_NONE;
	pm->links = (uint32_t)m->nr_links;
	pm->nr_links = pm->head ? (uint32_t)msg->links.nr : 0;
	KD_ALLOC_GROW(m->links, m->nr_links + pm->nr_links, m->alloc_links);
	for (i = 0; i < pm->nr_links; i++) {
		struct kd_mail_link *l = &m->links[m->nr_links++];
		l->id = kd_intern_putstr(&m->ids, msg->links.v[i].message_id);
		l->version = msg->links.v[i].version;
	}
	pm->fixes = (uint32_t)m->nr_fixes;
	pm->nr_fixes = (uint32_t)msg->fixes.nr;
	pm->stable = msg->fixes.stable;
	KD_ALLOC_GROW(m->fixes, m->nr_fixes + pm->nr_fixes, m->alloc_fixes);
	for (i = 0; i < pm->nr_fixes; i++) {
		struct kd_mail_fix *f = &m->fixes[m->nr_fixes++];
		f->commit = kd_intern_putstr(&m->text, msg->fixes.v[i].commit);
		f->subject = text_or_none(m, msg->fixes.v[i].subject);
	}
	keep_excerpt(m, pm, e, msg);
}

/* A reply's trailers, its acceptance and whether it pings. */
static void add_reply(struct kd_mails *m, struct kd_mail *mail,
		      const struct kd_message *msg)
{
	const struct kd_acceptance *a = &msg->acceptance;
	size_t i;

	if (msg->is_ping)
		mail->flags |= KD_MAIL_PING;
	KD_ALLOC_GROW(m->trailers, m->nr_trailers + msg->trailers.nr,
		      m->alloc_trailers);
	for (i = 0; i < msg->trailers.nr; i++) {
		const struct kd_trailer *t = &msg->trailers.v[i];
		struct kd_mail_trailer *mt = &m->trailers[m->nr_trailers++];
		struct kd_mailbox mb = { t->name, t->email };
		int bot = 0;

		mt->mail = (uint32_t)m->nr - 1;
		mt->person = person(m, &m->reviewers, &mb, &bot);
		mt->kind = (uint8_t)t->kind;
		mt->bot = (uint8_t)bot;
	}
	if (!msg->accepts)
		return;
	KD_ALLOC_GROW(m->acceptances, m->nr_acceptances + 1,
		      m->alloc_acceptances);
	m->acceptances[m->nr_acceptances].mail = (uint32_t)m->nr - 1;
	m->acceptances[m->nr_acceptances].tree = text_or_none(m, a->tree);
	m->acceptances[m->nr_acceptances].commits = (uint32_t)m->nr_strings;
	m->acceptances[m->nr_acceptances].nr_commits =
		(uint32_t)a->commits_nr;
	m->nr_acceptances++;
	KD_ALLOC_GROW(m->strings, m->nr_strings + a->commits_nr,
		      m->alloc_strings);
	for (i = 0; i < a->commits_nr; i++)
		m->strings[m->nr_strings++] =
			kd_intern_putstr(&m->text, a->commits[i]);
}

static void add_pull(struct kd_mails *m, const struct kd_message *msg)
{
	struct kd_mail_pull *p;

	KD_ALLOC_GROW(m->pulls, m->nr_pulls + 1, m->alloc_pulls);
	p = &m->pulls[m->nr_pulls++];
	p->mail = (uint32_t)m->nr - 1;
	p->url = text_or_none(m, msg->pull.url);
	p->ref = text_or_none(m, msg->pull.ref);
}

uint32_t kd_mails_add(struct kd_mails *m, const struct kd_entry *e,
		      struct kd_message *msg)
{
	struct kd_mail *mail;
	int bot = 0;

	KD_ALLOC_GROW(m->mail, m->nr + 1, m->alloc);
	mail = &m->mail[m->nr++];
	memset(mail, 0, sizeof(*mail));
	git_oid_cpy(&mail->commit, &e->commit);
	mail->id = id_of(m, msg->message_id);
	if (mail->id != KD_MAILS_NONE) {
		size_t old = m->alloc_owned;
		KD_ALLOC_GROW(m->owned, (size_t)mail->id + 1, m->alloc_owned);
		memset(m->owned + old, 0, m->alloc_owned - old);
		if (m->owned[mail->id])
			mail->flags |= KD_MAIL_DUPLICATE;
		m->owned[mail->id] = 1;
	}
	mail->parent = id_of(m, msg->parent);
	add_refs(m, mail, msg);
	if (msg->has_date) {
		mail->date = msg->date;
		mail->tz = (int16_t)msg->tz;
	} else {
		mail->date = e->time;
		mail->tz = (int16_t)e->tz;
	}
	mail->subject = kd_intern_putstr(&m->text, msg->subject);
	mail->sender = person(m, &m->senders, &msg->sender, &bot);
	if (bot)
		mail->flags |= KD_MAIL_BOT;
	mail->patch = KD_MAILS_NONE;
	mail->type = msg->subj.is_reply	  ? KD_MAIL_REPLY
		     : msg->subj.is_patch ? KD_MAIL_PATCH
					  : KD_MAIL_OTHER;
	if (mail->type == KD_MAIL_PATCH && !(mail->flags & KD_MAIL_DUPLICATE))
		add_patch(m, mail, e, msg);
	if (msg->subj.is_pull && !(mail->flags & KD_MAIL_DUPLICATE))
		add_pull(m, msg);
	if (mail->type == KD_MAIL_REPLY && !(mail->flags & KD_MAIL_DUPLICATE))
		add_reply(m, mail, msg);
	return (uint32_t)m->nr - 1;
}

void kd_mails_release(struct kd_mails *m)
{
	size_t i;

	for (i = 0; i < m->nr_patches; i++)
		free(m->patches[i].excerpt);
	free(m->title_kept);
	free(m->patches);
	free(m->mail);
	free(m->refs);
	free(m->links);
	free(m->fixes);
	free(m->pulls);
	free(m->trailers);
	free(m->acceptances);
	free(m->strings);
	free(m->owned);
	kd_intern_release(&m->ids);
	kd_intern_release(&m->text);
	kd_people_release(&m->senders);
	kd_people_release(&m->authors);
	kd_people_release(&m->reviewers);
	memset(m, 0, sizeof(*m));
}
