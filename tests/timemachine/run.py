#!/usr/bin/env python3
"""The time-machine test: every view with `--as-of DAY` must print exactly what the same
view prints, without `--as-of`, on a copy of the repo stripped to what existed at the end
of DAY (strip.py) with today set to DAY.

  run.py --bin FIREGRID --repo REPO [--day DAY ...] [--slot N --slots M] [--today T]
  run.py --repo REPO --list-days

Without --day, the days are chosen from the data (choose_days; --list-days prints them
with the reason for each); --slot N --slots M runs every M-th of them, starting with the
N-th (1-based), so that CTest can spread them over several tests. The exit status is 0
when every view of every day matched, 1 otherwise (77 when the slot holds no day).
"""

import argparse
import datetime
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import strip  # noqa: E402
import yamlmini  # noqa: E402

DEFAULT_TODAY = "2026-11-28"
INTERESTING = ("reopen", "supervise", "lift", "decide", "verify-fail")
MAX_HAZARDS = 4
MAX_UNITS = 2
DIFF_LINES = 30


def d(s):
    return datetime.date.fromisoformat(str(s))


def iso(x):
    return x.isoformat()


def plus(s, n):
    return iso(d(s) + datetime.timedelta(days=n))


# ---------------------------------------------------------------- the records


class Records:
    """Every record of a repo, read with yamlmini (not with firegrid)."""

    def __init__(self, root):
        self.root = root
        self.manifest = yamlmini.load(open(os.path.join(root, "firegrid.yaml"), encoding="utf-8").read())
        self.by_kind = {}
        for kind, path in strip.walk_records(os.path.join(root, "grid")):
            rec = yamlmini.load(open(path, encoding="utf-8").read(), path)
            self.by_kind.setdefault(kind, []).append((path, rec))
        cal = os.path.join(root, "calendar", "holidays.yaml")
        self.calendar = []
        if os.path.isfile(cal):
            self.calendar = (yamlmini.load(open(cal, encoding="utf-8").read()) or {}).get("days") or []

    def all(self, kind):
        return self.by_kind.get(kind, [])

    def sealed_texts(self):
        """The reporters' sealed boxes, only so that no output line holding one is printed."""
        out = set()
        for _, t in self.all("tips"):
            r = t.get("reporter") if isinstance(t, dict) else None
            if isinstance(r, dict):
                for k in ("sealed", "key_id"):
                    if r.get(k):
                        out.add(str(r[k]))
        return out


def record_dates(recs):
    """Every date a record holds in its own date keys: the span of the data."""
    keys = ("date", "found_on", "received_on", "registered", "closed_on", "on", "done",
            "approved_on", "paid_on", "decided_on", "assessed_on", "listed_on", "lifted_on")
    out = []

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k in keys and isinstance(v, str) and strip.DATE_RE.match(v):
                    out.append(str(v))
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for kind in recs.by_kind:
        for _, r in recs.all(kind):
            walk(r)
    return out


# ---------------------------------------------------------------- the days


def choose_days(recs, today):
    """The days to test, each with its reasons: [(day, [reason, ...])], oldest first.
    Worked out from the data, so the list follows a regenerated example."""
    days = {}
    notes = []

    def add(day, why):
        day = str(day)
        if lo <= day <= today:
            days.setdefault(day, [])
            if why not in days[day]:
                days[day].append(why)
            return True
        return False

    policy = (recs.manifest or {}).get("policy") or {}
    dates = record_dates(recs)
    lo = str(policy.get("since") or min(dates))
    add(lo, "first day of records (policy.since)" if policy.get("since") else "first record")
    add(today, "today of the example county")

    # ISO week starts: the first and last Monday of the span, and three between.
    mondays = []
    x = d(lo)
    while iso(x) <= today:
        if x.weekday() == 0:
            mondays.append(iso(x))
        x += datetime.timedelta(days=1)
    if mondays:
        n = len(mondays)
        for k in sorted({0, n // 4, n // 2, (3 * n) // 4, n - 1}):
            add(mondays[k], "ISO week start (Monday)")
    # Month ends.
    x = d(lo)
    while iso(x) <= today:
        if (x + datetime.timedelta(days=1)).day == 1:
            add(iso(x), "month end")
        x += datetime.timedelta(days=1)

    hazards = sorted(((str(h.get("id")), h) for _, h in recs.all("hazards")), key=lambda t: t[0])

    def steps():
        for hid, h in hazards:
            hist = h.get("history") or []
            for k, s in enumerate(hist):
                yield hid, h, hist, k, s

    # A rectification deadline that passed while the hazard was still open, and the day after.
    cands = []
    for hid, h, hist, k, s in steps():
        if s.get("event") == "notice" and s.get("deadline"):
            dl = str(s["deadline"])
            done = any(str(t.get("date")) <= dl and t.get("event") in ("rectify", "fix", "verify-pass", "reopen")
                       for t in hist[k + 1:])
            if not done and plus(dl, 1) <= today:
                cands.append((dl, hid))
    for dl, hid in sorted({min(cands), max(cands)}) if cands else []:
        add(dl, f"rectification deadline of {hid}")
        add(plus(dl, 1), f"the day after the rectification deadline of {hid}")
    if not cands:
        notes.append("no rectification deadline passed while a hazard was open")
    # A deadline renewed by a failed re-check.
    cands = sorted((str(s["deadline"]), hid) for hid, h, hist, k, s in steps()
                   if s.get("event") == "verify-fail" and s.get("deadline") and str(s["deadline"]) <= today)
    if cands:
        add(cands[0][0], f"deadline set by a failed re-check of {cands[0][1]}")

    # Reopen steps: the first one followed by more steps, and the first one after a failed
    # re-check: the day before and the day after each.
    reopens = sorted((str(s["date"]), hid, k, hist) for hid, h, hist, k, s in steps() if s.get("event") == "reopen")
    picked = []
    for day, hid, k, hist in reopens:
        if k + 1 < len(hist):
            picked.append((day, hid, "followed by more steps"))
            break
    for day, hid, k, hist in reopens:
        if any(t.get("event") == "verify-fail" for t in hist[:k]) and all(p[1] != hid for p in picked):
            picked.append((day, hid, "after a failed re-check"))
            break
    if not picked and reopens:
        picked.append((reopens[0][0], reopens[0][1], "the first"))
    for day, hid, why in picked:
        add(plus(day, -1), f"the day before {hid} was reopened ({why})")
        add(plus(day, 1), f"the day after {hid} was reopened ({why})")
    if not reopens:
        notes.append("no reopen step in the data")

    # Listed supervision: the day of and after the first supervise and the first lift step,
    # and the day after a supervision's own deadline.
    for ev in ("supervise", "lift"):
        cands = sorted((str(s["date"]), hid, s) for hid, h, hist, k, s in steps() if s.get("event") == ev)
        if cands:
            day, hid, s = cands[0]
            add(day, f"{hid}: {ev} step")
            add(plus(day, 1), f"the day after the {ev} step of {hid}")
            if ev == "supervise" and s.get("deadline"):
                add(plus(str(s["deadline"]), 1), f"the day after the supervision deadline of {hid}")
        else:
            notes.append(f"no {ev} step in the data")

    # A decide step that changed the severity (the step's own severity, or the decision's
    # when it was decided that day), and the day before it.
    cands = []
    for hid, h, hist, k, s in steps():
        if s.get("event") != "decide":
            continue
        sev = s.get("severity")
        dec = h.get("decision") or {}
        if sev is None and str(dec.get("decided_on")) == str(s.get("date")):
            sev = dec.get("severity")
        before = None
        for t in hist[:k]:
            if "severity" in t:
                before = t["severity"]
        changed = before is not None and sev is not None and str(before) != str(sev)
        cands.append((0 if changed else 1, 0 if sev == "major" else 1, str(s["date"]), hid))
    if cands:
        c = min(cands)
        add(c[2], f"decide step of {c[3]}" + (" (changed the severity)" if c[0] == 0 else " (to major)"))
        add(plus(c[2], -1), f"the day before the decide step of {c[3]}")
    else:
        notes.append("no decide step in the data")

    # A tip reward approved but not paid yet.
    cands = sorted((str(t["reward"]["approved_on"]), str(t.get("id"))) for _, t in recs.all("tips")
                   if isinstance(t.get("reward"), dict) and t["reward"].get("approved_on")
                   and str(t["reward"].get("paid_on") or "9999") > str(t["reward"]["approved_on"]))
    cands = [c for c in cands if lo <= c[0] <= today]
    if cands:
        add(cands[0][0], f"reward of tip {cands[0][1]} approved, not paid yet")

    # Public holidays: the first day of the longest holiday in the span and its first
    # Monday; the first worked weekend day (调休).
    hol = sorted(str(x.get("date")) for x in recs.calendar
                 if x.get("kind") == "holiday" and lo <= str(x.get("date")) <= today)
    blocks = []
    for day in hol:
        if blocks and plus(blocks[-1][-1], 1) == day:
            blocks[-1].append(day)
        else:
            blocks.append([day])
    if blocks:
        best = max(blocks, key=lambda b: (len(b), [-ord(c) for c in b[0]]))
        name = next((str(x.get("name")) for x in recs.calendar if str(x.get("date")) == best[0]), "")
        add(best[0], f"public holiday {name} (first day)")
        mon = next((x for x in best if d(x).weekday() == 0), None)
        if mon:
            add(mon, f"public holiday {name} (a Monday)")
    work = sorted(str(x.get("date")) for x in recs.calendar
                  if x.get("kind") == "workday" and lo <= str(x.get("date")) <= today)
    if work:
        add(work[-1], "a worked weekend day (调休)")
    return sorted(days.items()), notes


# ---------------------------------------------------------------- the views


def pick_hazards(orig, kept_hazards, day):
    """Up to MAX_HAZARDS (4) hazards that exist on day: those with the most kinds of interesting steps,
    then those whose history goes on after day, then by id."""
    full = {str(h.get("id")): h for _, h in orig.all("hazards")}
    rank = []
    for hid in kept_hazards:
        hist = full[hid].get("history") or []
        kinds = {s.get("event") for s in hist if s.get("event") in INTERESTING}
        cut = any(str(s.get("date")) > day for s in hist)
        rank.append((-len(kinds), 0 if cut else 1, hid))
    return [r[2] for r in sorted(rank)[:MAX_HAZARDS]]


def pick_units(orig, kept_units, day):
    """Up to MAX_UNITS (2) units that exist on day: closed ones first, then those with hazards (those
    whose hazards go on after day first), then by id."""
    by_unit = {}
    for path, h in orig.all("hazards"):
        parts = path.split(os.sep)
        if "units" in parts:
            uid = parts[parts.index("units") + 1]
            if str(h.get("found_on")) <= day:
                by_unit.setdefault(uid, []).append(h)
    status = {str(u.get("id")): u for _, u in orig.all("unit")}
    rank = []
    for uid in kept_units:
        hz = by_unit.get(uid, [])
        cut = any(str(s.get("date")) > day for h in hz for s in (h.get("history") or []))
        rank.append((0 if status[uid].get("status") == "closed" else 1, 0 if hz else 1, 0 if cut else 1, uid))
    return [r[3] for r in sorted(rank)[:MAX_UNITS]]


def views(hazard_ids, unit_ids):
    # The weekly report names its week: run on a Monday without --as-of it covers last week,
    # with --as-of the week holding the day. `--week this` is the week of the day on both sides.
    v = [("report weekly", ["report", "weekly", "--week", "this"])]
    v += [("report " + r, ["report", r]) for r in ("monthly", "assess", "hazards", "due", "coverage")]
    v.append(("hazard list --state all", ["hazard", "list", "--state", "all"]))
    for h in hazard_ids:
        v.append((f"hazard show {h}", ["hazard", "show", h]))
    v.append(("hazard tip list", ["hazard", "tip", "list"]))
    v.append(("inspect due", ["inspect", "due"]))
    v.append(("meeting due", ["meeting", "due"]))
    for u in unit_ids:
        v.append((f"unit show {u}", ["unit", "show", u]))
    return v


# ---------------------------------------------------------------- running firegrid


class Runner:
    def __init__(self, binary, work):
        self.binary = os.path.abspath(binary)
        self.work = work
        self.home = os.path.join(work, "home")
        os.makedirs(self.home, exist_ok=True)

    def env(self, today):
        return {
            "PATH": os.path.dirname(self.binary) + ":/usr/bin:/bin",
            "HOME": self.home,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "FIREGRID_TODAY": today,
            "GIT_CONFIG_NOSYSTEM": "1",
        }

    def check(self, side_dir, today):
        """check --strict on the whole repo, run once."""
        if not hasattr(self, "_check"):
            self._check = self.run(side_dir, ["check", "--strict"], today)
        return self._check

    def run(self, side_dir, args, today):
        """Runs firegrid -C repo ARGS --format json in side_dir; (exit code, stdout, stderr)."""
        cmd = [self.binary, "-C", "repo"] + args + ["--format", "json"]
        try:
            p = subprocess.run(cmd, cwd=side_dir, env=self.env(today), stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=180)
        except subprocess.TimeoutExpired:
            return 124, b"", b"timed out after 180 s"
        out = p.stdout.decode("utf-8", "surrogateescape")
        err = p.stderr.decode("utf-8", "surrogateescape")
        for path in {side_dir, os.path.realpath(side_dir)}:
            out = out.replace(path, "$SIDE")
            err = err.replace(path, "$SIDE")
        return p.returncode, out, err


def link_or_copy(src, dst):
    """A hard link where the file system allows one: strip.py replaces a file it changes
    (a new file renamed over the link) and only unlinks what it deletes, so the source is
    never touched, and a copy of ten thousand records costs no data."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def copy_repo(src, dst):
    shutil.copytree(src, dst, symlinks=True, copy_function=link_or_copy,
                    ignore=shutil.ignore_patterns(".git", ".firegrid.lock", ".*.fg-tmp-*"))


def first_json_difference(a, b, path="$"):
    """The path of the first value that differs between two JSON values, with both values."""
    if type(a) is not type(b):
        return path, a, b
    if isinstance(a, dict):
        for k in list(a.keys()) + [k for k in b.keys() if k not in a]:
            if k not in a or k not in b:
                return f"{path}.{k}", a.get(k, "<missing>"), b.get(k, "<missing>")
            r = first_json_difference(a[k], b[k], f"{path}.{k}")
            if r:
                return r
        if list(a.keys()) != list(b.keys()):
            return path + " (key order)", list(a.keys()), list(b.keys())
        return None
    if isinstance(a, list):
        for k in range(min(len(a), len(b))):
            r = first_json_difference(a[k], b[k], f"{path}[{k}]")
            if r:
                return r
        if len(a) != len(b):
            return f"{path} (length)", len(a), len(b)
        return None
    return None if a == b else (path, a, b)


def short(x, n=160):
    s = json.dumps(x, ensure_ascii=False)
    return s if len(s) <= n else s[:n] + "…"


def does_not_take(err, option):
    low = err.lower()
    return option in err and ("not expected" in low or "extra" in low or "unknown" in low
                              or "not allowed" in low or "excludes" in low)


def compare_view(runner, name, args, day, today, orig_dir, strip_dir, secrets):
    """None when the view matches; else the lines that say how it differs."""
    rc_o, out_o, err_o = runner.run(orig_dir, args + ["--as-of", day], today)
    if rc_o != 0 and does_not_take(err_o, "--as-of"):
        return [f"view {name} does not take --as-of: {first_line(err_o)}"], f"does not take --as-of"
    rc_s, out_s, err_s = runner.run(strip_dir, args, day)
    lines = []
    if rc_s == 2 and rc_o == 2:
        return [f"view {name} fails on both sides (exit 2): {first_line(err_s)}"], "fails (exit 2): " + first_line(err_s)
    if rc_o == rc_s and out_o == out_s:
        if out_o.strip() == "":
            why = f"view {name} prints nothing on either side (exit {rc_o}): {first_line(err_s)}"
            return [why], why
        return None, None
    if rc_o != rc_s:
        lines.append(f"exit {rc_o} with --as-of {day}, {rc_s} on the stripped copy")
        for label, rc, err in (("--as-of", rc_o, err_o), ("stripped", rc_s, err_s)):
            if rc not in (0, 1) and err:
                lines.append(f"  stderr ({label}): {first_line(err)}")
    summary = lines[0] if lines else ""
    if out_o != out_s:
        try:
            r = first_json_difference(json.loads(out_o), json.loads(out_s))
        except ValueError:
            r = None
        if r:
            where, a, b = r
            summary = f"first difference at {where}: {short(a)} (--as-of) vs {short(b)} (stripped)"
            lines.append(summary)
        diff = list(difflib.unified_diff(out_o.splitlines(), out_s.splitlines(),
                                         f"{name} --as-of {day} (today {today})",
                                         f"{name} on the copy stripped to {day} (today {day})",
                                         n=2, lineterm=""))
        shown = [ln for ln in diff[:DIFF_LINES] if not any(s in ln for s in secrets)]
        lines += ["  " + ln for ln in shown]
        if len(diff) > DIFF_LINES:
            lines.append(f"  ... ({len(diff) - DIFF_LINES} more diff lines)")
    return lines, summary


def first_line(s):
    for ln in s.splitlines():
        if ln.strip():
            return ln.strip()[:200]
    return ""


def run_day(runner, orig, day, reasons, today, orig_dir, work, only):
    strip_dir = os.path.join(work, "strip-" + day)
    copy_repo(orig.root, os.path.join(strip_dir, "repo"))
    repo = strip.strip_repo(os.path.join(strip_dir, "repo"), day)
    kept_h = sorted(str(r.get("id")) for kind, r in repo.kept.values() if kind == "hazards")
    kept_u = sorted(str(r.get("id")) for kind, r in repo.kept.values() if kind == "unit")
    vs = views(pick_hazards(orig, kept_h, day), pick_units(orig, kept_u, day))
    if only:
        vs = [v for v in vs if any(o in v[0] for o in only)]
    print(f"== {day}: {'; '.join(reasons)}", flush=True)
    failures = []
    secrets = orig.sealed_texts()
    # The stripped copy must be as valid as the whole repo, or the stripper is wrong (and the
    # reports' findings figures, which describe the files, would differ).
    if not only or any(o in "check" for o in only):
        rc_o, _, _ = runner.check(orig_dir, today)
        rc_s, out_s, _ = runner.run(strip_dir, ["check", "--strict"], day)
        if rc_s != rc_o:
            print(f"FAIL {day} check --strict: exit {rc_s} on the stripped copy, {rc_o} on the whole repo", flush=True)
            for ln in out_s.splitlines()[:12]:
                if not any(x in ln for x in secrets):
                    print("    " + ln[:200], flush=True)
            failures.append(("check --strict", f"exit {rc_s} on the stripped copy, {rc_o} on the whole repo"))
        else:
            print(f"PASS {day} check --strict (stripped copy)", flush=True)
    for name, args in vs:
        lines, summary = compare_view(runner, name, args, day, today, orig_dir, strip_dir, secrets)
        if lines is None:
            print(f"PASS {day} {name}", flush=True)
            continue
        print(f"FAIL {day} {name}", flush=True)
        for ln in lines:
            print("  " + ln, flush=True)
        failures.append((name, summary))
    shutil.rmtree(strip_dir, ignore_errors=True)
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", help="the firegrid binary (or its folder)")
    ap.add_argument("--repo", required=True, help="the data repo (read only; copied)")
    ap.add_argument("--day", action="append", default=[], help="a day to test (repeatable); default: chosen from the data")
    ap.add_argument("--today", default=DEFAULT_TODAY, help=f"today for the --as-of runs (default {DEFAULT_TODAY})")
    ap.add_argument("--slot", type=int, help="run only this slot of the chosen days (1-based)")
    ap.add_argument("--slots", type=int, default=1, help="how many slots the days are dealt into")
    ap.add_argument("--view", action="append", default=[], help="only the views whose name contains this (repeatable)")
    ap.add_argument("--list-days", action="store_true", help="print the chosen days with their reasons and stop")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    a = ap.parse_args()

    if a.list_days:
        chosen, notes = choose_days(Records(a.repo), a.today)
        for day, why in chosen:
            print(f"{day} {d(day).strftime('%a')}  {'; '.join(why)}")
        for n in notes:
            print(f"(not chosen: {n})")
        return 0
    if not a.bin:
        ap.error("--bin is required")
    binary = a.bin
    if os.path.isdir(binary):
        binary = os.path.join(binary, "firegrid")
    if not os.access(binary, os.X_OK):
        print(f"run.py: no firegrid binary at {binary}", file=sys.stderr)
        return 2

    if a.slot is not None and not 1 <= a.slot <= a.slots:
        ap.error("--slot must be between 1 and --slots")

    # One snapshot of the repo for the whole run: the days, the views and every stripped
    # copy come from it, even if the repo changes meanwhile.
    work = tempfile.mkdtemp(prefix="firegrid-timemachine-")
    orig_dir = os.path.join(work, "orig")
    copy_repo(a.repo, os.path.join(orig_dir, "repo"))
    orig = Records(os.path.join(orig_dir, "repo"))
    chosen, notes = choose_days(orig, a.today)
    if a.day:
        days = [(x, ["given on the command line"]) for x in a.day]
    else:
        days = chosen
        if a.slot is not None:
            days = [x for k, x in enumerate(days) if k % a.slots == a.slot - 1]
            if not days:
                print(f"slot {a.slot} of {a.slots} holds no day ({len(chosen)} days chosen)")
                shutil.rmtree(work, ignore_errors=True)
                return 77

    try:
        runner = Runner(binary, work)
        results = {}
        for day, why in days:
            for name, summary in run_day(runner, orig, day, why, a.today, orig_dir, work, a.view):
                view = name.split(" h-")[0].split(" u-")[0]
                results.setdefault(view, []).append((day, name, summary))
        print("== summary")
        if not results:
            print(f"all views matched on {len(days)} day(s): {', '.join(x for x, _ in days)}")
            return 0
        for view, fails in results.items():
            print(f"FAIL {view}: {len(fails)} failure(s) on {', '.join(sorted({x[0] for x in fails}))}")
            print(f"  first: {fails[0][0]} {fails[0][1]}: {fails[0][2]}")
        return 1
    finally:
        if a.keep:
            print(f"work folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
