#!/usr/bin/env python3
"""The summary of a bench/scale.sh run, as Markdown tables, from its results TSV.

    bench/summary.py CACHE/results-<time>.tsv
"""
import sys

NAMES = {"check": "`check`", "weekly": "`report weekly --format json`", "hazards": "`hazard list`",
         "due": "`inspect due`", "assess": "`report assess`"}


def main():
    rows, files = {}, {}
    order = []
    for line in open(sys.argv[1], encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[1] == "files":
            files[f[0]] = (int(f[2]), int(f[3]))
            continue
        label, what = f[0], f[1]
        scale = label.split()[0]
        if scale not in order:
            order.append(scale)
        num = [float(x) if x else None for x in f[2:11]]
        rows[(label, what)] = dict(cpu=num[0], wall=num[3], peak=num[6], cpu_range=(num[1], num[2]),
                                   runs=f[11], codes=f[12] if len(f) > 12 else "")

    def get(label, what="-"):
        return rows.get((label, what))

    def s(x, digits=2):
        return "—" if x is None else f"{x:.{digits}f}"

    for scale in order:
        n, mb = files.get(scale, (0, 0))
        print(f"### {scale[1:]}× the median county ({n:,} YAML files, {mb} MB)\n")
        print("| command | cold CPU s | cold wall s | cold peak MiB | warm CPU s | warm wall s | warm peak MiB |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for c, name in NAMES.items():
            cold, warm = get(f"{scale} cold {c}"), get(f"{scale} warm {c}")
            if not cold and not warm:
                continue
            cold = cold or {}
            warm = warm or {}
            print(f"| {name} | {s(cold.get('cpu'))} | {s(cold.get('wall'))} | {s(cold.get('peak'), 0)} | "
                  f"{s(warm.get('cpu'))} | {s(warm.get('wall'))} | {s(warm.get('peak'), 0)} |")
        ch = get(f"{scale} changed check")
        if ch:
            print(f"| `check`, one record changed | | | | {s(ch['cpu'])} | {s(ch['wall'])} | {s(ch['peak'], 0)} |")
        print()
        pairs = [(lbl, w) for (lbl, w) in rows if lbl.startswith(f"{scale} pair ") and w == "A"]
        if pairs:
            print("| side by side, run by run | A CPU s | B CPU s | A wall s | B wall s | A ÷ B CPU (median of pairs) |")
            print("| --- | ---: | ---: | ---: | ---: | ---: |")
            for lbl, _ in pairs:
                a, b, r = get(lbl, "A"), get(lbl, "B"), get(lbl, "A/B")
                print(f"| {lbl[len(scale) + 6:]} | {s(a['cpu'])} | {s(b['cpu'])} | {s(a['wall'])} | {s(b['wall'])} | "
                      f"{s(r['cpu'])}× |")
            print()

    print("### The ratios issue 14 sets targets for (CPU, median of the run-by-run ratios)\n")
    print("| scale | PyYAML ÷ firegrid, cold (target ≥ 25) | firegrid ÷ floor, cold (target ≤ 4) | "
          "firegrid warm ÷ `git status` (target ≤ 2) | one record changed ÷ `git status` (target ≤ 2) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for scale in order:
        py = get(f"{scale} pair cold check+weekly vs pyyaml", "A/B")
        fl = get(f"{scale} pair cold check+weekly vs floor", "A/B")
        gw = get(f"{scale} pair warm check vs git status", "A/B")
        gc = get(f"{scale} pair changed check vs git status", "A/B")
        inv = (1 / py["cpu"]) if py and py["cpu"] else None
        print(f"| {scale[1:]}× | {s(inv)} | {s(fl and fl['cpu'], 1)} | {s(gw and gw['cpu'], 1)} | {s(gc and gc['cpu'], 1)} |")
    print()
    print("### Growth with the county's size (cold)\n")
    print("| scale | YAML files | `check` CPU s | `check` peak MiB | CPU s per 100k files | MiB per 100k files | "
          "`check` + `report weekly` CPU s | PyYAML reference CPU s | floor CPU s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for scale in order:
        n = files.get(scale, (0, 0))[0]
        c = get(f"{scale} cold check")
        py = get(f"{scale} pair cold check+weekly vs pyyaml", "A")
        pyb = get(f"{scale} pair cold check+weekly vs pyyaml", "B")
        fl = get(f"{scale} pair cold check+weekly vs floor", "B")
        per = lambda x: (x * 100000 / n) if (x is not None and n) else None  # noqa: E731
        print(f"| {scale[1:]}× | {n:,} | {s(c and c['cpu'])} | {s(c and c['peak'], 0)} | {s(per(c and c['cpu']))} | "
              f"{s(per(c and c['peak']), 0)} | {s(py and py['cpu'])} | {s(pyb and pyb['cpu'])} | {s(fl and fl['cpu'])} |")


if __name__ == "__main__":
    main()
