#!/usr/bin/env python3
"""Writes a realistic, deterministic unit list for a firegrid repo as a CSV file, the way
a township office keeps it in Excel (Chinese headers; GB18030 with --gb18030).

    examples/make_units_csv.py REPO OUT.csv [--per-village N] [--seed S] [--gb18030]

REPO is a firegrid data repo; its groups are read with `firegrid grid list`. Every name,
person, phone and licence is invented by a fixed formula: the same arguments give the
same file, byte for byte. Used by examples/generate.sh and bench/import_units.sh.
"""
import argparse
import csv
import io
import os
import subprocess

from generator_common import GIVEN, SURNAMES, Rng

STREETS = ["东街", "西街", "南街", "北街", "中心街", "建设路", "人民路", "解放路", "幸福路", "团结路"]

# category, share (per mille), name patterns, figure ranges
KINDS = [
    ("小商店", 240, ["{s}记超市", "{v}便民超市", "{s}家日杂店", "{v}五金店"], dict(area=(30, 280), floors=(1, 2))),
    ("小餐饮", 130, ["{s}记饭店", "{v}面馆", "{s}家小吃", "{v}烧烤店"], dict(seats=(10, 90), area=(30, 200))),
    ("沿街门店", 100, ["{v}{s}记门市", "{s}家服装店", "{v}理发店"], dict(area=(20, 150), floors=(1, 2))),
    ("出租房屋", 100, ["{v}{s}家出租房", "{v}{n}号出租屋"], dict(floors=(2, 5), beds=(4, 30))),
    ("家庭作坊", 50, ["{s}家服装加工作坊", "{s}家食品作坊", "{v}{s}记木器作坊"], dict(staff=(2, 12))),
    ("三合一场所", 50, ["{s}记批发部", "{v}{s}家加工店"], dict(area=(50, 300), staff=(2, 10))),
    ("小旅馆", 30, ["{v}{s}家旅馆", "{v}客栈"], dict(beds=(8, 48), floors=(2, 4))),
    ("小美容洗浴场所", 30, ["{s}记美容院", "{v}洗浴中心"], dict(area=(40, 190))),
    ("小生产加工企业", 30, ["{v}{s}记加工厂", "{v}建材厂"], dict(staff=(5, 45), area=(200, 2000))),
    ("小医院", 30, ["{v}卫生室", "{s}氏诊所"], dict(beds=(0, 20))),
    ("小学校或幼儿园", 20, ["{v}小学", "{v}幼儿园"], dict(pupils=(40, 480))),
    ("小歌舞娱乐场所", 15, ["{v}KTV", "{s}记歌舞厅"], dict(area=(80, 195), floors=(1, 3))),
    ("小网吧", 10, ["{v}网吧"], dict(area=(60, 190), floors=(1, 2))),
    ("居民住宅楼", 60, ["{v}{n}号住宅楼"], dict(floors=(3, 18))),
    ("院落", 30, ["{v}{s}家大院"], dict()),
    ("一般单位", 55, ["{v}农资站", "{v}邮政所", "{v}供销社"], dict(staff=(3, 30), area=(100, 800))),
    ("消防安全重点单位", 20, ["{v}中学", "{t}商贸中心", "{t}敬老院", "{t}加油站"], dict(staff=(20, 200), area=(1000, 20000), floors=(2, 6))),
]
HEADER = ["序号", "单位名称", "类别", "地址", "乡镇", "村", "组", "统一社会信用代码", "消防安全责任人",
          "责任人电话", "消防安全管理人", "管理人电话", "建筑面积（㎡）", "层数", "床位", "座位", "从业人员",
          "学生人数", "标签", "登记日期", "备注"]


def groups(repo, firegrid):
    out = subprocess.run([firegrid, "-C", repo, "grid", "list", "--format", "csv"], check=True,
                         capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    names = {r["path"]: r["name"] for r in rows}
    by_village = {}
    for r in rows:
        if r["level"] == "group":
            village = r["path"].rsplit("/", 1)[0]
            by_village.setdefault(village, []).append(r)
    return names, by_village


def licence(rng):
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return "91130132" + "".join(rng.pick(chars) for _ in range(10))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("repo")
    ap.add_argument("out")
    ap.add_argument("--per-village", type=int, default=12)
    ap.add_argument("--seed", type=int, default=130132)
    ap.add_argument("--gb18030", action="store_true")
    ap.add_argument("--firegrid", default=os.environ.get("FIREGRID", "firegrid"))
    a = ap.parse_args()

    rng = Rng(a.seed)
    names, by_village = groups(a.repo, a.firegrid)
    total = sum(k[1] for k in KINDS)
    lines = [HEADER]
    n = 0
    for village in sorted(by_village):
        township = village.split("/")[0]
        tname, vname = names[township], names[village]
        count = max(1, a.per_village + rng.range(-a.per_village // 3, a.per_village // 3))
        for i in range(count):
            n += 1
            roll, kind = rng.range(1, total), None
            for k in KINDS:
                roll -= k[1]
                if roll <= 0:
                    kind = k
                    break
            category, _, patterns, figures = kind
            s = rng.pick(SURNAMES)
            name = rng.pick(patterns).format(s=s, v=vname, t=tname, n=i + 1)
            group = rng.pick(by_village[village])
            address = f"{tname}{vname}{rng.pick(STREETS)}{i + 1}号"
            person = s + rng.pick(GIVEN)
            phone = f"138{rng.range(0, 99999999):08d}"
            row = {h: "" for h in HEADER}
            row.update({"序号": str(n), "单位名称": name, "类别": category, "地址": address, "乡镇": tname,
                        "村": vname, "组": group["name"], "消防安全责任人": person, "责任人电话": phone})
            if category in ("消防安全重点单位", "一般单位", "小生产加工企业", "小旅馆") or rng.range(0, 3) == 0:
                row["统一社会信用代码"] = licence(rng)
            if category in ("消防安全重点单位", "一般单位", "小学校或幼儿园"):
                row["消防安全管理人"] = rng.pick(SURNAMES) + rng.pick(GIVEN)
                row["管理人电话"] = f"0311-8{rng.range(0, 999999):06d}"
            for key, column in (("area", "建筑面积（㎡）"), ("floors", "层数"), ("beds", "床位"),
                                ("seats", "座位"), ("staff", "从业人员"), ("pupils", "学生人数")):
                if key in figures:
                    row[column] = str(rng.range(*figures[key]))
            row["登记日期"] = f"2026-{rng.range(6, 8):02}-{rng.range(1, 28):02}"
            if rng.range(0, 9) == 0:
                row["标签"] = rng.pick(["老旧建筑", "人员密集", "电动车集中充电", "液化气"])
            if rng.range(0, 14) == 0:
                row["备注"] = rng.pick(["已签订消防安全责任书", "春节前重点检查", "需加强夜间巡查，\n注意电动车停放"])
            lines.append([row[h] for h in HEADER])

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(lines)
    data = buf.getvalue().encode("gb18030" if a.gb18030 else "utf-8")
    with open(a.out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
