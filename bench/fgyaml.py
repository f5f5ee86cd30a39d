"""A small YAML emitter that writes records byte for byte as firegrid's own emitter does
(docs/format.md, "How firegrid writes YAML"): block style, 2-space indentation, list items
2 spaces below their key, strings plain only when every YAML reader reads them back as
the same string, else single-quoted (double-quoted with escapes for control characters),
multi-line text as a literal block. Key order is the order of the dict given, so callers
build dicts in schema order.

Every record file starts with the yaml-language-server modeline naming its schema by a path
from the file's folder (docs/format.md, "The modeline"): `dump(record, path)` writes it for
the repo-relative `path`, as firegrid does.

Used by bench/make_county.py, which writes a county's records directly because a quarter
of a million `firegrid inspect add` calls would take hours. `python3 bench/fgyaml.py
examples/yuanshi` re-emits every record of the example county and compares the bytes.
"""
import re

_RESERVED = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
             "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null",
             "NULL", "~", "<<", "="}
_SYNTAX_START = set("-?:,[]{}#&*!|>'\"%@`")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]")
_CACHE = {}


def _double(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\n":
            out.append("\\n")
        elif o < 0x20 or 0x7F <= o <= 0x9F:
            out.append("\\x%02X" % o)
        elif o == 0xFEFF:
            out.append("\\uFEFF")
        elif o == 0x2028:
            out.append("\\L")
        elif o == 0x2029:
            out.append("\\P")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _needs_quotes(s):
    if s == "" or s in _RESERVED:
        return True
    c = s[0]
    if c.isdigit() or c in "+." or c in _SYNTAX_START:
        return True
    if s.endswith(":") or ": " in s or ":\t" in s or " #" in s:
        return True
    if s[0] in " \t" or s[-1] in " \t":
        return True
    if len(s.encode("utf-8")) > 200:
        return True
    return False


def scalar(s):
    """The one-line form of a string (not a multi-line one)."""
    r = _CACHE.get(s)
    if r is None:
        if _CONTROL.search(s) or "\t" in s or "\r" in s or "\n" in s:
            r = _double(s)
        elif _needs_quotes(s):
            r = "'" + s.replace("'", "''") + "'"
        else:
            r = s
        if len(_CACHE) < 2_000_000:
            _CACHE[s] = r
    return r


def _value(v, indent, out, key_prefix):
    """Appends `key_prefix` + v's form. key_prefix is 'key:' (no space) or '- ' forms."""
    if isinstance(v, bool):
        out.append(f"{key_prefix} {'true' if v else 'false'}\n")
    elif v is None:
        out.append(f"{key_prefix} null\n")
    elif isinstance(v, int):
        out.append(f"{key_prefix} {v}\n")
    elif isinstance(v, float):
        out.append(f"{key_prefix} {v!r}\n")
    elif isinstance(v, str):
        if "\n" in v and _literal_ok(v):
            chomp = "|+" if v.endswith("\n\n") else ("|" if v.endswith("\n") else "|-")
            out.append(f"{key_prefix} {chomp}\n")
            pad = " " * (indent + 2)
            body = v[:-1] if v.endswith("\n") else v
            if chomp == "|+":
                body = v.rstrip("\n")
            for line in body.split("\n"):
                out.append(pad + line + "\n" if line else "\n")
            if chomp == "|+":
                out.extend("\n" * (len(v) - len(v.rstrip("\n")) - 1))
        else:
            out.append(f"{key_prefix} {scalar(v)}\n")
    elif isinstance(v, dict):
        if not v:
            out.append(f"{key_prefix} {{}}\n")
        else:
            out.append(f"{key_prefix}\n")
            _mapping(v, indent + 2, out)
    elif isinstance(v, list):
        if not v:
            out.append(f"{key_prefix} []\n")
        else:
            out.append(f"{key_prefix}\n")
            _sequence(v, indent + 2, out)
    else:
        raise TypeError(type(v))


def _literal_ok(s):
    if "\r" in s or "\t" in s or _CONTROL.search(s):
        return False
    if s[:1] in (" ", "\t"):
        return False
    for line in s.rstrip("\n").split("\n"):
        if line and line.strip(" \t") == "":
            return False
    return True


def _mapping(d, indent, out, first_prefix=None):
    pad = " " * indent
    first = True
    for k, v in d.items():
        lead = first_prefix if (first and first_prefix is not None) else pad
        first = False
        _value(v, indent, out, f"{lead}{scalar(k)}:")


def _sequence(items, indent, out):
    pad = " " * indent
    for v in items:
        if isinstance(v, dict) and v:
            _mapping(v, indent + 2, out, first_prefix=pad + "- ")
        elif isinstance(v, list) and v:
            raise TypeError("a list directly in a list is never written by firegrid")
        else:
            # A scalar item: '- value'. _value writes 'prefix value'.
            _value(v, indent, out, pad + "-")


_FOLDER_TYPES = {"inspections": "inspection", "hazards": "hazard", "tips": "tip", "meetings": "meeting",
                 "trainings": "training", "publicity": "training", "attestations": "attestation"}


def record_type(path):
    """The record type of a repo-relative path (schema/modeline.cpp, record_type_of_path), or None."""
    parts = path.split("/")
    name = parts[-1]
    if len(name) < 6 or not name.endswith(".yaml"):
        return None
    if len(parts) == 1:
        return "manifest" if name == "firegrid.yaml" else None
    if parts[0] == "calendar" and len(parts) == 2:
        return "calendar"
    if parts[0] == "plans" and len(parts) == 3:
        return "plan"
    if parts[0] != "grid":
        return None
    if name == "grid.yaml":
        return "grid"
    if name == "unit.yaml" and len(parts) >= 3 and parts[-3] == "units":
        return "unit"
    return _FOLDER_TYPES.get(parts[-2])


def modeline(path):
    """The first line firegrid writes into the record file at repo-relative `path`."""
    return "# yaml-language-server: $schema=%sschemas/%s.schema.yaml\n" % ("../" * path.count("/"), record_type(path))


def dump(record, path=None):
    """The record's YAML; with its modeline first when `path` (repo-relative) is given."""
    out = [modeline(path)] if path is not None else []
    _mapping(record, 0, out)
    return "".join(out)


if __name__ == "__main__":
    # Self-test: every record of a repo re-emitted from PyYAML's reading is the same bytes.
    import os
    import sys

    import yaml

    class Loader(yaml.CSafeLoader):
        pass

    # Read every plain scalar as a string except what firegrid writes as a number or bool.
    root = sys.argv[1]
    same = differ = 0
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, "grid")):
        for name in filenames:
            if not name.endswith(".yaml"):
                continue
            path = os.path.join(dirpath, name)
            text = open(path, encoding="utf-8").read()
            if dump(yaml.load(text, Loader=Loader), os.path.relpath(path, root)) == text:
                same += 1
            else:
                differ += 1
                if differ <= 3:
                    print("differs:", path)
    print(f"{same} files identical, {differ} differ")
    sys.exit(1 if differ else 0)
