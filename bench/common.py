"""bench/common.py: what bench/run and bench/pack-compare (and
bench/scale.py) share: where the corpus and the bench clone are, die(),
git(), ensure_clone() and list_blobs()."""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
BUNDLE = os.path.join(SHARED, "corpus", "kvm-ppc.bundle")
OUT = os.path.join(HERE, "out")
CLONE = os.path.join(OUT, "kvm-ppc.git")
GNU_TIME = "/usr/bin/time"


def die(msg):
    print("bench: " + msg, file=sys.stderr)
    sys.exit(1)


def git(*args, input=None, cwd=None):
    """git's stdout; when git fails, die with its stderr."""
    p = subprocess.run(["git"] + list(args), input=input, cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        die("git %s: %s" % (" ".join(args),
                            p.stderr.decode("utf-8", "replace").strip()))
    return p.stdout


def ensure_clone():
    """A bare clone of BUNDLE at CLONE (one that is not a usable clone is
    cloned again), made in a temporary directory and renamed into place so
    that an interrupted clone leaves nothing at CLONE.  True when it cloned,
    False when CLONE was there."""
    if os.path.isdir(CLONE):
        p = subprocess.run(["git", "-C", CLONE, "rev-parse", "--verify",
                            "-q", "HEAD^{commit}"], stdout=subprocess.PIPE)
        if p.returncode == 0:
            return False
        print("bench: %s is not a usable clone, cloning again" % CLONE)
        shutil.rmtree(CLONE)
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".clone-", dir=OUT)
    try:
        git("clone", "-q", "--bare", BUNDLE, os.path.join(tmp, "kvm-ppc.git"))
        os.rename(os.path.join(tmp, "kvm-ppc.git"), CLONE)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return True


def list_blobs(repo, tip):
    """The `m` blobs of the whole history up to tip: (ids, bytes, commits)."""
    commits = git("-C", repo, "rev-list", tip).decode().split()
    req = "".join(c + ":m\n" for c in commits).encode()
    out = git("-C", repo, "cat-file",
              "--batch-check=%(objectname) %(objecttype) %(objectsize)",
              input=req).decode().splitlines()
    ids, total = [], 0
    for line in out:
        f = line.split()
        if len(f) == 3 and f[1] == "blob":
            ids.append(f[0])
            total += int(f[2])
        # "<commit>:m missing": a `d` commit (deletion), not a message
    return ids, total, len(commits)
