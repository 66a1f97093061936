#!/bin/sh

test_description='thousands of generated messages, counted against their manifest'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"

# What the manifest says the digest must count: patch mails (covers and
# patches) per contributor address and per domain.
expected_counts () {
	awk -F '\t' '$3 == "cover" || $3 == "patch" { print $8 }' "$1" |
	sort | uniq -c | awk '{ print $2, $1 }' | sort
}

test_expect_success 'setup: 3000 messages over two epochs' '
	make_fastimport_archive --epoch-size 2000 --manifest m.tsv a 3000 &&
	awk -F "\t" "\$1 == 0" m.tsv >m0.tsv &&
	awk -F "\t" "\$1 == 1" m.tsv >m1.tsv &&
	test_line_count = 2000 m0.tsv &&
	test_line_count = 1000 m1.tsv
'

# The range of each epoch: epoch 0 up to its tip; epoch 1 after it.
tip0=$(git -C a/git/0.git rev-parse HEAD 2>/dev/null)
range0=$tip0
range1=$tip0..HEAD

for epoch in 0 1
do
	eval range=\$range$epoch
	test_expect_success "epoch $epoch: every contributor counted as the manifest says" "
		git -C a/git/$epoch.git kvmdigest --format=json $range >d$epoch.json &&
		json_query d$epoch.json \"'\\\\n'.join('%s %d' % (c['email'], c['count']) for c in d['contributors'])\" |
			sort >actual &&
		expected_counts m$epoch.tsv >expect &&
		test_cmp expect actual
	"

	test_expect_success "epoch $epoch: messages, patches and replies" "
		json_query d$epoch.json '[d[\"messages\"], d[\"patches\"], d[\"replies\"]]' >actual &&
		n=\$(wc -l <m$epoch.tsv) &&
		p=\$(awk -F '\t' '\$3 == \"cover\" || \$3 == \"patch\"' m$epoch.tsv | wc -l) &&
		r=\$(awk -F '\t' '\$3 == \"reply\"' m$epoch.tsv | wc -l) &&
		echo \"[\$n, \$p, \$r]\" | tr -d ' ' | sed 's/,/, /g' >expect &&
		test_cmp expect actual
	"
done

test_expect_success 'a range inside an epoch counts only its commits' '
	a=$(git -C a/git/0.git rev-parse HEAD~1500) &&
	b=$(git -C a/git/0.git rev-parse HEAD~500) &&
	git -C a/git/0.git kvmdigest --format=json $a..$b >mid.json &&
	test "$(json_query mid.json "d[\"messages\"]")" = 1000
'

test_expect_success 'the whole inbox counts every message of the manifest' '
	git -C a kvmdigest --format=json HEAD >all.json 2>/dev/null &&
	json_query all.json "\"\\n\".join(\"%s %d\" % (c[\"email\"], c[\"count\"]) for c in d[\"contributors\"])" |
		sort >actual &&
	expected_counts m.tsv >expect &&
	test_cmp expect actual &&
	test "$(json_query all.json "d[\"messages\"]")" = 3000
'

test_expect_success 'every cover letter is a head, new or skipped' '
	json_query d0.json "sum(1 for h in d[\"heads\"] + d[\"skipped\"] if h[\"kind\"] == \"cover\")" >covers &&
	awk -F "\t" "\$3 == \"cover\"" m0.tsv | wc -l | tr -d " " >expect &&
	test_cmp expect covers
'

test_done
