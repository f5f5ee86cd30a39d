#!/usr/bin/env python3
"""Writes three months of realistic, deterministic inspections for a firegrid repo as a CSV
batch for `firegrid inspect import` (2026-09-01 to 2026-11-27):

- a weekly check (日常检查) of every village, visiting a few of its units;
- a monthly inspection (检查巡查) of every township and a weekly police spot check
  (监督抽查) of the units its police station supervises;
- daily patrols (巡查) of every village up to today's evening: most nearly every evening,
  about one in eight lagging, and the villages of one township slipping during the autumn
  harvest; the community police officer's weekly check (每周一查) of every village;
- a fire brigade inspection of every key unit and of half the general units.

A few checks are skipped, so `inspect due` has something to show, and some checklist items
fail and open hazards.

    examples/make_inspections_csv.py REPO OUT.csv [--seed S]
"""
import argparse
import csv
import datetime
import io
import os
import subprocess

from generator_common import GIVEN, SURNAMES, Rng

NOTES = {"exits": "通道堆放杂物", "extinguishers": "灭火器过期", "wiring": "私拉电线",
         "e-bikes": "楼道内充电", "gas": "燃气软管老化", "flammables": "易燃物堆放",
         "living-separated": "生产区住人", "emergency-lighting": "应急灯损坏",
         "fire-doors": "防火门常开", "kitchen-hood": "油烟管道未清洗"}
BASIC = ["exits", "extinguishers", "wiring", "e-bikes"]
HEADER = ["网格", "单位", "类型", "日期", "时间", "检查人", "检查单位", "走访单位", "检查项", "开具隐患", "备注"]
START, END = datetime.date(2026, 9, 1), datetime.date(2026, 11, 27)
TODAY = datetime.date(2026, 11, 28)  # the evening patrols run up to today


def listing(firegrid, repo, *args):
    out = subprocess.run([firegrid, "-C", repo, *args, "--format", "csv"], check=True,
                         capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def person(rng):
    return rng.pick(SURNAMES) + rng.pick(GIVEN[:14])


def items(rng, codes, fail_per_cent):
    out = []
    for code in codes:
        if rng.chance(fail_per_cent):
            out.append(f"{code}=fail:{NOTES.get(code, '不符合要求')}")
        else:
            out.append(f"{code}=pass")
    return ";".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("repo")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20260901)
    ap.add_argument("--firegrid", default=os.environ.get("FIREGRID", "firegrid"))
    a = ap.parse_args()
    rng = Rng(a.seed)
    grids = listing(a.firegrid, a.repo, "grid", "list")
    units = listing(a.firegrid, a.repo, "unit", "list")
    townships = [g for g in grids if g["level"] == "township"]
    villages = [g for g in grids if g["level"] == "village"]
    groups = [g for g in grids if g["level"] == "group"]
    in_grid = lambda u, path: u["grid"] == path or u["grid"].startswith(path + "/")
    rows = [HEADER]

    def add(grid="", unit="", kind="", day=None, time="", who="", org="", visit="", checked="", summary=""):
        failed = "=fail" in checked
        rows.append([grid, unit, kind, day.isoformat(), time, who, org, visit, checked,
                     "是" if failed else "", summary])

    monday = START - datetime.timedelta(days=START.weekday())
    weeks = []
    while monday <= END:
        weeks.append(monday)
        monday += datetime.timedelta(days=7)

    for v in villages:
        local = [u for u in units if in_grid(u, v["path"])]
        who = person(rng)
        for week in weeks:
            if rng.chance(8):
                continue
            day = week + datetime.timedelta(days=rng.range(0, 4))
            if day < START or day > END:
                continue
            visit = sorted({rng.pick(local)["id"] for _ in range(rng.range(1, 3))}) if local else []
            add(grid=v["path"], kind="village-check", day=day, time=f"{rng.range(8, 11):02}:00", who=who,
                org="村（居）委会", visit=";".join(visit), checked=items(rng, BASIC, 3))

    for t in townships:
        local = [u for u in units if in_grid(u, t["path"])]
        police = [u for u in local if u["supervisor"] == "police-station"]
        officer, safety = person(rng), person(rng)
        for month in (9, 10, 11):
            day = datetime.date(2026, month, rng.range(5, 25))
            visit = sorted({rng.pick(local)["id"] for _ in range(rng.range(3, 5))})
            add(grid=t["path"], kind="township-inspection", day=day, time="09:30", who=f"{safety}、{person(rng)}",
                org="乡镇安监办", visit=";".join(visit), checked=items(rng, BASIC + ["gas"], 5))
        for week in weeks:
            if rng.chance(10) or not police:
                continue
            day = week + datetime.timedelta(days=rng.range(0, 4))
            if day < START or day > END:
                continue
            visit = sorted({rng.pick(police)["id"] for _ in range(2)})
            add(grid=t["path"], kind="police-spot-check", day=day, time="14:00", who=officer, org="派出所",
                visit=";".join(visit), checked=items(rng, BASIC, 6))

    # The daily patrol of every village: most log nearly every evening; about one village in
    # eight lags (a patrol team short of people: 45-75% of the evenings), and one township's
    # villages slipped in the autumn harvest (late September to mid-October).
    # The community police officer's weekly check of the village (每周一查), missed now and
    # then, more often where the village lags.
    slipping = townships[len(townships) // 2]["path"] if townships else ""
    for v in villages:
        who, officer = person(rng), person(rng)
        lagging = rng.chance(12)
        share = rng.range(45, 75) if lagging else rng.range(92, 99)
        for d in range((TODAY - START).days + 1):
            day = START + datetime.timedelta(days=d)
            harvest = v["path"].startswith(slipping + "/") and datetime.date(2026, 9, 21) <= day <= datetime.date(2026, 10, 18)
            if rng.chance(share - (35 if harvest else 0)):
                add(grid=v["path"], kind="patrol", day=day, time="20:00", who=who, org="治安巡防队")
        for week in weeks:
            day = week + datetime.timedelta(days=rng.range(1, 4))
            if START <= day <= END and rng.chance(70 if lagging else 95):
                add(grid=v["path"], kind="community-police-check", day=day, time="15:00", who=officer, org="派出所",
                    checked=items(rng, BASIC, 1))

    for u in units:
        if u["category"] == "key-unit" or (u["category"] == "general-unit" and rng.chance(50)):
            day = START + datetime.timedelta(days=rng.range(0, (END - START).days))
            codes = BASIC + ["fire-doors", "emergency-lighting", "hydrants", "staff-trained"]
            add(unit=u["id"], kind="fire-brigade-inspection", day=day, time="10:00",
                who=f"{person(rng)}、{person(rng)}", org="县消防救援大队", checked=items(rng, codes, 8),
                summary="消防监督检查")

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


if __name__ == "__main__":
    main()
