#!/usr/bin/env python3
"""Docs that cannot drift (issue 16): every example is run, not only parsed.

- Each example under a command's --help runs on a fresh copy of the example county
  (examples/yuanshi, committed to a throwaway git repo so history commands work).
- Each code block of README.md and docs/commands/*.md that holds `firegrid` lines is a
  scenario: its lines run in order on a fresh copy, so a later line sees what an earlier
  one wrote. A block that starts with `firegrid init` starts in an empty folder instead;
  `cd DIR` lines move within the scenario; a heredoc (`<<'END'` ... `END`) is the
  command's stdin. ```text blocks are transcripts of mistakes and are not run; lines with
  placeholders (<...>, [...], A|B, ...) are synopses and are not run.
- The files the examples name (单位台账.csv, week.csv, ...) are the fixtures in
  tests/cli/doc-fixtures/, copied beside the repo; `path/to/china-division` is the
  division data of the example county; `~` is a scratch home.
- A line passes when it exits 0, or 1 for a command that reports findings (check, import
  --dry-run); anything else fails with the line's place and firegrid's message.
"""
import argparse
import fcntl
import os
import pty
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import termios

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import help_examples as he  # noqa: E402

ENV = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "gc.auto", "GIT_CONFIG_VALUE_0": "0",  # no background gc
       "FIREGRID_TODAY": "2026-11-28", "FIREGRID_CLONE": "", "FIREGRID_LANG": "en", "TZ": "Asia/Shanghai",
       "GIT_AUTHOR_NAME": "docs", "GIT_AUTHOR_EMAIL": "docs@example.org", "GIT_COMMITTER_NAME": "docs",
       "GIT_COMMITTER_EMAIL": "docs@example.org", "GIT_AUTHOR_DATE": "2026-11-28T08:00:00+08:00",
       "GIT_COMMITTER_DATE": "2026-11-28T08:00:00+08:00"}


# Commands that never write: after them the repo needs no cleaning (a quicker run).
READS = {"check", "report", "export", "history", "help"}
READS_OF = [[k, v] for k in ("grid", "unit", "inspect", "hazard", "meeting", "training", "tip")
            for v in ("list", "show", "due", "tree", "checklist")]


def git(cwd, *args):
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=cwd, check=True,
                   capture_output=True, env=dict(os.environ, **ENV))


PLACEHOLDER = re.compile(r"^(?:[A-Z][A-Z0-9_]*|[A-Z]+\.\w+)$")  # T, FILE, UNIT, GROUP, FILE.csv


def is_synopsis(text, words):
    """A line that shows a command's form rather than a command: placeholders in capitals,
    <...>, [...], A|B alternatives, or an ellipsis."""
    line = re.sub(r"\s#\s.*", "", text)  # without its comment
    if re.search(r"\S\|\S", line) or re.search(r"(^|\s)[\[<(]", line):
        return True
    return any(PLACEHOLDER.match(w) or w.endswith(("]", ")", "...")) or "…" in w for w in words)


def blocks(src):
    """(file, line, steps) for each code block that holds firegrid lines; a step is
    (line, text, stdin, shown) where shown is the output a transcript prints under it."""
    files = [src / "README.md"] + sorted((src / "docs" / "commands").glob("*.md")) + GUIDES(src)
    for f in files:
        if f in GUIDES(src):  # a walk-through: its blocks are one scenario, in order
            whole = [step for _, _, steps in blocks_of(src, f) for step in steps]
            if whole:
                yield f.relative_to(src), whole[0][0], whole
        else:
            yield from blocks_of(src, f)


def GUIDES(src):  # noqa: N802 (a constant of the source tree)
    return [src / "docs" / "guide.md", src / "docs" / "guide.en.md"]


def blocks_of(src, f):
    if True:
        lines = f.read_text(encoding="utf-8").splitlines()
        i, inside, kind, start, steps = 0, False, "", 0, []
        transcript = shown_under = False
        while i < len(lines):
            raw = lines[i].strip()
            if raw.startswith("```"):
                if inside:
                    if steps and kind != "text":
                        yield f.relative_to(src), start, steps
                    inside, steps = False, []
                else:
                    inside, kind, start = True, raw[3:].strip(), i + 1
                    body = []
                    j = i + 1
                    while j < len(lines) and not lines[j].strip().startswith("```"):
                        body.append(lines[j].strip())
                        j += 1
                    transcript = kind == "console" or any(b.startswith("$ ") for b in body)
                i += 1
                continue
            if not inside or kind in ("text", "yaml", "json", "mermaid", "csv"):
                i += 1
                continue
            text = raw
            if transcript and not text.startswith("$ "):
                if steps and text and shown_under:
                    steps[-1][3].append(text)  # output shown under the last command
                i += 1
                continue
            if text.startswith("$ "):
                text = text[2:]
            lineno = i + 1
            while text.endswith("\\") and i + 1 < len(lines):
                i += 1
                text = text[:-1] + " " + lines[i].strip()
            stdin = None
            here = re.search(r"<<-?\s*'?(\w+)'?", text)
            if here:
                end, body = here.group(1), []
                text = text[:here.start()].rstrip()
                while i + 1 < len(lines) and lines[i + 1].strip() != end:
                    i += 1
                    body.append(lines[i])
                i += 1
                stdin = "\n".join(body) + "\n"
            shown_under = text.startswith("firegrid ")
            if text.startswith("firegrid ") or text.startswith("cd "):
                steps.append((lineno, text, stdin, []))
            i += 1


# Files the examples name that are data the user already has: the example county's own
# inputs (GB18030, as Excel saved them) and the division data.
LINKS = {"元氏县单位台账.csv": "examples/data/yuanshi-units.csv",
         "units.csv": "examples/data/yuanshi-units.csv"}
DIVISION = "examples/data/division-130132"

# What a command's --help examples need first, beyond the example county as committed.
SETUP = {
    "grid remove": ["firegrid grid add 100/038 --name 新村", "firegrid grid add 100/038/g01 --name 一组"],
    "unit reopen": ["firegrid unit close u-45e7cqe6cp --date 2026-11-20 --reason 停业",
                    "firegrid unit close u-xd6ksqqkjn --date 2026-11-20 --reason 停业"],
    "inspect edit": ["firegrid inspect edit i-20261006-ssrrh4 --item extinguishers=fail:压力不足"],
    "hazard verify": ["firegrid inspect add --unit u-xfqhknaa60 --kind police-spot-check --date 2026-11-28 "
                      "--inspector 王建国/东北街村村委会 --item extinguishers=pass"],
    "hazard open": ["firegrid inspect edit i-20261006-ssrrh4 --item e-bikes=fail:楼道充电"],
    "hazard tip reward": ["firegrid hazard tip verify t-20261126-ghjngb --founded --hazard h-20261127-t6g3fv",
                          "firegrid hazard tip verify t-20261116-zeea33 --founded --hazard h-20261106-x0p9ab"],
    "hazard tip pay": ["firegrid hazard tip verify t-20261126-ghjngb --founded --hazard h-20261127-t6g3fv",
                       "firegrid hazard tip reward t-20261126-ghjngb --amount 200 --by 县消防救援大队"],
}
REPORTER = "name: 李四\nphone: 13800000000\n"  # what a clerk types for --reporter-stdin
TERMINAL = (["hazard", "reveal"],)  # commands that show their answer on a terminal only


def expected_error(shown):
    """The first `error:` message a transcript shows under a command, if any."""
    for line in shown:
        m = re.search(r"\berror: (.*)", line)
        if m:
            return m.group(1).strip()
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--only", help="run only the blocks of files whose path contains this")
    ap.add_argument("-v", action="store_true", help="print every line run")
    a = ap.parse_args()
    binary, src = os.path.abspath(a.bin), pathlib.Path(a.src).resolve()
    failures, runs = [], 0

    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        tmp = pathlib.Path(tmp)
        desk, new = tmp / "desk", tmp / "new"
        repo = desk / "yuanshi"
        shutil.copytree(src / "examples" / "yuanshi", repo, symlinks=True)
        git(repo, "init", "-q")
        # Two commits, so `--since HEAD~1` has a day before: the county without one village's
        # hazards, then with them.
        git(repo, "add", "-A", "--", ".", ":!grid/100/001/hazards")
        git(repo, "commit", "-q", "-m", "the example county")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "槐阳社区's hazards")
        # The tags the docs' `--at` examples name, as an office that tags each submitted week has them.
        for tag in ("pristine", "v2026-W40", "2026-w48-submitted"):
            git(repo, "tag", tag)
        home = tmp / "home"
        env = dict(os.environ, **ENV, HOME=str(home), PATH=os.path.dirname(binary) + os.pathsep + os.environ["PATH"])
        subprocess.run([binary, "-C", str(repo), "check"], env=env, capture_output=True)  # the record cache, once

        # Two counties' weekly rollups for `report merge`: the example county's and a small
        # neighbour's (赵县), made now so they always have the current JSON form.
        made = tmp / "made"
        made.mkdir()
        neighbour = made / "zx"
        for argv in (["init", str(neighbour), "--county-code", "130133", "--name", "赵县", "--no-git"],
                     ["-C", str(neighbour), "grid", "add", "100", "--name", "赵州镇"],
                     ["-C", str(neighbour), "grid", "add", "100/201", "--name", "石塔村"],
                     ["-C", str(neighbour), "report", "weekly", "--format", "json", "-o", str(made / "b.json")],
                     ["-C", str(repo), "report", "weekly", "--format", "json", "-o", str(made / "a.json")]):
            subprocess.run([binary] + argv, env=env, capture_output=True, check=True)

        dirty = [False]  # has a scenario written since the repo was last made clean?

        def fresh(empty):
            """A scenario's starting folder: the desk beside the example repo as committed (what
            the last scenario changed is undone by git), or an empty desk for a new county."""
            if dirty[0]:
                git(repo, "reset", "-q", "--hard", "pristine")
                git(repo, "clean", "-fdq", "-e", ".firegrid/cache")
                dirty[0] = False
            for hook in (repo / ".git" / "hooks").glob("pre-commit"):
                hook.unlink()
            for d in (home, new):
                if d.exists():
                    shutil.rmtree(d)
                d.mkdir()
            here = new if empty else desk
            for f in list(here.iterdir()):
                if f.name != "yuanshi":
                    (shutil.rmtree if f.is_dir() and not f.is_symlink() else os.unlink)(f)
            for f in (src / "tests" / "cli" / "doc-fixtures").iterdir():
                if f.name != ".keep":
                    (shutil.copytree if f.is_dir() else shutil.copy)(f, here / f.name)
            for name, target in LINKS.items():
                shutil.copy(src / target, here / name)
            (here / "counties").mkdir()
            for name in ("a.json", "b.json"):
                shutil.copy(made / name, here / name)
                shutil.copy(made / name, here / "counties" / name)
            (home / "keys").mkdir(mode=0o700)
            for key in (src / "examples" / "keys").glob("*.key"):
                shutil.copy(key, home / "keys" / key.name)
                (home / "keys" / key.name).chmod(0o600)
            return here

        def word(w, here, cwd, output):
            if w.startswith("~/"):
                return str(home) + w[1:]
            if w.startswith("/media/usb/"):
                return str(home / "keys" / pathlib.Path(w).name)  # the office's USB stick
            if "china-division" in w:
                return str(src / DIVISION)
            if "*" in w:
                return None  # expanded by the caller
            if not output and "/" not in w and not (cwd / w).exists() and (here / w).exists():
                return str(here / w)  # a fixture: the file the user has beside the repo
            return w

        def on_terminal(argv, cwd):
            """Run a command whose answer is for a terminal only on a pseudo-terminal; what it
            shows is read and dropped (a reporter is never kept)."""
            leader, follower = pty.openpty()
            def controlling_terminal():  # the pty is the child's /dev/tty
                os.setsid()
                fcntl.ioctl(0, termios.TIOCSCTTY, 0)
            p = subprocess.Popen(argv, cwd=cwd, env=env, stdin=follower, stdout=follower, stderr=follower,
                                 preexec_fn=controlling_terminal)
            os.close(follower)
            shown = b""
            while True:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                shown += chunk
            os.close(leader)
            p.wait(timeout=60)
            # Kept only to explain a failure; a reporter (the example's made-up one) is dropped.
            return subprocess.CompletedProcess(argv, p.returncode, "", shown.decode() if p.returncode else "")

        def run_scenario(where, steps):
            nonlocal runs
            first = next((step for step in steps if step[1].startswith("firegrid ")), (0, "", None, []))
            # A new county starts in an empty folder, unless the doc shows init refused there.
            empty = re.match(r"firegrid (-q )?init ", first[1]) and expected_error(first[3]) is None
            here = fresh(empty)
            cwd = here if empty else repo
            for lineno, text, stdin, shown in steps:
                if text.startswith("cd "):
                    target = text[3:].split("#")[0].split()[0]
                    target = {"examples/yuanshi": "yuanshi"}.get(target, target)
                    cwd = (cwd / target).resolve() if (cwd / target).is_dir() else here / pathlib.Path(target).name
                    continue
                words = he.command_of(text)
                if not words or is_synopsis(text, words):
                    continue
                if not cwd.is_dir():
                    failures.append(f"{where}:{lineno}: no folder {cwd.name} to run in: {text}")
                    break
                args = []
                for k, w in enumerate(words[1:]):
                    m = word(w, here, cwd, words[k] in ("-o", "--out", "--out-dir"))
                    if m is None:
                        m = sorted(str(p) for p in cwd.glob(w)) or sorted(str(p) for p in here.glob(w)) or w
                    args += m if isinstance(m, list) else [m]
                runs += 1
                reads = words[1] in READS or words[1:3] in READS_OF or words[1:4] in [["hazard"] + r for r in READS_OF]
                if not reads or any(w in ("--save", "--attest", "--commit") for w in words):
                    dirty[0] = True
                if a.v:
                    print(f"{where}:{lineno}: {text}", flush=True)
                if words[1] == "init" or words[1:3] == ["-q", "init"]:
                    target = next(w for w in words[2:] if not w.startswith("-") and w != "init")
                    (cwd / target).parent.mkdir(parents=True, exist_ok=True)
                if stdin is None and "--reporter-stdin" in words:
                    stdin = REPORTER
                if words[1:3] in TERMINAL:
                    p = on_terminal([binary] + args, cwd)
                else:
                    p = subprocess.run([binary] + args, cwd=cwd, env=env, capture_output=True, text=True,
                                       input=stdin if stdin is not None else "", timeout=300)
                said = (p.stderr or p.stdout).strip()
                error = expected_error(shown)
                if error is not None:
                    ok = p.returncode in (1, 2) and error in p.stderr
                    why = f"the doc shows `error: {error}`; it gave exit {p.returncode}"
                else:
                    ok = p.returncode == 0 or (p.returncode == 1 and (words[1] == "check" or "--dry-run" in words))
                    why = f"exit {p.returncode}"
                if not ok:
                    if a.v:
                        print("  FAIL", why, said.splitlines()[:2], flush=True)
                    failures.append(f"{where}:{lineno}: {why}: {text}\n    " + "\n    ".join(said.splitlines()[:4]))

        bash_dir = tmp / "comp"
        bash_dir.mkdir()
        if not a.only:
            subprocess.run([binary, "__generate", "bash", str(bash_dir)], check=True)
            for path in he.commands((bash_dir / "firegrid").read_text(encoding="utf-8")):
                if path and path != "help" and he.is_leaf(binary, path):
                    setup = [(0, line, None, []) for line in SETUP.get(path, [])]
                    examples = [(0, line, None, []) for line in he.help_examples(binary, path)]
                    run_scenario(f"`firegrid {path} --help`", setup + examples)
        for f, lineno, steps in blocks(src):
            if not a.only or a.only in str(f):
                run_scenario(f"{f}:{lineno}", steps)

    for f in failures:
        print("FAIL:", f)
    print(f"{runs} example lines run; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
