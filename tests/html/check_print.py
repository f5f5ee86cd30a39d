#!/usr/bin/env python3
"""Prints each of firegrid's printable pages (issue 18) to PDF with headless Chromium at A4
and checks what came out: the number of pages (one or two per copy or per inspector, as
each page's layout promises) and that the Chinese text is in the PDF (pdftotext, from
poppler-utils), so a page that lost its font or its content fails.

The pages are made from the example county, read in place without writing its cache:
  the rectification notice of a unit's hazard (two copies: 2 pages),
  the re-check opinion of a closed hazard (two copies: 2 pages),
  a unit's filled-in checklist and a blank one (1 or 2 pages each),
  the week's plan of one inspector (1 page) and of a village's (one page per inspector,
  counted from the same plan as CSV).
It also checks that printing changed no file of the repo.

Exit codes: 0 all good, 1 a page is wrong, 2 the check could not run, 77 Chromium or
pdftotext is not installed (CTest's SKIP_RETURN_CODE).

  check_print.py --bin build/firegrid --repo examples/yuanshi
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def find_chromium():
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def tree_digest(root):
    h = hashlib.sha256()
    for folder, dirs, files in sorted(os.walk(root)):
        dirs[:] = sorted(d for d in dirs if d not in (".git", ".firegrid"))
        for f in sorted(files):
            path = os.path.join(folder, f)
            h.update(os.path.relpath(path, root).encode())
            with open(path, "rb") as fh:
                h.update(fh.read())
    return h.hexdigest()


def pdf_pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise RuntimeError(f"pdfinfo gave no page count for {pdf}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--repo", required=True)
    args = ap.parse_args()
    chromium = find_chromium()
    if not chromium or not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        print("check_print: skipped: needs chromium and poppler-utils (pdftotext, pdfinfo)")
        return SKIP
    env = dict(os.environ, FIREGRID_NO_CACHE="1", FIREGRID_TODAY="2026-11-28", LC_ALL="C.UTF-8", TZ="UTC")
    repo = os.path.abspath(args.repo)
    before = tree_digest(repo)
    # (name, firegrid arguments, pages allowed, texts that must be in the PDF)
    pages = [
        ("notice", ["hazard", "notice", "h-20261107-q1df3h", "--print"], {2},
         ["限期整改通知书", "东北街村供销社", "元消限字〔2026〕第0325号", "被检查单位留存", "存档", "中华人民共和国消防法", "2026年12月10日"]),
        ("recheck", ["hazard", "verify", "h-20261009-q6md1j", "--print"], {2},
         ["复查意见书", "已整改", "被检查单位留存", "存档"]),
        ("checklist-unit", ["inspect", "checklist", "--unit", "u-xfqhknaa60", "--format", "html"], {1, 2},
         ["消防安全检查记录表", "东北街村供销社", "南佐镇东北街村北街14号", "王明", "上次检查", "不适用"]),
        ("checklist-blank", ["inspect", "checklist", "--category", "small-restaurant", "--format", "html"], {1, 2},
         ["消防安全检查记录表", "小餐饮", "厨房排油烟管道定期清洗"]),
        ("plan-one", ["inspect", "plan", "--week", "2026-W49", "--grid", "103", "--by", "梁丽娟", "--format", "html"], {1},
         ["消防安全检查周计划", "梁丽娟", "监督抽查", "从未检查"]),
        ("plan-village", ["inspect", "plan", "--week", "2026-W49", "--grid", "103/210", "--format", "html"], None,
         ["消防安全检查周计划", "叩村", "例行检查"]),
    ]
    failures = []
    with tempfile.TemporaryDirectory(prefix="firegrid-print-") as work:
        for name, argv, allowed, texts in pages:
            html = os.path.join(work, name + ".html")
            pdf = os.path.join(work, name + ".pdf")
            r = subprocess.run([args.bin, "-C", repo, *argv, "-o", html], env=env, capture_output=True, text=True)
            if r.returncode != 0:
                failures.append(f"{name}: firegrid {' '.join(argv)} exited {r.returncode}: {r.stderr.strip()}")
                continue
            c = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                "--user-data-dir=" + os.path.join(work, "profile"), "--print-to-pdf=" + pdf,
                                "file://" + html], capture_output=True, text=True, timeout=120)
            if not os.path.exists(pdf):
                failures.append(f"{name}: Chromium wrote no PDF (exit {c.returncode})")
                continue
            n = pdf_pages(pdf)
            if allowed is None:  # one page per assignee of the same plan
                csv = subprocess.run([args.bin, "-C", repo, *argv[:-2], "--format", "csv"], env=env,
                                     capture_output=True, text=True, check=True).stdout.splitlines()[1:]
                allowed = {len({tuple(line.split(",")[:2]) for line in csv})}
            if n not in allowed:
                failures.append(f"{name}: {n} pages, expected {' or '.join(map(str, sorted(allowed)))}")
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, check=True).stdout
            text = "".join(text.decode("utf-8", "replace").split())
            for t in texts:
                if "".join(t.split()) not in text:
                    failures.append(f"{name}: the PDF does not hold {t!r}")
            print(f"{name}: {n} page{'s' if n != 1 else ''}")
    if tree_digest(repo) != before:
        failures.append("printing changed the repo")
    for f in failures:
        print("check_print: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
