#!/usr/bin/env python3
"""The record cache gives what a fresh read gives, whatever happened to the files or to
the cache itself (docs/performance.md, "The record cache").

On a copy of the example county, each scenario changes something (an edit of the same
size with the old mtime put back, a touch, a removal, a rename, a damaged or foreign
cache, writers at once, a command killed while it reads, a cache folder that is a link)
and then compares every command's output (stdout, stderr, exit code) with a reference run
that reads every file afresh on one thread (FIREGRID_NO_CACHE=1, FIREGRID_THREADS=1). It
also checks that the reference itself moved where the scenario changes a figure, so the
comparison cannot pass by accident, and that 1 and 3 threads print the same.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

COMMANDS = [
    ["check", "--format", "json"],
    ["report", "weekly", "--format", "json"],
    ["hazard", "list", "--format", "json"],
    ["inspect", "due", "--format", "json"],
    ["inspect", "list", "--from", "2026-11-23", "--format", "json"],
    ["unit", "list", "--format", "csv"],
]


def run(bin_, repo, args, **env):
    e = dict(os.environ, FIREGRID_TODAY="2026-11-28", TZ="UTC", LANG="C.UTF-8")
    e.pop("FIREGRID_NO_CACHE", None)
    e.pop("FIREGRID_THREADS", None)
    e.update({k: str(v) for k, v in env.items()})
    p = subprocess.run([bin_, "-C", repo] + args, env=e, capture_output=True, timeout=600)
    return (p.returncode, p.stdout, p.stderr)


def outputs(bin_, repo, **env):
    return [run(bin_, repo, c, **env) for c in COMMANDS]


class Checker:
    def __init__(self, bin_, repo):
        self.bin, self.repo, self.failures = bin_, repo, 0

    def reference(self):
        return outputs(self.bin, self.repo, FIREGRID_NO_CACHE=1, FIREGRID_THREADS=1)

    def same(self, what, ref, **env):
        got = outputs(self.bin, self.repo, **env)
        for cmd, r, g in zip(COMMANDS, ref, got):
            if r != g:
                self.failures += 1
                print(f"FAIL {what}: firegrid {' '.join(cmd)} differs from a fresh read")
                for name, a, b in (("exit", r[0], g[0]), ("stdout", r[1], g[1]), ("stderr", r[2], g[2])):
                    if a != b:
                        print(f"  {name}: expected {str(a)[:300]}\n  {name}: got      {str(b)[:300]}")
        if not self.failures:
            print(f"ok   {what}")

    def moved(self, what, before, after):
        if before == after:
            self.failures += 1
            print(f"FAIL {what}: the change did not change any output, so the test proves nothing")

    def cache(self):
        return os.path.join(self.repo, ".firegrid", "cache", "records")


def edit(path, old, new, keep_mtime=False):
    st = os.stat(path)
    with open(path, "rb") as f:
        text = f.read()
    assert old.encode() in text, (path, old)
    with open(path, "wb") as f:
        f.write(text.replace(old.encode(), new.encode(), 1))
    if keep_mtime:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--repo", required=True)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="firegrid-cache-")
    try:
        repo = os.path.join(tmp, "county")
        shutil.copytree(a.repo, repo, symlinks=True, ignore=shutil.ignore_patterns(".firegrid", ".firegrid.lock"))
        c = Checker(os.path.abspath(a.bin), repo)

        ref = c.reference()
        c.same("cold: no cache yet", ref)
        if not os.path.isfile(c.cache()):
            c.failures += 1
            print("FAIL the first command wrote no cache")
        c.same("warm", ref)
        c.same("warm on one thread", ref, FIREGRID_THREADS=1)
        c.same("warm on three threads", ref, FIREGRID_THREADS=3)

        # An inspection of the report's week, its result changed in place: the same size,
        # and its old mtime put back (only ctime and the bytes tell).
        insp = os.path.join(repo, "grid/102/212/inspections/i-20261126-gab057.yaml")
        edit(insp, "result: pass", "result: fail", keep_mtime=True)
        edit(insp, "status: pass", "status: fail", keep_mtime=True)
        new = c.reference()
        c.moved("same-size edit", ref, new)
        c.same("same-size edit, old mtime", new)
        ref = new

        # Twice in the same second: written, read (the entry is racy), written again.
        edit(insp, "result: fail", "result: pass")
        c.same("edit, then read at once", c.reference())
        edit(insp, "result: pass", "result: fail")
        c.same("a second edit in the same second", c.reference())

        # Touched: new stamp, same bytes.
        os.utime(insp)
        c.same("touched", ref)

        # Removed, and another renamed (its id no longer matches its name).
        os.remove(insp)
        new = c.reference()
        c.moved("removed", ref, new)
        c.same("removed", new)
        ref = new
        other = os.path.join(repo, "grid/102/202/inspections/i-20261127-x5pas8.yaml")
        os.rename(other, other.replace("x5pas8", "x5pas9"))
        new = c.reference()
        c.moved("renamed", ref, new)
        c.same("renamed", new)
        ref = new

        # A unit's record edited (its documents are cached whole).
        unit = next(os.path.join(d, "unit.yaml") for d, _, files in sorted(os.walk(repo)) if "unit.yaml" in files)
        with open(unit, encoding="utf-8") as f:
            name = next(l for l in f if l.startswith("name: "))[6:].strip()
        edit(unit, "name: " + name, "name: " + name + "（新）")
        new = c.reference()
        c.moved("unit edited", ref, new)
        c.same("unit edited", new)
        ref = new

        # The cache damaged in every way: flipped bytes, cut in half, garbage, made by another
        # firegrid (its key changed), empty. Each is ignored and made again.
        def damage(fn):
            with open(c.cache(), "rb") as f:
                data = bytearray(f.read())
            with open(c.cache(), "wb") as f:
                f.write(fn(data))

        for what, fn in [
            ("flipped bytes", lambda d: bytes(d[:len(d) // 2]) + bytes(b ^ 0x5A for b in d[len(d) // 2:len(d) // 2 + 4096]) + bytes(d[len(d) // 2 + 4096:])),
            ("cut in half", lambda d: bytes(d[:len(d) // 2])),
            ("garbage", lambda d: os.urandom(len(d))),
            ("another firegrid's", lambda d: bytes(d).replace(b"firegrid ", b"firegriD ", 1)),
            ("empty", lambda d: b""),
        ]:
            c.same("warm before damage", ref)
            damage(fn)
            c.same(f"cache {what}", ref)

        # Writers at once on a cold cache: each prints what a fresh read prints, and the
        # cache they leave is sound.
        os.remove(c.cache())
        procs = [subprocess.Popen([c.bin, "-C", repo] + COMMANDS[0], env=dict(os.environ, FIREGRID_TODAY="2026-11-28", TZ="UTC"),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
        for p in procs:
            out, err = p.communicate(timeout=600)
            if (p.returncode, out, err) != ref[0]:
                c.failures += 1
                print("FAIL four commands at once on a cold cache: one printed something else")
        c.same("after four at once", ref)

        # Killed while it reads, cold, once it has written new entries aside (the unlinked
        # records.new-<pid>, docs/performance.md): nothing is left in the cache folder and
        # the next command prints what a fresh read prints.
        os.remove(c.cache())
        cache_dir = os.path.dirname(c.cache())
        p = subprocess.Popen([c.bin, "-C", repo] + COMMANDS[0], env=dict(os.environ, FIREGRID_TODAY="2026-11-28", TZ="UTC"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        spilled = False
        deadline = time.monotonic() + 300
        while not spilled and p.poll() is None and time.monotonic() < deadline:
            try:
                links = [os.readlink(f"/proc/{p.pid}/fd/{fd}") for fd in os.listdir(f"/proc/{p.pid}/fd")]
            except OSError:
                links = []
            spilled = any("records.new-" in l and l.endswith("(deleted)") for l in links)
            if not spilled:
                time.sleep(0.002)
        p.kill()
        p.wait()
        if not spilled:
            c.failures += 1
            print("FAIL a cold check never wrote its new entries aside (records.new-<pid>, unlinked)")
        left = [n for n in os.listdir(cache_dir) if n.startswith("records.new-")]
        if left:
            c.failures += 1
            print(f"FAIL a killed command left {left} in the cache folder")
        c.same("after a command killed while it read", ref)

        # The cache folder a link to a folder outside the repo: nothing is written there.
        shutil.rmtree(os.path.join(repo, ".firegrid"))
        outside = os.path.join(tmp, "outside")
        os.mkdir(outside)
        os.symlink(outside, os.path.join(repo, ".firegrid"))
        new = c.reference()  # a link in the repo is a finding (store-symlink)
        c.moved("cache folder is a link", ref, new)
        c.same("cache folder is a link", new)
        if os.listdir(outside):
            c.failures += 1
            print(f"FAIL the cache was written through a link: {os.listdir(outside)}")
        os.remove(os.path.join(repo, ".firegrid"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if c.failures:
        print(f"{c.failures} failure(s)")
        return 1
    print("the cache gives what a fresh read gives")
    return 0


if __name__ == "__main__":
    sys.exit(main())
