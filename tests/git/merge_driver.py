#!/usr/bin/env python3
"""Two clones add steps to the same hazard offline, then merge (issue 17, docs/commands/resolve.md).

1. Without firegrid's merge driver, git's line merge stops on the hazard: both sides
   appended to `history` (and changed `state`). `firegrid resolve` then merges it from
   git's stages: both sides' steps by date, the state replayed, the file staged, `check`
   clean.
2. With the driver (`firegrid hooks install` in the clone that merges: git config and
   .gitattributes), the same merge goes through without a conflict and gives the same file.
3. A real conflicting edit (both sides rewrote the description) stays a conflict with the
   driver: the file has git's markers, `resolve` says what both sides changed and leaves it.
4. Steps that cannot follow one another (one side fixed the hazard on the spot while the
   other served a notice on it) stay a conflict too.

Usage: merge_driver.py --bin build/firegrid --fixture tests/cli/fixtures/hazard
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HAZARD = "grid/100/201/g01/units/u-bx68jyr3b5/hazards/h-20261119-44a4jx.yaml"
FOUND = "grid/100/201/g01/units/u-4y5s8taz0r/hazards/h-20261126-4x7n5z.yaml"


def run(cwd, *args, ok=(0,)):
    r = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)
    if r.returncode not in ok:
        sys.exit(f"{' '.join(args)} gave {r.returncode} in {cwd}:\n{r.stdout}{r.stderr}")
    return r


def clones(tmp, fixture, name):
    """A bare-free pair: `a` with the fixture committed, `b` cloned from it."""
    a = os.path.join(tmp, name, "a")
    shutil.copytree(fixture, a)
    run(a, "git", "init", "-q", "-b", "main")
    run(a, "git", "add", "-A")
    run(a, "git", "commit", "-q", "-m", "base")
    b = os.path.join(tmp, name, "b")
    run(tmp, "git", "clone", "-q", a, b)
    return a, b


def both_append(fg, a, b):
    run(a, fg, "hazard", "note", "h-20261119-44a4jx", "--by", "王强/北苏村村委会", "--date", "2026-11-28",
        "--note", "回访：已购置新灭火器", "--commit")
    run(b, fg, "hazard", "rectify", "h-20261119-44a4jx", "--by", "店主/北苏村惠民超市", "--date", "2026-11-27",
        "--note", "已更换", "--commit")
    run(b, fg, "hazard", "note", "h-20261119-44a4jx", "--by", "张警官/槐阳派出所", "--date", "2026-11-29",
        "--note", "电话核实", "--commit")


def pull(a, b):
    return subprocess.run(["git", "pull", "-q", "--no-rebase", "--no-edit", b, "main"], cwd=a,
                          capture_output=True, text=True)


def expect(cond, what):
    if not cond:
        sys.exit(f"FAIL: {what}")
    print(f"ok: {what}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--fixture", required=True)
    args = p.parse_args()
    fg = os.path.abspath(args.bin)
    os.environ.update({"FIREGRID_LANG": "en", "FIREGRID_TODAY": "2026-11-30", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "TZ": "UTC",
                       "GIT_CONFIG_NOSYSTEM": "1", "HOME": tempfile.gettempdir()})
    os.environ.pop("FIREGRID_CLONE", None)
    with tempfile.TemporaryDirectory(prefix="fg-merge-driver-") as tmp:
        # 1. git alone: a conflict; resolve merges it.
        a, b = clones(tmp, args.fixture, "plain")
        both_append(fg, a, b)
        r = pull(a, b)
        expect(r.returncode != 0 and "CONFLICT" in r.stdout + r.stderr, "without the driver, git stops on the hazard")
        r = run(a, fg, "check", ok=(1,))
        expect("merge conflict: both" in r.stdout, "check reports the conflict markers: " + r.stdout)
        r = run(a, fg, "resolve")
        expect(r.stdout.startswith(f"merged {HAZARD}: `history`: 1 new of ours and 2 of theirs, by date"),
               "resolve merges both sides' steps: " + r.stdout.strip())
        unmerged = run(a, "git", "ls-files", "-u").stdout
        expect(unmerged == "", "resolve stages the merged file")
        resolved = open(os.path.join(a, HAZARD), encoding="utf-8").read()
        events = [l.split(": ")[1] for l in resolved.splitlines() if l.startswith("    event: ")]
        dates = [l.split(": ")[1] for l in resolved.splitlines() if l.startswith("  - date: ")]
        expect(events == ["open", "notice", "rectify", "note", "note"], f"steps of both sides: {events}")
        expect(dates == sorted(dates), f"by date: {dates}")
        expect("\nstate: reported\n" in resolved and "\nreported_on: '2026-11-27'\n" in resolved,
               "the state is replayed from the merged steps")
        run(a, fg, "check", "-q")
        run(a, "git", "commit", "-q", "--no-edit")
        r = run(a, fg, "resolve")
        expect(r.stdout == "nothing to resolve: no file of the repo has a merge conflict\n", "nothing left to resolve")

        # 2. with the driver: no conflict at all, the same file.
        a2, b2 = clones(tmp, args.fixture, "driver")
        r = run(a2, fg, "hooks", "install")
        expect("merge driver (git config merge.firegrid)" in r.stdout, "hooks install registers the driver")
        expect(os.path.exists(os.path.join(a2, ".gitattributes")), "hooks install writes .gitattributes")
        run(a2, "git", "add", ".gitattributes")
        run(a2, "git", "commit", "-q", "-m", "merge driver")
        run(b2, "git", "pull", "-q", "--no-rebase", a2, "main")
        both_append(fg, a2, b2)
        r = pull(a2, b2)
        expect(r.returncode == 0, "with the driver, git merges the hazard itself: " + r.stdout + r.stderr)
        merged = open(os.path.join(a2, HAZARD), encoding="utf-8").read()
        expect(merged == resolved, "the driver's merge is resolve's")
        run(a2, fg, "check", "-q")

        # 3. a real conflict stays one.
        run(a2, fg, "hazard", "note", "h-20261119-44a4jx", "--by", "王强", "--date", "2026-11-30", "--note", "甲")
        path = os.path.join(a2, HAZARD)
        text = open(path, encoding="utf-8").read().replace("description: ", "description: 甲方改写：")
        open(path, "w", encoding="utf-8").write(text)
        run(a2, "git", "commit", "-q", "-am", "A rewrites")
        path = os.path.join(b2, HAZARD)
        text = open(path, encoding="utf-8").read().replace("description: ", "description: 乙方改写：")
        open(path, "w", encoding="utf-8").write(text)
        run(b2, "git", "commit", "-q", "-am", "B rewrites")
        r = pull(a2, b2)
        expect(r.returncode != 0, "both rewrote the description: a conflict even with the driver")
        expect("<<<<<<< ours" in open(os.path.join(a2, HAZARD), encoding="utf-8").read(), "git's markers in the file")
        r = run(a2, fg, "resolve", ok=(1,))
        expect(r.stdout.startswith(f"not merged {HAZARD}: both sides changed `description`"),
               "resolve says what both changed: " + r.stdout.strip())
        run(a2, "git", "merge", "--abort")

        # 4. steps that cannot both have happened.
        a3, b3 = clones(tmp, args.fixture, "steps")
        run(a3, fg, "hooks", "install")
        run(a3, fg, "hazard", "close", "h-20261126-4x7n5z", "--on-spot", "--by", "王强", "--date", "2026-11-27", "--commit")
        run(b3, fg, "hazard", "notice", "h-20261126-4x7n5z", "--by", "张警官/槐阳派出所", "--date", "2026-11-28",
            "--commit")
        r = pull(a3, b3)
        expect(r.returncode != 0, "a fix and a notice of the same found hazard: a conflict")
        r = run(a3, fg, "resolve", ok=(1,))
        expect("cannot follow" in r.stdout, "resolve says the steps cannot follow: " + r.stdout.strip())
    print("merge driver: all ok")


if __name__ == "__main__":
    main()
