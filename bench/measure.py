#!/usr/bin/env python3
"""Times whole commands from outside, as /usr/bin/time does: each run's wall seconds (a
monotonic clock around fork and reap), CPU seconds (user + system of the child and of every
process it waited for, from wait4) and peak memory (the largest resident set among them,
ru_maxrss). Prints min, median and max of RUNS runs after WARMUP runs that are not counted.

    bench/measure.py [--runs N] [--warmup W] [--prepare 'SHELL'] [--vs 'COMMAND_B']
                     [--label L] [--tsv FILE] -- COMMAND [ARG ...]

--prepare: a shell command run (not timed) before every run of COMMAND, warm-ups included:
  `rm -rf REPO/.firegrid/cache` for a cold run, an edit of one record for "one record
  changed".
--vs: a second command B (one string, split as a shell splits words; write `sh -c '...'`
  for a pipe). A and B then run in turn, A B A B ..., and the CPU and wall ratios A/B are
  taken pair by pair, so a machine whose speed drifts still gives a fair ratio; --prepare
  runs before each A only.
--tsv: appends one line per measurement (label, what, median/min/max of cpu, wall, peak
  MiB, runs, exit codes) for bench/scale.sh's summary.

Output of the commands goes to /dev/null; their exit codes are printed, not judged (`check`
exits 1 when it finds errors). Standard input is /dev/null.
"""
import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv):
    devnull = os.open(os.devnull, os.O_RDWR)
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    return dict(wall=wall, cpu=ru.ru_utime + ru.ru_stime, peak=ru.ru_maxrss / 1024.0, code=code)


def prepare(shell):
    if shell:
        subprocess.run(["sh", "-c", shell], check=True)


def stats(values):
    return statistics.median(values), min(values), max(values)


def fmt_line(name, runs):
    cpu, wall, peak = (stats([r[k] for r in runs]) for k in ("cpu", "wall", "peak"))
    codes = sorted({r["code"] for r in runs})
    return (f"  {name:<3} cpu {cpu[0]:8.2f} s ({cpu[1]:.2f}-{cpu[2]:.2f})   wall {wall[0]:8.2f} s "
            f"({wall[1]:.2f}-{wall[2]:.2f})   peak {peak[0]:7.0f} MiB   runs {len(runs)}   exit {codes}"), \
        (cpu, wall, peak, codes)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--prepare")
    ap.add_argument("--vs")
    ap.add_argument("--label", default="")
    ap.add_argument("--tsv")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    argv = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not argv:
        ap.error("no COMMAND")
    b = shlex.split(a.vs) if a.vs else None

    for _ in range(a.warmup):
        prepare(a.prepare)
        run_once(argv)
        if b:
            run_once(b)
    ra, rb = [], []
    for _ in range(a.runs):
        prepare(a.prepare)
        ra.append(run_once(argv))
        if b:
            rb.append(run_once(b))

    print(f"{a.label}")
    rows = []
    line, s = fmt_line("A" if b else "", ra)
    print(line)
    rows.append(("A" if b else "-", s))
    if b:
        line, s = fmt_line("B", rb)
        print(line)
        rows.append(("B", s))
        cpu_ratio = stats([x["cpu"] / y["cpu"] if y["cpu"] > 0 else float("inf") for x, y in zip(ra, rb)])
        wall_ratio = stats([x["wall"] / y["wall"] for x, y in zip(ra, rb)])
        print(f"  A/B cpu {cpu_ratio[0]:.2f}x ({cpu_ratio[1]:.2f}-{cpu_ratio[2]:.2f})   "
              f"wall {wall_ratio[0]:.2f}x ({wall_ratio[1]:.2f}-{wall_ratio[2]:.2f})")
    sys.stdout.flush()
    if a.tsv:
        with open(a.tsv, "a", encoding="utf-8") as f:
            for what, (cpu, wall, peak, codes) in rows:
                f.write("\t".join([a.label, what, *(f"{x:.3f}" for x in cpu), *(f"{x:.3f}" for x in wall),
                                   *(f"{x:.1f}" for x in peak), str(a.runs), ",".join(map(str, codes))]) + "\n")
            if b:
                f.write("\t".join([a.label, "A/B", *(f"{x:.3f}" for x in cpu_ratio), *(f"{x:.3f}" for x in wall_ratio),
                                   "", "", "", str(a.runs), ""]) + "\n")


if __name__ == "__main__":
    main()
