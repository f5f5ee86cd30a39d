#!/usr/bin/env python3
"""Generates the benchmark's "median county": a firegrid data repo with one year of records.

    bench/make_county.py --scale S --out DIR [--seed N] [--no-git] [--force]

S=1 is the median county of issue 14: the example county's grid (元氏县, 130132: 15
townships, 216 villages, 967 village groups, from the national division data by `firegrid
grid import` in examples/generate.sh), ~20,400 units and ~260,000 inspections over one year
(2025-12-01 to 2026-11-28, the data's "today"), a few hundred hazards with their histories,
the example's year of meetings, trainings and publicity. S scales everything that grows with
a county: the village groups per village (so a group keeps ~21 units), the units, the
inspections and the hazards; S=10 is ~200,000 units and ~2.6 million inspections.

It starts from a copy of examples/yuanshi (the grid with its people, the manifest and its
policy, the schemas and the calendar, all as firegrid wrote them) without its units,
inspections, hazards and tips, and writes every other record directly, in exactly the bytes
firegrid's emitter writes (bench/fgyaml.py, tested against the example county), because a
quarter of a million `firegrid inspect add` calls would take hours. `firegrid check` must
report no error on the result. Deterministic: the same arguments give the same files.

Every person and phone is invented (surnames and given names drawn at random, phones in the
13800000000 test range). Then `git init` and one commit, unless --no-git.
"""
import argparse
import datetime
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fgyaml import dump, modeline, record_type  # noqa: E402

EXAMPLE = os.path.join(HERE, "..", "examples", "yuanshi")

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["建国", "志强", "秀英", "丽娟", "伟", "芳", "军", "敏", "静", "磊", "洋", "勇", "艳", "杰",
         "娜", "涛", "明", "超", "霞", "平", "刚", "桂英", "建华", "文", "辉", "玉兰", "海燕", "红梅"]
STREETS = ["东街", "西街", "南街", "北街", "中心街", "建设路", "人民路", "解放路", "幸福路", "团结路"]
DIGITS = "零一二三四五六七八九"

START = datetime.date(2025, 12, 1)
TODAY = datetime.date(2026, 11, 28)
UNITS_PER_VILLAGE = 94.5          # 20,412 units over 216 villages at S=1
INSPECTIONS_PER_UNIT_YEAR = 13.15  # ~260,000 inspections at S=1, grid checks included

# category, share (per mille), name patterns, figures (ranges within policy.nine_small)
KINDS = [
    ("small-shop", 240, ["{s}记超市", "{v}便民超市", "{s}家日杂店", "{v}五金店"], dict(area_m2=(30, 280), floors=(1, 2))),
    ("small-restaurant", 130, ["{s}记饭店", "{v}面馆", "{s}家小吃", "{v}烧烤店"], dict(area_m2=(30, 200), seats=(10, 90))),
    ("street-shop", 100, ["{v}{s}记门市", "{s}家服装店", "{v}理发店"], dict(floors=(1, 2), area_m2=(20, 150))),
    ("rental-housing", 100, ["{v}{s}家出租房", "{v}{n}号出租屋"], dict(floors=(2, 5), beds=(4, 30))),
    ("family-workshop", 50, ["{s}家服装加工作坊", "{s}家食品作坊", "{v}{s}记木器作坊"], dict(staff=(2, 12))),
    ("three-in-one", 50, ["{s}记批发部", "{v}{s}家加工店"], dict(area_m2=(50, 300), staff=(2, 10))),
    ("small-hotel", 30, ["{v}{s}家旅馆", "{v}客栈"], dict(floors=(2, 4), beds=(8, 48))),
    ("small-beauty-bath", 30, ["{s}记美容院", "{v}洗浴中心"], dict(area_m2=(40, 190))),
    ("small-workshop", 30, ["{v}{s}记加工厂", "{v}建材厂"], dict(area_m2=(200, 2000), staff=(5, 45))),
    ("small-clinic", 30, ["{v}卫生室", "{s}氏诊所"], dict(beds=(0, 20))),
    ("small-school", 20, ["{v}小学", "{v}幼儿园"], dict(pupils=(40, 480))),
    ("small-entertainment", 15, ["{v}KTV", "{s}记歌舞厅"], dict(floors=(1, 3), area_m2=(80, 195))),
    ("small-internet-cafe", 10, ["{v}网吧"], dict(floors=(1, 2), area_m2=(60, 190))),
    ("residential-building", 60, ["{v}{n}号住宅楼"], dict(floors=(3, 18))),
    ("courtyard", 30, ["{v}{s}家大院"], dict()),
    ("general-unit", 55, ["{v}农资站", "{v}邮政所", "{v}供销社"], dict(area_m2=(100, 800), staff=(3, 30))),
    ("key-unit", 20, ["{v}中学", "{t}商贸中心", "{t}敬老院", "{t}加油站"], dict(floors=(2, 6), area_m2=(1000, 20000), staff=(20, 200))),
]
KIND_TOTAL = sum(k[1] for k in KINDS)
FIGURE_ORDER = ["floors", "area_m2", "beds", "seats", "staff", "pupils", "children"]
BRIGADE = {"key-unit", "general-unit"}  # the fire brigade supervises these; the police the rest

CHECKLIST = {
    "exits": "安全出口、疏散通道畅通，无锁闭、堵塞、占用",
    "extinguishers": "灭火器等消防器材配置齐全、完好有效、在检验期内",
    "wiring": "电气线路敷设规范，无私拉乱接，插座、开关完好",
    "e-bikes": "电动自行车不在室内、楼道、安全出口停放充电",
    "gas": "燃气管道、阀门、软管完好，无泄漏，使用场所通风",
    "flammables": "易燃易爆物品储存、使用符合规定，数量不超标",
    "living-separated": "住宿与生产、储存、经营场所设置有效防火分隔，不违规住人",
    "fire-doors": "防火门、防火卷帘完好有效，常闭式防火门处于关闭状态",
    "emergency-lighting": "应急照明、疏散指示标志完好有效",
    "alarm-sprinkler": "火灾自动报警、自动喷水灭火等消防设施正常运行",
    "hydrants": "室内外消火栓完好，水源充足，无遮挡",
    "staff-trained": "员工经消防安全培训，会报警、会扑救初起火灾、会组织疏散",
    "control-room": "消防控制室24小时双人值班，持证上岗",
    "kitchen-hood": "厨房排油烟管道定期清洗，无油污积聚",
}
NOTES = {"exits": "通道堆放杂物", "extinguishers": "灭火器过期", "wiring": "私拉电线",
         "e-bikes": "楼道内充电", "gas": "燃气软管老化", "flammables": "易燃物堆放",
         "living-separated": "生产区住人", "emergency-lighting": "应急灯损坏",
         "fire-doors": "防火门常开", "kitchen-hood": "油烟管道未清洗", "hydrants": "消火栓被遮挡",
         "alarm-sprinkler": "报警控制器故障", "staff-trained": "员工不会使用灭火器",
         "control-room": "值班人员未持证"}
BASIC = ["exits", "extinguishers", "wiring", "e-bikes"]
EXTRA = {"small-restaurant": ["gas", "kitchen-hood"], "three-in-one": ["living-separated", "flammables"],
         "family-workshop": ["living-separated", "flammables"], "small-workshop": ["flammables", "living-separated"],
         "small-hotel": ["emergency-lighting"], "small-entertainment": ["emergency-lighting", "fire-doors"],
         "small-internet-cafe": ["emergency-lighting"], "residential-building": ["fire-doors", "hydrants"],
         "general-unit": ["emergency-lighting", "staff-trained"],
         "key-unit": ["fire-doors", "emergency-lighting", "hydrants", "alarm-sprinkler", "staff-trained",
                      "control-room"]}

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def fnv_id(key, chars):
    """As firegrid's hashed_id: Crockford base 32 of FNV-1a 64 of the key."""
    h = 0xCBF29CE484222325
    for b in key.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    out = []
    for _ in range(chars):
        out.append(CROCKFORD[h & 31])
        h >>= 5
    return "".join(out)


def chinese_number(n):
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


# The county's folder: every record written below it gets the modeline of its place.
OUT = None


def write(path, text):
    if OUT is not None:
        rel = os.path.relpath(path, OUT)
        if record_type(rel) and not text.startswith("# yaml-language-server:"):
            text = modeline(rel) + text
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


class Stop(Exception):
    """The next step of a hazard would be after today."""


class County:
    def __init__(self, out, scale, seed):
        self.out, self.scale = out, scale
        self.rng = random.Random(seed)
        self.days = [START + datetime.timedelta(days=i) for i in range((TODAY - START).days + 1)]
        self.iso = {d: d.isoformat() for d in self.days}
        self.used_ids = set()
        self.counts = dict(units=0, inspections=0, failed=0, hazards=0, groups=0, files=0)
        self.notice_no = {}
        self.made_dirs = set()

    # ---- small helpers
    def person_name(self):
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def phone(self):
        return f"138{self.rng.randrange(100000000):08d}"

    def unique(self, prefix, day, key):
        """An id i-YYYYMMDD-xxxxxx (or h-, u-): hashed, the next candidate when taken."""
        n = 0
        while True:
            rid = prefix + fnv_id(f"{key}\x1f{n}", 6 if prefix != "u-" else 10)
            if day:
                rid = f"{prefix}{day.strftime('%Y%m%d')}-{rid[len(prefix):]}"
            if rid not in self.used_ids:
                self.used_ids.add(rid)
                return rid
            n += 1

    def mkdir(self, path):
        if path not in self.made_dirs:
            os.makedirs(path, exist_ok=True)
            self.made_dirs.add(path)

    def put(self, folder, rid, record):
        self.mkdir(folder)
        write(os.path.join(folder, rid + ".yaml"), dump(record))
        self.counts["files"] += 1

    # ---- the starting repo
    def copy_base(self):
        if os.path.exists(self.out):
            shutil.rmtree(self.out)
        drop = {"units", "inspections", "hazards", "tips"}

        def ignore(folder, names):
            return [n for n in names if n in drop or n == ".firegrid" or n.startswith(".firegrid.")]
        shutil.copytree(EXAMPLE, self.out, ignore=ignore, symlinks=True)
        manifest = os.path.join(self.out, "firegrid.yaml")
        text = open(manifest, encoding="utf-8").read()
        # The county has kept its grid in firegrid for the whole year generated.
        text = text.replace("  since: '2026-09-01'\n", f"  since: '{START.isoformat()}'\n", 1)
        write(manifest, text)
        with open(os.path.join(self.out, ".gitignore"), "a", encoding="utf-8") as f:
            f.write("# firegrid's cache of parsed records (issue 14)\n.firegrid/\n")

    def read_grid(self):
        """townships: [(id, name, [villages])]; village: dict(path, dir, name, code, groups)."""
        root = os.path.join(self.out, "grid")
        self.townships = []
        for t in sorted(os.listdir(root)):
            tdir = os.path.join(root, t)
            if not os.path.isfile(os.path.join(tdir, "grid.yaml")):
                continue
            tname = self.field(os.path.join(tdir, "grid.yaml"), "name")
            villages = []
            for v in sorted(os.listdir(tdir)):
                vdir = os.path.join(tdir, v)
                if not os.path.isfile(os.path.join(vdir, "grid.yaml")):
                    continue
                groups = sorted(g for g in os.listdir(vdir) if os.path.isfile(os.path.join(vdir, g, "grid.yaml")))
                villages.append(dict(path=f"{t}/{v}", dir=vdir, township=t, tname=tname,
                                     name=self.field(os.path.join(vdir, "grid.yaml"), "name"),
                                     code=self.field(os.path.join(vdir, "grid.yaml"), "code"), groups=groups))
            self.townships.append(dict(id=t, name=tname, dir=tdir, villages=villages))

    @staticmethod
    def field(path, key):
        for line in open(path, encoding="utf-8"):
            if line.startswith(key + ":"):
                return line.split(":", 1)[1].strip().strip("'")
        return None

    def scale_groups(self):
        """Each village keeps round(its groups × S) groups (at least one): fewer are removed,
        more are added as 第N网格 with the next codes and a grid leader."""
        for t in self.townships:
            for v in t["villages"]:
                have = v["groups"]
                want = max(1, round(len(have) * self.scale))
                for g in have[want:]:
                    shutil.rmtree(os.path.join(v["dir"], g))
                have = have[:want]
                for n in range(len(have) + 1, want + 1):
                    gid = f"g{n:02d}"
                    gdir = os.path.join(v["dir"], gid)
                    os.makedirs(gdir)
                    write(os.path.join(gdir, "grid.yaml"), dump({
                        "level": "group", "name": f"第{chinese_number(n)}网格", "code": f"{v['code']}{n:03d}",
                        "leader": {"name": self.person_name(), "organisation": "村民小组", "role": "网格员",
                                   "phone": self.phone()}}))
                    have.append(gid)
                v["groups"] = have
                self.counts["groups"] += len(have)

    def meetings(self):
        """The example's meetings stay; links of action items to the example's hazards go."""
        import yaml
        for dirpath, dirnames, filenames in os.walk(os.path.join(self.out, "grid")):
            if os.path.basename(dirpath) != "meetings":
                continue
            for name in filenames:
                path = os.path.join(dirpath, name)
                text = open(path, encoding="utf-8").read()
                if "    hazards:\n" not in text:
                    continue
                rec = yaml.load(text, Loader=yaml.CSafeLoader)
                for action in rec.get("actions", []):
                    action.pop("hazards", None)
                write(path, dump(rec))

    # ---- units
    def make_units(self):
        rng = self.rng
        self.units_by_village = {}
        for t in self.townships:
            for v in t["villages"]:
                per = UNITS_PER_VILLAGE * self.scale
                count = max(1, round(per * rng.uniform(0.67, 1.33)))
                units = []
                for i in range(count):
                    roll = rng.randrange(KIND_TOTAL)
                    for kind in KINDS:
                        roll -= kind[1]
                        if roll < 0:
                            break
                    category, _, patterns, figures = kind
                    s = rng.choice(SURNAMES)
                    name = rng.choice(patterns).format(s=s, v=v["name"], t=t["name"], n=i + 1)
                    group = v["groups"][rng.randrange(len(v["groups"]))]
                    address = f"{t['name']}{v['name']}{rng.choice(STREETS)}{i + 1}号"
                    gpath = f"{v['path']}/{group}"
                    uid = self.unique("u-", None, f"{gpath}\x1f{name}\x1f{address}")
                    rec = {"id": uid, "name": name, "category": category, "address": address}
                    if category in ("key-unit", "general-unit", "small-workshop", "small-hotel") or rng.random() < 0.25:
                        rec["licence"] = "91130132" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))
                    responsible = s + rng.choice(GIVEN)
                    if rng.random() < 0.985:
                        rec["responsible"] = {"name": responsible, "phone": self.phone()}
                    if category in ("key-unit", "general-unit", "small-school"):
                        rec["manager"] = {"name": self.person_name(), "phone": f"0311-8{rng.randrange(1000000):06d}"}
                    for key in FIGURE_ORDER:
                        if key in figures:
                            rec[key] = rng.randint(*figures[key])
                    if rng.random() < 0.1:
                        rec["tags"] = [rng.choice(["老旧建筑", "人员密集", "电动车集中充电", "液化气"])]
                    if rng.random() < 0.9:
                        registered = datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randrange((START - datetime.date(2018, 1, 1)).days))
                    else:
                        registered = self.days[rng.randrange(len(self.days) - 7)]
                    closed = None
                    rec["status"] = "active"
                    if rng.random() < 0.015:
                        closed = self.days[rng.randrange(max(0, (registered - START).days) + 30, len(self.days))] if (TODAY - registered).days > 40 else None
                    if closed:
                        rec["status"] = "closed"
                        rec["closed_on"] = closed.isoformat()
                        rec["closed_reason"] = rng.choice(["停业", "拆除", "转让"])
                    rec["registered"] = registered.isoformat()
                    if rng.random() < 0.06:
                        rec["note"] = rng.choice(["已签订消防安全责任书", "春节前重点检查", "需加强夜间巡查，\n注意电动车停放"])
                    udir = os.path.join(v["dir"], group, "units", uid)
                    self.mkdir(os.path.join(v["dir"], group, "units"))
                    os.mkdir(udir)
                    write(os.path.join(udir, "unit.yaml"), dump(rec))
                    self.counts["files"] += 1
                    first = max(registered, START)
                    last = closed - datetime.timedelta(days=1) if closed else TODAY
                    units.append(dict(id=uid, name=name, category=category, dir=udir, group=group,
                                      responsible=responsible, first=first, last=last, township=t))
                self.units_by_village[v["path"]] = units
                self.counts["units"] += count

    # ---- inspections and hazards
    def items(self, codes, fail_rate):
        out, failed = [], []
        for code in codes:
            if self.rng.random() < fail_rate:
                item = {"code": code, "status": "fail", "note": NOTES[code]}
                failed.append(item)
            else:
                item = {"code": code, "status": "pass"}
            out.append(item)
        return out, failed

    def inspection(self, folder, place_key, kind, day, time_, inspectors, codes, fail_rate, units=None,
                   summary=None, hazard_place=None):
        items, failed = self.items(codes, fail_rate) if codes else ([], [])
        rid = self.unique("i-", day, f"{place_key}\x1f{kind}\x1f{day}\x1f{time_}\x1f{inspectors[0]['name']}")
        rec = {"id": rid, "kind": kind, "date": self.iso[day], "time": time_, "inspectors": inspectors}
        if units:
            rec["units"] = units
        if items:
            rec["items"] = items
        rec["result"] = "fail" if failed else "pass"
        if summary:
            rec["summary"] = summary
        self.counts["inspections"] += 1
        if failed:
            self.counts["failed"] += 1
            if self.rng.random() < self.hazard_rate:
                item = failed[0]
                hid = self.hazard(os.path.dirname(folder), place_key, rid, kind, day, item, inspectors[0],
                                  hazard_place)
                item["hazard"] = hid
        self.put(folder, rid, rec)

    def hazard(self, where, place_key, inspection_id, kind, day, item, finder, place):
        rng = self.rng
        hid = self.unique("h-", day, f"{place_key}\x1f{day}\x1f{item['code']}\x1f{item['note']}")
        who = {"name": finder["name"], "organisation": finder["organisation"]}
        officer = {"name": self.person_name(), "organisation": place["office"]}
        owner = {"name": place["owner"], "organisation": place["owner_org"]}
        history = [{"date": self.iso[day], "event": "open", "by": who, "severity": "general", "state": "found"}]
        rec = {"id": hid, "state": "found", "severity": "general", "found_on": self.iso[day],
               "source": "patrol" if kind == "patrol" else "inspection", "inspection": inspection_id,
               "item": item["code"], "description": f"{CHECKLIST[item['code']]}：{item['note']}"}
        if place.get("where"):
            rec["place"] = place["where"]
        rec["found_by"] = who

        def step(d, event, by, **more):
            if d > TODAY:
                raise Stop
            s = {"date": d.isoformat(), "event": event, "by": by}
            s.update(more)
            history.append(s)

        def notice(d):
            year = d.year
            self.notice_no[year] = self.notice_no.get(year, 0) + 1
            deadline = d + datetime.timedelta(days=30)
            number = f"元消限字〔{year}〕第{self.notice_no[year]:04d}号"
            step(d, "notice", officer, deadline=deadline.isoformat(), number=number, state="notified")
            return deadline

        def days(a, b):
            return datetime.timedelta(days=rng.randint(a, b))
        try:
            if rng.random() < 0.15:
                step(day, "fix", who, note="当场改正", state="fixed")
            else:
                d = day + days(0, 2) if rng.random() < 0.93 else day + days(6, 12)  # a few notices late
                deadline = notice(d)
                if rng.random() < 0.08:
                    raise Stop  # never rectified: overdue once the deadline passes
                d = d + days(5, 34)
                step(d, "rectify", owner, note="已按通知书要求整改", state="reported")
                d = d + days(1, 4)
                if rng.random() < 0.1:
                    deadline = d + datetime.timedelta(days=15)
                    step(d, "verify-fail", officer, note="整改不到位", deadline=deadline.isoformat(), state="notified")
                    d = d + days(3, 14)
                    step(d, "rectify", owner, note="已再次整改", state="reported")
                    d = d + days(1, 3)
                step(d, "verify-pass", officer, state="closed")
                if rng.random() < 0.05:
                    d = d + days(3, 20)
                    step(d, "reopen", officer, note="回访发现问题反弹", state="reopened")
                    d = d + days(0, 2)
                    notice(d)
        except Stop:
            pass
        # The fields a step writes, from the history (docs/reports.md, "A record on a past day").
        last = history[-1]
        rec["state"] = last["state"]
        fields = {}
        for s in history:
            e = s["event"]
            if e in ("notice", "verify-fail"):
                fields["deadline"] = s["deadline"]
                fields.pop("reported_on", None)
                if e == "notice":
                    fields["notice"] = {"issued_on": s["date"], "number": s["number"]}
            elif e == "rectify":
                fields["reported_on"] = s["date"]
            elif e in ("fix", "verify-pass"):
                fields["closed_on"] = s["date"]
            elif e == "reopen":
                for k in ("deadline", "reported_on", "closed_on"):
                    fields.pop(k, None)
        if rec["state"] not in ("fixed", "closed"):
            fields.pop("closed_on", None)
        for k in ("deadline", "notice", "reported_on", "closed_on"):
            if k in fields:
                rec[k] = fields[k]
        rec["history"] = history
        self.put(os.path.join(where, "hazards"), hid, rec)
        self.counts["hazards"] += 1
        return hid

    def between(self, first, last):
        return first + datetime.timedelta(days=self.rng.randrange((last - first).days + 1))

    def make_inspections(self):
        rng = self.rng
        weeks = []
        monday = START - datetime.timedelta(days=START.weekday())
        while monday <= TODAY:
            weeks.append(monday)
            monday += datetime.timedelta(days=7)

        def week_day(week, lo=0, hi=4):
            d = week + datetime.timedelta(days=rng.randint(lo, hi))
            return d if START <= d <= TODAY else None

        def active(units, d):
            return [u for u in units if u["first"] <= d <= u["last"]]

        # How many records of units' own inspections fill the year to the median's figure.
        n_units = sum(len(u) for u in self.units_by_village.values())
        n_groups = self.counts["groups"]
        n_villages = sum(len(t["villages"]) for t in self.townships)
        grid_checks = n_groups * len(weeks) * 0.9 + n_villages * len(weeks) * (0.92 + 0.85) + \
            len(self.townships) * (len(weeks) * 0.9 + 12)
        target = INSPECTIONS_PER_UNIT_YEAR * UNITS_PER_VILLAGE * 216 * self.scale
        own_per_unit = max(2.0, (target - grid_checks) / max(1, n_units))
        # ~4% of inspections fail; a hazard is opened for ~1 in 22 of those: ~400 at S=1.
        self.hazard_rate = 0.045

        brigade = [{"name": self.person_name(), "organisation": "县消防救援大队"} for _ in range(12)]
        for t in self.townships:
            officers = [{"name": self.person_name(), "organisation": "派出所", "role": "民警"} for _ in range(3)]
            safety = [{"name": self.person_name(), "organisation": f"{t['name']}安监办"} for _ in range(2)]
            t_units = [u for v in t["villages"] for u in self.units_by_village[v["path"]]]
            police_units = [u for u in t_units if u["category"] not in BRIGADE]
            tplace = dict(office=f"{t['name']}安监办", owner="单位负责人", owner_org=t["name"])
            # The township's own checks: monthly inspection, weekly police spot check.
            for month in range(12):
                y, m = (2025, 12) if month == 0 else (2026, month)
                d = datetime.date(y, m, rng.randint(5, 25))
                if d > TODAY:
                    continue
                pool = active(t_units, d)
                visit = sorted({u["id"] for u in rng.sample(pool, min(4, len(pool)))})
                self.inspection(os.path.join(t["dir"], "inspections"), t["id"], "township-inspection", d, "09:30",
                                [safety[0], safety[1]], BASIC + ["gas"], 0.02, units=visit,
                                hazard_place=dict(tplace, where=f"{t['name']}辖区"))
            for week in weeks:
                d = week_day(week)
                if d is None or rng.random() < 0.1:
                    continue
                pool = active(police_units, d)
                visit = sorted({u["id"] for u in rng.sample(pool, min(2, len(pool)))})
                self.inspection(os.path.join(t["dir"], "inspections"), t["id"], "police-spot-check", d, "14:00",
                                [rng.choice(officers)], BASIC, 0.02, units=visit,
                                hazard_place=dict(tplace, office=f"{t['name']}派出所", where=f"{t['name']}辖区"))
            for v in t["villages"]:
                units = self.units_by_village[v["path"]]
                clerk = {"name": self.person_name(), "organisation": "村（居）委会", "role": "治安消防协管员"}
                cop = {"name": rng.choice(officers)["name"], "organisation": "派出所", "role": "社区民警"}
                vplace = dict(office=f"{t['name']}安监办", owner="单位负责人", owner_org=t["name"], where=f"{v['name']}")
                vfolder = os.path.join(v["dir"], "inspections")
                for week in weeks:
                    for kind, who, chance, codes in (("village-check", clerk, 0.92, BASIC),
                                                     ("community-police-check", cop, 0.85, ["exits", "e-bikes", "wiring"])):
                        d = week_day(week)
                        if d is None or rng.random() > chance:
                            continue
                        pool = active(units, d)
                        k = min(len(pool), rng.randint(1, 3))
                        visit = sorted({u["id"] for u in rng.sample(pool, k)})
                        self.inspection(vfolder, v["path"], kind, d, f"{rng.randint(8, 11):02d}:00", [who], codes,
                                        0.01, units=visit, hazard_place=vplace)
                # The groups' patrols (巡查): most weeks, an evening round of the group.
                for g in v["groups"]:
                    patroller = {"name": self.person_name(), "organisation": "治安巡防队"}
                    gfolder = os.path.join(v["dir"], g, "inspections")
                    gunits = [u for u in units if u["group"] == g]
                    for week in weeks:
                        d = week_day(week, 0, 6)
                        if d is None or rng.random() < 0.1:
                            continue
                        codes = ["e-bikes", "exits"] if rng.random() < 0.3 else None
                        pool = active(gunits, d) if codes else []
                        visit = sorted({u["id"] for u in rng.sample(pool, min(len(pool), 2))}) if pool else None
                        self.inspection(gfolder, f"{v['path']}/{g}", "patrol", d, "20:00", [patroller], codes, 0.01,
                                        units=visit, hazard_place=dict(vplace, where=f"{v['name']}{g}"))
                # Each unit's own inspections over the part of the year it was open.
                for u in units:
                    span = (u["last"] - u["first"]).days + 1
                    if span <= 0:
                        continue
                    frac = span / len(self.days)
                    cat = u["category"]
                    codes = BASIC + EXTRA.get(cat, [])
                    uplace = dict(office=f"{t['name']}安监办" if cat not in BRIGADE else "县消防救援大队",
                                  owner=u["responsible"], owner_org=u["name"])
                    ufolder = os.path.join(u["dir"], "inspections")
                    plan = []
                    if cat == "key-unit":
                        plan += [("fire-brigade-inspection", 4), ("township-inspection", 12)]
                    elif cat == "general-unit":
                        plan += [("fire-brigade-inspection", 2)]
                    fixed = sum(n for _, n in plan)
                    rest = max(0.0, own_per_unit - fixed)
                    plan += [("self-inspection", rest * 0.5), ("village-check", rest * 0.3),
                             ("police-spot-check" if cat not in BRIGADE else "fire-brigade-inspection", rest * 0.2)]
                    for kind, mean in plan:
                        n = mean * frac
                        n = int(n) + (1 if rng.random() < n - int(n) else 0)
                        if kind in ("township-inspection",) and n:
                            # monthly: one in each month the unit was open
                            dates = sorted({self.between(max(u["first"], m), min(u["last"], m + datetime.timedelta(days=27)))
                                            for m in [datetime.date(2025, 12, 1)] + [datetime.date(2026, k, 1) for k in range(1, 12)]
                                            if m <= u["last"] and m + datetime.timedelta(days=27) >= u["first"]})
                        else:
                            dates = [self.between(u["first"], u["last"]) for _ in range(n)]
                        for d in dates:
                            if kind == "self-inspection":
                                who, rate = [{"name": u["responsible"], "organisation": u["name"]}], 0.004
                            elif kind == "village-check":
                                who, rate = [clerk], 0.007
                            elif kind == "police-spot-check":
                                who, rate = [rng.choice(officers)], 0.012
                            elif kind == "township-inspection":
                                who, rate = [rng.choice(safety)], 0.012
                            else:
                                who, rate = rng.sample(brigade, 2), 0.02
                            self.inspection(ufolder, u["id"], kind, d, f"{rng.randint(8, 17):02d}:{rng.choice(['00', '30'])}",
                                            who, codes, rate, summary="消防监督检查" if kind == "fire-brigade-inspection" else None,
                                            hazard_place=uplace)
        # The county's half-year supervision.
        for d, text in ((datetime.date(2026, 6, 20), "上半年督导各乡镇消防安全网格化管理工作"),
                        (datetime.date(2026, 11, 20), "年终督导考评各乡镇消防安全网格化管理工作")):
            self.inspection(os.path.join(self.out, "grid", "inspections"), "", "county-supervision", d, "09:00",
                            [{"name": self.person_name(), "organisation": "县人民政府", "role": "副县长"}], None, 0,
                            summary=text, hazard_place={})


def git_commit(out):
    env = dict(os.environ, GIT_AUTHOR_DATE="2026-11-28T18:00:00+08:00", GIT_COMMITTER_DATE="2026-11-28T18:00:00+08:00")
    g = ["git", "-C", out, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "gc.auto=0"]
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    subprocess.run(g + ["add", "-A"], check=True, env=env)
    subprocess.run(g + ["commit", "-q", "-m", "the benchmark county, generated by bench/make_county.py"], check=True, env=env)
    # No background `git gc --auto` later, in the middle of a measurement.
    subprocess.run(["git", "-C", out, "config", "gc.auto", "0"], check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, required=True, help="1 is the median county (~20,400 units)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=130132)
    ap.add_argument("--no-git", action="store_true", help="write the files only")
    a = ap.parse_args()
    if a.scale <= 0 or a.scale > 50:
        ap.error("--scale must be in (0, 50]")
    t0 = time.time()
    global OUT
    OUT = os.path.abspath(a.out)
    c = County(OUT, a.scale, a.seed)
    c.copy_base()
    c.read_grid()
    c.scale_groups()
    c.meetings()
    c.make_units()
    c.make_inspections()
    t1 = time.time()
    print(f"make_county: S={a.scale:g}: {c.counts['groups']} groups, {c.counts['units']} units, "
          f"{c.counts['inspections']} inspections ({c.counts['failed']} failed), {c.counts['hazards']} hazards, "
          f"{c.counts['files']} record files written in {t1 - t0:.0f} s", file=sys.stderr)
    if not a.no_git:
        git_commit(c.out)
        print(f"make_county: git commit in {time.time() - t1:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
