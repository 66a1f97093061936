"""bench/scale.py: archives made of N copies of one, for the scale runs of
bench/run and bench/pack-compare.

scaled(repo, n, out) writes (once; kept for the next run) OUT/NAME-xN.git:
`git fast-export` of the archive's history, N times over on one branch,
into `git fast-import`.  In copy k every message id of the Message-ID,
In-Reply-To and References headers (folded lines included) becomes
"c<k>.<id>", so that no blob of one copy is a blob of another and each
copy's threads are whole and its own, as on a list five times as busy;
marks are renumbered and each copy goes on from the one before.
fast-import stores each blob as a delta of the one before it (chains of up
to 50), as a pack written by public-inbox (which imports with fast-import)
and not yet repacked does.  The 1-copy archive has the same pipeline and
pack structure as the 5-copy one: the two are what to compare.
"""

import os
import re
import subprocess
import tempfile

from common import git

ID_FIELDS = (b"message-id", b"in-reply-to", b"references")
MARK = re.compile(rb"^(mark|from|merge|M \d+) :(\d+)")


def prefix_ids(header, k):
    """The header block with each id of its id fields prefixed c<k>."""
    out, in_ids = [], False
    tag = b"<c%d." % k
    for line in header.split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            pass  # a folded line goes on in the field above
        else:
            name = line.split(b":", 1)[0].strip().lower()
            in_ids = b":" in line and name in ID_FIELDS
        if in_ids:
            line = line.replace(b"<", tag)
        out.append(line)
    return b"\n".join(out)


def copies(stream, n):
    """n copies of a fast-export stream on one branch."""
    step = max(int(m) for m in re.findall(rb"^mark :(\d+)$", stream,
                                          re.M)) + 1
    out = []
    for k in range(n):
        pos, in_blob = 0, False
        while pos < len(stream):
            nl = stream.index(b"\n", pos)
            line, pos = stream[pos:nl], nl + 1
            if line == b"blob":
                in_blob = True
            elif line.startswith(b"commit "):
                in_blob = False
            if line.startswith(b"data "):
                size = int(line[5:])
                body, pos = stream[pos:pos + size], pos + size
                if in_blob:
                    end = body.find(b"\n\n")
                    end = len(body) if end < 0 else end
                    body = prefix_ids(body[:end], k) + body[end:]
                out.append(b"data %d\n" % len(body) + body)
                continue
            if k and line.startswith(b"reset "):
                continue  # the copy goes on from the one before
            line = MARK.sub(lambda m: m.group(1) + b" :%d" %
                            (int(m.group(2)) + k * step), line)
            out.append(line + b"\n")
    return b"".join(out)


def scaled(repo, n, out):
    """The path of the n-copy archive of repo under out, made if missing."""
    name = os.path.basename(repo.rstrip("/"))
    name = name[:-4] if name.endswith(".git") else name
    path = os.path.join(out, "%s-x%d.git" % (name, n))
    if os.path.isdir(path):
        return path
    os.makedirs(out, exist_ok=True)
    head = git("-C", repo, "rev-parse", "--symbolic-full-name", "HEAD")
    stream = git("-C", repo, "fast-export", head.decode().strip())
    tmp = tempfile.mkdtemp(prefix=".scale-", dir=out)
    git("init", "-q", "--bare", tmp)
    # these archives hold time zones git no longer writes (+1800)
    subprocess.run(["git", "-C", tmp, "fast-import", "--quiet",
                    "--date-format=raw-permissive"],
                   input=copies(stream, n), check=True)
    os.rename(tmp, path)
    return path
