#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the sources of this repo into the genpt patch series, and back.

The top-level file `series` lists the patches in order (see its header for
the syntax). From it this tool:

  generate OUT    builds one commit per patch on top of the base tree with
                  git plumbing on a private index (no checkout), then runs
                  git format-patch into OUT: a cover letter and one file per
                  patch. Same sources and base -> byte-identical output.
  fresh           regenerates into a temporary directory and compares it
                  with patches/; exits 1 when patches/ is stale.
  work            makes (or moves) the developer work tree $GENPT_WORK, branch
                  "genpt", to the series' commits.
  pull            brings the commits of the work tree's "genpt" branch back
                  into the sources: new files, diffs, MAINTAINERS fragment and
                  commit messages.

Environment: GENPT_BASE (the base git repo), GENPT_WORK (the work tree).
"""

import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE_REF = "refs/heads/base"
SERIES_REF = "refs/genpt/series"
DATE = "2026-11-01T00:00:00+0000"


def die(msg):
    sys.stderr.write("series: %s\n" % msg)
    sys.exit(2)


class Patch:
    def __init__(self, subject):
        self.subject = subject
        self.files = []        # (repo path, kernel path)
        self.diffs = []        # repo paths of diffs
        self.maintainers = []  # repo paths of MAINTAINERS fragments
        self.body = []


class Series:
    def __init__(self, path):
        self.author = None
        self.cover_subject = None
        self.cover_body = []
        self.patches = []
        cur = None
        in_body = False
        with open(path) as f:
            lines = f.read().split("\n")
        for n, line in enumerate(lines, 1):
            if line.startswith("#") and not in_body:
                continue
            m = re.match(r"^(Author|Cover|Subject):\s*(.*)$", line)
            if m:
                key, val = m.groups()
                in_body = False
                if key == "Author":
                    self.author = val
                    cur = None
                elif key == "Cover":
                    self.cover_subject = val
                    cur = "cover"
                else:
                    cur = Patch(val)
                    self.patches.append(cur)
                continue
            if cur is None:
                if line.strip():
                    die("%s:%d: text outside a block" % (path, n))
                continue
            if not in_body:
                m = re.match(r"^(File|Diff|Maintainers):\s*(.*)$", line)
                if m and cur != "cover":
                    key, val = m.groups()
                    if key == "File":
                        src, dst = val.split()
                        cur.files.append((src, dst))
                    elif key == "Diff":
                        cur.diffs.append(val.strip())
                    else:
                        cur.maintainers.append(val.strip())
                    continue
                if line.strip() == "":
                    in_body = True
                    continue
                if cur == "cover":
                    in_body = True
                else:
                    die("%s:%d: expected File:, Diff:, Maintainers: or a "
                        "blank line" % (path, n))
            if cur == "cover":
                self.cover_body.append(line)
            else:
                cur.body.append(line)
        if not self.author or not self.cover_subject or not self.patches:
            die("%s: needs Author:, Cover: and at least one Subject:" % path)
        for p in self.patches:
            p.body = trim(p.body)
        self.cover_body = trim(self.cover_body)


def trim(lines):
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def git_env():
    env = dict(os.environ)
    env.update({
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_AUTHOR_DATE": DATE,
        "GIT_COMMITTER_DATE": DATE,
        "LC_ALL": "C",
        "TZ": "UTC",
    })
    return env


def git(repo, *args, inp=None, env=None, check=True):
    r = subprocess.run(["git", "-C", repo] + list(args), input=inp,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env or git_env())
    if check and r.returncode:
        die("git %s: %s" % (" ".join(args[:3]), r.stderr.decode().strip()))
    return r.stdout.decode()


def author_ident(author):
    m = re.match(r"^(.*?)\s*<(.*)>$", author)
    if not m:
        die("bad Author: %s" % author)
    return m.groups()


def merge_maintainers(text, fragment):
    """Insert a MAINTAINERS entry at its sorted place among the entries."""
    entry = fragment.strip("\n") + "\n"
    name = entry.split("\n", 1)[0]
    lines = text.split("\n")
    # Entries are blocks after the "Maintainers List" header, separated by
    # blank lines, each starting with an upper-case title line.
    start = None
    for i, line in enumerate(lines):
        if line.startswith("Maintainers List"):
            start = i
    if start is None:
        die("MAINTAINERS: no 'Maintainers List' header")
    pos = None
    for i in range(start, len(lines) - 1):
        if lines[i] == "" and re.match(r"^[A-Z0-9]", lines[i + 1]) and \
           i + 2 < len(lines) and re.match(r"^[A-Z]:\t", lines[i + 2]):
            if lines[i + 1] == name:
                die("MAINTAINERS already has %s" % name)
            if lines[i + 1].upper() > name.upper():
                pos = i + 1
                break
    if pos is None:
        die("MAINTAINERS: no place for %s" % name)
    new = lines[:pos] + entry.rstrip("\n").split("\n") + [""] + lines[pos:]
    return "\n".join(new)


def build_commits(series, base_repo):
    """Make one commit per patch on the base; return [(sha, patch)]."""
    base = git(base_repo, "rev-parse", BASE_REF).strip()
    name, email = author_ident(series.author)
    tmp = tempfile.mkdtemp(prefix="genpt-index.")
    env = git_env()
    env["GIT_INDEX_FILE"] = os.path.join(tmp, "index")
    env.update({"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
                "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email})
    try:
        git(base_repo, "read-tree", base, env=env)
        parent = base
        out = []
        for p in series.patches:
            for src, dst in p.files:
                path = os.path.join(TOP, src)
                if not os.path.isfile(path):
                    die("%s: missing (in '%s')" % (src, p.subject))
                sha = git(base_repo, "hash-object", "-w", path,
                          env=env).strip()
                mode = "100755" if os.access(path, os.X_OK) else "100644"
                git(base_repo, "update-index", "--add", "--cacheinfo",
                    "%s,%s,%s" % (mode, sha, dst), env=env)
            for d in p.diffs:
                path = os.path.join(TOP, d)
                r = subprocess.run(["git", "-C", base_repo, "apply",
                                    "--cached", "--whitespace=nowarn",
                                    path], env=env,
                                   stderr=subprocess.PIPE)
                if r.returncode:
                    die("%s does not apply (in '%s'):\n%s" %
                        (d, p.subject, r.stderr.decode()))
            for frag in p.maintainers:
                text = git(base_repo, "show", ":MAINTAINERS", env=env)
                with open(os.path.join(TOP, frag)) as f:
                    text = merge_maintainers(text, f.read())
                sha = git(base_repo, "hash-object", "-w", "--stdin",
                          inp=text.encode(), env=env).strip()
                git(base_repo, "update-index", "--cacheinfo",
                    "100644,%s,MAINTAINERS" % sha, env=env)
            tree = git(base_repo, "write-tree", env=env).strip()
            msg = "%s\n\n%s\n\nSigned-off-by: %s\n" % (
                p.subject, "\n".join(p.body), series.author)
            sha = git(base_repo, "commit-tree", tree, "-p", parent,
                      inp=msg.encode(), env=env).strip()
            out.append((sha, p))
            parent = sha
    finally:
        shutil.rmtree(tmp)
    git(base_repo, "update-ref", SERIES_REF, parent)
    return base, out


def generate(out_dir):
    out_dir = os.path.abspath(out_dir)
    series = Series(os.path.join(TOP, "series"))
    base_repo = os.environ["GENPT_BASE"]
    base, commits = build_commits(series, base_repo)
    tip = commits[-1][0]
    # format-patch takes the cover letter's text from a branch description
    branch = "genpt-series"
    git(base_repo, "update-ref", "refs/heads/" + branch, tip)
    desc = series.cover_subject + "\n\n" + "\n".join(series.cover_body) + "\n"
    git(base_repo, "config", "branch.%s.description" % branch, desc)
    if os.path.isdir(out_dir):
        for f in os.listdir(out_dir):
            if f.endswith(".patch"):
                os.unlink(os.path.join(out_dir, f))
    else:
        os.makedirs(out_dir)
    name, email = author_ident(series.author)
    env = git_env()
    env.update({"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
                "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email})
    git(base_repo, "format-patch", "-q", "--cover-letter",
        "--cover-from-description=subject", "--no-signature",
        "--no-renames", "--base=%s" % base, "--subject-prefix=PATCH",
        "-o", out_dir, "%s..%s" % (base, branch), env=env)
    # The cover letter's Date is the time of the run: make it the series'
    cover = os.path.join(out_dir, "0000-cover-letter.patch")
    with open(cover) as f:
        text = f.read()
    date = subprocess.run(["date", "-R", "-d", DATE], env=git_env(),
                          stdout=subprocess.PIPE).stdout.decode().strip()
    text = re.sub(r"(?m)^Date: .*$", "Date: " + date, text, count=1)
    with open(cover, "w") as f:
        f.write(text)
    return tip


def normalize(text):
    """Drop what depends on the exact base: blob ids, hunk lines, trailer."""
    text = re.sub(r"(?m)^index [0-9a-f]+\.\.[0-9a-f]+.*$", "index", text)
    text = re.sub(r"(?m)^@@ [^@]* @@", "@@", text)
    text = re.sub(r"(?m)^From [0-9a-f]{40} ", "From ", text)
    text = re.sub(r"(?m)^base-commit: .*$", "base-commit:", text)
    return text


def fresh():
    tmp = tempfile.mkdtemp(prefix="genpt-series.")
    try:
        generate(tmp)
        have = os.path.join(TOP, "patches")
        a = sorted(f for f in os.listdir(tmp) if f.endswith(".patch"))
        b = sorted(f for f in os.listdir(have) if f.endswith(".patch")) \
            if os.path.isdir(have) else []
        exact = os.environ.get("GENPT_BASE_EXACT", "1") == "1"
        stale = a != b
        for f in a:
            if stale:
                break
            x, y = os.path.join(tmp, f), os.path.join(have, f)
            if exact:
                stale = not filecmp.cmp(x, y, shallow=False)
            else:
                stale = normalize(open(x).read()) != normalize(open(y).read())
        if stale:
            r = subprocess.run(["diff", "-ru", have, tmp],
                               stdout=subprocess.PIPE)
            sys.stdout.write(r.stdout.decode()[:4000])
            print("patches/ is stale: run 'make series' and commit the result")
            return 1
        print("patches/ is up to date (%d files%s)" %
              (len(a), "" if exact else ", compared without base lines"))
        return 0
    finally:
        shutil.rmtree(tmp)


def work():
    base_repo = os.environ["GENPT_BASE"]
    wt = os.environ["GENPT_WORK"]
    tmp = tempfile.mkdtemp(prefix="genpt-series.")
    try:
        tip = generate(tmp)
    finally:
        shutil.rmtree(tmp)
    if not os.path.isdir(os.path.join(wt, ".git")) and \
       not os.path.isfile(os.path.join(wt, ".git")):
        os.makedirs(os.path.dirname(wt), exist_ok=True)
        git(base_repo, "worktree", "prune")
        git(base_repo, "worktree", "add", "-f", "-B", "genpt", wt, tip)
    else:
        old = git(wt, "rev-parse", "HEAD").strip()
        if git(wt, "status", "--porcelain", "--untracked-files=no").strip():
            die("%s has uncommitted changes: commit them and run "
                "'make pull' first" % wt)
        if old != tip:
            git(wt, "branch", "-f", "genpt-previous", old)
            git(wt, "checkout", "-q", "-B", "genpt", tip)
            print("work tree moved; its previous HEAD is genpt-previous")
    print("work tree: %s (branch genpt, %s)" % (wt, tip[:12]))
    return 0


def pull():
    series_path = os.path.join(TOP, "series")
    series = Series(series_path)
    wt = os.environ["GENPT_WORK"]
    base = git(wt, "rev-parse", BASE_REF).strip()
    shas = git(wt, "rev-list", "--reverse", "%s..genpt" % base).split()
    if len(shas) != len(series.patches):
        die("the work tree has %d commits, series has %d patches: add or "
            "remove blocks in 'series' to match first" %
            (len(shas), len(series.patches)))
    text = open(series_path).read()
    for sha, p in zip(shas, series.patches):
        for src, dst in p.files:
            data = subprocess.run(["git", "-C", wt, "show",
                                   "%s:%s" % (sha, dst)],
                                  stdout=subprocess.PIPE, check=True).stdout
            with open(os.path.join(TOP, src), "wb") as f:
                f.write(data)
        changed = git(wt, "diff", "--name-only", sha + "^", sha).split()
        own = {dst for _, dst in p.files}
        if p.maintainers:
            own.add("MAINTAINERS")
        rest = [c for c in changed if c not in own]
        if rest and len(p.diffs) != 1:
            die("'%s' changes %s: give it exactly one Diff: line" %
                (p.subject, " ".join(rest)))
        if p.diffs:
            d = git(wt, "diff", "--no-renames", sha + "^", sha, "--", *rest)
            with open(os.path.join(TOP, p.diffs[0]), "w") as f:
                f.write(d)
        if p.maintainers:
            d = git(wt, "diff", "-U0", sha + "^", sha, "--", "MAINTAINERS")
            added = [l[1:] for l in d.split("\n")
                     if l.startswith("+") and not l.startswith("+++")]
            with open(os.path.join(TOP, p.maintainers[0]), "w") as f:
                f.write("\n".join(l for l in added if l) + "\n")
        # The commit message, less the subject and sign-off, is the body
        msg = git(wt, "log", "-1", "--format=%B", sha).rstrip("\n").split("\n")
        subject = msg[0]
        body = [l for l in msg[2:] if not l.startswith("Signed-off-by:")]
        body = trim(body)
        old_block = block_text(text, p.subject)
        new_block = re.sub(r"(?s)\n\n.*", "", old_block, count=1)
        new_block = new_block.replace("Subject: " + p.subject,
                                      "Subject: " + subject, 1)
        new_block += "\n\n" + "\n".join(body) + "\n"
        text = text.replace(old_block, new_block, 1)
    with open(series_path, "w") as f:
        f.write(text)
    print("sources updated from %s; review with git diff" % wt)
    return 0


def block_text(text, subject):
    """The text of a Subject: block up to the next block."""
    i = text.index("Subject: " + subject + "\n")
    m = re.compile(r"(?m)^(Subject|Cover|Author):").search(text, i + 1)
    j = m.start() if m else len(text)
    block = text[i:j]
    return block.rstrip("\n") + "\n"


def main():
    if len(sys.argv) < 2:
        die("usage: series.py generate OUT | fresh | work | pull")
    cmd = sys.argv[1]
    if cmd == "generate":
        out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(TOP,
                                                                 "patches")
        print(generate(out))
        return 0
    if cmd == "fresh":
        return fresh()
    if cmd == "work":
        return work()
    if cmd == "pull":
        return pull()
    die("unknown command %s" % cmd)


if __name__ == "__main__":
    sys.exit(main())
