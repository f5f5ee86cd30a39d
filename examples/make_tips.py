#!/usr/bin/env python3
"""Receives the example county's tip-offs (举报) through firegrid itself, deterministically:
founded tips that reveal hazards and earn rewards (approved, paid, one whose claim
lapsed), a duplicate of a rewarded tip, an unfounded one, an anonymous one, and tips
still waiting for their verification (one past its reply deadline).

The reporters are invented here and handed to `firegrid hazard tip add --reporter-stdin`
through a pipe: they are sealed at once to the township tip office's key and never
written anywhere in plain text, by firegrid or by this script. The tip offices' keys
must be in place (examples/generate.sh imports examples/keys/).

    examples/make_tips.py REPO [--firegrid PATH]
"""
import argparse
import csv
import io
import os
import re
import subprocess

from generator_common import GIVEN, SURNAMES, Rng


def run(fg, repo, *args, stdin=None):
    r = subprocess.run([fg, "-C", repo, *args], input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"firegrid {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("repo")
    p.add_argument("--firegrid", default=os.environ.get("FIREGRID", "build/firegrid"))
    a = p.parse_args()
    fg, repo = a.firegrid, a.repo
    rng = Rng(12119)
    units = list(csv.DictReader(io.StringIO(run(fg, repo, "unit", "list", "--format", "csv"))))

    def unit_in(township, category, k=0):
        return [u for u in units if u["grid"].startswith(township + "/") and u["category"] == category][k]

    def reporter():
        name = rng.pick(SURNAMES) + rng.pick(GIVEN)
        phone = f"139{rng.range(0, 99999999):08d}"
        return f"name: {name}\nphone: {phone}\nnote: 住在附近\n"

    def tip(township, unit, date, channel, what, anonymous=False):
        args = ["hazard", "tip", "add", "--unit", unit["id"], "--date", date, "--channel", channel, "--what", what,
                "--received-by", f"{rng.pick(SURNAMES)}{rng.pick(GIVEN[:10])}/{township}举报受理"]
        out = run(fg, repo, *args, "--anonymous") if anonymous else \
            run(fg, repo, *args, "--reporter-stdin", stdin=reporter())
        return re.search(r"t-\d{8}-[a-z0-9]+", out).group(0)

    def hazard(unit, date, tip_id, item, note):
        out = run(fg, repo, "hazard", "open", "--unit", unit["id"], "--source", "tip", "--tip", tip_id,
                  "--item", item, "--description", note, "--date", date, "--by", f"{rng.pick(SURNAMES)}{rng.pick(GIVEN)}/派出所")
        return re.search(r"h-\d{8}-[a-z0-9]+", out).group(0)

    def verify(tip_id, date, hazard_id=None):
        args = ["hazard", "tip", "verify", tip_id, "--date", date, "--by", f"{rng.pick(SURNAMES)}{rng.pick(GIVEN)}/派出所"]
        run(fg, repo, *args, *(["--founded", "--hazard", hazard_id] if hazard_id else ["--unfounded", "--note", "现场核查未发现问题"]))

    u1, u2 = unit_in("100", "small-shop", 1), unit_in("100", "small-hotel")
    u3, u4 = unit_in("101", "small-clinic"), unit_in("201", "small-workshop")
    # Founded, rewarded and paid; then a second reporter of the same hazard: a duplicate.
    t1 = tip("槐阳镇", u1, "2026-10-12", "phone", "店内楼梯间堆放大量纸箱，堵住了通道")
    h1 = hazard(u1, "2026-10-13", t1, "exits", "楼梯间堆放纸箱堵塞疏散通道（群众举报）")
    verify(t1, "2026-10-13", h1)
    run(fg, repo, "hazard", "tip", "reward", t1, "--amount", "200", "--date", "2026-10-20", "--by", "槐阳镇举报奖励审批小组")
    run(fg, repo, "hazard", "tip", "pay", t1, "--date", "2026-10-28")
    t2 = tip("槐阳镇", u1, "2026-10-13", "hotline-12345", "有人反映这家店楼道被纸箱堵了")
    verify(t2, "2026-10-14", h1)
    # Unfounded.
    t3 = tip("槐阳镇", u2, "2026-11-02", "letter", "怀疑店里私拉电线给电动车充电")
    verify(t3, "2026-11-04")
    # Anonymous and founded: no one to reward.
    t4 = tip("殷村镇", u3, "2026-11-05", "online", "后院堆着很多汽油桶", anonymous=True)
    h4 = hazard(u3, "2026-11-06", t4, "flammables", "后院违规储存汽油（匿名举报）")
    verify(t4, "2026-11-06", h4)
    # Reward approved, not paid yet; and one whose claim period lapsed.
    t5 = tip("东张乡", u4, "2026-11-10", "wechat", "晚上有人住在加工车间里")
    h5 = hazard(u4, "2026-11-11", t5, "living-separated", "生产车间内住人（群众举报）")
    verify(t5, "2026-11-11", h5)
    run(fg, repo, "hazard", "tip", "reward", t5, "--amount", "300", "--date", "2026-11-18", "--by", "东张乡举报奖励审批小组")
    t6 = tip("殷村镇", unit_in("101", "small-restaurant", 1), "2026-08-10", "phone", "饭店后厨油烟管道很久没清洗")
    h6 = hazard(unit_in("101", "small-restaurant", 1), "2026-08-11", t6, "kitchen-hood", "油烟管道长期未清洗（群众举报）")
    verify(t6, "2026-08-11", h6)
    run(fg, repo, "hazard", "tip", "reward", t6, "--amount", "100", "--date", "2026-08-20", "--by", "殷村镇举报奖励审批小组")
    # Waiting for verification: one in time, one past its reply deadline.
    tip("东张乡", unit_in("201", "rental-housing"), "2026-11-26", "visit", "出租房楼道里有电动车充电")
    tip("殷村镇", unit_in("101", "small-internet-cafe"), "2026-11-16", "hotline-119", "网吧安全出口锁着")


if __name__ == "__main__":
    main()
