#!/usr/bin/env python3
"""Help that teaches, and docs that cannot drift (issue 16).

- Every command has at least two examples under its --help, and each parses
  (FIREGRID_PARSE_ONLY=1: the line is parsed with the real definitions, nothing is run).
- Every `firegrid ...` line in README.md and docs/**/*.md code blocks parses the same way
  (not in ```text blocks, which are transcripts).
- The generated man pages and bash completion name every command and every option.
- A mistyped command or option gets "did you mean" with the nearest name.
"""
import argparse
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tempfile


def run(binary, args, env=None):
    e = dict(os.environ, FIREGRID_LANG="en")  # the checks read the English help (docs/i18n.md)
    e.update(env or {})
    return subprocess.run([binary] + args, capture_output=True, text=True, env=e)


def commands(bash):
    """Every command path, from the completion's table: '    "report weekly") words=...'."""
    return re.findall(r'^    "([^"]*)"\) words=', bash, re.M)


def is_leaf(binary, path):
    h = run(binary, path.split() + ["--help"]).stdout
    return "Subcommands:" not in h


def help_examples(binary, path):
    h = run(binary, path.split() + ["--help"]).stdout
    if "\nExamples:\n" not in h:
        return []
    block = h.split("\nExamples:\n", 1)[1]
    return [l.strip() for l in block.splitlines() if l.startswith("  firegrid")]


def parses(binary, line, cwd):
    words = shlex.split(line)
    assert words[0] == "firegrid", line
    p = subprocess.run([binary] + words[1:], capture_output=True, text=True, cwd=cwd,
                       env=dict(os.environ, FIREGRID_PARSE_ONLY="1", FIREGRID_LANG="en"))
    return p.returncode == 0, (p.stdout + p.stderr).strip()


FENCE = re.compile(r"^```")


def doc_lines(src):
    """`firegrid ...` command lines in the fenced code blocks of README.md and docs/."""
    files = [src / "README.md"] + sorted((src / "docs").rglob("*.md"))
    for f in files:
        inside = transcript = False
        lines = f.read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            if FENCE.match(line.strip()):
                inside = not inside
                # A ```text block is a transcript: it may show a mistake on purpose.
                transcript = inside and line.strip()[3:].strip() == "text"
            elif inside and not transcript:
                text = line.strip()
                if text.startswith("$ "):
                    text = text[2:]
                # A continued line (trailing backslash) is one command.
                while text.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    text = text[:-1] + " " + lines[i].strip()
                if text.startswith("firegrid ") or text == "firegrid":
                    yield f.relative_to(src), i + 1, text
            i += 1


def command_of(text):
    """The firegrid command of a shell line: up to a pipe, redirection, ; or &&, without comments."""
    try:
        lex = shlex.shlex(text, posix=True, punctuation_chars=True)
        lex.whitespace_split = True
        words = []
        for w in lex:
            if w in ("|", "||", "&&", ";", ">", ">>", "<", "2>", "&", "2>&1") or w.startswith("#"):
                break
            if re.fullmatch(r"\d?>.*", w):
                break
            words.append(w)
        return words
    except ValueError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--src", required=True)
    a = ap.parse_args()
    binary, src = os.path.abspath(a.bin), pathlib.Path(a.src)
    example = src / "examples" / "yuanshi"
    failures = []

    with tempfile.TemporaryDirectory() as tmp:
        man = pathlib.Path(tmp) / "man"
        comp = pathlib.Path(tmp) / "comp"
        man.mkdir()
        comp.mkdir()
        for what, d in (("man", man), ("bash", comp)):
            p = run(binary, ["__generate", what, str(d)])
            if p.returncode != 0:
                failures.append(f"__generate {what}: {p.stderr}")
        bash = (comp / "firegrid").read_text(encoding="utf-8")
        paths = commands(bash)
        if len(paths) < 60:
            failures.append(f"only {len(paths)} commands in the completion")

        n_examples = 0
        for path in paths:
            if path == "help":
                continue  # `firegrid help --help` is the program's help
            h = run(binary, path.split() + ["--help"]).stdout
            page = (man / (("firegrid-" + path.replace(" ", "-")) if path else "firegrid")).with_suffix(".1")
            page_text = page.read_text(encoding="utf-8").replace("\\-", "-")
            # Every option of the command, from its --help, is in its man page and the completion.
            for opt in sorted(set(re.findall(r"^\s+(?:-\w,)?(--[a-z][a-z0-9-]*)", h, re.M))):
                if opt == "--help":
                    continue
                if opt not in page_text:
                    failures.append(f"man page of `firegrid {path}` lacks {opt}")
                if f'"{path}") words="' in bash and opt not in bash.split(f'"{path}") words="', 1)[1].split('"', 1)[0]:
                    failures.append(f"bash completion of `firegrid {path}` lacks {opt}")
            if f'"{path}") words="' not in bash:
                failures.append(f"bash completion lacks `firegrid {path}`")
            if path and is_leaf(binary, path):
                ex = help_examples(binary, path)
                if len(ex) < 2:
                    failures.append(f"`firegrid {path} --help` shows {len(ex)} example(s), not two or three")
                for line in ex:
                    n_examples += 1
                    ok, why = parses(binary, line, example)
                    if not ok:
                        failures.append(f"example of `firegrid {path}` does not parse: {line}\n    {why}")

        # The completion, run as a shell runs it (zsh through bashcompinit, when zsh is here).
        bindir = os.path.dirname(binary)
        script = str(comp / "firegrid")
        cases = [("firegrid report w", "weekly"), ("firegrid hazard list --st", "--state"),
                 ("firegrid unit show u-45", "u-45e7cqe6cp"), ("firegrid unit list --grid 槐阳", "槐阳镇")]
        shells = [("bash", f"source {shlex.quote(script)}; t() {{ COMP_WORDS=($1); COMP_CWORD=$2; _firegrid; "
                           'echo "${COMPREPLY[@]}"; }')]
        if shutil.which("zsh"):
            (comp / "zsh").mkdir()
            run(binary, ["__generate", "zsh", str(comp / "zsh")])
            shells.append(("zsh", f"autoload -U compinit && compinit -u; source {shlex.quote(str(comp / 'zsh' / '_firegrid'))}; "
                                  "t() { emulate -L sh; setopt kshglob noshglob braceexpand; COMP_WORDS=($1); "
                                  'COMP_CWORD=$2; _firegrid; echo "${COMPREPLY[@]}"; }'))
        for shell, prelude in shells:
            for line, want in cases:
                words = line.split()
                p = subprocess.run([shell, "-c", f"{prelude}; t {shlex.quote(line)} {len(words) - 1}"],
                                   capture_output=True, text=True, cwd=example,
                                   env=dict(os.environ, FIREGRID_LANG="en", PATH=bindir + os.pathsep + os.environ.get("PATH", "")))
                if want not in p.stdout.split():
                    failures.append(f"{shell} completion of `{line}` gives {p.stdout.strip()!r} ({p.stderr.strip()}), "
                                    f"not {want}")

    n_docs = 0
    for f, lineno, text in doc_lines(src):
        if re.search(r"<[^<>]+>", text):
            continue  # a placeholder such as <repo folder>
        words = command_of(text)
        if not words or any(w.startswith(("<", "[", "(")) or w.endswith(("]", ")", "...")) or "…" in w
                            for w in words):
            continue  # a synopsis with placeholders, not a command
        n_docs += 1
        ok, why = parses(binary, shlex.join(words), example)
        if not ok:
            failures.append(f"{f}:{lineno}: does not parse: {text}\n    {why}")

    for args, expect in (
        (["repot", "weekly"], "did you mean `firegrid report`?"),
        (["report", "weekyl"], "did you mean `firegrid report weekly`?"),
        (["hazard", "list", "--stat", "open"], "did you mean --state?"),
        (["help", "unit", "ad"], "did you mean `firegrid help unit add`?"),
    ):
        p = run(binary, args)
        if p.returncode != 2 or expect not in p.stderr:
            failures.append(f"firegrid {' '.join(args)}: exit {p.returncode}, stderr {p.stderr!r}; expected {expect!r}")

    for f in failures:
        print("FAIL:", f)
    print(f"{len(paths)} commands, {n_examples} --help examples, {n_docs} doc lines checked; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
