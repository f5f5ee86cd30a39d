#!/usr/bin/env python3
"""No English prose inside Chinese output (issue 16; docs/i18n.md, "What is translated").

Runs the main views of the example county (examples/yuanshi) in Chinese and fails when a
line that holds Chinese also holds an English word of three letters or more that is not
one a user types back: ids (u-…, h-…), paths, options (--grid), codes in full-width
parentheses after their Chinese (小商店（small-shop）), text in backticks, and the few
tokens of ALLOWED. Prints each offending line with the command that printed it.

  zh_prose.py --bin build/firegrid --repo examples/yuanshi
"""
import argparse
import os
import pathlib
import re
import subprocess
import sys

# The views a clerk reads every day: lists, shows, what is due, the weekly report.
VIEWS = [
    "inspect due", "inspect due --grid 槐阳镇", "meeting due", "unit show u-45e7cqe6cp",
    "unit list --grid 槐阳镇 --category small-shop", "hazard show h-20261110-pfkebd", "hazard list --grid 槐阳镇",
    "inspect show i-20261006-ssrrh4", "inspect list --grid 槐阳镇 --from 2026-11-20", "hazard tip show t-20261126-ghjngb",
    "hazard tip list", "meeting show m-20260511-0sr9kv", "meeting list", "training show ev-20261117-8pgshe",
    "grid show 槐阳镇", "grid show 100/001", "grid list --level township", "inspect plan --week 2026-W49 --grid 槐阳镇",
    "report weekly", "report due --grid 槐阳镇", "inspect checklist --category small-shop", "hazard list --light red",
]

# Words that stay as they are in Chinese: the program's and standards' names, units of
# measure, and the codes a Chinese line names for typing back.
ALLOWED = {"firegrid", "yaml", "json", "csv", "xlsx", "html", "git", "excel", "key", "file"}

# What is not prose: ids, paths, options, dates and times, codes in (full-width)
# parentheses, text in backticks, a bare code after a Chinese label in a table.
NOT_PROSE = [
    re.compile(r"`[^`]*`"),
    re.compile(r"[（(][a-z0-9][a-z0-9/ ,._-]*[）)]"),
    re.compile(r"(?<![\w-])-{1,2}[a-z][\w-]*"),
    re.compile(r"\b[a-z]{1,3}-[0-9a-z][0-9a-z-]*"),
    re.compile(r"\S*[/\\]\S*"),
    re.compile(r"\S+\.(?:yaml|csv|xlsx|html|json|md|key)\b"),
]
# The checklist's item codes (`--item exits=pass`), which a Chinese table shows as codes.
SCHEMAS = pathlib.Path(__file__).resolve().parents[2] / "schemas"
ALLOWED |= set(re.findall(r"^\s*-?\s*code:\s*([a-z][a-z-]*)", (SCHEMAS / "checklists.yaml").read_text(encoding="utf-8"), re.M))
HAN = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z]{3,}(?![A-Za-z0-9_-])")


def english_words(line):
    """The English prose words of a line that holds Chinese, or []."""
    if not HAN.search(line):
        return []
    for pattern in NOT_PROSE:
        line = pattern.sub(" ", line)
    return [w for w in WORD.findall(line) if w.lower() not in ALLOWED]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--repo", required=True)
    a = ap.parse_args()
    env = dict(os.environ, FIREGRID_LANG="zh-CN", FIREGRID_TODAY="2026-11-28", FIREGRID_CLONE="", NO_COLOR="1")
    failures = 0
    for view in VIEWS:
        p = subprocess.run([a.bin, "-C", a.repo] + view.split(), env=env, capture_output=True, text=True)
        if p.returncode not in (0, 1):
            print(f"firegrid {view}: exit {p.returncode}\n{p.stderr}")
            failures += 1
            continue
        for line in (p.stdout + p.stderr).splitlines():
            words = english_words(line)
            if words:
                print(f"firegrid {view}: {', '.join(words)}\n    {line.strip()}")
                failures += 1
    print(f"{len(VIEWS)} views; {failures} lines with English prose")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
