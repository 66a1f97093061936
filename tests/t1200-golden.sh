#!/bin/sh

test_description='golden digests of the sample archive'

. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-archive.sh"
. "$TEST_DIRECTORY/lib-digest.sh"

GOLDEN="$TEST_DIRECTORY/golden"
ARCHIVE_URL=https://lore.kernel.org/kvm/

# The Python that has html5lib (python3-html5lib, scripts/install-deps):
# a pyenv or venv python3 first on PATH may not see Debian's packages.
HTML5_PYTHON=
for _p in python3 /usr/bin/python3
do
	if "$_p" -c "import html5lib" 2>/dev/null
	then
		HTML5_PYTHON=$_p
		break
	fi
done

# has_lines FILE EXPECT: each line of EXPECT is found in a line of FILE.
has_lines () {
	while IFS= read -r _line
	do
		grep -F -e "$_line" "$1" >/dev/null || {
			echo "not found in $1: $_line"
			return 1
		}
	done <"$2"
}

# check_markdown FILE.md FILE.json: the page holds together as Markdown.
# - every row of a table has as many cells as its header (a cell ends at
#   a '|' that no backslash escapes, as GitHub's tables split);
# - outside code blocks no '<', '>' or '`' is left unescaped (no raw HTML,
#   no code span, no autolink);
# - the fenced code blocks, read by CommonMark's rule (closed by a fence
#   at least as long as the opening one), are the bodies of the new heads,
#   each whole and in order: no body closes its block early;
# - the level-3 headings after "Patch commit messages", unescaped, are the
#   titles of the new heads.
check_markdown () {
	python3 - "$1" "$2" <<-\EOF
	import json, re, sys
	lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
	d = json.load(open(sys.argv[2], encoding="utf-8"))
	bad = []

	def scan(s):
	    """The unescaped characters of s, escapes skipped."""
	    i = 0
	    while i < len(s):
	        if s[i] == "\\":
	            i += 2
	            continue
	        yield s[i]
	        i += 1

	def unescape(s):
	    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", s)

	blocks, titles = [], []
	fence, block, header, in_messages = None, None, None, False
	for n, line in enumerate(lines, 1):
	    if fence:
	        m = re.match(r" {0,3}(`+) *$", line)
	        if m and len(m.group(1)) >= fence:
	            blocks.append("".join(block))
	            fence = None
	        else:
	            block.append(line + "\n")
	        continue
	    m = re.match(r"(`{3,})$", line)
	    if m:
	        fence, block, header = len(m.group(1)), [], None
	        continue
	    for c in scan(line):
	        if c in "<>`":
	            bad.append("%d: unescaped %r: %s" % (n, c, line))
	    if line.startswith("|"):
	        cells = sum(1 for c in scan(line) if c == "|") - 1
	        if header is None:
	            header = cells
	        elif cells != header:
	            bad.append("%d: %d cells, header has %d: %s" %
	                       (n, cells, header, line))
	    else:
	        header = None
	    if line == "## Patch commit messages":
	        in_messages = True
	    elif in_messages and line.startswith("### "):
	        titles.append(unescape(line[4:]))
	if fence:
	    bad.append("a code block is never closed")
	bodies = [h["body"] + ("" if h["body"].endswith("\n") or not h["body"]
	                       else "\n") for h in d["heads"]]
	if blocks != bodies:
	    bad.append("code blocks are not the bodies of the new heads")
	if titles != [h["title"] for h in d["heads"]]:
	    bad.append("headings are not the titles: %r" % titles)
	for b in bad:
	    print(b)
	sys.exit(1 if bad else 0)
	EOF
}

# check_html FILE.html FILE.json [ARCHIVE]: the page parses as HTML5 without
# a single parse error (html5lib, strict), and:
# - nothing is loaded from anywhere: no src (or the like) attribute, href
#   only on <a> and only into ARCHIVE (none when no ARCHIVE is given), no
#   URL in any other attribute nor in the style sheet, and at most one
#   script, inline (no attribute), with no URL in it and none of the ways
#   a script loads or runs more (fetch, XMLHttpRequest, import, eval...);
# - each count table has a bar chart with one <rect> a row;
# - the patch list has a row a series;
# - one <details> a new head, its summary "title — subject", its <pre>
#   the body, its link ARCHIVE + the percent-encoded message id + "/"
#   (text read back through the parser: what was escaped comes back).
check_html () {
	"$HTML5_PYTHON" - "$1" "$2" "${3-}" <<-\EOF
	import json, re, sys
	import html5lib
	from urllib.parse import quote
	page = open(sys.argv[1], encoding="utf-8").read()
	d = json.load(open(sys.argv[2], encoding="utf-8"))
	archive = sys.argv[3]
	root = html5lib.HTMLParser(strict=True).parse(page)
	bad = []

	def local(tag):
	    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""

	def find(el, name):
	    return [e for e in el.iter() if local(e.tag) == name]

	def text(el):
	    return "".join(el.itertext())

	for e in root.iter():
	    name = local(e.tag)
	    if name in ("link", "iframe", "img", "object", "embed",
	                "base", "image", "use", "foreignObject"):
	        bad.append("a <%s>" % name)
	    for k, v in e.attrib.items():
	        k = local(k)
	        if k == "href" and name == "a":
	            if not archive or not v.startswith(archive):
	                bad.append("a link out of the archive: %s" % v)
	        elif k in ("href", "src", "srcset", "data", "action",
	                   "formaction", "poster", "background", "style") or \
	                k.startswith("on") or \
	                re.search(r"(?i)https?:|//|url\(", v):
	            bad.append("<%s %s=%r>" % (name, k, v))
	for s in find(root, "style"):
	    if re.search(r"(?i)url\(|@import|https?:", text(s)):
	        bad.append("the style sheet loads something")
	scripts = find(root, "script")
	if len(scripts) > 1:
	    bad.append("%d scripts" % len(scripts))
	for s in scripts:
	    if s.attrib:
	        bad.append("a <script> with attributes: %r" % s.attrib)
	    m = re.search(r"(?i)https?:|//|url\(|fetch|XMLHttpRequest|import|"
	                  r"WebSocket|EventSource|sendBeacon|eval|Function\(|"
	                  r"innerHTML|outerHTML|document\.write|\.src\b|"
	                  r"location|open\(", text(s))
	    if m:
	        bad.append("the script may load something: %r" % m.group(0))

	charts = 0
	for sec in find(root, "section"):
	    if sec.get("class") != "counts":
	        continue
	    rects = len(find(sec, "rect"))
	    trs = sum(len(find(b, "tr")) for b in find(sec, "tbody"))
	    charts += 1
	    if rects != trs or not trs:
	        bad.append("section %s: %d bars, %d rows" %
	                   (sec.get("id"), rects, trs))
	if charts < 2:
	    bad.append("%d count tables" % charts)

	rows = sum(len(find(b, "tr")) for t in find(root, "table")
	           if t.get("class") == "series" for b in find(t, "tbody"))
	if rows != len(d["series"]):
	    bad.append("%d series rows, %d series" % (rows, len(d["series"])))

	details = find(root, "details")
	if len(details) != len(d["heads"]):
	    bad.append("%d <details>, %d new heads" %
	               (len(details), len(d["heads"])))
	for e, h in zip(details, d["heads"]):
	    s = text(find(e, "summary")[0])
	    if s != h["title"] + " \u2014 " + h["subject"]:
	        bad.append("summary %r" % s)
	    if text(find(e, "pre")[0]) != h["body"]:
	        bad.append("the body of %r" % h["subject"])
	    url = archive + quote(h["message_id"], safe="@") + "/"
	    if archive and url not in [a.get("href") for a in find(e, "a")]:
	        bad.append("no link %s" % url)
	for b in bad:
	    print(b)
	sys.exit(1 if bad else 0)
	EOF
}

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

test_expect_success 'markdown' '
	git -C inbox/git/0.git kvmdigest --format=markdown HEAD >actual.md 2>err &&
	test_cmp "$GOLDEN/samples.md" actual.md
'

test_expect_success 'markdown holds together and agrees with json' '
	check_markdown actual.md actual.json
'

test_expect_success 'markdown without an archive: no links' '
	git -C inbox/git/0.git kvmdigest --config "$PWD/empty.yaml" \
		--format=markdown HEAD >plain.md &&
	! grep -F "](" plain.md &&
	grep -F "| 3/3 | \\[PATCH 0/3\\] KVM: x86/mmu: Batch TLB flushes" plain.md &&
	git -C inbox/git/0.git kvmdigest --config "$PWD/empty.yaml" \
		--format=json HEAD >plain.json &&
	check_markdown plain.md plain.json
'

test_expect_success 'html' '
	git -C inbox/git/0.git kvmdigest --format=html HEAD >actual.html 2>err &&
	test_cmp "$GOLDEN/samples.html" actual.html
'

test_expect_success 'html5lib is there to read the pages (scripts/install-deps)' '
	test -n "$HTML5_PYTHON"
'

test_expect_success 'html is valid HTML5, self-contained, and agrees with json' '
	check_html actual.html actual.json "$ARCHIVE_URL"
'

test_expect_success 'html without an archive: no links at all' '
	git -C inbox/git/0.git kvmdigest --config "$PWD/empty.yaml" \
		--format=html HEAD >plain.html &&
	! grep -i "<a " plain.html &&
	grep "^Message-ID: &lt;20240304161200.1180442-1-mira.holloway@example.com&gt;</p>$" plain.html &&
	check_html plain.html plain.json
'

# Mail written to break the pages: Markdown and HTML in the subject, the
# name and the body, fences in the body, a '/' in the message id, the
# same title sent again as v2 (one row, showing v2; the older head is
# skipped, linking the odd id), a bot, an organisation and a subsystem
# with markup in their names.
test_expect_success 'setup: an archive of hostile mail' '
	mkdir hostile &&
	cat >hostile/1.eml <<-\EOF &&
	From: "Eve *Evil* | O_Hacker" <eve@example.org>
	To: kvm@vger.kernel.org
	Subject: [PATCH] KVM: x86: Fix a | b <script>alert(1)</script> *bold* _it_ [x](javascript:y) & `code` #1
	Date: Mon, 1 Apr 2024 10:00:00 +0000
	Message-ID: <20240401/evil+1%41@example.org>
	MIME-Version: 1.0
	Content-Type: text/plain; charset=UTF-8

	A body with fences in it:
	```
	rm -rf /
	````
	</pre></details><script>alert(2)</script>
	&amp; | * _ [link](http://example.com/) <b>

	Signed-off-by: Eve <eve@example.org>
	---
	 arch/x86/kvm/x86.c | 1 +
	 1 file changed, 1 insertion(+)
	EOF
	sed -e "s/\\[PATCH\\]/[PATCH v2]/" \
	    -e "s,<20240401/evil+1%41@,<20240402.evil.2@," \
	    -e "s/^Date: Mon, 1 Apr/Date: Tue, 2 Apr/" \
		hostile/1.eml >hostile/2.eml &&
	cat >hostile/3.eml <<-\EOF &&
	From: kernel test robot <lkp@intel.com>
	To: kvm@vger.kernel.org
	Subject: [PATCH] KVM: arm64: fix ptr_ret.cocci warnings
	Date: Wed, 3 Apr 2024 10:00:00 +0000
	Message-ID: <bot-1@intel.com>

	Generated.
	---
	 arch/arm64/kvm/arm.c | 1 +
	 1 file changed, 1 insertion(+)
	EOF
	make_v2_archive hostile-inbox hostile &&
	cat >hostile.yaml <<-\EOF
	list:
	  name: "K*V|M <b>"
	  archive: https://lore.kernel.org/kvm/
	identities:
	  organisations:
	    - {domain: example.org, name: "Evil & <Co> | Ltd"}
	  bots:
	    - "^kernel test robot"
	subsystems:
	  - name: "x86 | <i>mmu</i>"
	    title: "^KVM: x86"
	EOF
'

H=hostile-inbox/git/0.git

test_expect_success 'hostile mail: the json the checks compare with' '
	git -C $H kvmdigest --config "$PWD/hostile.yaml" --format=json HEAD >h.json &&
	json_query h.json "len(d[\"heads\"]), len(d[\"skipped\"]), d[\"bot_patches\"]" >counts &&
	echo "[2, 1, 1]" >expect &&
	test_cmp expect counts
'

test_expect_success 'hostile mail: markdown tables keep their cells' '
	git -C $H kvmdigest --config "$PWD/hostile.yaml" --format=markdown HEAD >h.md &&
	check_markdown h.md h.json &&
	cat >expect <<-\EOF &&
	# K\*V\|M \<b\> mailing list update from
	| 2 | Evil \& \<Co\> \| Ltd |
	| 2 | Eve \*Evil\* \| O\_Hacker \<eve@example.org\> |
	### x86 \| \<i\>mmu\</i\>
	| 1 | [\[PATCH v2\] KVM: x86: Fix a \| b \<script\>alert(1)\</script\> \*bold\* \_it\_ \[x\](javascript:y) \& \`code\` \#1](https://lore.kernel.org/kvm/20240402.evil.2@example.org/) | Eve \*Evil\* \| O\_Hacker |
	### KVM: x86: Fix a \| b \<script\>alert(1)\</script\> \*bold\* \_it\_ \[x\](javascript:y) \& \`code\` \#1
	**Skip:** [\[PATCH\] KVM: x86: Fix a \| b \<script\>alert(1)\</script\> \*bold\* \_it\_ \[x\](javascript:y) \& \`code\` \#1](https://lore.kernel.org/kvm/20240401%2Fevil%2B1%2541@example.org/)
	Bots, not counted above: 1 patch mail.
	EOF
	has_lines h.md expect &&
	grep -x "\`\`\`\`\`" h.md >fences &&
	test_line_count = 2 fences
'

test_expect_success 'hostile mail: html escapes it all' '
	git -C $H kvmdigest --config "$PWD/hostile.yaml" --format=html HEAD >h.html &&
	check_html h.html h.json "$ARCHIVE_URL" &&
	cat >expect <<-\EOF &&
	<title>K*V|M &lt;b&gt; mailing list update from
	<td>Evil &amp; &lt;Co&gt; | Ltd</td>
	<td>Eve *Evil* | O_Hacker &lt;eve@example.org&gt;</td>
	<h3>x86 | &lt;i&gt;mmu&lt;/i&gt;</h3>
	<td><a href="https://lore.kernel.org/kvm/20240402.evil.2@example.org/">[PATCH v2] KVM: x86: Fix a | b &lt;script&gt;alert(1)&lt;/script&gt; *bold* _it_ [x](javascript:y) &amp; `code` #1</a></td>
	&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(2)&lt;/script&gt;
	&amp;amp; | * _ [link](http://example.com/) &lt;b&gt;
	<p class="skip">Skip: <a href="https://lore.kernel.org/kvm/20240401%2Fevil%2B1%2541@example.org/">[PATCH] KVM: x86: Fix a
	<p>Bots, not counted above: 1 patch mail.</p>
	EOF
	has_lines h.html expect &&
	grep -i "<script" h.html >scripts &&
	echo "<script>" >expect &&
	test_cmp expect scripts
'

# The page's one script is the tool's, not the mail's: the same in every
# page, whatever the mail and the configuration.
script_of () {
	sed -n "/^<script>$/,/^<\/script>$/p" "$1"
}

test_expect_success 'html: the script is the same in every page' '
	script_of actual.html >script &&
	test_line_count -gt 10 script &&
	script_of plain.html >plain-script &&
	test_cmp script plain-script &&
	script_of h.html >h-script &&
	test_cmp script h-script
'

test_done
