#!/usr/bin/env python3
"""The weekly figures of a firegrid repo, the way a technical staffer would count them without
firegrid: walk the repo, parse every record with PyYAML's C loader, count.

    bench/reference_weekly.py REPO [--week 2026-W48] [--as-of YYYY-MM-DD]

The benchmark's yardstick for `firegrid check` + `firegrid report weekly --format json`
(issue 14): it reads and parses every record file as firegrid does (grid nodes, units,
inspections, hazards, tips, meetings, trainings, publicity; the manifest and the holiday
calendar), then prints the county's totals of these figures, as docs/reports.md defines
them, as JSON:

  inspections.done, inspections.failed      inspections dated in the week (up to as-of)
  hazards.new, hazards.fixed-on-spot,       found in the week; a `fix` / `verify-pass` step
  hazards.closed                            dated in the week
  hazards.open, hazards.overdue             on as-of: open, and open with its next step late
                                            (notice, rectification deadline, re-check), by
                                            the working-day clocks of the holiday calendar
  units.active, units.added, units.closed   active on as-of; registered / closed in the week
  grids.total, grids.with-leader            grid nodes, those with a leader
  meetings.held, trainings.training,        dated in the week
  trainings.publicity, trainings.drill

As-of is FIREGRID_TODAY (or today), or the week's last day once the week is over, as firegrid
judges it. It validates nothing (no schema, no rules): firegrid does much more per record, but
both read and parse every byte, which is the work the benchmark compares.

Compared with `firegrid report weekly --week W --format json` (the county's `total`) on the
benchmark county at S=0.25 (bench/make_county.py --scale 0.25, default seed,
FIREGRID_TODAY=2026-11-28, firegrid 4839498b): every figure above that firegrid prints is
equal for 2026-W48 (inspections.done 1131, inspections.failed 29, hazards.new 1,
hazards.open 16, hazards.overdue 10, units.active 5161, units.closed 2, grids.total 499,
grids.with-leader 499, trainings.publicity 38, trainings.drill 22), and for 2026-W45 and
2026-W20 too. firegrid's JSON leaves out figures that are 0 (here hazards.closed,
meetings.held ...), so a 0 there compares with an absent key. firegrid reports many more
figures (checks required/done per cadence, lights, rates, actions, findings) that this
script does not count.
"""
import argparse
import datetime
import json
import os
import sys

import yaml

LOADER = yaml.CSafeLoader
OPEN_STATES = {"found", "notified", "reported", "reopened"}


def load(path):
    with open(path, "rb") as f:
        return yaml.load(f.read(), Loader=LOADER)


def date(s):
    return datetime.date.fromisoformat(s) if isinstance(s, str) else s


class Calendar:
    """Working days: Monday to Friday, except the calendar's holidays, plus its worked weekend days."""

    def __init__(self, doc):
        self.holiday, self.workday = set(), set()
        for d in (doc or {}).get("days", []):
            (self.holiday if d["kind"] == "holiday" else self.workday).add(date(d["date"]))

    def working(self, d):
        if d in self.workday:
            return True
        return d.weekday() < 5 and d not in self.holiday

    def add(self, d, n):
        counted = 0
        while counted < n:
            d += datetime.timedelta(days=1)
            counted += self.working(d)
        return d


def on_day(h, day):
    """The hazard as it stood at the end of `day` (docs/reports.md, "A record on a past day"):
    the steps after it dropped and the fields the clocks read recomputed from the rest."""
    steps = [s for s in h.get("history") or [] if date(s["date"]) <= day]
    state = steps[-1]["state"] if steps else "found"
    deadline = reported = None
    start = date(h["found_on"])
    for s in steps:
        e = s["event"]
        if e in ("notice", "verify-fail"):
            deadline, reported = date(s.get("deadline")), None
        elif e == "rectify":
            reported = date(s["date"])
        elif e == "reopen":
            deadline, reported, start = None, None, date(s["date"])
    return state, deadline, reported, start, steps


def overdue(h, as_of, deadlines, cal):
    """An open hazard's next step is late on as-of (`overdue` or `deadline-passed`)."""
    state, deadline, reported, start, _ = on_day(h, as_of)
    if state in ("found", "reopened"):
        return cal.add(start, deadlines["notice_working_days"]) < as_of
    if state == "notified":
        return bool(deadline and deadline < as_of)  # deadline passed, or past the re-check
    if state == "reported":
        frm = reported if reported and (not deadline or reported < deadline) else deadline
        return bool(frm) and cal.add(frm, deadlines["recheck_working_days"]) < as_of
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("repo")
    ap.add_argument("--week", default="2026-W48", help="an ISO week, YYYY-Www")
    ap.add_argument("--as-of")
    a = ap.parse_args()

    year, week = a.week.split("-W")
    first = datetime.date.fromisocalendar(int(year), int(week), 1)
    last = first + datetime.timedelta(days=6)
    today = date(a.as_of or os.environ.get("FIREGRID_TODAY") or datetime.date.today().isoformat())
    as_of = min(today, last) if not a.as_of else today
    if as_of < first:
        sys.exit(f"as-of {as_of} is before the week {a.week}")
    end = min(last, as_of)  # "in the period": first .. the earlier of last and as-of

    def in_week(s):
        return s is not None and first <= date(s) <= end

    manifest = load(os.path.join(a.repo, "firegrid.yaml"))
    deadlines = manifest["policy"]["deadlines"]
    cal_path = os.path.join(a.repo, "calendar", "holidays.yaml")
    cal = Calendar(load(cal_path) if os.path.exists(cal_path) else None)

    f = dict.fromkeys([
        "inspections.done", "inspections.failed", "hazards.new", "hazards.fixed-on-spot", "hazards.closed",
        "hazards.open", "hazards.overdue", "units.active", "units.added", "units.closed", "grids.total",
        "grids.with-leader", "meetings.held", "trainings.training", "trainings.publicity", "trainings.drill",
        "tips.received"], 0)
    files = 0
    for dirpath, dirnames, filenames in os.walk(os.path.join(a.repo, "grid")):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        kind = os.path.basename(dirpath)
        for name in sorted(filenames):
            if not name.endswith(".yaml") or name.startswith("."):
                continue
            r = load(os.path.join(dirpath, name))
            files += 1
            if name == "grid.yaml":
                f["grids.total"] += 1
                f["grids.with-leader"] += bool((r.get("leader") or {}).get("name"))
            elif name == "unit.yaml":
                reg = r.get("registered")
                closed = r.get("status") == "closed" and (r.get("closed_on") is None or date(r["closed_on"]) <= as_of)
                if (reg is None or date(reg) <= as_of) and not closed:
                    f["units.active"] += 1
                f["units.added"] += in_week(reg)
                f["units.closed"] += r.get("status") == "closed" and in_week(r.get("closed_on"))
            elif kind == "inspections":
                if in_week(r["date"]):
                    f["inspections.done"] += 1
                    f["inspections.failed"] += r["result"] == "fail"
            elif kind == "hazards":
                if date(r["found_on"]) > as_of:
                    continue
                f["hazards.new"] += in_week(r["found_on"])
                state, _, _, _, steps = on_day(r, as_of)
                f["hazards.fixed-on-spot"] += any(s["event"] == "fix" and in_week(s["date"]) for s in steps)
                f["hazards.closed"] += any(s["event"] == "verify-pass" and in_week(s["date"]) for s in steps)
                if state in OPEN_STATES:
                    f["hazards.open"] += 1
                    f["hazards.overdue"] += overdue(r, as_of, deadlines, cal)
            elif kind == "meetings":
                f["meetings.held"] += in_week(r["date"])
            elif kind in ("trainings", "publicity"):
                if in_week(r["date"]):
                    f["trainings." + r["kind"]] += 1
            elif kind == "tips":
                f["tips.received"] += in_week(r["received_on"])
    print(json.dumps({"week": a.week, "from": first.isoformat(), "to": last.isoformat(), "as_of": as_of.isoformat(),
                      "files": files, "figures": f}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
