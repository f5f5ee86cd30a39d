#!/usr/bin/env python3
"""Writes the rectification history of the example county's hazards as a CSV of steps for
`firegrid hazard apply`, deterministically: what a township's records look like after
three months of inspections.

Each hazard that the inspections opened gets a fate:

- some are fixed on the spot (当场改正) the day they are found;
- most get a written notice (限期整改) within three working days, a few late, a few never
  (so a handful are overdue, not a tenth of them);
- of those, the unit reports most of them rectified (整改报告) and the re-check passes
  (复查合格) or fails (复查不合格, a new deadline); others wait, some past their deadline;
- a few closed ones are reopened (重新打开) and noticed again;
- the newest stay as found.

It prints, on standard output, a few hazards to determine as major (with the day after
their last step), one per line: ID DATE; examples/generate.sh assesses, escalates and
lists them for supervision.

    examples/make_hazard_steps.py REPO OUT.csv [--firegrid PATH] [--seed S]
"""
import argparse
import csv
import datetime
import io
import os
import re
import subprocess

from generator_common import GIVEN, SURNAMES, Rng

TODAY = datetime.date(2026, 11, 28)
HEADER = ["隐患编号", "步骤", "日期", "经办人", "整改期限", "文书编号", "备注"]


def load_calendar(path):
    """Holidays and worked weekend days from schemas/holidays-cn.yaml."""
    off, worked = set(), set()
    with open(path, encoding="utf-8") as f:
        for m in re.finditer(r"date: '(\d{4}-\d{2}-\d{2})', kind: (holiday|workday)", f.read()):
            (off if m.group(2) == "holiday" else worked).add(datetime.date.fromisoformat(m.group(1)))
    return off, worked


class Clock:
    def __init__(self, calendar):
        self.off, self.worked = calendar

    def working(self, d):
        return d in self.worked or (d.weekday() < 5 and d not in self.off)

    def after(self, d, n):
        """The n-th working day after d."""
        while n > 0:
            d += datetime.timedelta(days=1)
            n -= self.working(d)
        return d


def rarely(rng, per_cent):
    """A chance read from the high bits of the generator: its low bits repeat in short
    cycles, which makes a small chance come up far more often than asked."""
    return (rng.next() >> 12) % 100 < per_cent


def listing(firegrid, repo, *args):
    out = subprocess.run([firegrid, "-C", repo, *args, "--format", "csv"], check=True,
                         capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("repo")
    p.add_argument("out")
    p.add_argument("--firegrid", default=os.environ.get("FIREGRID", "build/firegrid"))
    p.add_argument("--seed", type=int, default=35181)
    a = p.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    clock = Clock(load_calendar(os.path.join(here, "..", "schemas", "holidays-cn.yaml")))
    rng = Rng(a.seed)
    hazards = listing(a.firegrid, a.repo, "hazard", "list", "--state", "all")
    units = {u["id"]: u for u in listing(a.firegrid, a.repo, "unit", "list")}
    names = {g["path"]: g["name"] for g in listing(a.firegrid, a.repo, "grid", "list")}
    rows, majors, number = [], [], 0

    def officer(grid):
        org = "派出所" if rng.chance(50) else "安监办"
        township = names.get(grid.split("/")[0], "") if grid else ""
        return f"{rng.pick(SURNAMES)}{rng.pick(GIVEN[:14])}/{township}{org}"

    def step(h, what, date, by, deadline="", number="", note=""):
        rows.append([h, what, date.isoformat(), by, deadline, number, note])

    for h in sorted(hazards, key=lambda h: (h["found_on"], h["id"])):
        hid, found = h["id"], datetime.date.fromisoformat(h["found_on"])
        by = officer(h["grid"])
        age = (TODAY - found).days
        if age <= 3 and rng.chance(60):
            continue  # just found: the notice is not due yet
        if rng.chance(15):
            step(hid, "当场改正", found, by, note="检查时当场整改完毕")
            continue
        if rarely(rng, 1):
            continue  # never noticed: red on the notice clock
        key = units.get(h["unit"], {}).get("category") in ("消防安全重点单位", "key-unit")
        notice = clock.after(found, rng.range(10, 14) if rng.chance(8) else rng.range(1, 3))
        if notice > TODAY:
            continue
        number += 1
        step(hid, "限期整改", notice, by, number=f"元消限字〔2026〕第{number:04d}号")
        deadline = notice + datetime.timedelta(days=30)
        last = notice
        for attempt in range(2):  # a re-check may fail once
            if key and len(majors) < 2 and found.month == 9:
                break  # the first key units' hazards of September need bigger works: still waiting
            if rarely(rng, 4):
                break  # no report yet: waits, perhaps past its deadline
            # After a failed re-check the unit hurries: within 12 days of it.
            report = last + datetime.timedelta(days=rng.range(4, 28 if attempt == 0 else 12))
            if report > TODAY or report > deadline + datetime.timedelta(days=10):
                break
            owner = units.get(h["unit"], {}).get("responsible") or "单位负责人"
            step(hid, "整改报告", report, f"{owner}/{h['place']}", note="已按通知书要求整改")
            check = clock.after(report, rng.range(1, 3))
            if check > TODAY:
                break
            if rng.chance(82):
                step(hid, "复查合格", check, by)
                last = check
                if rng.chance(4) and (TODAY - check).days > 10:
                    again = check + datetime.timedelta(days=rng.range(3, 10))
                    step(hid, "重新打开", again, by, note="回访发现问题反弹")
                    if rng.chance(85) and clock.after(again, 1) <= TODAY:
                        number += 1
                        step(hid, "限期整改", clock.after(again, 1), by, number=f"元消限字〔2026〕第{number:04d}号")
                break
            new = check + datetime.timedelta(days=15)
            step(hid, "复查不合格", check, by, deadline=new.isoformat(), note="整改不彻底")
            last, deadline = check, new
        # The first two are listed for supervision: old enough that the lift and relisting
        # generate.sh dates 40-45 days on are past.
        if h["unit"] and key and len(majors) < 4 and rows and rows[-1][0] == hid and \
                rows[-1][1] in ("限期整改", "复查不合格") and \
                (len(majors) >= 2 or datetime.date.fromisoformat(rows[-1][2]) <= TODAY - datetime.timedelta(days=50)):
            majors.append((hid, datetime.date.fromisoformat(rows[-1][2]) + datetime.timedelta(days=1)))

    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
    for hid, date in majors:
        print(hid, min(date, TODAY).isoformat())


if __name__ == "__main__":
    main()
