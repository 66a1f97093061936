#include "narrow.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "pattern.h"

struct kd_narrow {
	char **subsystems;
	size_t nr;
	char *author;
	pcre2_code *re;
	pcre2_match_data *md;
	pcre2_match_context *limits;
	struct kd_buf who;
};

static int known(const struct kd_subsystems *subs, const char *name)
{
	size_t i, n = subs ? kd_subsystems_count(subs) : 0;

	if (!strcmp(name, KD_SUBSYSTEM_OTHER))
		return 1;
	for (i = 0; i < n; i++)
		if (!strcmp(kd_subsystems_name(subs, i), name))
			return 1;
	return 0;
}

int kd_narrow_new(struct kd_narrow **out, const char *const *subsystems,
		  size_t nr, const char *author,
		  const struct kd_subsystems *subs)
{
	struct kd_narrow *n = kd_calloc(1, sizeof(*n));
	struct kd_buf why = KD_BUF_INIT;
	size_t i;

	*out = NULL;
	kd_buf_init(&n->who, 0);
	n->subsystems = kd_calloc(nr + 1, sizeof(*n->subsystems));
	for (i = 0; i < nr; i++) {
		if (!known(subs, subsystems[i])) {
			kd_error_set("no subsystem '%s' in the configuration",
				     subsystems[i]);
			kd_narrow_free(n);
			return KD_EINVALID;
		}
		n->subsystems[n->nr++] = kd_strdup(subsystems[i]);
	}
	if (author) {
		n->author = kd_strdup(author);
		n->re = kd_pattern_compile(author, PCRE2_UTF, &why);
		n->limits = kd_pattern_limits();
		if (n->re)
			n->md = pcre2_match_data_create_from_pattern(n->re,
								     NULL);
		if (!n->re || !n->md || !n->limits) {
			kd_error_set("bad --author pattern '%s': %s", author,
				     why.len ? why.buf : "out of memory");
			kd_buf_release(&why);
			kd_narrow_free(n);
			return KD_EINVALID;
		}
	}
	*out = n;
	return 0;
}

void kd_narrow_free(struct kd_narrow *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nr; i++)
		free(n->subsystems[i]);
	free(n->subsystems);
	free(n->author);
	pcre2_match_data_free(n->md);
	pcre2_match_context_free(n->limits);
	pcre2_code_free(n->re);
	kd_buf_release(&n->who);
	free(n);
}

int kd_narrow_keeps(struct kd_narrow *n, const char *subsystem,
		    const char *name, const char *email)
{
	struct kd_buf *who = &n->who;
	size_t i;

	if (n->nr) {
		for (i = 0; i < n->nr && strcmp(n->subsystems[i], subsystem);
		     i++)
			;
		if (i == n->nr)
			return 0;
	}
	if (!n->re)
		return 1;
	kd_buf_reset(who);
	kd_buf_addf(who, "%s <%s>", name, email);
	return pcre2_match(n->re, (PCRE2_SPTR)who->buf, who->len, 0, 0, n->md,
			   n->limits) >= 0;
}

void kd_narrow_describe(struct kd_buf *out, const struct kd_narrow *n)
{
	size_t i;

	for (i = 0; i < n->nr; i++)
		kd_buf_addf(out, "%s%s", i ? " or " : "subsystem ",
			    n->subsystems[i]);
	if (n->author)
		kd_buf_addf(out, "%sauthor matching '%s'", n->nr ? ", " : "",
			    n->author);
}
