#!/usr/bin/env python3
"""Golden end-to-end test runner for the firegrid CLI.

Each case is one ``*.test`` file (full description in tests/cli/README.md):

    # Comment lines at the top describe the case.
    fixture: small
    env: NAME=VALUE
    $ firegrid -C small grid add 100 --name 槐阳镇
    $ firegrid -C small check \\
    >   --strict
    --- stdout
    expected stdout lines...
    --- stderr
    expected stderr lines...
    --- exit 1
    --- file small/grid.yaml
    expected content of $WORK/small/grid.yaml after all steps...

* Every ``$ `` line is a step, run with ``/bin/bash -c`` in a fresh temporary
  directory $WORK under a clean, pinned environment; each step is a new shell.
* ``--- stdout`` / ``--- stderr`` / ``--- file PATH`` bodies are verbatim lines
  (blank lines count); a body line starting with ``$ `` or ``--- `` is written
  with one extra leading backslash.  A header ending in
  ``(no trailing newline)`` expects output whose last line has no newline.
* ``--- exit N`` is the expected exit code; without it a step must exit 0.
  Streams without a section are not checked.
* The $WORK path in outputs (and checked files) is replaced by ``$WORK``.

Usage:
    golden.py --bin BUILD/firegrid [--update] [--keep] CASE.test|DIR ...

``--update`` (or FIREGRID_UPDATE_GOLDEN=1) rewrites the case files in place
with the actual results.  Exit status: 0 if every case passed, 1 otherwise.
Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[2]
CLI_DIR = SOURCE_DIR / "tests" / "cli"
DEFAULT_FIXTURES = CLI_DIR / "fixtures"
TEST_DATA = CLI_DIR / "data"

DEFAULT_TIMEOUT = 60.0
NOEOL = "(no trailing newline)"
PINNED_DATE = "2026-11-28T10:00:00+08:00"

# The complete environment of a step, apart from PATH, HOME, FIREGRID_* paths
# (set in make_env) and the case's own `env:` lines.
PINNED_ENV = {
    "LANG": "C.UTF-8",
    # The interface language (docs/i18n.md): the cases were written in English; a case in
    # Chinese says `env: FIREGRID_LANG=zh-CN` (or passes --lang zh).
    "FIREGRID_LANG": "en",
    "LC_ALL": "C.UTF-8",
    "TZ": "UTC",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "FIREGRID_TODAY": "2026-11-28",
    # No clone token (docs/format.md, "Ids"): new ids depend on the record alone, as in
    # the expected output, even in a case's git repo.
    "FIREGRID_CLONE": "",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_AUTHOR_DATE": PINNED_DATE,
    "GIT_COMMITTER_DATE": PINNED_DATE,
    "GIT_CONFIG_NOSYSTEM": "1",
}

ENV_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Body lines that need (or carry) an escaping backslash: any number of
# backslashes followed by something that would otherwise start a step/section.
ESCAPED_RE = re.compile(r"\\+(\$ |--- )")
NEEDS_ESCAPE_RE = re.compile(r"\\*(\$ |--- )")


def decode(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")


def unescape(line: str) -> str:
    return line[1:] if ESCAPED_RE.match(line) else line


def escape(line: str) -> str:
    return "\\" + line if NEEDS_ESCAPE_RE.match(line) else line


def split_lines(text: str) -> list[str]:
    """Split on '\\n' only (str.splitlines also splits on \\r, \\f, ...)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# --------------------------------------------------------------------------
# Case model and parser
# --------------------------------------------------------------------------


class CaseError(Exception):
    """A malformed case file."""

    def __init__(self, path: Path, lineno: int, message: str):
        super().__init__(f"{path}:{lineno}: {message}")


@dataclasses.dataclass
class Section:
    """Expected text: verbatim (unescaped) lines, newline-terminated unless eol=False."""

    lines: list[str] = dataclasses.field(default_factory=list)
    eol: bool = True

    @classmethod
    def from_text(cls, text: str) -> Section:
        if text == "":
            return cls([], True)
        if text.endswith("\n"):
            return cls(text[:-1].split("\n"), True)
        return cls(text.split("\n"), False)

    def text(self) -> str:
        if not self.lines:
            return ""
        return "\n".join(self.lines) + ("\n" if self.eol else "")

    def render(self, header: str) -> list[str]:
        head = f"--- {header}" + ("" if self.eol else f" {NOEOL}")
        return [head] + [escape(line) for line in self.lines]


@dataclasses.dataclass
class Step:
    lineno: int
    command_lines: list[str]  # as written, with the "$ " / "> " (or bare ">") prefixes
    leading: list[str] = dataclasses.field(default_factory=list)  # blank/# lines before sections
    stdout: Section | None = None
    stderr: Section | None = None
    exit: int | None = None
    trailing: list[str] = dataclasses.field(default_factory=list)  # blank/# lines after sections

    @property
    def command(self) -> str:
        return "\n".join(line[2:] for line in self.command_lines)

    def has_sections(self) -> bool:
        return self.stdout is not None or self.stderr is not None or self.exit is not None


@dataclasses.dataclass
class FileCheck:
    lineno: int
    path: str
    section: Section


@dataclasses.dataclass
class Case:
    path: Path
    source: str = ""  # the file as read, to detect whether --update changed it
    header: list[str] = dataclasses.field(default_factory=list)
    fixtures: list[str] = dataclasses.field(default_factory=list)
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    steps: list[Step] = dataclasses.field(default_factory=list)
    files: list[FileCheck] = dataclasses.field(default_factory=list)

    def render(self) -> str:
        """Serialize back to the file format (the inverse of parse_case)."""
        out = list(self.header)
        for step in self.steps:
            out += step.command_lines + step.leading
            if step.stdout is not None:
                out += step.stdout.render("stdout")
            if step.stderr is not None:
                out += step.stderr.render("stderr")
            if step.exit is not None:
                out.append(f"--- exit {step.exit}")
            out += step.trailing
        for check in self.files:
            out += check.section.render(f"file {check.path}")
        return "\n".join(out) + "\n"


def is_loose(line: str) -> bool:
    """Blank and comment lines are allowed (and ignored) outside of bodies."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def parse_header_line(path: Path, lineno: int, line: str, case: Case) -> None:
    """Handle one line before the first step: comment, fixture: or env:."""
    if is_loose(line):
        return
    if line.startswith("fixture:"):
        # A trailing "# comment" is allowed; fixture names never contain '#'.
        name = re.sub(r"\s#.*", "", line[len("fixture:"):]).strip()
        if not name or "/" in name or name in (".", "..", "home"):
            raise CaseError(path, lineno, f"invalid fixture name {name!r}")
        if name in case.fixtures:
            raise CaseError(path, lineno, f"duplicate fixture {name!r}")
        case.fixtures.append(name)
    elif line.startswith("env:"):
        name, sep, value = line[len("env:"):].lstrip().partition("=")
        if not sep or not ENV_NAME_RE.match(name):
            raise CaseError(path, lineno, "expected 'env: NAME=VALUE'")
        case.env[name] = value
    else:
        raise CaseError(path, lineno, f"unexpected line before the first '$ ' step: {line!r}")


def parse_section_header(path: Path, lineno: int, line: str) -> tuple[str, str, bool]:
    """Split '--- KIND [ARG] [(no trailing newline)]' into (kind, arg, eol)."""
    rest = line[4:].strip()
    eol = True
    if rest.endswith(NOEOL):
        rest, eol = rest[: -len(NOEOL)].rstrip(), False
    kind, _, arg = rest.partition(" ")
    arg = arg.strip()
    if kind in ("stdout", "stderr"):
        if arg:
            raise CaseError(path, lineno, f"'--- {kind}' takes no argument")
    elif kind == "exit":
        if not arg.isdigit() or not eol:
            raise CaseError(path, lineno, "expected '--- exit N' with a decimal N")
    elif kind == "file":
        norm = os.path.normpath(arg) if arg else ""
        if not arg or os.path.isabs(arg) or norm == ".." or norm.startswith("../"):
            raise CaseError(path, lineno, "expected '--- file PATH' with PATH relative to $WORK")
    else:
        raise CaseError(path, lineno, f"unknown section {line!r} (a literal output line "
                        "starting with '--- ' must be written as '\\--- ...')")
    return kind, arg, eol


def parse_case(path: Path) -> Case:
    source = decode(path.read_bytes())
    case = Case(path=path, source=source)
    lines = split_lines(source)
    n = len(lines)

    i = 0
    while i < n and not lines[i].startswith("$ "):
        parse_header_line(path, i + 1, lines[i], case)
        case.header.append(lines[i])
        i += 1
    if i == n:
        raise CaseError(path, n, "no '$ ' step in case")

    step: Step | None = None
    body: Section | None = None  # the section currently collecting lines
    while i < n:
        line, lineno = lines[i], i + 1
        i += 1
        if line.startswith("$ "):
            if case.files:
                raise CaseError(path, lineno, "'--- file' sections must come after the last step")
            step = Step(lineno, [line])
            while i < n and (lines[i].startswith("> ") or lines[i] == ">"):
                step.command_lines.append(lines[i])
                i += 1
            case.steps.append(step)
            body = None
        elif line.startswith("--- "):
            assert step is not None
            kind, arg, eol = parse_section_header(path, lineno, line)
            if kind != "file" and case.files:
                raise CaseError(path, lineno, f"'--- {kind}' after a '--- file' section")
            if kind in ("stdout", "stderr"):
                if getattr(step, kind) is not None:
                    raise CaseError(path, lineno, f"duplicate '--- {kind}' for this step")
                body = Section([], eol)
                setattr(step, kind, body)
            elif kind == "exit":
                if step.exit is not None:
                    raise CaseError(path, lineno, "duplicate '--- exit' for this step")
                step.exit = int(arg)
                body = None
            else:
                body = Section([], eol)
                case.files.append(FileCheck(lineno, arg, body))
        elif body is not None:
            body.lines.append(unescape(line))
        elif is_loose(line):
            assert step is not None
            (step.trailing if step.has_sections() else step.leading).append(line)
        else:
            raise CaseError(path, lineno, f"unexpected line {line!r} (expected output goes "
                            "under '--- stdout'/'--- stderr'; '> ' continuation lines must "
                            "directly follow their '$ ' line)")
    return case


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


@dataclasses.dataclass
class StepResult:
    stdout: str
    stderr: str
    exit: int  # a death by signal N is reported like the shell does: 128 + N
    timed_out: bool = False


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_step(command: str, work: Path, env: dict[str, str], timeout: float) -> StepResult:
    # A new session makes the step its own process group, so a timeout (or a
    # background process left behind) can be killed including grandchildren.
    proc = subprocess.Popen(
        ["/bin/bash", "-c", command], cwd=work, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc.pid)
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # something escaped the group and holds the pipes
            proc.kill()
            out, err = b"", b""
    finally:
        kill_group(proc.pid)  # leftover background processes of this step
    code = proc.wait()
    if code < 0:
        code = 128 - code
    return StepResult(decode(out), decode(err), code, timed_out)


def make_env(case: Case, work: Path, bin_dir: str) -> dict[str, str]:
    env = dict(PINNED_ENV)
    env["PATH"] = f"{bin_dir}:/usr/bin:/bin"
    env["HOME"] = str(work / "home")
    env["FIREGRID_SOURCE_DIR"] = str(SOURCE_DIR)
    env["FIREGRID_TEST_DATA"] = str(TEST_DATA)
    for name, value in case.env.items():
        env[name] = value.replace("$WORK", str(work))
    return env


class WorkDir:
    """The per-case temporary directory and the rewriting of its path to $WORK."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="firegrid-golden-"))
        # Programs may print the symlink-resolved path (e.g. /private/tmp on
        # macOS); replace the longer spelling first.
        self.spellings = sorted({str(self.path), os.path.realpath(self.path)}, key=len, reverse=True)

    def scrub(self, text: str) -> str:
        for spelling in self.spellings:
            text = text.replace(spelling, "$WORK")
        return text

    def remove(self) -> None:
        def make_writable_and_retry(func, path, _exc_info):
            os.chmod(os.path.dirname(path), stat.S_IRWXU)
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, stat.S_IRWXU)
            func(path)

        shutil.rmtree(self.path, onerror=make_writable_and_retry)


def read_checked_file(work: WorkDir, rel: str) -> str | None:
    """Content of $WORK/rel with $WORK scrubbed, or None if it is not a readable file."""
    try:
        return work.scrub(decode((work.path / rel).read_bytes()))
    except OSError:
        return None


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------


def diff(expected: str, actual: str, what: str) -> str:
    def lines(text: str) -> list[str]:
        result = [line + "\n" for line in text.split("\n")]
        if result[-1] == "\n":  # text ended with a newline (or was empty)
            result.pop()
        else:
            result[-1] = result[-1][:-1] + "\n\\ No newline at end of file\n"
        return result

    text = "".join(difflib.unified_diff(
        lines(expected), lines(actual), f"expected {what}", f"actual {what}"))
    if [l.rstrip() for l in expected.split("\n")] == [l.rstrip() for l in actual.split("\n")]:
        text += "(the difference is only in whitespace at line ends)\n"
    return text


def show_command(step: Step) -> str:
    return f"step at line {step.lineno}:\n" + "".join(f"  {line}\n" for line in step.command_lines)


def check_step(step: Step, result: StepResult) -> list[str]:
    """Return the problems of one step (empty if it passed)."""
    problems = []
    if result.timed_out:
        return ["timed out (the step's processes were killed)"]
    for stream in ("stdout", "stderr"):
        section: Section | None = getattr(step, stream)
        actual = getattr(result, stream)
        if section is not None and section.text() != actual:
            problems.append(f"{stream} differs:\n" + diff(section.text(), actual, stream))
    expected_exit = step.exit if step.exit is not None else 0
    if result.exit != expected_exit:
        message = f"exit code: expected {expected_exit}, got {result.exit}"
        if result.exit > 128 and result.exit - 128 in signal.valid_signals():
            message += f" ({signal.Signals(result.exit - 128).name}?)"
        problems.append(message + "\n")
        # Help debugging: show the stderr that the case does not check.
        if step.stderr is None and result.stderr:
            problems.append("actual stderr (not checked):\n"
                            + "".join(f"  {line}\n" for line in split_lines(result.stderr)))
    return problems


# --------------------------------------------------------------------------
# Update
# --------------------------------------------------------------------------


def update_case(case: Case, results: list[StepResult],
                files: dict[str, str | None]) -> tuple[bool, list[str]]:
    """Rewrite the case file with the actual results.

    Returns whether the file changed and the reasons it could not be (fully)
    updated.
    """
    if any(r.timed_out for r in results):
        return False, ["not updated: a step timed out"]
    problems = []
    last = len(case.steps) - 1
    for index, (step, result) in enumerate(zip(case.steps, results)):
        # Earlier steps: refresh existing sections only; the last step always
        # records stdout and stderr.  An exit section is written whenever the
        # code is non-zero (else the step would still fail) or already existed.
        had_sections = step.has_sections()
        if step.stdout is not None or index == last:
            step.stdout = Section.from_text(result.stdout)
        if step.stderr is not None or index == last:
            step.stderr = Section.from_text(result.stderr)
        if step.exit is not None or result.exit != 0:
            step.exit = result.exit
        if not had_sections:
            # Blank/comment lines after a bare command separate it from the
            # next step; keep them after the sections just added.
            step.trailing[:0], step.leading = step.leading, []
    for check in case.files:
        actual = files[check.path]
        if actual is None:
            problems.append(f"not updated: '--- file {check.path}': no such file after the run")
        else:
            check.section = Section.from_text(actual)
    text = case.render()
    changed = text != case.source
    if changed:
        case.path.write_bytes(encode(text))
    return changed, problems


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


@dataclasses.dataclass
class Options:
    bin_dir: str
    fixtures: Path
    update: bool
    keep: bool
    timeout: float


def display_path(path: Path) -> str:
    rel = os.path.relpath(path)
    return rel if not rel.startswith("..") else str(path)


def run_case(path: Path, opts: Options) -> bool:
    name = display_path(path)
    try:
        case = parse_case(path)
    except (CaseError, OSError) as e:
        print(f"FAIL {name}\n{e}")
        return False

    work = WorkDir()
    try:
        (work.path / "home").mkdir()
        for fixture in case.fixtures:
            source = opts.fixtures / fixture
            if not source.is_dir():
                print(f"FAIL {name}\nfixture {fixture!r} not found: {source}")
                return False
            shutil.copytree(source, work.path / fixture, symlinks=True)

        env = make_env(case, work.path, opts.bin_dir)
        results: list[StepResult] = []
        for step in case.steps:
            result = run_step(step.command, work.path, env, opts.timeout)
            result.stdout, result.stderr = work.scrub(result.stdout), work.scrub(result.stderr)
            results.append(result)
            if result.timed_out:  # later steps would most likely just fail too
                break
        files = {check.path: read_checked_file(work, check.path) for check in case.files}

        if opts.update:
            changed, problems = update_case(case, results, files)
            print(f"{'FAIL' if problems else 'updated' if changed else 'ok  '} {name}")
            for problem in problems:
                print(problem)
            if problems and changed:
                print("(the other sections were updated)")
            return not problems

        report = []
        for step, result in zip(case.steps, results):
            problems = check_step(step, result)
            if problems:
                report.append(show_command(step) + "".join(problems))
        if len(results) < len(case.steps):
            report.append(f"{len(case.steps) - len(results)} later step(s) not run\n")
        else:
            for check in case.files:
                actual = files[check.path]
                if actual is None:
                    report.append(f"file {check.path}: missing (or not a readable file)\n")
                elif actual != check.section.text():
                    report.append(f"file {check.path} differs:\n"
                                  + diff(check.section.text(), actual, check.path))
        if report:
            print(f"FAIL {name}")
            print("\n".join(report), end="")
            return False
        print(f"ok   {name}")
        return True
    finally:
        if opts.keep:
            print(f"     work directory kept: {work.path}")
        else:
            work.remove()


def collect_cases(args: list[str]) -> list[Path]:
    cases = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            cases += sorted(p for p in path.rglob("*.test") if p.is_file())
        elif path.is_file():
            cases.append(path)
        else:
            sys.exit(f"golden.py: no such case file or directory: {arg}")
    return cases


def main(argv: list[str] | None = None) -> int:
    # Outputs may contain arbitrary bytes; pass them through unchanged.
    sys.stdout.reconfigure(encoding="utf-8", errors="surrogateescape")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True,
                        help="the firegrid binary (or the directory containing it)")
    parser.add_argument("--update", action="store_true",
                        default=os.environ.get("FIREGRID_UPDATE_GOLDEN", "") not in ("", "0"),
                        help="rewrite the cases with the actual results "
                             "(also: FIREGRID_UPDATE_GOLDEN=1)")
    parser.add_argument("--keep", action="store_true", help="keep the $WORK directories")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="per-step timeout in seconds (default: %(default)s)")
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES,
                        help="fixtures directory (default: tests/cli/fixtures)")
    parser.add_argument("cases", nargs="+", metavar="CASE", help="*.test files or directories")
    args = parser.parse_args(argv)

    cases = collect_cases(args.cases)
    if not cases:
        print("golden.py: no *.test cases found")
        return 1

    binary = Path(args.bin).absolute()
    shim_dir = None
    if binary.is_dir():
        bin_dir = str(binary)
    elif not binary.exists():
        sys.exit(f"golden.py: --bin: no such file or directory: {binary}")
    elif binary.name == "firegrid":
        bin_dir = str(binary.parent)
    else:  # e.g. firegrid-asan: expose it as `firegrid` through a symlink
        shim_dir = tempfile.mkdtemp(prefix="firegrid-bin-")
        os.symlink(binary, os.path.join(shim_dir, "firegrid"))
        bin_dir = shim_dir

    opts = Options(bin_dir, args.fixtures.absolute(), args.update, args.keep, args.timeout)
    try:
        failed = [case for case in cases if not run_case(case, opts)]
    finally:
        if shim_dir:
            shutil.rmtree(shim_dir)
    if len(cases) > 1:
        print(f"{len(cases) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
