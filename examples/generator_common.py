"""What the example generators share: a small deterministic random source and the names
people are given. Imported by make_units_csv.py and make_inspections_csv.py."""

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["建国", "志强", "秀英", "丽娟", "伟", "芳", "军", "敏", "静", "磊", "洋", "勇", "艳", "杰",
         "娜", "涛", "明", "超", "霞", "平", "刚", "桂英", "建华", "文", "辉", "玉兰", "海燕", "红梅"]


class Rng:
    """A small LCG, so the output never depends on the Python version."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next(self):
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return self.state

    def range(self, lo, hi):
        return lo + self.next() % (hi - lo + 1)

    def pick(self, seq):
        return seq[self.next() % len(seq)]

    def chance(self, per_cent):
        return self.next() % 100 < per_cent
