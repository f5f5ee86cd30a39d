#!/usr/bin/env python3
"""Writes N distinct inspection rows for `firegrid inspect import` (bench/import_inspections.sh):
a patrol (巡查) of a unit of REPO by one inspector on a day of 2026, with two checklist items.
Row i is unit i mod U on day, time and inspector made from i // U, so every row is a new
inspection, and two runs give the same file. --repeat-last appends the last row again,
which the import must refuse ("the same inspection as line ...").

    bench/inspection_rows.py REPO N OUT.csv [--repeat-last] [--firegrid PATH]
"""
import argparse
import csv
import datetime
import io
import os
import subprocess

SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = "伟芳娜敏静丽强磊军洋"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("repo")
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--repeat-last", action="store_true")
    ap.add_argument("--firegrid", default=os.environ.get("FIREGRID", "firegrid"))
    a = ap.parse_args()
    listed = subprocess.run([a.firegrid, "-C", a.repo, "unit", "list", "--format", "csv"], check=True,
                            capture_output=True, text=True).stdout
    units = [r["id"] for r in csv.DictReader(io.StringIO(listed))]
    start = datetime.date(2026, 1, 1)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["单位", "类型", "日期", "时间", "检查人", "检查单位", "检查项", "备注"])
        row = None
        for i in range(a.rows):
            n = i // len(units)  # the round: a day, a time and an inspector of its own
            day = start + datetime.timedelta(days=n % 365)
            time = f"{8 + (n // 365) % 12:02d}:{(n // 4380) % 60:02d}"
            name = SURNAMES[n % 10] + GIVEN[(n // 10) % 10]
            row = [units[i % len(units)], "巡查", day.isoformat(), time, name, "槐阳镇派出所",
                   "exits=pass;extinguishers=pass", f"第{n + 1}轮巡查"]
            w.writerow(row)
        if a.repeat_last and row:
            w.writerow(row)


if __name__ == "__main__":
    main()
