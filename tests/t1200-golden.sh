#!/bin/sh

test_description='golden digests of the sample archive'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"

GOLDEN="$TEST_DIRECTORY/golden"

test_expect_success 'setup: the samples, delivered by public-inbox' '
	make_v2_archive --name demo inbox "$TEST_DIRECTORY/../samples"
'

test_expect_success 'classic' '
	git -C inbox/git/0.git kvmdigest HEAD >actual 2>err &&
	test_cmp "$GOLDEN/samples.classic" actual
'

test_expect_success 'classic, with an empty configuration: the plain digest' '
	echo "{}" >empty.yaml &&
	git -C inbox/git/0.git kvmdigest --config "$PWD/empty.yaml" HEAD >plain &&
	test_cmp "$GOLDEN/samples-plain.classic" plain
'

test_expect_success 'json' '
	git -C inbox/git/0.git kvmdigest --format=json HEAD >actual.json 2>err &&
	test_cmp "$GOLDEN/samples.json" actual.json
'

test_expect_success 'json is valid and agrees with classic' '
	json_query actual.json "\"\\n\".join(\"%7d %s\" % (r[\"count\"], r[\"domain\"]) for r in d[\"domains\"])" >domains &&
	sed -n "/^Top 15 contributor Email domains/,/^Top 15 contributors/p" actual |
		grep "^ *[0-9]" >classic-domains &&
	test_cmp domains classic-domains
'

test_expect_success 'series heads: cover letter before first patch' '
	grep "^New:  " actual >new &&
	grep -A1 "Expose FEAT_ECV to guests$" new | tail -n 1 >after-cover &&
	echo "New:  KVM: arm64: Add the CNTPOFF_EL2 accessors" >expect &&
	test_cmp expect after-cover
'

test_done
