#include "review.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* The patch a mail's thread answers, or KD_MAILS_NONE. */
static uint32_t patch_answered(const struct kd_mails *m,
			       const uint32_t *answers, uint32_t mail)
{
	uint32_t a = answers[mail];

	return a == KD_MAILS_NONE ? KD_MAILS_NONE : m->mail[a].patch;
}

/* The send of `patch` (KD_MAILS_NONE: none), or KD_SERIES_NONE. */
static uint32_t send_of(const struct kd_sends *s, uint32_t patch)
{
	return patch == KD_MAILS_NONE ? KD_SERIES_NONE : s->of_patch[patch];
}

/* The send a mail's thread answers, or KD_SERIES_NONE. */
static uint32_t send_answered(const struct kd_mails *m, const struct kd_sends *s,
			      const uint32_t *answers, uint32_t mail)
{
	return send_of(s, patch_answered(m, answers, mail));
}

static void add_person(struct kd_send_review *r, int kind, uint32_t person)
{
	uint32_t i;

	for (i = 0; i < r->nr[kind]; i++)
		if (r->people[kind][i] == person)
			return;
	KD_ALLOC_GROW(r->people[kind], r->nr[kind] + 1, r->alloc[kind]);
	r->people[kind][r->nr[kind]++] = person;
}

/*
 * The trailers: counted for who gave them, and for the patch they were
 * given to (`reviewed`, by patch mail), or for the whole send when given
 * to its cover letter (`whole`, by send).
 */
static void take_trailers(struct kd_reviews *out, const struct kd_mails *m,
			  const struct kd_sends *s, const uint32_t *answers,
			  unsigned char *reviewed, unsigned char *whole)
{
	size_t i;

	/* oldest first, so that each send lists its reviewers in that order */
	for (i = m->nr_trailers; i-- > 0;) {
		const struct kd_mail_trailer *t = &m->trailers[i];
		uint32_t a = patch_answered(m, answers, t->mail);
		uint32_t send = send_of(s, a);

		out->trailer_send[i] = send;
		if (t->bot || send == KD_SERIES_NONE)
			continue;
		add_person(&out->send[send], t->kind, t->person);
		if (t->kind != KD_TRAILER_REVIEWED)
			continue;
		if (m->patches[a].index == 0)
			whole[send] = 1;
		else
			reviewed[a] = 1;
	}
}

static void count_reviewed(struct kd_reviews *out, const struct kd_mails *m,
			   const struct kd_sends *s,
			   const unsigned char *reviewed,
			   const unsigned char *whole)
{
	size_t i, k;

	for (i = 0; i < s->nr; i++) {
		const struct kd_send *send = &s->send[i];

		if (whole[i]) {
			out->send[i].patches_reviewed = (uint32_t)send->received;
			continue;
		}
		/* take_trailers() marks no cover letter (index 0) reviewed */
		for (k = 0; k < send->nr; k++)
			if (reviewed[send->patches[k]])
				out->send[i].patches_reviewed++;
	}
}

/* Replies by others than a send's author, and the author's pings. */
static void take_replies(struct kd_reviews *out, const struct kd_mails *m,
			 const struct kd_sends *s, const uint32_t *answers)
{
	size_t i;

	for (i = 0; i < m->nr; i++) {
		const struct kd_mail *mail = &m->mail[i];
		uint32_t send;
		const char *author, *sender;

		if (mail->type != KD_MAIL_REPLY ||
		    (mail->flags & (KD_MAIL_DUPLICATE | KD_MAIL_BOT)))
			continue;
		send = send_answered(m, s, answers, (uint32_t)i);
		if (send == KD_SERIES_NONE)
			continue;
		author = kd_people_email(&m->authors, s->send[send].author);
		sender = kd_people_email(&m->senders, mail->sender);
		if (strcmp(author, sender))
			out->send[send].replies_by_others++;
		else if (mail->flags & KD_MAIL_PING)
			out->send[send].pings++;
	}
}

void kd_reviews_build(struct kd_reviews *out, const struct kd_mails *m,
		      const struct kd_sends *s, const uint32_t *answers)
{
	unsigned char *reviewed = kd_calloc(m->nr_patches + 1, 1);
	unsigned char *whole = kd_calloc(s->nr + 1, 1);
	size_t i;

	memset(out, 0, sizeof(*out));
	out->nr_sends = s->nr;
	out->send = kd_calloc(s->nr + 1, sizeof(*out->send));
	out->trailer_send = kd_malloc((m->nr_trailers + 1) *
				      sizeof(*out->trailer_send));
	out->acceptance_send = kd_malloc((m->nr_acceptances + 1) *
					 sizeof(*out->acceptance_send));

	take_trailers(out, m, s, answers, reviewed, whole);
	count_reviewed(out, m, s, reviewed, whole);
	take_replies(out, m, s, answers);
	for (i = 0; i < m->nr_acceptances; i++) {
		uint32_t send = send_answered(m, s, answers,
					      m->acceptances[i].mail);
		out->acceptance_send[i] = send;
		if (send != KD_SERIES_NONE)
			out->send[send].accepted++;
	}
	free(reviewed);
	free(whole);
}

void kd_reviews_release(struct kd_reviews *r)
{
	size_t i;
	int k;

	for (i = 0; i < r->nr_sends; i++)
		for (k = 0; k < KD_TRAILER_KINDS; k++)
			free(r->send[i].people[k]);
	free(r->send);
	free(r->trailer_send);
	free(r->acceptance_send);
	memset(r, 0, sizeof(*r));
}
