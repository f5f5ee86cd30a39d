#!/usr/bin/env python3
"""The message catalogues' tool (docs/i18n.md), like gettext's xgettext and msgmerge.

  i18n.py check [--src DIR]      every id used in the source is in messages/en.yaml and
                                 messages/zh-CN.yaml, no entry is unused, every translation
                                 has its id's placeholders, and the lint below finds nothing
                                 (ctest i18n/messages)
  i18n.py lint [--all]           user-facing string literals not passed through tr()/msg():
                                 first and hint arguments of Error(...), messages and hints
                                 of findings (.error(...) / .warning(...) / refuse(...)),
                                 the lines a command says (ctx.say(...)); --all adds
                                 CLI11 descriptions (add_option, add_flag, add_subcommand)
  i18n.py sync                   adds the missing ids to en.yaml (as themselves) and lists
                                 those zh-CN.yaml lacks; drops unused entries from both
  i18n.py convert [--all] FILE... rewrites Error("...") as Error(tr("...")) and
                                 Error(fmt::format("...", a)) as Error(msg("...", a)), and the
                                 same in findings' message and hint arguments (the lead's tool
                                 for code merged from elsewhere); then run sync

An id is the literal first argument of tr(, msg( or N_( (adjacent literals joined), its C++
escapes decoded. The catalogues are YAML restricted to one "id": "text" line an entry, both
in double quotes with JSON's escapes; lines starting with # are comments.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

SOURCE_DIRS = ("lib", "cli")
CATALOGUES = {"en": "messages/en.yaml", "zh-CN": "messages/zh-CN.yaml"}


# ---------------------------------------------------------------- C++ scanning
def skip_string(s: str, i: int) -> int:
    """s[i] is '"' or '\\''; returns the index after the literal."""
    q = s[i]
    i += 1
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s[i] == q:
            return i + 1
        i += 1
    return i


def skip_raw(s: str, i: int) -> int:
    """s[i:] starts R"delim( ... )delim"."""
    j = s.index("(", i)
    delim = s[i + 2:j]
    end = s.index(")" + delim + '"', j)
    return end + len(delim) + 2


def strip_comments(s: str) -> str:
    """Comments replaced by spaces (newlines kept), strings untouched."""
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "R" and s.startswith('R"', i) and (i == 0 or not (s[i - 1].isalnum() or s[i - 1] == "_")):
            j = skip_raw(s, i)
            out.append(s[i:j])
            i = j
        elif c in "\"'":
            if c == "'" and i > 0 and s[i - 1].isalnum():  # digit separator 1'000
                out.append(c)
                i += 1
                continue
            j = skip_string(s, i)
            out.append(s[i:j])
            i = j
        elif s.startswith("//", i):
            j = s.find("\n", i)
            j = len(s) if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif s.startswith("/*", i):
            j = s.find("*/", i + 2) + 2
            out.append(re.sub(r"[^\n]", " ", s[i:j]))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def call_args(s: str, open_paren: int) -> tuple[list[tuple[int, int]], int]:
    """Spans (start, end) of the top-level arguments of the call whose '(' is at
    open_paren, and the index of its ')'."""
    depth = 0
    spans = []
    start = open_paren + 1
    i = open_paren
    while i < len(s):
        c = s[i]
        if c == "R" and s.startswith('R"', i) and not (s[i - 1].isalnum() or s[i - 1] == "_"):
            i = skip_raw(s, i)
            continue
        if c in "\"'" and not (c == "'" and s[i - 1].isalnum()):
            i = skip_string(s, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                if s[start:i].strip():
                    spans.append((start, i))
                return spans, i
        elif c == "," and depth == 1:
            spans.append((start, i))
            start = i + 1
        i += 1
    raise ValueError("unbalanced call")


LITERALS_RE = re.compile(r'\s*(?:"(?:[^"\\\n]|\\.)*"\s*)+', re.S)


def literal_value(text: str) -> str | None:
    """The value of `text` when it is nothing but adjacent string literals."""
    m = LITERALS_RE.fullmatch(text)
    if not m:
        return None
    parts = re.findall(r'"((?:[^"\\\n]|\\.)*)"', text)
    return "".join(decode_escapes(p) for p in parts)


def decode_escapes(p: str) -> str:
    out = []
    i = 0
    while i < len(p):
        if p[i] == "\\" and i + 1 < len(p):
            c = p[i + 1]
            simple = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "r": "\r", "0": "\0"}
            if c == "x":
                m = re.match(r"[0-9a-fA-F]+", p[i + 2:])
                out.append(chr(int(m.group(0), 16)))
                i += 2 + len(m.group(0))
                continue
            out.append(simple.get(c, c))
            i += 2
        else:
            out.append(p[i])
            i += 1
    # Bytes written as \xNN escapes are UTF-8: re-decode.
    s = "".join(out)
    try:
        return s.encode("latin-1").decode("utf-8") if any(0x80 <= ord(ch) < 0x100 for ch in s) else s
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


def line_of(s: str, i: int) -> int:
    return s.count("\n", 0, i) + 1


def source_files(root: Path):
    for d in SOURCE_DIRS:
        for p in sorted((root / d).rglob("*")):
            if p.suffix in (".cpp", ".hpp") and p.is_file():
                yield p


MARKER_RE = re.compile(r"(?<![A-Za-z0-9_.>:])(?:firegrid::)?(tr|msg|N_)\s*\(")


def extract(root: Path) -> dict[str, list[str]]:
    """id -> places (path:line) where it is used."""
    ids: dict[str, list[str]] = {}
    for p in source_files(root):
        s = strip_comments(p.read_text(encoding="utf-8"))
        for m in MARKER_RE.finditer(s):
            try:
                spans, _ = call_args(s, m.end() - 1)
            except ValueError:
                continue
            if not spans:
                continue
            value = literal_value(s[spans[0][0]:spans[0][1]])
            if value is None:
                continue
            ids.setdefault(value, []).append(f"{p.relative_to(root)}:{line_of(s, m.start())}")
    return ids


# ---------------------------------------------------------------- catalogues
def read_catalogue(path: Path) -> tuple[dict[str, str], list[str]]:
    entries: dict[str, str] = {}
    problems = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads("{" + line + "}")
        except json.JSONDecodeError as e:
            problems.append(f"{path}:{n}: not a \"id\": \"text\" line ({e.msg})")
            continue
        for k, v in obj.items():
            if k in entries:
                problems.append(f"{path}:{n}: duplicate id {k!r}")
            entries[k] = v
    return entries, problems


def header_of(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    head = []
    for line in lines:
        if line.startswith("#") or not line.strip():
            head.append(line)
        else:
            break
    return head


def write_catalogue(path: Path, entries: dict[str, str]) -> None:
    head = header_of(path)
    body = [json.dumps(k, ensure_ascii=False) + ": " + json.dumps(v, ensure_ascii=False)
            for k, v in sorted(entries.items(), key=lambda kv: kv[0].lower())]
    path.write_text("\n".join(head + body) + "\n", encoding="utf-8")


def placeholders(s: str) -> tuple[str, object]:
    """('auto', n) for n {} fields, ('index', {0,1}) for {N} fields; '{{' escapes ignored."""
    fields = re.findall(r"(?<!\{)\{([0-9]*)(?::[^}]*)?\}(?!\})", s.replace("{{", "").replace("}}", ""))
    if all(f == "" for f in fields):
        return ("auto", len(fields))
    return ("index", frozenset(int(f) if f else -1 for f in fields))


def fits(id_: str, text: str) -> bool:
    kind_id, a = placeholders(id_)
    kind_t, b = placeholders(text)
    if kind_id == "auto" and kind_t == "index":
        return b == frozenset(range(a))
    if kind_id == kind_t:
        return a == b
    return False


# ---------------------------------------------------------------- lint
# Calls whose arguments are shown to a user: (pattern, which arguments).
LINT_CALLS = [
    (re.compile(r"(?<![A-Za-z0-9_])(?:InvalidRecord|Error)\s*\("), (0, 1), "Error"),
    (re.compile(r"[.>](?:error|warning)\s*\("), (2, 3), "finding"),
    (re.compile(r"(?<![A-Za-z0-9_])refuse\s*\("), (3, 4), "finding"),
    (re.compile(r"[.>]say\s*\("), (0,), "progress"),
]
HELP_CALLS = [
    (re.compile(r"(?:add_option|add_flag|add_option_function)\s*\("), (2,), "description"),
    (re.compile(r"add_subcommand\s*\("), (1,), "description"),
    (re.compile(r"->\s*group\s*\("), (0,), "group"),
    (re.compile(r"->\s*description\s*\("), (0,), "description"),
]


def lint(root: Path, with_help: bool) -> list[str]:
    out = []
    calls = LINT_CALLS + (HELP_CALLS if with_help else [])
    for p in source_files(root):
        if p.name == "i18n.hpp":
            continue
        s = strip_comments(p.read_text(encoding="utf-8"))
        for pattern, which, what in calls:
            for m in pattern.finditer(s):
                try:
                    spans, _ = call_args(s, m.end() - 1)
                except ValueError:
                    continue
                for k in which:
                    if k >= len(spans):
                        continue
                    arg = s[spans[k][0]:spans[k][1]].strip()
                    bare = literal_value(arg) is not None or re.match(r"fmt::format\s*\(\s*\"", arg)
                    if bare and literal_value(arg) != "":
                        out.append(f"{p.relative_to(root)}:{line_of(s, spans[k][0])}: {what} text not "
                                   f"marked for translation: {arg[:70]}")
    return out


# ---------------------------------------------------------------- convert
def convert_text(s: str, with_help: bool = False) -> tuple[str, int]:
    clean = strip_comments(s)
    edits = []  # (start, end, replacement)
    for pattern, which, _ in LINT_CALLS + (HELP_CALLS if with_help else []):
        for m in pattern.finditer(clean):
            try:
                spans, _ = call_args(clean, m.end() - 1)
            except ValueError:
                continue
            for k in which:
                if k >= len(spans):
                    continue
                a, b = spans[k]
                arg = clean[a:b]
                lead = len(arg) - len(arg.lstrip())
                core = arg.strip()
                if literal_value(core) is not None and literal_value(core) != "":
                    edits.append((a + lead, a + lead + len(core), f"tr({core})"))
                else:
                    fm = re.match(r"fmt::format\s*\(", core)
                    if fm:
                        inner, close = call_args(clean, a + lead + fm.end() - 1)
                        if close == a + lead + len(core) - 1 and inner and literal_value(clean[inner[0][0]:inner[0][1]]) is not None:
                            edits.append((a + lead, a + lead + fm.end(), "msg("))
    edits.sort(reverse=True)
    last = None
    n = 0
    for a, b, r in edits:
        if last is not None and b > last:
            continue
        s = s[:a] + r + s[b:]
        last = a
        n += 1
    return s, n


# ---------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["check", "lint", "sync", "convert", "list"])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--src", default=str(Path(__file__).resolve().parent.parent))
    ap.add_argument("--all", action="store_true", help="lint, convert: CLI11 descriptions too")
    o = ap.parse_intermixed_args()
    root = Path(o.src)

    if o.command == "convert":
        total = 0
        for f in o.files:
            p = Path(f)
            s, n = convert_text(p.read_text(encoding="utf-8"), o.all)
            if n:
                p.write_text(s, encoding="utf-8")
            total += n
            print(f"{f}: {n} arguments marked")
        return 0

    if o.command == "lint":
        problems = lint(root, o.all)
        for pr in problems:
            print(pr)
        print(f"{len(problems)} unmarked", file=sys.stderr)
        return 1 if problems else 0

    ids = extract(root)
    if o.command == "list":
        for k in sorted(ids):
            print(json.dumps(k, ensure_ascii=False))
        return 0

    cats = {}
    problems = []
    for lang, rel in CATALOGUES.items():
        path = root / rel
        entries, probs = read_catalogue(path) if path.exists() else ({}, [f"{rel}: missing"])
        cats[lang] = entries
        problems += probs

    if o.command == "sync":
        en = {k: v for k, v in cats["en"].items() if k in ids}
        for k in ids:
            en.setdefault(k, k)
        write_catalogue(root / CATALOGUES["en"], en)
        zh = {k: v for k, v in cats["zh-CN"].items() if k in ids}
        write_catalogue(root / CATALOGUES["zh-CN"], zh)
        missing = [k for k in sorted(ids) if k not in zh]
        for k in missing:
            print(json.dumps(k, ensure_ascii=False))
        print(f"{len(ids)} ids; zh-CN lacks {len(missing)}", file=sys.stderr)
        return 0

    # check
    for lang, entries in cats.items():
        for k in sorted(ids):
            if k not in entries:
                problems.append(f"{CATALOGUES[lang]}: no entry for {json.dumps(k, ensure_ascii=False)} "
                                f"(used at {ids[k][0]})")
        for k, v in entries.items():
            if k not in ids:
                problems.append(f"{CATALOGUES[lang]}: {json.dumps(k, ensure_ascii=False)} is not used in the source")
            elif not fits(k, v):
                problems.append(f"{CATALOGUES[lang]}: the placeholders of {json.dumps(v, ensure_ascii=False)} "
                                f"differ from its id's {json.dumps(k, ensure_ascii=False)}")
            elif lang == "zh-CN" and v == k and re.search(r"[a-z]{3,} [a-z]{3,}", re.sub(r"`[^`]*`", "", k)):
                problems.append(f"{CATALOGUES[lang]}: {json.dumps(k, ensure_ascii=False)} is not translated")
    problems += lint(root, False)
    for pr in problems:
        print(pr)
    print(f"{len(ids)} ids, {len(cats['en'])} en, {len(cats['zh-CN'])} zh-CN entries; {len(problems)} problems",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
