#!/usr/bin/env python3
"""Writes a year (December 2025 - November 2026) of the example county's meetings,
trainings, publicity and drills as two YAML batches, for `firegrid meeting import` and
`firegrid training import`, deterministically (a fixed seed).

- Joint meetings (联席会议) of every township in every two-month period, chaired by the
  township head, with the police station, safety office, market supervision and
  governance office attending; decisions and action items owned by them, some linked to
  hazards of the township and to its villages. A few townships miss a period (one of them
  the last full one, 2026-09/10, so `meeting due` shows it); the November meetings of
  some townships are still to come. Actions due before 2026-11-28 are mostly done; a few
  stay open past their due date.
- Meetings of the county leading group, one a half year, as the policy's half-year
  cadence for the county says.
- Per township, trainings of key units' staff on certified posts (消防控制室值班员) and
  of grid workers; per village, publicity before the Spring Festival, May Day and National
  Day, in the autumn-winter fire season and the November fire-safety month (119), and a
  drill, each with its `campaign` tag and the people reached. Some villages skip a
  campaign.

It reads the grid, the key units and the hazards through firegrid itself.

    examples/make_meetings.py REPO MEETINGS.yaml TRAININGS.yaml [--firegrid PATH]
"""
import argparse
import csv
import datetime
import io
import json
import os
import subprocess

from generator_common import GIVEN, SURNAMES, Rng

TODAY = datetime.date(2026, 11, 28)


def run(fg, repo, *args):
    r = subprocess.run([fg, "-C", repo, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"firegrid {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def rows(fg, repo, *args):
    return list(csv.DictReader(io.StringIO(run(fg, repo, *args, "--format", "csv"))))


def day(y, m, d):
    return datetime.date(y, m, d)


def quote(v):
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def emit(value, indent=0):
    """A small block-style YAML writer: every string single-quoted, so none is read as a
    number, a date or a boolean."""
    pad = " " * indent
    out = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                inner = emit(item, indent + 2)
                out.append(pad + "- " + inner[indent + 2:])
            else:
                out.append(f"{pad}- {quote(item)}\n")
    else:
        for k, v in value.items():
            if isinstance(v, (dict, list)):
                out.append(f"{pad}{k}:\n" + emit(v, indent + 2))
            else:
                out.append(f"{pad}{k}: {quote(v)}\n")
    return "".join(out)


def person(p):
    return {k: v for k, v in p.items() if k in ("name", "organisation", "role")}


# What a joint meeting of each two-month period is about: agenda, decisions and action items
# (what, the owner's organisation, days until due, links: hazard, village or none).
SEASONS = {
    (2025, 11): ("冬季火灾防控工作部署", ["开展冬季消防安全大检查", "加强村民用火用电安全提示"],
                 [("排查辖区出租房和“三合一”场所", "派出所", 30, "village"),
                  ("检查集贸市场和商铺电气线路", "市场监管所", 25, None)]),
    (2026, 1): ("春节前后消防安全工作", ["春节前对人员密集场所开展联合检查", "落实烟花爆竹燃放安全管理"],
                [("春节前检查超市、饭店等人员密集场所", "市场监管所", 20, None),
                 ("组织村志愿消防队节日值守", "综治办", 25, "village")]),
    (2026, 3): ("复工复产消防安全检查", ["对小作坊、小加工企业开展复工前检查", "整治电动自行车违规充电"],
                [("检查家庭作坊和小加工企业复工情况", "安监办", 30, "village"),
                 ("整治楼道内电动自行车充电", "派出所", 35, None)]),
    (2026, 5): ("夏季用电和汛期消防安全", ["开展夏季电气火灾专项治理", "检查学校和幼儿园消防设施"],
                [("排查餐饮场所燃气和电气线路", "市场监管所", 30, None),
                 ("检查辖区学校消防设施", "综治办", 30, "village")]),
    (2026, 7): ("高温季节消防安全和隐患整改", ["督办上半年未整改隐患", "加强“九小场所”巡查"],
                [("复查上半年挂账隐患", "安监办", 30, None),
                 ("组织网格员开展夜间巡查", "综治办", 30, "village")]),
    (2026, 9): ("国庆节前检查和隐患整改督办", ["国庆节前对重点单位开展联合检查", "督办本期检查发现的隐患"],
                [("督促隐患单位按期整改", "安监办", 30, "hazard"),
                 ("检查宾馆、网吧等人员密集场所", "派出所", 25, None)]),
    (2026, 11): ("秋冬季火灾防控和“119”消防宣传月", ["部署秋冬季火灾防控工作", "督办逾期未整改隐患"],
                 [("督促逾期隐患整改到位", "安监办", 20, "hazard"),
                  ("组织“119”消防宣传月活动", "综治办", 25, "village"),
                  ("排查出租房电动自行车充电", "派出所", 30, None)]),
}
PERIODS = [(2025, 11), (2026, 1), (2026, 3), (2026, 5), (2026, 7), (2026, 9), (2026, 11)]
PERIOD_NAMES = {(2025, 11): "2025年第6期", (2026, 1): "第1期", (2026, 3): "第2期", (2026, 5): "第3期",
                (2026, 7): "第4期", (2026, 9): "第5期", (2026, 11): "第6期"}
# Townships (by their position in the grid) that miss a period; two miss 2026-09/10.
MISSED = {3: (2026, 3), 7: (2026, 7), 10: (2026, 9), 13: (2026, 9)}

# The village campaigns: tag, title, first and last day, share of villages that hold one,
# audience and people reached (low, high).
CAMPAIGNS = [
    ("winter-2025", "冬季防火宣传", day(2025, 12, 5), day(2025, 12, 28), 70, "村民", (60, 240)),
    ("spring-festival-2026", "春节前消防安全宣传", day(2026, 2, 2), day(2026, 2, 14), 95, "村民、返乡人员", (80, 400)),
    ("may-day-2026", "“五一”前消防安全宣传", day(2026, 4, 20), day(2026, 4, 29), 60, "商户、村民", (50, 200)),
    ("national-day-2026", "国庆节前消防安全宣传", day(2026, 9, 20), day(2026, 9, 29), 80, "商户、村民", (60, 260)),
    ("fire-season-2026", "秋冬季防火宣传", day(2026, 10, 12), day(2026, 10, 31), 70, "村民、出租房住户", (60, 240)),
    ("fire-month-2026", "“119”消防宣传月活动", day(2026, 11, 2), day(2026, 11, 27), 90, "村民、学生", (100, 500)),
]


def between(rng, first, last):
    return first + datetime.timedelta(days=rng.range(0, (last - first).days))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("repo")
    p.add_argument("meetings")
    p.add_argument("trainings")
    p.add_argument("--firegrid", default=os.environ.get("FIREGRID", "build/firegrid"))
    a = p.parse_args()
    fg, repo = a.firegrid, a.repo
    rng = Rng(20261119)

    grids = rows(fg, repo, "grid", "list")
    townships = [g for g in grids if g["level"] == "township"]
    villages = [g for g in grids if g["level"] == "village"]
    key_units = rows(fg, repo, "unit", "list", "--category", "key-unit")
    hazards = rows(fg, repo, "hazard", "list", "--state", "all")

    def grid_record(path):
        return json.loads(run(fg, repo, "grid", "show", path or "/", "--format", "json"))["record"]

    def member(record, org):
        return next(m for m in record["members"] if m["organisation"] == org)

    meetings, trainings = [], []

    def action(what, owner, start, days, links):
        due = start + datetime.timedelta(days=days)
        act = {"what": what, "owner": person(owner), "due": due.isoformat()}
        # Mostly done in time, some late; a few of those due before today stay open. This
        # month's are open: generate.sh closes two of them with `meeting close-action`.
        if due < TODAY and start < day(2026, 11, 1) and not rng.chance(7):
            done = due + datetime.timedelta(days=rng.range(-12, 6))
            act["done"] = max(start, min(done, TODAY - datetime.timedelta(days=1))).isoformat()
        act.update(links)
        return act

    for i, t in enumerate(townships):
        record = grid_record(t["path"])
        chair = person(record["leader"])
        org = {o: person(member(record, o)) for o in ("派出所", "安监办", "市场监管所", "综治办", "文教办")}
        own_villages = [v for v in villages if v["path"].startswith(t["path"] + "/")]
        own_hazards = [h for h in hazards if h["grid"] == t["path"] or h["grid"].startswith(t["path"] + "/")]
        for period in PERIODS:
            if MISSED.get(i) == period:
                continue
            y, m = period
            if period == (2025, 11):
                date = day(2025, 12, rng.range(8, 26))
            elif period == (2026, 11):
                if i % 3 == 2:
                    continue  # its November-December meeting is still to come
                date = day(2026, 11, rng.range(3, 20))
            else:
                date = day(y, m + rng.range(0, 1), rng.range(5, 25))
            topic, decisions, todo = SEASONS[period]
            attendees = [org["派出所"], org["安监办"], org["市场监管所"], org["综治办"]]
            absent = []
            if rng.chance(70):
                attendees.append(org["文教办"])
            else:
                absent.append(org["文教办"])
            actions = []
            for what, who, days, link in todo:
                links = {}
                if link == "village":
                    links["grids"] = [rng.pick(own_villages)["path"]]
                elif link == "hazard":
                    found = [h for h in own_hazards if h["found_on"] < date.isoformat()]
                    if found:
                        links["hazards"] = sorted({rng.pick(found)["id"] for _ in range(2)})
                actions.append(action(what, org[who], date, days + rng.range(0, 10), links))
            meetings.append({
                "grid": t["path"], "kind": "joint-meeting", "title": f"{t['name']}{PERIOD_NAMES[period]}联席会议",
                "date": date.isoformat(), "place": f"{t['name']}人民政府会议室", "chair": chair,
                "attendees": attendees, **({"absent": absent} if absent else {}),
                "agenda": [f"通报上期督办事项落实情况", topic],
                "summary": f"会议听取了各成员单位工作汇报，围绕“{topic}”研究部署下一阶段工作。",
                "decisions": decisions, "actions": actions,
            })

        # The township's trainings: key units' staff on certified posts, and grid workers.
        own_keys = [u for u in key_units if u["grid"].startswith(t["path"] + "/")]
        for when, campaign in ((day(2026, 3, rng.range(10, 27)), "spring-check-2026"),
                               (day(2026, 9, rng.range(7, 18)), "national-day-2026")):
            certified = [{"name": rng.pick(SURNAMES) + rng.pick(GIVEN), "organisation": u["name"],
                          "role": "消防控制室值班员"} for u in own_keys for _ in range(rng.range(1, 2))]
            trainings.append({
                "grid": t["path"], "kind": "training", "title": "重点单位消防安全培训", "date": when.isoformat(),
                "place": f"{t['name']}人民政府会议室", "campaign": campaign,
                "audience": "重点单位消防安全责任人、管理人和消防控制室值班人员",
                "reached": len(own_keys) * 3 + rng.range(5, 20), "organiser": org["安监办"],
                **({"certified": certified} if certified else {}),
                "summary": "讲解消防法规、火灾隐患自查和初起火灾扑救。",
            })
        trainings.append({
            "grid": t["path"], "kind": "training", "title": "网格员消防业务培训",
            "date": day(2026, 5, rng.range(11, 22)).isoformat(), "place": f"{t['name']}人民政府会议室",
            "audience": "网格员、村（社区）消防工作人员、志愿消防队员", "reached": len(own_villages) * 4 + rng.range(5, 15),
            "organiser": org["综治办"], "summary": "讲解日常巡查要点、隐患上报流程和灭火器使用。",
        })

    # The county leading group: once a half year.
    county = grid_record("")
    chair = person(county["leader"])
    attendees = [person(m) for m in county["members"]]
    for date, title, topic, todo in (
        (day(2025, 12, 26), "2025年度网格化管理工作考评会", "2025年度消防安全网格化管理工作考评",
         [("通报年度考评结果并督促整改", 2, 30)]),
        (day(2026, 6, 29), "2026年上半年督导工作会", "上半年网格化管理督导情况",
         [("对联席会议未按期召开的乡镇进行督导", 1, 30), ("组织开展消防安全“大排查”回头看", 3, 45)]),
        (day(2026, 11, 6), "秋冬季火灾防控工作部署会", "部署秋冬季火灾防控和“119”消防宣传月",
         [("督导各乡镇秋冬季火灾防控工作", 0, 40), ("开展人员密集场所联合检查", 1, 30)]),
    ):
        actions = []
        for what, who, days in todo:
            links = {"grids": sorted({rng.pick(townships)["path"] for _ in range(2)})}
            actions.append(action(what, attendees[who], date, days, links))
        meetings.append({
            "grid": "/", "kind": "leading-group", "title": title, "date": date.isoformat(),
            "place": "县政府第一会议室", "chair": chair, "attendees": attendees,
            "agenda": [topic], "summary": f"会议研究{topic}。",
            "decisions": ["各成员单位按职责分工抓好落实"], "actions": actions,
        })

    # The villages: seasonal publicity and a drill a year.
    for v in villages:
        organiser = {"name": v["leader"], "organisation": "村（居）委会", "role": "党支部书记"}
        for tag, title, first, last, share, audience, (lo, hi) in CAMPAIGNS:
            if not rng.chance(share):
                continue
            trainings.append({
                "grid": v["path"], "kind": "publicity", "title": title,
                "date": between(rng, first, last).isoformat(), "place": f"{v['name']}村委会广场",
                "campaign": tag, "audience": audience, "reached": rng.range(lo, hi), "organiser": organiser,
            })
        if rng.chance(85):
            in_june = rng.chance(40)
            date = between(rng, day(2026, 6, 1), day(2026, 6, 28)) if in_june else \
                between(rng, day(2026, 11, 2), day(2026, 11, 27))
            trainings.append({
                "grid": v["path"], "kind": "drill", "title": "初起火灾扑救和疏散演练", "date": date.isoformat(),
                "place": f"{v['name']}村委会", "campaign": "safety-month-2026" if in_june else "fire-month-2026",
                "audience": "志愿消防队、村民", "reached": rng.range(20, 120), "organiser": organiser,
            })

    meetings.sort(key=lambda m: (m["date"], m["grid"]))
    trainings.sort(key=lambda e: (e["date"], e["grid"], e["kind"]))
    header = "# Made by examples/make_meetings.py; recorded by `firegrid {} import`.\n"
    with open(a.meetings, "w", encoding="utf-8", newline="\n") as f:
        f.write(header.format("meeting") + emit(meetings))
    with open(a.trainings, "w", encoding="utf-8", newline="\n") as f:
        f.write(header.format("training") + emit(trainings))


if __name__ == "__main__":
    main()
