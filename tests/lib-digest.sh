# Helpers for tests that read digests; source after test-lib.sh.

# json_query FILE EXPR: print EXPR, a Python expression over the JSON
# document `d` (strings as they are, anything else as JSON).
json_query () {
	python3 - "$1" "$2" <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1], encoding="utf-8"))
	r = eval(sys.argv[2])
	if not isinstance(r, str):
	    r = json.dumps(r, ensure_ascii=False)
	sys.stdout.write(r if r.endswith("\n") else r + "\n")
	EOF
}

# messages FILE: the digest's message count.
messages () {
	json_query "$1" "d[\"messages\"]"
}

# head_field FILE SUBJECT-PART FIELD...: a field of the new head whose
# subject contains SUBJECT-PART ("author.email" for nested fields).
head_field () {
	json_query "$1" "[h for h in d['heads'] if '''$2''' in h['subject']][0]$(
		echo "$3" | sed "s/\([^.]*\)/['\1']/g; s/\.//g")"
}

# series_field FILE TITLE-PART FIELD: a field of the series whose title
# contains TITLE-PART.
series_field () {
	json_query "$1" "[s for s in d['series'] if '''$2''' in s['title']][0]['$3']"
}

# contributor_count FILE EMAIL: the count of that row, or 0.
contributor_count () {
	json_query "$1" "sum(c['count'] for c in d['contributors'] if c['email'] == '$2')"
}
