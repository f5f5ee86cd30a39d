#!/usr/bin/env python3
"""Every command a message or hint names exists (issue 16: hints must name the right verbs
and flags). Scans the C++ sources for `firegrid VERB [SUBVERB] [--flag ...]` in backticks,
and checks each against the program's own --help: the verb, the subverb when the verb has
subcommands, and every --flag named.
"""
import argparse
import glob
import re
import os
import subprocess
import sys


def help_of(bin_, words):
    p = subprocess.run([bin_] + words + ["--help"], capture_output=True, text=True,
                       env=dict(os.environ, FIREGRID_LANG="en"))  # the English help (docs/i18n.md)
    return p.stdout


def subcommands(text):
    out, on = set(), False
    for line in text.splitlines():
        if line.startswith("Subcommands:"):
            on = True
            continue
        if on:
            m = re.match(r"^  ([a-z][a-z-]*)\s", line)
            if m:
                out.add(m.group(1))
            elif line.strip() and not line.startswith(" "):
                on = False
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--src", required=True)
    a = ap.parse_args()
    top = subcommands(help_of(a.bin, []))
    failures, checked = [], 0
    for path in sorted(glob.glob(f"{a.src}/lib/**/*.cpp", recursive=True) + glob.glob(f"{a.src}/cli/*.cpp")):
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r"`firegrid ([^`]*)`", text):
            words = m.group(1).split()
            if not words or words[0] not in top and not re.match(r"^[a-z][a-z-]*$", words[0]):
                continue
            where = f"{path.replace(a.src + '/', '')}: `firegrid {m.group(1)}`"
            checked += 1
            if words[0] not in top:
                failures.append(f"{where}: no command {words[0]}")
                continue
            cmd = [words[0]]
            subs = subcommands(help_of(a.bin, cmd))
            if subs and len(words) > 1 and not words[1].startswith("-"):
                if words[1] in subs:
                    cmd.append(words[1])
                    deeper = subcommands(help_of(a.bin, cmd))
                    if deeper and len(words) > 2 and not words[2].startswith("-") and words[2] in deeper:
                        cmd.append(words[2])
                elif not words[1].isupper() and words[1] not in ("...", "…"):
                    failures.append(f"{where}: `firegrid {words[0]}` has no subcommand {words[1]}")
                    continue
            helptext = help_of(a.bin, cmd)
            for flag in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", m.group(1)):
                if not re.search(re.escape(flag) + r"\b", helptext):
                    failures.append(f"{where}: `firegrid {' '.join(cmd)}` has no {flag}")
    for f in failures:
        print("FAIL " + f)
    print(f"{checked} commands named in messages and hints, {len(failures)} that do not exist")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
