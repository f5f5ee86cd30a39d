"""A small YAML reader and writer for the subset firegrid's records use.

Python's standard library has no YAML, and the time-machine test must not depend on
firegrid's own code, so this reads what docs/format.md says firegrid writes (and the common
hand-edited variants): block mappings and sequences, plain, single- and double-quoted
scalars (also over several lines), literal and folded blocks, quoted keys, comments, and
flat flow collections (`[]`, `{}`, `[a, b]`).

Values: a mapping is a dict (file order kept), a sequence a list, a quoted or block scalar
a str, and a plain scalar a `Plain` (a str subclass holding the text as written, so that
`82`, `true` or `1.50` are written back exactly as read, with the type the reader gives
them). An empty value is None.
"""

import re

__all__ = ["Plain", "YamlError", "load", "dump"]


class YamlError(ValueError):
    pass


class Plain(str):
    """A plain (unquoted) scalar, kept as its text."""


_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}


def _fold(parts):
    """Folds the lines of a multi-line flow scalar: a line break is a space, an empty
    line a newline."""
    out = ""
    pending_blank = 0
    for k, p in enumerate(parts):
        if k == 0:
            out = p
            continue
        if p == "":
            pending_blank += 1
            continue
        if pending_blank:
            out += "\n" * pending_blank + p
        else:
            out += " " + p
        pending_blank = 0
    return out + "\n" * pending_blank


class _Reader:
    def __init__(self, text, name):
        if text.startswith("\ufeff"):
            text = text[1:]
        self.lines = text.replace("\r\n", "\n").split("\n")
        self.i = 0
        self.name = name

    def error(self, msg):
        raise YamlError(f"{self.name}:{self.i + 1}: {msg}")

    # The next line with content: (indent, text without the indent), or None.
    def peek(self):
        while self.i < len(self.lines):
            line = self.lines[self.i]
            s = line.lstrip(" ")
            if s == "" or s.startswith("#"):
                self.i += 1
                continue
            if s.startswith("\t") or line.startswith("---") or line.startswith("..."):
                if line.rstrip() == "---" and self.i == 0:
                    self.i += 1
                    continue
                self.error("unsupported line")
            return len(line) - len(s), s
        return None

    @staticmethod
    def is_dash(s):
        return s == "-" or s.startswith("- ")

    def parse_node(self, indent):
        p = self.peek()
        if p is None:
            return None
        ind, s = p
        if self.is_dash(s):
            return self.parse_seq(ind)
        return self.parse_map(ind)

    def parse_map(self, ind):
        d = {}
        while True:
            p = self.peek()
            if p is None or p[0] < ind:
                break
            if p[0] > ind:
                self.error("unexpected indentation")
            s = p[1]
            if self.is_dash(s):
                break
            key, rest = self.split_key(s)
            if key in d:
                self.error(f"duplicate key {key!r}")
            self.i += 1
            d[key] = self.parse_value(rest, ind)
        return d

    def parse_seq(self, ind):
        items = []
        while True:
            p = self.peek()
            if p is None or p[0] != ind or not self.is_dash(p[1]):
                if p is not None and p[0] > ind:
                    self.error("unexpected indentation")
                break
            rest = p[1][1:]
            stripped = rest.lstrip(" ")
            if stripped == "" or stripped.startswith("#"):
                self.i += 1
                items.append(self.parse_value("", ind))
                continue
            col = ind + 1 + (len(rest) - len(stripped))
            if self.is_dash(stripped) or self.looks_like_key(stripped):
                # The item is a block node that starts on the dash line: blank out the dash
                # and read it as if it started on its own line.
                self.lines[self.i] = " " * col + stripped
                items.append(self.parse_node(col))
            else:
                self.i += 1
                items.append(self.parse_value(stripped, ind))
        return items

    def looks_like_key(self, s):
        if s[0] in "'\"":
            try:
                _, end = self.quoted(s)
            except YamlError:
                return False
            return s[end:].lstrip(" ").startswith(":")
        if s[0] in "[{|>":
            return False
        return re.search(r":( |$)", s) is not None

    def quoted(self, s):
        """Reads a quoted scalar at the start of s (one line): (value, end index)."""
        q = s[0]
        out = []
        k = 1
        while k < len(s):
            c = s[k]
            if q == "'" and c == "'":
                if k + 1 < len(s) and s[k + 1] == "'":
                    out.append("'")
                    k += 2
                    continue
                return "".join(out), k + 1
            if q == '"' and c == '"':
                return "".join(out), k + 1
            if q == '"' and c == "\\":
                k, text = self.escape(s, k)
                out.append(text)
                continue
            out.append(c)
            k += 1
        self.error("quoted string left open")

    def escape(self, s, k):
        if k + 1 >= len(s):
            return k + 1, ""
        e = s[k + 1]
        if e in _ESCAPES:
            return k + 2, _ESCAPES[e]
        n = {"x": 2, "u": 4, "U": 8}.get(e)
        if n is None:
            self.error(f"unknown escape \\{e}")
        return k + 2 + n, chr(int(s[k + 2:k + 2 + n], 16))

    def split_key(self, s):
        if s[0] in "'\"":
            key, end = self.quoted(s)
            rest = s[end:].lstrip(" ")
            if not rest.startswith(":"):
                self.error("expected ':' after a quoted key")
            return key, rest[1:].strip(" ")
        m = re.search(r":( |$)", s)
        if m is None:
            self.error("expected a 'key: value' line")
        key = s[:m.start()].rstrip(" ")
        if key.startswith(("?", "&", "*", "!", "[", "{")):
            self.error("unsupported key")
        return key, s[m.end():].strip(" ")

    def parse_value(self, rest, ind):
        """The value after `key:` or `-` of a node at column ind; self.i is past its line."""
        if rest == "" or rest.startswith("#"):
            p = self.peek()
            if p is not None and (p[0] > ind or (p[0] == ind and self.is_dash(p[1]))):
                return self.parse_node(p[0])
            return None
        if rest[0] in "|>":
            return self.block_scalar(rest, ind)
        if rest[0] in "&*!":
            self.error("anchors, aliases and tags are not supported")
        if rest[0] in "'\"":
            return self.flow_quoted(rest, ind)
        if rest[0] in "[{":
            return self.flow(rest)
        # Plain, perhaps continued on more-indented lines.
        text = re.split(r"\s#", rest, maxsplit=1)[0].rstrip(" ")
        parts = [text]
        while self.i < len(self.lines):
            line = self.lines[self.i]
            s = line.strip(" ")
            if s == "":
                parts.append("")
                self.i += 1
                continue
            if len(line) - len(line.lstrip(" ")) <= ind or s.startswith("#"):
                break
            parts.append(re.split(r"\s#", s, maxsplit=1)[0].rstrip(" "))
            self.i += 1
        while parts and parts[-1] == "":
            parts.pop()
        if len(parts) == 1:
            return Plain(text)
        return _fold(parts)

    def flow_quoted(self, rest, ind):
        q = rest[0]
        # Join the lines until the closing quote, then read it as one string.
        start = self.i - 1
        buf = [rest]
        while True:
            joined = "\n".join(buf)
            try:
                value, end = self.quoted_multiline(joined, q)
                break
            except _Open:
                if self.i >= len(self.lines):
                    self.i = start
                    self.error("quoted string left open")
                buf.append(self.lines[self.i])
                self.i += 1
        tail = joined[end:].strip(" ")
        if tail and not tail.startswith("#"):
            self.error("text after a quoted string")
        return value

    def quoted_multiline(self, s, q):
        out = []
        k = 1
        while k < len(s):
            c = s[k]
            if c == "\n":
                # Fold: trailing spaces before and leading spaces after a break go.
                while out and out[-1] in " \t":
                    out.pop()
                j = k
                breaks = 0
                while j < len(s) and s[j] in " \t\n":
                    if s[j] == "\n":
                        breaks += 1
                    j += 1
                out.append(" " if breaks == 1 else "\n" * (breaks - 1))
                k = j
                continue
            if q == "'" and c == "'":
                if k + 1 < len(s) and s[k + 1] == "'":
                    out.append("'")
                    k += 2
                    continue
                return "".join(out), k + 1
            if q == '"' and c == '"':
                return "".join(out), k + 1
            if q == '"' and c == "\\":
                if k + 1 < len(s) and s[k + 1] == "\n":  # an escaped line break
                    j = k + 2
                    while j < len(s) and s[j] in " \t":
                        j += 1
                    k = j
                    continue
                k, text = self.escape(s, k)
                out.append(text)
                continue
            out.append(c)
            k += 1
        raise _Open()

    def flow(self, rest):
        text = re.split(r"\s#", rest, maxsplit=1)[0].strip(" ")
        inner = text[1:-1].strip(" ")
        if (text[0], text[-1]) not in (("[", "]"), ("{", "}")):
            self.error("only one-line flow collections are supported")
        items = [] if inner == "" else [x.strip(" ") for x in inner.split(",")]
        if any(x[:1] in "[{" for x in items):
            self.error("nested flow collections are not supported")

        def scalar(x):
            if x[:1] in "'\"":
                v, end = self.quoted(x)
                return v
            return Plain(x)

        if text[0] == "[":
            return [scalar(x) for x in items]
        d = {}
        for x in items:
            k, _, v = x.partition(":")
            d[scalar(k.strip(" "))] = scalar(v.strip(" ")) if v.strip(" ") else None
        return d

    def block_scalar(self, header, ind):
        m = re.match(r"^([|>])([-+]?)([1-9]?)([-+]?)\s*(#.*)?$", header)
        if m is None:
            self.error("bad block scalar header")
        style = m.group(1)
        chomp = m.group(2) or m.group(4)
        explicit = m.group(3)
        lines = []
        content_indent = ind + int(explicit) if explicit else None
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.strip(" ") == "":
                lines.append(line)
                self.i += 1
                continue
            lead = len(line) - len(line.lstrip(" "))
            if content_indent is None:
                if lead <= ind:
                    break
                content_indent = lead
            if lead < content_indent:
                break
            lines.append(line)
            self.i += 1
        # Trailing blank lines belong to the chomping, not the text.
        body = [ln[content_indent:] if content_indent and len(ln) >= content_indent else ""
                for ln in lines]
        trailing = 0
        while body and body[-1].strip(" ") == "":
            body.pop()
            trailing += 1
        if style == "|":
            text = "\n".join(body)
        else:
            text = ""
            prev_more = False
            for k, ln in enumerate(body):
                more = ln.startswith((" ", "\t"))
                if k == 0:
                    text = ln
                elif ln == "":
                    text += "\n"
                elif text.endswith("\n") or more or prev_more:
                    text += ("\n" if not text.endswith("\n") else "") + ln
                else:
                    text += " " + ln
                prev_more = more
        if not body:
            return "" if chomp != "+" else "\n" * trailing
        if chomp == "-":
            return text
        if chomp == "+":
            return text + "\n" + "\n" * trailing
        return text + "\n"


class _Open(Exception):
    pass


def load(text, name="<yaml>"):
    r = _Reader(text, name)
    p = r.peek()
    if p is None:
        return None
    if p[0] != 0:
        r.error("a document must start at column 1")
    node = r.parse_node(0)
    if r.peek() is not None:
        r.error("content after the document")
    return node


# ---------------------------------------------------------------- writing

_RESERVED = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
             "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null",
             "NULL", "~", "<<", "="}
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029\t\r]")


def _plain_ok(s):
    if s == "" or s in _RESERVED or s != s.strip(" \t"):
        return False
    if s[0] in "0123456789+.-?:,[]{}#&*!|>'\"%@`" or s.endswith(":"):
        return False
    if ": " in s or ":\t" in s or " #" in s or "\n" in s or _CONTROL.search(s):
        return False
    return len(s.encode("utf-8")) <= 200


def _double(s):
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif c in "\u2028":
            out.append("\\L")
        elif c in "\u2029":
            out.append("\\P")
        elif ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f:
            out.append("\\x%02X" % ord(c))
        elif c == "\ufeff":
            out.append("\\uFEFF")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _scalar(v):
    if v is None:
        return "null"
    if isinstance(v, Plain):
        return str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    s = str(v)
    if _plain_ok(s):
        return s
    if _CONTROL.search(s) or "\n" in s:
        return _double(s)
    return "'" + s.replace("'", "''") + "'"


def _literal_ok(s):
    if "\n" not in s or _CONTROL.search(s) or s.startswith((" ", "\t")):
        return False
    return all(ln == "" or ln.strip(" ") != "" for ln in s.split("\n"))


def _emit(node, indent, out):
    pad = " " * indent
    if isinstance(node, dict):
        for k, v in node.items():
            key = _scalar(k) if not isinstance(k, Plain) else str(k)
            _emit_entry(pad + key + ":", v, indent, out, in_map=True)
    elif isinstance(node, list):
        for v in node:
            if isinstance(v, dict) and v:
                start = len(out)
                _emit(v, indent + 2, out)
                out[start] = pad + "- " + out[start][indent + 2:]
            elif isinstance(v, list) and v:
                out.append(pad + "-")
                _emit(v, indent + 2, out)
            else:
                _emit_entry(pad + "-", v, indent, out, in_map=False)


def _emit_entry(head, v, indent, out, in_map):
    if isinstance(v, dict):
        if not v:
            out.append(head + " {}")
        else:
            out.append(head)
            _emit(v, indent + 2, out)
    elif isinstance(v, list):
        if not v:
            out.append(head + " []")
        else:
            out.append(head)
            _emit(v, indent + 2, out)
    elif isinstance(v, str) and not isinstance(v, Plain) and _literal_ok(v):
        body = v
        if body.endswith("\n"):
            stripped = body.rstrip("\n")
            chomp = "" if len(body) - len(stripped) == 1 else "+"
            body = stripped if chomp == "" else body[:-1]
        else:
            chomp = "-"
        out.append(head + " |" + chomp)
        for ln in body.split("\n"):
            out.append((" " * (indent + 2) + ln) if ln else "")
    else:
        out.append(head + " " + _scalar(v))


def dump(node):
    out = []
    if isinstance(node, (dict, list)) and node:
        _emit(node, 0, out)
    else:
        out.append(_scalar(node) if not isinstance(node, (dict, list)) else
                   ("{}" if isinstance(node, dict) else "[]"))
    return "\n".join(out) + "\n"
