#!/usr/bin/env python3
"""Two offices work offline in two git clones of one data repo, then merge.

Each side runs N random sessions (one to three writing commands, then a commit): units
added in the same village group, inspections, hazards, tips and meetings of the same
units, grids and days, drawn from small shared vocabularies so that the two sides often
type exactly the same words. Then side A merges side B with git's default strategy. The
test passes when the merge has no conflict, every record of both sides is in the result,
and `firegrid check` finds no error in it.

A control run does the same with no clone token (FIREGRID_CLONE empty: ids hashed from
the record alone, as before docs/format.md "Ids and merges"), and must see conflicts: so
the experiment can fail, and the token is what makes it pass.

Usage: offline_merge.py --bin build/firegrid --fixture tests/cli/fixtures/hazard
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

UNITS = ["北苏村惠民超市", "槐阳商厦", "于记饭店", "北苏村卫生室"]
DATES = ["2026-11-20", "2026-11-21", "2026-11-24"]
INSPECTORS = ["name=张警官,org=槐阳派出所", "name=王强,org=北苏村村委会"]
ITEMS = ["gas=pass", "gas=fail:软管老化", "exits=pass", "extinguishers=fail:过期"]
HAZARD_ITEMS = ["exits", "e-bikes", "extinguishers"]
WORDS = ["堆货堵门", "电线私拉", "柴草垛紧挨着房子"]
CHAIRS = ["name=胡霞", "name=李明"]
CATEGORIES = ["small-shop", "small-restaurant", "rental-housing"]


def git(cwd, *args, check=True):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check and r.returncode != 0:
        sys.exit(f"git {' '.join(args)} failed in {cwd}:\n{r.stderr}")
    return r


def one_command(rnd, side, n):
    """A random writing command, as firegrid arguments."""
    kind = rnd.choice(["unit", "inspect", "hazard", "tip", "meeting"])
    date = rnd.choice(DATES)
    if kind == "unit":
        # Names differ by side: one place registered in both clones is a duplicate that
        # `check` rightly warns about (unit-duplicate-place), not what this test counts.
        return ["unit", "add", "--group", "100/201/g01", "--name", f"{side}号店{n}",
                "--category", rnd.choice(CATEGORIES), "--address", f"北苏村{rnd.randint(1, 9)}号"]
    if kind == "inspect":
        cmd = ["inspect", "add", "--unit", rnd.choice(UNITS), "--kind", "police-spot-check",
               "--date", date, "--inspector", rnd.choice(INSPECTORS)]
        for item in rnd.sample(ITEMS[:2] if rnd.random() < 0.5 else ITEMS[2:], 1):
            cmd += ["--item", item]
        return cmd
    if kind == "hazard":
        return ["hazard", "open", "--unit", rnd.choice(UNITS), "--item", rnd.choice(HAZARD_ITEMS),
                "--description", rnd.choice(WORDS), "--date", date, "--by", "王强/北苏村村委会"]
    if kind == "tip":
        cmd = ["hazard", "tip", "add", "--grid", rnd.choice(["100", "100/201/g02"]), "--where", "村南",
               "--what", rnd.choice(WORDS), "--channel", "letter", "--date", date, "--anonymous"]
        return cmd + (["--another"] if rnd.random() < 0.5 else [])
    return ["meeting", "add", "--grid", "100", "--kind", "joint-meeting", "--date", date,
            "--chair", rnd.choice(CHAIRS), "--title", rnd.choice(["联席会议", "节前部署"])]


def work_offline(fg, env, clone, side, sessions, seed):
    rnd = random.Random(seed)
    for s in range(sessions):
        for c in range(rnd.randint(1, 3)):
            cmd = [fg, "-q", "-C", clone] + one_command(rnd, side, f"{s}-{c}")
            r = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"{' '.join(cmd[1:])} failed ({r.returncode}):\n{r.stderr}")
        git(clone, "add", "-A")
        git(clone, "commit", "-q", "--allow-empty", "-m", f"{side} session {s}")


def files_of(root):
    out = set()
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x not in (".git", ".firegrid")]
        out.update(os.path.relpath(os.path.join(d, f), root) for f in files)
    return out


def experiment(fg, fixture, tmp, sessions, seed, token_env):
    """Returns (conflicted paths, records lost, check exit code, check output)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIREGRID_", "GIT_"))}
    env.update(FIREGRID_TODAY="2026-11-28", TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8", HOME=tmp,
               GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    env.update(token_env)
    base = os.path.join(tmp, "county")
    shutil.copytree(fixture, base)
    git(base, "init", "-q", "-b", "main")
    git(base, "add", "-A")
    git(base, "commit", "-q", "-m", "base")
    sides = {}
    for side in ("a", "b"):
        sides[side] = os.path.join(tmp, side)
        git(tmp, "clone", "-q", base, sides[side])
        git(sides[side], "config", "user.name", side)
        git(sides[side], "config", "user.email", f"{side}@example.invalid")
    work_offline(fg, env, sides["a"], "a", sessions, seed)
    work_offline(fg, env, sides["b"], "b", sessions, seed + 1)
    both = files_of(sides["a"]) | files_of(sides["b"])
    print(f"  side a added {len(files_of(sides['a']) - files_of(base))} files, side b "
          f"{len(files_of(sides['b']) - files_of(base))}")
    git(sides["a"], "fetch", "-q", sides["b"], "main")
    merge = git(sides["a"], "merge", "--no-edit", "-q", "FETCH_HEAD", check=False)
    conflicted = git(sides["a"], "diff", "--name-only", "--diff-filter=U").stdout.split()
    if merge.returncode != 0 and not conflicted:
        sys.exit(f"git merge failed:\n{merge.stdout}{merge.stderr}")
    lost = sorted(both - files_of(sides["a"]))
    check = subprocess.run([fg, "-C", sides["a"], "check"], env=env, capture_output=True, text=True)
    return conflicted, lost, check.returncode, check.stdout + check.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--sessions", type=int, default=100)
    ap.add_argument("--control-sessions", type=int, default=20)
    ap.add_argument("--seed", type=int, default=17)
    o = ap.parse_args()
    fg = os.path.abspath(o.bin)
    failed = False
    with tempfile.TemporaryDirectory(prefix="fg-merge-") as tmp:
        conflicted, lost, code, out = experiment(fg, o.fixture, tmp, o.sessions, o.seed, {})
        print(f"{o.sessions} sessions per side with clone tokens: {len(conflicted)} conflicts, "
              f"{len(lost)} records lost, check exit {code}")
        if conflicted or lost or code != 0:
            failed = True
            print("\n".join(conflicted + lost) + "\n" + out)
    with tempfile.TemporaryDirectory(prefix="fg-merge-control-") as tmp:
        conflicted, _, _, _ = experiment(fg, o.fixture, tmp, o.control_sessions, o.seed, {"FIREGRID_CLONE": ""})
        print(f"control, {o.control_sessions} sessions per side without a token: {len(conflicted)} conflicts")
        if not conflicted:
            failed = True
            print("the control saw no conflict: the experiment cannot tell a collision from none")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
