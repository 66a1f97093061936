#!/usr/bin/env python3
"""crosscheck: an independent reading of a public-inbox range, compared with
git kvmdigest --format=json.

Usage: scripts/crosscheck.py [--tool PATH] [-C REPO] [--dump] [RANGE]

Written from SPEC.md ("Input", "The range", "What counts", "Series, threads
and reviews"), not from the C code: it walks the range with git rev-list,
reads every message blob (v2 `m`; v1 `xx/yyy...` blobs found by diffing
against the parent), parses the mail with Python's email package, applies
the spec's rules (reply, patch mail, contributor, domain, series head; own
text, trailers given, acceptance, fix) and counts.  Then it runs the tool
on the same range and reports every difference:

  - messages, patches                  (counted: exit 1 when they differ)
  - every domain row, every contributor (email, count)   (counted)
  - contributor names                  ("name differences", not counted)
  - series heads (commit, kind)        (reported; counted with --strict)
  - every reviewer row (address; count, reviewed, acked, tested, nacked)
    and reviewer domain row            (counted)
  - fixes: the patch mails, the commits each fixes, stable   (counted)
  - acceptances ("applied"): the replies each side reads as one, and for
    those both read, the tree and the commits.  Whether a sentence says
    "I took your patches" is a judgement, so each difference is shown
    with the reply's first lines for a person to judge, and only the
    agreement counts: below APPLIED_AGREEMENT (95) percent of the union
    of both sides, where agreeing means both read an acceptance with the
    same tree (compared as tree_key() names it: "my kvm-ppc-next branch"
    is "kvm-ppc-next") and the same commits, it is one count difference.

The reviewer table is read as SPEC.md says: each reply (a subject with a
reply marker; a Message-ID archived twice counts once), its first
text/plain part decoded (format=flowed lines joined again), its own text (own_text()), the lines
"Reviewed-by:", "Acked-by:", "Tested-by:", "Nacked-by:" (any case, after
blanks) that name an address, each (kind, address) once a reply.  With
the empty configuration there are no bots and no folding: raw addresses.

The tool is run with an empty configuration (`--config` of a file holding
`{}`: no folding, no grouping) so that both sides count raw identities;
--tool-config FILE uses another one (then folded rows differ, as expected).

--dump prints this script's own reading as JSON and does not run the tool.
--expected FILE compares this reading with a seed's expected.json instead.

Standard library only.  Never crashes on a message: a message Python cannot
read is reported as "unparseable by python: commit X" and counted as a
message that is neither a reply nor a patch.
"""

import argparse
import base64
import binascii
import codecs
import collections
import email
import email.policy
import email.utils
import json
import os
import re
import subprocess
import sys
import tempfile
import threading

# ---------------------------------------------------------------- git


class GitError(Exception):
    pass


def git(repo, *args, check=True, input=None):
    cmd = ["git"]
    if repo:
        cmd += ["-C", repo]
    cmd += list(args)
    p = subprocess.run(cmd, input=input, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if check and p.returncode != 0:
        raise GitError("%s: %s" % (" ".join(cmd),
                                   p.stderr.decode("utf-8", "replace").strip()))
    return p


def cat_file_batch(repo, names):
    """Yield (name, type, bytes-or-None) for every object name, in order."""
    cmd = ["git"] + (["-C", repo] if repo else []) + ["cat-file", "--batch"]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def feed():
        try:
            for n in names:
                p.stdin.write(n.encode() + b"\n")
            p.stdin.close()
        except BrokenPipeError:
            pass

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    out = p.stdout
    for n in names:
        header = out.readline()
        if not header:
            raise GitError("git cat-file --batch ended early at %s" % n)
        parts = header.split()
        if len(parts) == 2 and parts[1] == b"missing":
            yield n, None, None
            continue
        if len(parts) == 2 and parts[1] == b"ambiguous":
            yield n, None, None
            continue
        size = int(parts[2])
        data = out.read(size)
        out.read(1)  # LF
        yield n, parts[1].decode(), data
    t.join()
    p.stdout.close()
    p.wait()


# ---------------------------------------------------------------- headers

EW_RE = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")


def lookup_charset(cs):
    cs = cs.split("*", 1)[0].strip().lower()  # RFC 2231 language suffix
    if cs in ("", "unknown-8bit", "x-unknown", "unknown"):
        return "latin-1"
    try:
        return codecs.lookup(cs).name
    except LookupError:
        return "utf-8"


def decode_bytes(data, charset):
    cs = lookup_charset(charset) if charset else "utf-8"
    try:
        return data.decode(cs)
    except (UnicodeDecodeError, LookupError):
        pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(cs, "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


def ew_bytes(enc, text):
    if enc in "bB":
        t = re.sub(r"[^A-Za-z0-9+/]", "", text)
        t += "=" * (-len(t) % 4)
        try:
            return base64.b64decode(t)
        except (binascii.Error, ValueError):
            return text.encode("latin-1", "replace")
    out = bytearray()
    i = 0
    raw = text.encode("utf-8", "surrogateescape")
    while i < len(raw):
        c = raw[i]
        if c == 0x5F:  # _
            out.append(0x20)
            i += 1
        elif c == 0x3D and re.fullmatch(rb"[0-9A-Fa-f]{2}", raw[i + 1:i + 3]):
            out.append(int(raw[i + 1:i + 3], 16))
            i += 3
        else:
            out.append(c)
            i += 1
    return bytes(out)


def decode_rfc2047(s):
    """Decode RFC 2047 encoded words; white space between adjacent encoded
    words is dropped; adjacent words in one charset are joined as bytes
    before decoding (a multi-byte character may be split across words)."""
    if "=?" not in s:
        return s
    out = []
    pend_cs, pend = None, b""
    pos = 0
    last_ew = False
    for m in EW_RE.finditer(s):
        between = s[pos:m.start()]
        if not (last_ew and between.strip(" \t\r\n") == ""):
            if pend_cs is not None:
                out.append(decode_bytes(pend, pend_cs))
                pend_cs, pend = None, b""
            out.append(between)
        cs = m.group(1)
        b = ew_bytes(m.group(2), m.group(3))
        if pend_cs is not None and lookup_charset(cs) != lookup_charset(pend_cs):
            out.append(decode_bytes(pend, pend_cs))
            pend_cs, pend = None, b""
        if pend_cs is None:
            pend_cs = cs
        pend += b
        pos = m.end()
        last_ew = True
    if pend_cs is not None:
        out.append(decode_bytes(pend, pend_cs))
    out.append(s[pos:])
    return "".join(out)


def split_header_block(raw):
    """Return (list of (name, unfolded raw value str), body bytes)."""
    # mbox "From " line (not in public-inbox blobs, but cheap to tolerate)
    if raw.startswith(b"From ") and b"\n" in raw:
        raw = raw.split(b"\n", 1)[1]
    m = re.search(rb"\r?\n\r?\n", raw)
    if m:
        head, body = raw[:m.start()], raw[m.end():]
    else:
        head, body = raw, b""
    lines = re.split(rb"\r?\n", head)
    fields = []
    for line in lines:
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1][1] += b"" + line  # unfold: remove the line break only
        else:
            if b":" in line:
                name, value = line.split(b":", 1)
                fields.append([name.strip(), value])
            # else: junk line in header, ignored
    res = []
    for name, value in fields:
        try:
            v = value.decode("utf-8")
        except UnicodeDecodeError:
            v = value.decode("latin-1")
        res.append((name.decode("latin-1").lower(), v.strip()))
    return res, body


def header(fields, name):
    for n, v in fields:
        if n == name:
            return v
    return None


def clean_name(name):
    name = decode_rfc2047(name or "")
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'":
        name = name[1:-1]
    name = name.replace('\\"', '"').replace("\\\\", "\\")
    return re.sub(r"\s+", " ", name).strip()


def parse_address(value):
    """(decoded name, address lowercased) from a From-like header value."""
    if value is None:
        return None
    v = value.strip()
    name, addr = "", ""
    try:
        name, addr = email.utils.parseaddr(v)
    except Exception:
        name, addr = "", ""
    if not addr or "@" not in addr:
        m = re.search(r"<([^<>\s]+@[^<>\s]+)>", v)
        if m:
            addr = m.group(1)
            name = v[:m.start()]
        else:
            m = re.search(r"[^\s<>()\"',;:]+@[^\s<>()\"',;:]+", v)
            if m:
                addr = m.group(0)
                rest = (v[:m.start()] + v[m.end():]).strip()
                name = rest.strip("()<> ")
    addr = addr.strip().strip("<>")
    if not addr or "@" not in addr:
        return None
    return clean_name(name), addr.lower()


# ---------------------------------------------------------------- subject

REPLY_RE = re.compile(
    r"^\s*(?:(?:re|fwd|fw|aw|antw|sv|vs)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*)+",
    re.I)
GROUP_RE = re.compile(r"\s*\[([^\[\]]*)\]")
# PATCH as a word: not preceded by a letter; followed by nothing, a
# non-letter, SET (PATCHSET) or a version vN (PATCHv3).
PATCH_WORD_RE = re.compile(
    r"(?<![A-Za-z])patch(?:set)?(?:(?=v\d)|(?![A-Za-z]))", re.I)
VERSION_RE = re.compile(r"^(?:patch(?:set)?)?v(\d+)(?:\.\d+)?$", re.I)
COUNTER_RE = re.compile(r"^(?:patch)?(\d+)/(\d+)$", re.I)


def parse_subject(subject):
    s = {"reply": False, "patch": False, "version": 1, "index": None,
         "total": None, "rfc": False, "resend": False, "prefixes": [],
         "title": ""}
    m = REPLY_RE.match(subject)
    if m:
        s["reply"] = True
        rest = subject[m.end():]
    else:
        rest = subject
    groups = []
    while True:
        g = GROUP_RE.match(rest)
        if not g:
            break
        groups.append(g.group(1))
        rest = rest[g.end():]
    is_patch = False
    for g in groups:
        if PATCH_WORD_RE.search(g):
            is_patch = True
        for tok in re.split(r"[\s,]+", g):
            if not tok:
                continue
            vm = VERSION_RE.match(tok)
            cm = COUNTER_RE.match(tok)
            low = tok.lower()
            if vm:
                s["version"] = int(vm.group(1))
            elif cm:
                s["index"], s["total"] = int(cm.group(1)), int(cm.group(2))
            elif low == "rfc":
                s["rfc"] = True
            elif low == "resend":
                s["resend"] = True
            elif re.fullmatch(r"patch(set)?", low):
                pass
            else:
                if re.fullmatch(r"rfc[/-]patch|patch[/-]rfc", low):
                    s["rfc"] = True
                else:
                    s["prefixes"].append(tok)
    s["patch"] = is_patch and not s["reply"]
    s["title"] = re.sub(r"\s+", " ", rest).strip()
    return s


# ---------------------------------------------------------------- body

def text_body(raw):
    """The first text/plain part, transfer-decoded, charset-decoded, LF."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    part = None
    if not msg.is_multipart():
        if msg.get_content_maintype() == "text":
            part = msg
    else:
        for p in msg.walk():
            if p.is_multipart():
                continue
            if p.get_content_type() == "text/plain":
                part = p
                break
    if part is None:
        return ""
    data = part.get_payload(decode=True)
    if data is None:
        pl = part.get_payload()
        data = pl.encode("utf-8", "surrogateescape") if isinstance(pl, str) else b""
    cs = part.get_content_charset()
    text = decode_bytes(data, cs)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def qp_decode(data):
    """Quoted-printable, keeping the blanks at line ends (quopri drops
    them, and format=flowed needs them)."""
    data = re.sub(rb"=[ \t]*\r?\n", b"", data)
    return re.sub(rb"=([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]),
                  data)


def unflow(text, delsp):
    """RFC 3676: a line of depth 0 that ends in a blank goes on in the next
    line of depth 0 (the blank dropped when DelSp=yes); a leading blank
    (space-stuffing) goes; the signature line "-- " and quoted lines are
    left as written, and end a paragraph."""
    out = []
    joining = False
    for line in text.split("\n"):
        if line.startswith(">") or line == "-- ":
            out.append(line)
            joining = False
            continue
        if line.startswith(" "):
            line = line[1:]
        flowed = line.endswith(" ")
        if flowed and delsp:
            line = line[:-1]
        if joining:
            out[-1] += line
        else:
            out.append(line)
        joining = flowed
    return "\n".join(out)


def reply_text(raw):
    """The text of a reply as its writer wrote it: text_body(), and
    format=flowed lines joined again."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    part = None
    for p in msg.walk():
        if not p.is_multipart() and p.get_content_type() == "text/plain":
            part = p
            break
    if part is None or (part.get_param("format") or "").lower() != "flowed":
        return text_body(raw)
    cte = (part.get("content-transfer-encoding") or "").strip().lower()
    if cte == "quoted-printable":
        pl = part.get_payload()
        if isinstance(pl, str):
            pl = pl.encode("utf-8", "surrogateescape")
        data = qp_decode(pl)
    else:
        data = part.get_payload(decode=True) or b""
    text = decode_bytes(data, part.get_content_charset())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unflow(text, (part.get_param("delsp") or "").lower() == "yes")


def all_text(raw):
    """Every text/* leaf part, decoded and joined (for loose comparisons)."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    out = []
    for p in msg.walk():
        if p.is_multipart() or p.get_content_maintype() != "text":
            continue
        data = p.get_payload(decode=True) or b""
        out.append(decode_bytes(data, p.get_content_charset()))
    return "\n".join(out).replace("\r\n", "\n")


PSEUDO_RE = re.compile(r"\A(?:[ \t]*\n)*(?:(?:From|Date|Subject):[^\n]*\n"
                       r"(?:[ \t][^\n]*\n)*)+(?:[ \t]*\n)?")


def strip_pseudo_headers(text):
    m = PSEUDO_RE.match(text if text.endswith("\n") else text + "\n")
    return text[m.end():] if m else text


# The field name matched in any case, as git am (mailinfo) and RFC 5322 do.
INBODY_FROM_RE = re.compile(r"\A(?:[ \t]*\n)*[Ff][Rr][Oo][Mm]:[ \t]*(.*)(?:\n|\Z)")


def inbody_from(body):
    m = INBODY_FROM_RE.match(body)
    if not m:
        return None, None
    value = m.group(1)
    # a folded in-body From (rare): continuation lines
    rest = body[m.end():]
    while rest[:1] in (" ", "\t") and rest:
        line, _, rest = rest.partition("\n")
        value += line
    return value, parse_address(value)


# ---------------------------------------------------------------- replies
#
# SPEC.md, "Series, threads and reviews": own text, trailers given,
# acceptances, fixes.  Written from the spec's words; where the spec
# leaves a choice, the choice is said here.

# An Outlook quote: "-----Original Message-----" (any case, any dashes),
# or a From: line with a Sent: line among the next four.
ORIGINAL_RE = re.compile(r"^\s*-{2,}\s*original message\s*-{2,}\s*$", re.I)
FROM_RE = re.compile(r"^\s*from:", re.I)
SENT_RE = re.compile(r"^\s*sent:", re.I)
# A mailing-list footer: a line of underscores, then (within three lines)
# one that names a list.
UNDERSCORES_RE = re.compile(r"^\s*_{10,}\s*$")
LIST_RE = re.compile(r"mailing list|lists\.|listinfo|list info", re.I)


def own_text(text):
    """The lines of a reply that its sender wrote: no quoted line ('>'
    after blanks), nothing from a signature ("-- " or "--" alone), an
    Outlook quote or a list footer on."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if line.rstrip(" \t") == "--":
            break
        if ORIGINAL_RE.match(line):
            break
        if FROM_RE.match(line) and any(SENT_RE.match(x) for x in lines[i + 1:i + 5]):
            break
        if UNDERSCORES_RE.match(line) and any(
                LIST_RE.search(x) for x in lines[i + 1:i + 4]):
            break
        if line.lstrip(" \t").startswith(">"):
            continue
        out.append(line)
    return out


TRAILER_RE = re.compile(r"^[ \t]*(reviewed|acked|tested|nacked)-by:[ \t]*(.*)$",
                        re.I)
TRAILER_KINDS = ("reviewed", "acked", "tested", "nacked")


ADDRESS_RE = re.compile(r'^[^\s<>()\[\],;:"\\@]+@[^\s<>()\[\],;:"\\@]+$')


def trailer_mailbox(value):
    """(name, address lowercased) that a trailer's value names, or None:
    the address in <> (or after a '<' never closed), else the first word
    with an '@'; an address with blanks or any of <>()[],;:"\\ in it is
    none ("a@b,com" is a typo, not an address)."""
    v = value.strip()
    m = re.search(r"<([^<>]*)(?:>|$)", v)
    if m:
        addr, name = m.group(1).strip(), v[:m.start()]
    else:
        m = re.search(r"\S*@\S*", v)
        if not m:
            return None
        addr = m.group(0)
        name = v[m.end():].strip()
        name = name[1:-1] if name[:1] == "(" and name[-1:] == ")" else ""
    if not ADDRESS_RE.match(addr):
        return None
    return clean_name(name), addr.lower()


PASTED_SOB_RE = re.compile(r"^[ \t]+signed-off-by:", re.I)


def pasted_lines(own):
    """Indices of the indented lines of paragraphs that hold an indented
    Signed-off-by: a commit message pasted in, whose trailers were given
    elsewhere."""
    skip, para = set(), []
    for i, line in enumerate(own + [""]):
        if line.strip(" \t\r"):
            para.append(i)
            continue
        if any(PASTED_SOB_RE.match(own[j]) for j in para):
            skip.update(j for j in para if own[j][:1] in (" ", "\t"))
        para = []
    return skip


def trailers_given(own):
    """[(kind, address lowercased, name)], each (kind, address) once."""
    out = []
    seen = set()
    pasted = pasted_lines(own)
    for i, line in enumerate(own):
        m = TRAILER_RE.match(line)
        if not m or i in pasted:
            continue
        who = trailer_mailbox(m.group(2))
        if who is None:
            continue
        key = (m.group(1).lower(), who[1])
        if key in seen:
            continue
        seen.add(key)
        out.append((key[0], key[1], who[0]))
    return out


# Acceptance: in one of the first lines past greetings and attributions,
# the maintainer says he applied, queued, pushed, picked up, merged, took
# or pulled the patches.  This reading:
# - skips blank lines, greetings ("Hi Paul,", "Paolo,"), attributions
#   ("... wrote:", a two-line "On ...\n... wrote:", "Quoting ...",
#   "The pull request you sent on ...:") and "[...]" lines, then looks
#   at ACCEPT_LINES lines, each sentence of them;
# - a sentence accepts when it opens (past "Thanks,", "OK," and such) with
#   [I/We [have]] [now/just/also] VERB [OBJECT] or OBJECT [is/are/has
#   been] VERB, and what follows is nothing, punctuation, a tree ("to X",
#   "into X", "through X", "via X", "in X" when X looks like a tree),
#   "for ...", "thanks", "now", "with ...", "but ...", "and VERB"; a '?'
#   in the sentence, a future ("I'll apply") or anything else is none;
# - a clause in mid-sentence counts when it opens with a perfect, a
#   maintainer's words ("..., and I've queued them", "I can take it, I've
#   got it queued"); a bare "I applied" there is not looked at.
ACCEPT_LINES = 3
APPLIED_AGREEMENT = 95  # percent of the union below which CI fails
VERB = r"(?:applied|queued|pushed|picked\s+up|picked|merged|pulled|taken|took)"
# What was taken: the patches, not "the fix" or "that change" (one's own,
# or a reviewer's suggestion taken into the next version).
OBJECT = (r"(?:(?:all|both|the|this|these|those|that|your|first|last|"
          r"whole|entire|remaining|rest of the|\d+|two|three|four|five)\s+)*"
          r"(?:it|this|them|these|those|both|all|patch\s+series|series|set|"
          r"patch(?:es|set|\s+set)?|one|ones|v\d+|pull|request|"
          r"(?:patch(?:es)?\s+)?\d+(?:/\d+)?(?:\s*(?:-|,|&|and|to)\s*\d+(?:/\d+)?)*)"
          r"(?:\s+of\s+(?:this|the|your)\s+(?:patch\s+)?(?:series|set))?")
LEAD_RE = re.compile(
    r"^(?:(?:fwiw|fyi|btw)[,:]?\s+|"
    r"(?:thanks|thank you|thx|ok|okay|great|good|nice|cool|sure|yes|done|"
    r"looks good|lgtm|alright|fine)(?:\s+(?:for|to)\s+[^,.!]*)?\s*[,.!:;-]+\s*|"
    r"\w+(?:\s+\w+)?,?\s+and\s+(?=" + VERB + r"))+",
    re.I)
ACTIVE_RE = re.compile(
    r"^(?:(?:i|we)(?:'ve|\s+have|\s+had)?\s+)?"
    r"(?:(?:now|just|also|finally|already)\s+)?"
    r"(" + VERB + r")\b(?:\s+(?:in\s+)?" + OBJECT + r"\b)?", re.I)
GOT_RE = re.compile(
    r"^(?:i|we)(?:'ve|\s+have)\s+got\s+" + OBJECT + r"\s+(" + VERB + r")\b", re.I)
# Where a clause with a perfect opens in mid-sentence.
CLAUSE_RE = re.compile(
    r"(?:,\s*|;\s*|(?:^|\s+)and\s+)(?=(?:i|we)(?:'ve|\s+have)\s)", re.I)
PASSIVE_RE = re.compile(
    r"^(?:" + OBJECT + r"\s+)?(?:(?:is|are|was|were|has|have|been|got|now|all|"
    r"both|also)\s+)*(" + VERB + r")\b", re.I)
TREE_WORD_RE = re.compile(r"[/.:-]|next|queue|fixes|master|main|branch|tree|"
                          r"linux|kvm|powerpc|for-", re.I)
REST_END_RE = re.compile(
    r"^(?:$|[,.!;:(]|-|\s+-|\s*thanks|\s*thank you|\s*for\s|\s*now\b|\s*too\b|"
    r"\s*also\b|\s*as\s|\s*with\s|\s*but\s|\s*and\s+(?:" + VERB +
    r"|pushed|sent|will|i'll|i will|the|patch|pull|it|this|all|a|\d))", re.I)
TREE_RE = re.compile(
    r"^\s*(to|into|onto|through|via|in)\s+(.+?)(?=[,!;(]|[.:]\s|[.:]$|\s+(?:thanks|"
    r"thank|for|and|with|now|but|as|so)\b|\s+-|$)", re.I)
GREETING_RE = re.compile(
    r"^(?:(?:hi|hello|hey|dear|greetings|howdy|good\s+(?:morning|afternoon|evening))"
    r"\b[^.!?]{0,60}?[,!.:]?|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}"
    r"(?:(?:\s*,\s*|\s+(?:&|and)\s+)[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?)*"
    r"\s*[,:!])\s*$")
GREETING_PREFIX_RE = re.compile(
    r"^(?:hi|hello|hey|dear)\b[^,.!:]{0,40}[,!:]\s*", re.I)
ATTRIBUTION_RE = re.compile(
    r"(?:wrote|writes|said|says)\s*:\s*$|^quoting\s|^\[\s*(?:\.\.\.|snip|…)\s*\]$|"
    r"^the pull request you sent on\b", re.I)
COMMIT_RES = (re.compile(r"^\s*commit:?\s+([0-9a-fA-F]{7,40})\b"),
              re.compile(r"/commit/\?id=([0-9a-fA-F]{7,40})\b"),
              re.compile(r"/commit/([0-9a-fA-F]{7,40})\b"),
              re.compile(r"/c/([0-9a-fA-F]{7,40})\b"),
              re.compile(r"[?&;]id=([0-9a-fA-F]{7,40})\b"))


def looked_at(own):
    """(index, line) of the first ACCEPT_LINES lines past greetings and
    attributions."""
    out = []
    i = 0
    while i < len(own) and len(out) < ACCEPT_LINES:
        s = own[i].strip()
        nxt = own[i + 1].strip() if i + 1 < len(own) else ""
        if not s or GREETING_RE.match(s) or ATTRIBUTION_RE.search(s):
            i += 1
            continue
        if re.match(r"^on\s", s, re.I) and ATTRIBUTION_RE.search(nxt):
            i += 2  # an attribution folded over two lines
            continue
        out.append((i, s))
        i += 1
    return out


def sentence_accepts(sent):
    """(True, tree-or-None) when the sentence says the patches were taken:
    from its start, or from a clause in it that a maintainer opens with a
    perfect ("..., and I've queued them", "I can take it, I've got it
    queued")."""
    if "?" in sent:
        return False, None
    s = LEAD_RE.sub("", sent).strip()
    ok, tree = clause_accepts(s)
    if ok:
        return ok, tree
    for c in CLAUSE_RE.finditer(s):
        ok, tree = clause_accepts(s[c.end():])
        if ok:
            return ok, tree
    return False, None


def clause_accepts(s):
    if re.match(r"^(?:i|we)\s*(?:'ll|will|would|'d|can|could|should|shall|"
                r"might|may)\b", s, re.I):
        return False, None
    m = ACTIVE_RE.match(s) or GOT_RE.match(s) or PASSIVE_RE.match(s)
    if not m:
        return False, None
    rest = s[m.end():]
    tree = None
    t = TREE_RE.match(rest)
    if t:
        prep, words = t.group(1).lower(), t.group(2).strip()
        if prep == "in" and not TREE_WORD_RE.search(words):
            return False, None
        if re.search(r"\b(?:version|revision|respin|setup|local)\b", words, re.I):
            return False, None  # "to the next version": the author's
        if len(words.split()) > 6:
            return False, None
        tree = words
        rest = rest[t.end():]
        # "(mmu)" after a URL names its branch
        p = re.match(r"^\s*(\([\w./-]+\))", rest)
        if p:
            tree += " " + p.group(1)
            rest = rest[p.end():]
    if not REST_END_RE.match(rest):
        return False, None
    if re.match(r"^(?:i|we)\s+(?:applied|pulled|merged)\b", s, re.I) and re.search(
            r"\b(?:compiled|built|booted|rebooted|tested|testing|ran|run|tried|"
            r"crash\w*|fail\w*|works?)\b", rest, re.I):
        return False, None  # a tester's "I applied these, compiled, ..."
    return True, tree


def sentences(line):
    return [x for x in re.split(r"(?<=[.!])\s+", line) if x]


def acceptance(own):
    """None, or {"line", "tree", "commits"} of the first line that accepts."""
    for i, line in looked_at(own):
        line = GREETING_PREFIX_RE.sub("", line)
        for sent in sentences(line):
            ok, tree = sentence_accepts(sent)
            if not ok:
                continue
            commits = []
            for later in own[i:]:
                for rx in COMMIT_RES:
                    for c in rx.findall(later):
                        c = c.lower()
                        if c not in commits:
                            commits.append(c)
            return {"line": line, "tree": tree, "commits": commits}
    return None


def tree_key(tree):
    """A tree as two readers name it alike: lowercase, no "my"/"the"/"our"
    before it, no "branch"/"tree"/"repo" after it, no final dot."""
    if not tree:
        return None
    t = tree.strip().rstrip(".").lower()
    t = re.sub(r"^(?:my|the|our|his|paolo's|linus')\s+", "", t)
    t = re.sub(r"\s+(?:branch|tree|repo|repository|git tree|git)$", "", t)
    return re.sub(r"\s+", " ", t) or None


# Fixes: before the "---" line of a patch mail's message, in-body headers
# skipped; "Fixes: <8 to 40 hex>" at column 0 (key in any case), and
# "Cc: stable@vger.kernel.org" or "stable@kernel.org".
FIXES_RE = re.compile(
    r"^fixes:[ \t]*(?:commit[ \t]+)?([0-9a-fA-F]{8,40})(?![0-9A-Za-z])", re.I)
STABLE_RE = re.compile(
    r"^cc:[ \t]*(?:[^<\n]*<)?[ \t]*stable@(?:vger\.)?kernel\.org\b", re.I)


def fixes_of(text):
    """([commit lowercased, each once], stable) of a patch mail's text."""
    commits = []
    stable = False
    for line in strip_pseudo_headers(text).split("\n"):
        if line.rstrip() == "---":
            break
        m = FIXES_RE.match(line)
        if m:
            c = m.group(1).lower()
            if not any(c.startswith(x) or x.startswith(c) for x in commits):
                commits.append(c)
        if STABLE_RE.match(line):
            stable = True
    return commits, stable


# ---------------------------------------------------------------- reading


def resolve_range(repo, rng, notes_ref):
    """Return (from-or-None, to, [commits newest first], note)."""
    if ".." in rng and "..." not in rng:
        a, b = rng.split("..", 1)
        a = a or "HEAD"
        b = b or "HEAD"
        A = git(repo, "rev-parse", "--verify", a + "^{commit}").stdout.decode().strip()
        B = git(repo, "rev-parse", "--verify", b + "^{commit}").stdout.decode().strip()
        commits = git(repo, "rev-list", A + ".." + B).stdout.decode().split()
        return A, B, commits, None
    B = git(repo, "rev-parse", "--verify", rng + "^{commit}").stdout.decode().strip()
    allc = git(repo, "rev-list", B).stdout.decode().split()
    noted = set()
    p = git(repo, "notes", "--ref", notes_ref, "list", check=False)
    if p.returncode == 0:
        for line in p.stdout.decode().splitlines():
            parts = line.split()
            if len(parts) == 2:
                noted.add(parts[1])
    if noted:
        for c in allc:
            if c in noted:
                commits = git(repo, "rev-list", c + ".." + B).stdout.decode().split()
                return c, B, commits, "after the newest noted ancestor %s" % c
    return None, B, allc, "whole history up to B (no digest note)"


V1_PATH_RE = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{38}$")


def layout(repo, B):
    names = git(repo, "ls-tree", "--name-only", B).stdout.decode().split("\n")
    names = [n for n in names if n]
    if "m" in names or "d" in names:
        return "v2"
    if any(re.fullmatch(r"[0-9a-f]{2}", n) for n in names):
        return "v1"
    return "unknown"


def message_blobs(repo, B, commits):
    """Yield (commit, blob-bytes-or-None, kind) in git log order.
    kind: 'm' a message, 'd' a deletion, '?' neither."""
    lay = layout(repo, B)
    if lay == "v2" or lay == "unknown":
        names = [c + ":m" for c in commits]
        for (n, typ, data) in cat_file_batch(repo, names):
            c = n[:-2]
            if typ == "blob":
                yield c, data, "m"
            else:
                yield c, None, "?"  # a deletion (`d`) or neither: checked later
        return
    # v1: the blobs a commit adds or changes at xx/yyyy..., against its parent
    added = collections.OrderedDict((c, []) for c in commits)
    if commits:
        p = git(repo, "log", "--no-walk=unsorted", "--raw", "--no-renames",
                "--root", "--no-abbrev", "-m", "--first-parent",
                "--format=%x00%H", "--stdin", input="\n".join(commits).encode())
        cur = None
        for line in p.stdout.decode("utf-8", "replace").split("\n"):
            if line.startswith("\x00"):
                cur = line[1:].strip()
            elif line.startswith(":") and cur in added:
                meta, _, path = line.partition("\t")
                f = meta.split()
                status = f[4][:1]
                if status in "AM" and V1_PATH_RE.match(path):
                    added[cur].append(f[3])
    blobs = [b for c in commits for b in added[c]]
    data = {n: d for (n, t, d) in cat_file_batch(repo, blobs)}
    for c in commits:
        if not added[c]:
            yield c, None, "d"
        for b in added[c]:
            yield c, data.get(b), "m"


def read_range(repo, rng, notes_ref="refs/notes/kvmdigest"):
    A, B, commits, note = resolve_range(repo, rng, notes_ref)
    res = {"range": {"from": A, "to": B, "commits": len(commits)},
           "messages": 0, "patches": 0, "replies": 0, "other": 0,
           "deletions": 0, "neither": [], "unparseable": [],
           "duplicate_message_ids": []}
    mails = []
    for commit, data, kind in message_blobs(repo, B, commits):
        if kind == "?":
            t = git(repo, "cat-file", "-t", commit + ":d", check=False)
            if t.returncode == 0:
                res["deletions"] += 1
            else:
                res["neither"].append(commit)
            continue
        if kind == "d":
            res["deletions"] += 1
            continue
        res["messages"] += 1
        try:
            mails.append(read_mail(commit, data))
        except Exception as e:  # never crash on a message
            res["unparseable"].append({"commit": commit, "error": repr(e)})
            mails.append({"commit": commit, "subject": "", "reply": False,
                          "patch": False, "message_id": None,
                          "unparseable": True})
    res["note"] = note
    seen = set()
    contrib = collections.OrderedDict()
    names = collections.defaultdict(collections.Counter)
    domains = collections.Counter()
    heads = []
    patch_mails = []
    for m in mails:
        if m["reply"]:
            res["replies"] += 1
        elif not m["patch"]:
            res["other"] += 1
        if not m["patch"]:
            continue
        mid = m["message_id"]
        if mid is not None:
            if mid in seen:
                res["duplicate_message_ids"].append(
                    {"message_id": mid, "commit": m["commit"]})
                continue
            seen.add(mid)
        res["patches"] += 1
        patch_mails.append(m)
        who = m["contributor"]
        if who is None:
            email_ = ""
            name = ""
        else:
            name, email_ = who
        contrib.setdefault(email_, 0)
        contrib[email_] += 1
        names[email_][name] += 1
        dom = email_.rsplit("@", 1)[1] if "@" in email_ else ""
        domains[dom] += 1
        s = m["s"]
        if s["index"] is None or s["index"] in (0, 1):
            kind = ("single" if s["index"] is None else
                    "cover" if s["index"] == 0 else "first")
            heads.append({"commit": m["commit"], "kind": kind,
                          "title": s["title"], "subject": m["subject"],
                          "message_id": mid, "date": iso_date(m["date"]),
                          "author": who[1] if who else None,
                          "sender": (m["sender"] or ("", ""))[1],
                          "_mail": m})

    def best_name(e):
        c = names[e]
        top = max(c.values())
        for n, k in c.items():  # first seen (newest) among the most used
            if k == top:
                return n

    rows = [{"name": best_name(e), "email": e, "count": n,
             "names": sorted(names[e])} for e, n in contrib.items()]
    rows.sort(key=lambda r: (-r["count"], r["name"], r["email"]))
    res["contributors"] = rows
    res["domains"] = sorted(({"domain": d, "count": n}
                             for d, n in domains.items()),
                            key=lambda r: (-r["count"], r["domain"]))
    res["heads"] = heads
    res["_mails"] = mails
    read_reviews(res, mails, patch_mails)
    return res


def read_mail(commit, data):
    fields, _ = split_header_block(data)
    subj_raw = header(fields, "subject") or ""
    subject = re.sub(r"[\r\n]", "", decode_rfc2047(subj_raw))
    s = parse_subject(subject)
    mid = header(fields, "message-id")
    if mid is not None:
        mm = re.search(r"<([^<>]*)>", mid)
        mid = (mm.group(1) if mm else mid).strip()
        if not mid:
            mid = None
    hfrom = parse_address(header(fields, "from"))
    xorig = parse_address(header(fields, "x-original-from"))
    date = header(fields, "date")
    m = {"commit": commit, "subject": subject, "reply": s["reply"],
         "date": date, "_raw": data,
         "patch": s["patch"], "message_id": mid, "s": s,
         "header_from": hfrom, "x_original_from": xorig,
         "inbody_from": None, "contributor": hfrom, "source": "from",
         "sender": hfrom}
    # A header From that a relay rewrote to "Name via B4 Relay <devnull+...>"
    # counts as its X-Original-From (both marks required here: the name
    # suffix and the devnull+ address).
    if (hfrom is not None and xorig is not None
            and hfrom[1].startswith("devnull+")
            and re.search(r"\bvia B4 Relay\s*$", hfrom[0] or "", re.I)):
        m["sender"] = xorig
    if s["reply"]:
        read_reply(m, data)
    if not s["patch"]:
        return m
    body = text_body(data)
    try:
        m["fixes"], m["stable"] = fixes_of(body)
    except Exception as e:  # never crash on a message
        m["fixes"], m["stable"] = [], False
        m["read_error"] = repr(e)
    raw_ib, ib = inbody_from(body)
    if raw_ib is not None:
        m["inbody_from"] = ib
        if ib is not None:
            m["contributor"] = ib
            m["source"] = "in-body"
            return m
        m["inbody_unparsed"] = raw_ib
    if m["sender"] is not hfrom:  # a B4 relay: X-Original-From counts
        m["contributor"] = xorig
        m["source"] = "x-original-from"
    return m


def read_reply(m, data):
    """A reply's trailers given and its acceptance, into `m`; a body that
    cannot be read gives neither (and says so), the mail is still a
    reply."""
    m["trailers"], m["acceptance"], m["own_head"] = [], None, []
    try:
        own = own_text(reply_text(data))
        m["trailers"] = trailers_given(own)
        m["acceptance"] = acceptance(own)
        m["own_head"] = [x for x in own if x.strip()][:4]
    except Exception as e:  # never crash on a message
        m["read_error"] = repr(e)


def read_reviews(res, mails, patch_mails):
    """The reviewer table, the acceptances and the fixes of the range:
    replies and patch mails whose Message-ID comes first (a mail archived
    twice counts once)."""
    first = set()
    replies = []
    for m in mails:
        mid = m.get("message_id")
        if mid is not None:
            if mid in first:
                continue
            first.add(mid)
        if m.get("reply"):
            replies.append(m)
    rows = collections.OrderedDict()
    domains = collections.Counter()
    acc = collections.OrderedDict()
    ntrailers = 0
    for m in replies:
        for kind, addr, name in m.get("trailers", []):
            r = rows.setdefault(addr, {"email": addr, "name": name, "count": 0,
                                       "reviewed": 0, "acked": 0, "tested": 0,
                                       "nacked": 0})
            r["count"] += 1
            r[kind] += 1
            domains[addr.rsplit("@", 1)[1]] += 1
            ntrailers += 1
        a = m.get("acceptance")
        if a is not None:
            acc[m["message_id"] or "commit " + m["commit"]] = dict(a, _mail=m)
    res["reviewers"] = sorted(rows.values(),
                              key=lambda r: (-r["count"], r["name"], r["email"]))
    res["reviewer_domains"] = sorted(
        ({"domain": d, "count": n} for d, n in domains.items()),
        key=lambda r: (-r["count"], r["domain"]))
    res["trailers"] = ntrailers
    res["_review_replies"] = replies
    res["acceptances"] = acc
    fixes = collections.OrderedDict()
    for m in patch_mails:
        if m.get("fixes") or m.get("stable"):
            fixes[m["message_id"] or "commit " + m["commit"]] = {
                "commits": m["fixes"], "stable": m["stable"], "_mail": m}
    res["fixes"] = fixes
    res["_read_errors"] = [m for m in mails if m.get("read_error")]


# ---------------------------------------------------------------- compare


def public(res):
    r = {k: v for k, v in res.items() if not k.startswith("_")}
    r["heads"] = [{k: v for k, v in h.items() if not k.startswith("_")}
                  for h in res["heads"]]
    for key in ("acceptances", "fixes"):
        r[key] = {mid: {k: v for k, v in a.items() if not k.startswith("_")}
                  for mid, a in res[key].items()}
    return r


def iso_date(value):
    """ISO 8601 in the Date header's own zone, or None."""
    import datetime
    if not value:
        return None
    try:
        t = email.utils.parsedate_tz(value)
    except Exception:
        t = None
    if not t:
        return None
    try:
        off = t[9] or 0
        tz = datetime.timezone(datetime.timedelta(seconds=off))
        d = datetime.datetime(*t[:6], tzinfo=tz)
        return d.isoformat()
    except (ValueError, OverflowError, TypeError):
        return None


DIFFSTAT_RE = re.compile(
    r"^ \d+ files? changed(?:, \d+ insertions?\(\+\))?(?:, \d+ deletions?\(-\))?\s*$",
    re.M)


def body_problems(mail, tool_body):
    """Loose checks of the tool's head body against this reading."""
    out = []
    try:
        text = text_body(mail["_raw"])
        alltext = all_text(mail["_raw"])
    except Exception:
        return out
    text = strip_pseudo_headers(text)
    norm = lambda x: re.sub(r"\s+", " ", x).strip()
    tb = norm(tool_body or "")
    mb = norm(text)
    probe = tb[-120:] if len(tb) > 120 else tb
    if probe and probe not in mb and probe not in norm(alltext):
        out.append("tail of the tool's body not found in the decoded text: %r"
                   % probe[-60:])
    if not tb and mb:
        out.append("tool body empty, decoded text has %d characters" % len(mb))
    ds = DIFFSTAT_RE.search(text)
    if ds and tool_body is not None:
        last = (tool_body.rstrip("\n").rsplit("\n", 1) or [""])[-1]
        if norm(last) != norm(ds.group(0)):
            out.append("does not end at the diffstat line %r (ends %r)" % (
                ds.group(0).strip(), last.strip()[-60:]))
    return out


def rows_by(rows, key):
    d = {}
    for r in rows:
        d[(r.get(key) or "").lower() if key == "email" else r.get(key)] = r
    return d


def evidence(res, email_, limit=6):
    """Commits of this reading that mention the address anywhere relevant."""
    out = []
    for m in res["_mails"]:
        if not m.get("patch"):
            continue
        cands = []
        for k in ("contributor", "header_from", "x_original_from", "inbody_from"):
            v = m.get(k)
            if v and v[1] == email_:
                cands.append(k)
        if cands:
            c = m.get("contributor")
            out.append("%s %s [counted for %s; matches %s]" % (
                m["commit"][:12], m["subject"][:70],
                c[1] if c else "?", ",".join(cands)))
        if len(out) >= limit:
            out.append("...")
            break
    return out


def compare(mine, theirs, label="tool", show_evidence=True):
    """Print differences; return (count_differences, other_differences)."""
    bad = 0
    soft = 0
    print("== counts (python vs %s)" % label)
    for k in ("messages", "patches"):
        a, b = mine.get(k), theirs.get(k)
        flag = "ok" if a == b else "DIFFERENT"
        if a != b:
            bad += 1
        print("  %-10s python %-6s %-8s %-6s %s" % (k, a, label, b, flag))
    mine = dict(mine)
    mine.setdefault("deleted", mine.get("deletions"))
    mine.setdefault("duplicates", len(mine.get("duplicate_message_ids", [])))
    for k in ("replies", "other", "deleted", "duplicates"):
        if k in theirs and mine.get(k) is not None:
            a, b = mine.get(k), theirs.get(k)
            if a != b:
                bad += 1
            print("  %-10s python %-6s %-8s %-6s %s" % (
                k, a, label, b, "ok" if a == b else "DIFFERENT"))

    md = rows_by(mine["domains"], "domain")
    td = rows_by(theirs.get("domains", []), "domain")
    diffs = []
    for d in sorted(set(md) | set(td), key=lambda x: (x is None, x or "")):
        a = md.get(d, {}).get("count", 0)
        b = td.get(d, {}).get("count", 0)
        if a != b:
            diffs.append((d, a, b))
    print("== domains: python %d rows, %s %d rows, %d differ" % (
        len(md), label, len(td), len(diffs)))
    for d, a, b in diffs:
        print("  %-40s python %4d  %s %4d" % (d, a, label, b))
    bad += len(diffs)

    mc = rows_by(mine["contributors"], "email")
    tc = rows_by(theirs.get("contributors", []), "email")
    diffs = []
    for e in sorted(set(mc) | set(tc)):
        a = mc.get(e, {}).get("count", 0)
        b = tc.get(e, {}).get("count", 0)
        if a != b:
            diffs.append((e, a, b))
    print("== contributors: python %d rows, %s %d rows, %d differ" % (
        len(mc), label, len(tc), len(diffs)))
    for e, a, b in diffs:
        name = (mc.get(e) or tc.get(e) or {}).get("name", "")
        print("  %-45s python %4d  %s %4d   (%s)" % (e, a, label, b, name))
        if show_evidence and "_mails" in mine:
            for line in evidence(mine, e):
                print("      " + line)
    bad += len(diffs)

    # sort order of the tool's rows: count desc, then name asc
    for key, rows in (("contributors", theirs.get("contributors", [])),
                      ("domains", theirs.get("domains", []))):
        nk = "name" if key == "contributors" else "domain"
        got = [r.get(nk) for r in rows]
        exact = [r.get(nk) for r in sorted(
            rows, key=lambda r: (-r.get("count", 0), r.get(nk) or ""))]
        folded = [r.get(nk) for r in sorted(
            rows, key=lambda r: (-r.get("count", 0), (r.get(nk) or "").casefold(),
                                 r.get(nk) or ""))]
        if label == "tool" and got not in (exact, folded):
            print("== %s rows of the tool are not sorted count desc, %s asc"
                  % (key, nk))
            soft += 1

    nd = []
    for e in sorted(set(mc) & set(tc)):
        a = mc[e].get("name") or ""
        b = tc[e].get("name") or ""
        if a != b:
            nd.append((e, a, b, mc[e].get("names", [])))
    print("== name differences (not counted): %d" % len(nd))
    for e, a, b, all_ in nd:
        extra = ""
        if b in all_:
            extra = "  (the %s's name is one this address uses)" % label
        print("  %-40s python %r  %s %r%s" % (e, a, label, b, extra))
    return bad, soft


def compare_heads(mine, theirs):
    mh = {h["commit"]: h for h in mine["heads"]}
    th = {}
    for h in theirs.get("heads", []) or []:
        if h.get("commit"):
            th[h["commit"]] = h
    for s in theirs.get("skipped", []) or []:
        if s.get("commit"):
            th.setdefault(s["commit"], {"commit": s["commit"], "kind": "skipped",
                                        "subject": s.get("subject", "")})
    only_m = [c for c in mh if c not in th]
    only_t = [c for c in th if c not in mh]
    kinds = [c for c in mh if c in th and th[c].get("kind") not in
             (None, "skipped", mh[c]["kind"])]
    titles = [c for c in mh if c in th and "title" in th[c]
              and th[c]["title"] != mh[c]["title"]]
    n = len(only_m) + len(only_t) + len(kinds) + len(titles)
    print("== series heads (heads + skipped): python %d, tool %d, %d differ" % (
        len(mh), len(th), n))
    for c in only_m:
        print("  only python: %s %s (%s)" % (c[:12], mh[c]["subject"][:90], mh[c]["kind"]))
    for c in only_t:
        print("  only tool:   %s %s (%s)" % (c[:12], th[c].get("subject", "")[:90],
                                             th[c].get("kind")))
    for c in kinds:
        print("  kind:        %s python %s tool %s  %s" % (
            c[:12], mh[c]["kind"], th[c]["kind"], mh[c]["subject"][:70]))
    for c in titles:
        print("  title:       %s python %r\n               %s tool   %r" % (
            c[:12], mh[c]["title"], " " * 12, th[c]["title"]))
    # fields of the heads both sides have
    fields = collections.Counter()
    shown = collections.Counter()
    for c in mh:
        t = th.get(c)
        if not t or t.get("kind") == "skipped":
            continue
        mine_h = mh[c]
        probs = []
        if t.get("subject") != mine_h["subject"]:
            ws = lambda x: re.sub(r"\s+", " ", x or "").strip()
            f = ("subject (white space only)"
                 if ws(t.get("subject")) == ws(mine_h["subject"]) else "subject")
            probs.append((f, mine_h["subject"], t.get("subject")))
        if (t.get("message_id") or None) != mine_h["message_id"]:
            probs.append(("message_id", mine_h["message_id"], t.get("message_id")))
        ta = ((t.get("author") or {}).get("email") or "").lower()
        if ta != (mine_h["author"] or ""):
            probs.append(("author", mine_h["author"], ta))
        ts = ((t.get("sender") or {}).get("email") or "").lower()
        if ts != (mine_h["sender"] or ""):
            probs.append(("sender", mine_h["sender"], ts))
        if mine_h["date"] and t.get("date") != mine_h["date"]:
            probs.append(("date", mine_h["date"], t.get("date")))
        if "body" in t:
            for b in body_problems(mine_h["_mail"], t.get("body")):
                probs.append(("body", b, None))
        for f, a_, b_ in probs:
            fields[f] += 1
            if shown[f] < 8:
                shown[f] += 1
                if f == "body":
                    print("  body:        %s %s" % (c[:12], a_))
                else:
                    print("  %-12s %s python %r tool %r" % (f + ":", c[:12], a_, b_))
    if fields:
        print("  head field differences: %s (at most 8 shown each)" % ", ".join(
            "%s %d" % kv for kv in sorted(fields.items())))
    return n + sum(fields.values())


def compare_reviewers(mine, theirs):
    """The reviewer table and its domains: counted differences."""
    mr = {r["email"]: r for r in mine["reviewers"]}
    tr = {(r.get("email") or "").lower(): r for r in theirs.get("reviewers", [])}
    keys = ("count",) + TRAILER_KINDS
    diffs = []
    for e in sorted(set(mr) | set(tr)):
        a = tuple(mr.get(e, {}).get(k, 0) for k in keys)
        b = tuple(tr.get(e, {}).get(k, 0) for k in keys)
        if a != b:
            diffs.append((e, a, b))
    print("== reviewers: python %d rows (%d trailers), tool %d rows (%d), "
          "%d differ" % (len(mr), mine["trailers"], len(tr),
                         sum(r.get("count", 0) for r in tr.values()), len(diffs)))
    for e, a, b in diffs:
        print("  %-45s python %s  tool %s   (count, R-b, A-b, T-b, N-b)"
              % (e, "/".join(map(str, a)), "/".join(map(str, b))))
        shown = 0
        for m in mine["_review_replies"]:
            if any(t[1] == e for t in m.get("trailers", [])):
                print("      python: %s %s" % (m["message_id"], m["subject"][:70]))
                shown += 1
                if shown >= 6:
                    break
    md = {r["domain"]: r["count"] for r in mine["reviewer_domains"]}
    td = {r["domain"]: r["count"] for r in theirs.get("reviewer_domains", [])}
    ddiffs = [(d, md.get(d, 0), td.get(d, 0)) for d in sorted(set(md) | set(td))
              if md.get(d, 0) != td.get(d, 0)]
    print("== reviewer domains: python %d rows, tool %d rows, %d differ" % (
        len(md), len(td), len(ddiffs)))
    for d, a, b in ddiffs:
        print("  %-40s python %4d  tool %4d" % (d, a, b))
    nd = [(e, mr[e]["name"], tr[e].get("name")) for e in sorted(set(mr) & set(tr))
          if mr[e]["name"] != tr[e].get("name")]
    print("== reviewer name differences (not counted): %d" % len(nd))
    for e, a, b in nd[:20]:
        print("  %-40s python %r  tool %r" % (e, a, b))
    return len(diffs) + len(ddiffs)


def show_mail(m, indent="      "):
    print("%s%s  %s" % (indent, m.get("message_id"), m.get("subject", "")[:80]))
    for line in m.get("own_head", []):
        print("%s| %s" % (indent, line[:100]))


def compare_applied(mine, theirs):
    """Acceptances: (agreed, union) and every disagreement, shown."""
    ma = mine["acceptances"]
    ta = collections.OrderedDict()
    for a in theirs.get("applied", []) or []:
        ta.setdefault(a.get("message_id"), a)
    by_id = {m["message_id"]: m for m in mine["_review_replies"]
             if m.get("message_id")}
    only_m = [k for k in ma if k not in ta]
    only_t = [k for k in ta if k not in ma]
    both = [k for k in ma if k in ta]
    tree_d = [k for k in both
              if tree_key(ma[k]["tree"]) != tree_key(ta[k].get("tree"))]
    commit_d = [k for k in both
                if ma[k]["commits"] != [c.lower() for c in ta[k].get("commits", [])]]
    union = len(set(ma) | set(ta))
    agreed = len([k for k in both if k not in tree_d and k not in commit_d])
    print("== applied: python %d, tool %d, both %d, only python %d, only tool %d; "
          "of both, tree differs %d, commits differ %d" % (
              len(ma), len(ta), len(both), len(only_m), len(only_t),
              len(tree_d), len(commit_d)))
    for k in only_m:
        print("  only python: tree %r" % ma[k]["tree"])
        show_mail(ma[k]["_mail"])
    for k in only_t:
        print("  only tool: tree %r" % ta[k].get("tree"))
        if k in by_id:
            show_mail(by_id[k])
        else:
            print("      %s  %s (not a reply this reading knows)" % (
                k, ta[k].get("subject", "")[:80]))
    for k in tree_d:
        print("  tree: python %r  tool %r" % (ma[k]["tree"], ta[k].get("tree")))
        show_mail(ma[k]["_mail"])
    for k in commit_d:
        print("  commits: python %s  tool %s" % (
            ",".join(ma[k]["commits"]) or "-",
            ",".join(ta[k].get("commits", [])) or "-"))
        show_mail(ma[k]["_mail"])
    pct = 100.0 * agreed / union if union else 100.0
    print("== applied agreement: %d of %d (%.1f%%; at least %d%% needed)" % (
        agreed, union, pct, APPLIED_AGREEMENT))
    return agreed, union


def compare_fixes(mine, theirs):
    """Fixes: message ids, commits, stable; counted differences."""
    mf = mine["fixes"]
    tf = collections.OrderedDict()
    for f in theirs.get("fixes", []) or []:
        tf.setdefault(f.get("message_id"), f)
    only_m = [k for k in mf if k not in tf]
    only_t = [k for k in tf if k not in mf]
    diff = []
    for k in mf:
        if k not in tf:
            continue
        tc = [(x.get("commit") or "").lower() for x in tf[k].get("fixes", [])]
        if mf[k]["commits"] != tc or mf[k]["stable"] != bool(tf[k].get("stable")):
            diff.append((k, tc, bool(tf[k].get("stable"))))
    ncommits = sum(len(f["commits"]) for f in mf.values())
    print("== fixes: python %d mails (%d commits, %d for stable), tool %d mails "
          "(%d commits, %d for stable), %d differ" % (
              len(mf), ncommits, sum(1 for f in mf.values() if f["stable"]),
              len(tf), sum(len(f.get("fixes", [])) for f in tf.values()),
              sum(1 for f in tf.values() if f.get("stable")),
              len(only_m) + len(only_t) + len(diff)))
    for k in only_m:
        print("  only python: %s %s fixes %s%s" % (
            k, mf[k]["_mail"]["subject"][:60], ",".join(mf[k]["commits"]) or "-",
            " stable" if mf[k]["stable"] else ""))
    for k in only_t:
        print("  only tool:   %s %s fixes %s%s" % (
            k, tf[k].get("subject", "")[:60],
            ",".join(x.get("commit", "") for x in tf[k].get("fixes", [])) or "-",
            " stable" if tf[k].get("stable") else ""))
    for k, tc, ts in diff:
        print("  %s %s: python %s%s, tool %s%s" % (
            k, mf[k]["_mail"]["subject"][:50], ",".join(mf[k]["commits"]) or "-",
            " stable" if mf[k]["stable"] else "", ",".join(tc) or "-",
            " stable" if ts else ""))
    return len(only_m) + len(only_t) + len(diff)


def compare_expected(mine, exp):
    print("== against %s (expected, authoritative)" % exp.get("seed_header", "seed"))
    theirs = dict(exp)
    bad, soft = compare(mine, theirs, label="expected", show_evidence=True)
    mine_titles = []
    shown = set()
    skipped = []
    for h in mine["heads"]:
        if h["title"] in shown:
            skipped.append(h["subject"])
        else:
            shown.add(h["title"])
            mine_titles.append(h["title"])
    if "new_titles_unfolded" in exp:
        a = sorted(mine_titles)
        b = sorted(exp["new_titles_unfolded"])
        print("== heads: python %d new titles, %d skipped; expected %d, %d" % (
            len(a), len(skipped), len(b), len(exp.get("skipped", []))))
        for t in sorted(set(a) - set(b)):
            print("  only python:   %r" % t)
        for t in sorted(set(b) - set(a)):
            print("  only expected: %r" % t)
    return bad


# ---------------------------------------------------------------- main


def default_tool():
    here = os.path.dirname(os.path.abspath(__file__))
    cand = os.path.join(here, "..", "git-kvmdigest")
    return os.path.normpath(cand)


def main(argv):
    ap = argparse.ArgumentParser(
        prog="crosscheck.py",
        description="independent reading of a public-inbox range, "
                    "compared with git kvmdigest --format=json")
    ap.add_argument("--tool", default=None,
                    help="the git-kvmdigest binary (default: ../git-kvmdigest "
                         "next to this script, else `git kvmdigest`)")
    ap.add_argument("-C", dest="repo", default=None, help="the archive")
    ap.add_argument("--dump", action="store_true",
                    help="print this script's reading as JSON, run no tool")
    ap.add_argument("--expected", metavar="FILE",
                    help="compare with a seed's expected.json, run no tool")
    ap.add_argument("--tool-config", metavar="FILE",
                    help="--config for the tool (default: an empty one, {})")
    ap.add_argument("--strict", action="store_true",
                    help="exit 1 on series-head differences too")
    ap.add_argument("--verbose", action="store_true",
                    help="list unparseable messages and duplicates in full")
    ap.add_argument("range", nargs="?", default="HEAD")
    a = ap.parse_args(argv)

    try:
        git(a.repo, "rev-parse", "--git-dir")
    except GitError as e:
        print("crosscheck: not a git repository: %s" % e, file=sys.stderr)
        return 2
    try:
        mine = read_range(a.repo, a.range)
    except GitError as e:
        print("crosscheck: %s" % e, file=sys.stderr)
        return 2

    if a.dump:
        json.dump(public(mine), sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0

    r = mine["range"]
    print("crosscheck: %s, range %s (%s..%s, %d commits; %s)" % (
        a.repo or os.getcwd(), a.range, (r["from"] or "root")[:12], r["to"][:12],
        r["commits"], mine["note"] or "A..B"))
    print("python: %d messages, %d patches, %d replies, %d other, %d deletions, "
          "%d duplicate patch Message-IDs, %d unparseable" % (
              mine["messages"], mine["patches"], mine["replies"], mine["other"],
              mine["deletions"], len(mine["duplicate_message_ids"]),
              len(mine["unparseable"])))
    for u in mine["unparseable"]:
        print("  unparseable by python: commit %s (%s)" % (u["commit"], u["error"]))
    for c in mine["neither"]:
        print("  neither m nor d in the tree: commit %s" % c)
    dups = mine["duplicate_message_ids"]
    for d in dups if a.verbose else dups[:10]:
        print("  duplicate patch Message-ID <%s>: commit %s not counted" % (
            d["message_id"], d["commit"][:12]))
    if len(dups) > 10 and not a.verbose:
        print("  ... %d more (--verbose)" % (len(dups) - 10))
    src = collections.Counter(m.get("source") for m in mine["_mails"] if m.get("patch"))
    print("python: contributor taken from: %s" % ", ".join(
        "%s %d" % kv for kv in sorted(src.items(), key=lambda x: str(x[0]))))

    if a.expected:
        with open(a.expected, encoding="utf-8") as f:
            exp = json.load(f)
        bad = compare_expected(mine, exp)
        print("crosscheck: %s" % ("EQUAL" if not bad else "%d count differences" % bad))
        return 1 if bad else 0

    tool = a.tool or default_tool()
    if a.tool is None and not os.path.exists(tool):
        cmd = ["git", "kvmdigest"]
    else:
        cmd = [os.path.abspath(tool) if os.path.exists(tool) else tool]
    tmp = None
    if a.tool_config:
        cfg = os.path.abspath(a.tool_config)
    else:
        tmp = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
        tmp.write("{}\n")
        tmp.close()
        cfg = tmp.name
    base = cmd
    cmd = base + ["--format=json", "--config", cfg, a.range]
    try:
        p = subprocess.run(cmd, cwd=a.repo or None, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        if (p.returncode == 129 and not a.tool_config
                and b"--config" in p.stderr):
            # a tool without --config yet: its built-in rules apply
            print("note: the tool has no --config option; running it with "
                  "its default configuration (folded identities will differ)")
            cmd = base + ["--format=json", a.range]
            p = subprocess.run(cmd, cwd=a.repo or None, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    except OSError as e:
        print("crosscheck: cannot run %s: %s" % (cmd[0], e), file=sys.stderr)
        return 2
    finally:
        if tmp:
            os.unlink(tmp.name)
    err = p.stderr.decode("utf-8", "replace").strip()
    if err:
        print("tool stderr: " + err.replace("\n", "\ntool stderr: "))
    if p.returncode != 0:
        print("crosscheck: %s exited %d" % (" ".join(cmd), p.returncode))
        return 2
    if not p.stdout.strip():
        # an empty range: the tool says so on stderr and writes nothing
        if r["commits"] == 0:
            print("crosscheck: empty range on both sides: EQUAL")
            return 0
        print("crosscheck: the tool wrote nothing, python read %d commits"
              % r["commits"])
        return 1
    try:
        theirs = json.loads(p.stdout.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        print("crosscheck: the tool's output is not JSON: %s" % e)
        return 2
    tr = theirs.get("range", {}) or {}
    if tr.get("commits") != r["commits"] or tr.get("to") != r["to"] or \
            tr.get("from") != r["from"]:
        print("== range differs: python from %s to %s commits %d; tool %s" % (
            r["from"], r["to"], r["commits"], json.dumps(tr)))
    bad, soft = compare(mine, theirs)
    hd = compare_heads(mine, theirs)
    for m in mine["_read_errors"]:
        print("  body not read by python: commit %s (%s)" % (
            m["commit"], m["read_error"]))
    bad += compare_reviewers(mine, theirs)
    agreed, union = compare_applied(mine, theirs)
    if union and 100.0 * agreed < APPLIED_AGREEMENT * union:
        bad += 1
    bad += compare_fixes(mine, theirs)
    if a.strict:
        bad += hd + soft
    print("crosscheck: %s" % ("EQUAL counts" if not bad else "%d count differences" % bad))
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:
        sys.exit(1)
