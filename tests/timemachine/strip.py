#!/usr/bin/env python3
"""strip.py DAY REPO_DIR: rewrite a copy of a firegrid data repo, in place, so that it holds
only what existed at the end of DAY (YYYY-MM-DD).

It works from the record format alone (docs/format.md, docs/reports.md, schemas/), never
from firegrid's code, so that `firegrid --as-of DAY` on the whole repo can be compared with
plain `firegrid` on the stripped copy (run.py). The rules:

- unit: closed after DAY: active again, without closed_on and closed_reason. A unit
  registered after DAY stays (docs/reports.md: the records in its folder keep their own
  dates, and every view judges `registered` against the day).
- inspection: dated after DAY: deleted; links to hazards (or units) that no longer exist
  are dropped; an item's waiver dated after DAY is undone (issue 18; `fixed` is from the
  inspection's own day and stays).
- hazard: found after DAY: deleted; else its history is cut after DAY and state, severity,
  deadline, notice, reported_on, closed_on, escalations, supervision, decision and
  assessment are worked out again from the steps kept.
- tip: received after DAY: deleted; verified after DAY: no verification, duplicate_of,
  hazard or reward; reward approved after DAY: no reward; paid after DAY: no paid_on.
  The reporter is kept as it is, and never printed.
- meeting: held after DAY: deleted; an action done after DAY is open again.
- training, publicity, drill: dated after DAY: deleted.
- the grid, the manifest and the calendar: unchanged.

Only the files that change are rewritten (tests/timemachine/yamlmini.py writes them in
firegrid's style); the others keep their bytes. A summary of what changed goes to stderr.
Any link the rules above leave dangling (a later record that an earlier one points to) is
dropped and counted under "links dropped".
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import yamlmini  # noqa: E402

DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
KINDS = ("inspections", "hazards", "tips", "meetings", "trainings", "publicity")

# Key orders of the records (the schemas' `properties` order), for readable output.
HAZARD_KEYS = ["id", "state", "severity", "found_on", "source", "inspection", "tip", "item",
               "description", "place", "found_by", "deadline", "notice", "reported_on",
               "closed_on", "escalations", "assessment", "decision", "supervision", "history"]
UNIT_KEYS = ["id", "name", "category", "supervisor", "address", "licence", "responsible",
             "manager", "floors", "area_m2", "beds", "seats", "staff", "pupils", "children",
             "boarding", "location", "tags", "status", "closed_on", "closed_reason",
             "registered", "note"]


def ordered(d, keys):
    out = {k: d[k] for k in keys if k in d}
    for k, v in d.items():
        if k not in out:
            out[k] = v
    return out


def date(s):
    """A date as firegrid writes it: a quoted string."""
    return str(s)


def after(value, day):
    """True when value is a date later than day. A missing value is never later."""
    if value is None:
        return False
    v = str(value)
    if not DATE_RE.match(v):
        raise SystemExit(f"strip.py: not a date: {v!r}")
    return v > day


class Repo:
    def __init__(self, root, day):
        self.root = root
        self.day = day
        self.counts = {}
        self.records = {}  # path -> parsed record, for the files that stay
        self.changed = set()

    def count(self, what, n=1):
        self.counts[what] = self.counts.get(what, 0) + n

    def load(self, path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return yamlmini.load(text, os.path.relpath(path, self.root))

    def write(self, path, record):
        tmp = path + ".strip-tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(yamlmini.dump(record))
        os.replace(tmp, path)

    def remove(self, path, what):
        os.remove(path)
        self.count(what + " deleted")


def walk_records(grid_root):
    """(kind, path) of every record below grid/: kind is unit or a kind folder's name."""
    for dirpath, dirnames, filenames in os.walk(grid_root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = os.path.basename(dirpath)
        parent = os.path.basename(os.path.dirname(dirpath))
        for f in sorted(filenames):
            if not f.endswith(".yaml") or f.startswith("."):
                continue
            p = os.path.join(dirpath, f)
            if f == "unit.yaml" and parent == "units":
                yield "unit", p
            elif base in KINDS:
                yield base, p


# ---------------------------------------------------------------- the rules


def strip_unit(u, day):
    """Whether it changed (a unit registered after DAY stays, as it is)."""
    if u.get("status") == "closed" and after(u.get("closed_on"), day):
        u["status"] = "active"
        u.pop("closed_on", None)
        u.pop("closed_reason", None)
        return True
    return False


def last_index(steps, events, start=0):
    found = None
    for k in range(start, len(steps)):
        if steps[k].get("event") in events:
            found = k
    return found


def strip_hazard(h, day):
    """None when the hazard was not found yet; else the hazard as it stood (a new dict)."""
    if after(h.get("found_on"), day):
        return None
    h = dict(h)
    history = h.get("history")
    kept = [s for s in (history or []) if not after(s.get("date"), day)]
    if history is not None:
        h["history"] = kept

    # state: the state the last kept step left.
    state = "found"
    for s in reversed(kept):
        if s.get("state") is not None:
            state = str(s["state"])
            break
    h["state"] = state

    # severity: the last kept step that set one; else the record's.
    for s in reversed(kept):
        if "severity" in s:
            h["severity"] = s["severity"]
            break

    # deadline: set by the last notice or failed re-check, unless reopened since.
    k = last_index(kept, ("notice", "verify-fail"))
    if (k is None or last_index(kept, ("reopen",), k + 1) is not None
            or kept[k].get("deadline") is None):
        h.pop("deadline", None)
    else:
        h["deadline"] = date(kept[k]["deadline"])

    # notice: the last kept notice step.
    k = last_index(kept, ("notice",))
    if k is None:
        h.pop("notice", None)
    else:
        step = kept[k]
        notice = {"issued_on": date(step["date"])}
        old = h.get("notice") or {}
        if "number" in step:
            notice["number"] = step["number"]
        elif "number" in old and str(old.get("issued_on")) == str(step["date"]):
            notice["number"] = old["number"]
        h["notice"] = notice

    # reported_on: the last rectify, unless a notice, failed re-check or reopen followed.
    k = last_index(kept, ("rectify",))
    if k is None or last_index(kept, ("notice", "verify-fail", "reopen"), k + 1) is not None:
        h.pop("reported_on", None)
    else:
        h["reported_on"] = date(kept[k]["date"])

    # closed_on: the last fix or passed re-check, while fixed or closed.
    k = last_index(kept, ("fix", "verify-pass"))
    if state in ("fixed", "closed") and k is not None:
        h["closed_on"] = date(kept[k]["date"])
    else:
        h.pop("closed_on", None)

    # escalations made by DAY.
    if "escalations" in h:
        esc = [e for e in (h["escalations"] or []) if not after(e.get("on"), day)]
        if esc:
            h["escalations"] = esc
        else:
            del h["escalations"]

    # supervision: from the last kept supervise step (its own deadline, not the hazard's).
    k = last_index(kept, ("supervise",))
    if k is None:
        h.pop("supervision", None)
    else:
        step = kept[k]
        old = h.get("supervision") or {}
        same_listing = str(old.get("listed_on")) == str(step["date"])
        if "authority" in step:
            authority = step["authority"]
        elif same_listing and "authority" in old:
            authority = old["authority"]
        else:
            authority = step.get("note")
        sup = {"authority": authority, "listed_on": date(step["date"])}
        if step.get("deadline") is not None:
            sup["deadline"] = date(step["deadline"])
        elif same_listing and "deadline" in old:
            sup["deadline"] = old["deadline"]
        for s in kept[k + 1:]:
            if s.get("event") == "lift":
                sup["lifted_on"] = date(s["date"])
                break
        h["supervision"] = sup

    if after((h.get("decision") or {}).get("decided_on"), day):
        del h["decision"]
    if after((h.get("assessment") or {}).get("assessed_on"), day):
        del h["assessment"]
    return ordered(h, HAZARD_KEYS)


def strip_tip(t, day):
    """None when not received yet; else whether it changed. Never reads the reporter."""
    if after(t.get("received_on"), day):
        return None
    changed = False
    if after((t.get("verification") or {}).get("on"), day):
        for k in ("verification", "duplicate_of", "hazard", "reward"):
            if k in t:
                del t[k]
                changed = True
    elif "reward" in t:
        reward = t["reward"] or {}
        if after(reward.get("approved_on"), day):
            del t["reward"]
            changed = True
        elif after(reward.get("paid_on"), day):
            del reward["paid_on"]
            changed = True
    return changed


def strip_meeting(m, day):
    if after(m.get("date"), day):
        return None
    changed = False
    for a in m.get("actions") or []:
        if isinstance(a, dict) and after(a.get("done"), day):
            del a["done"]
            changed = True
    return changed


def strip_dated(r, day):
    return None if after(r.get("date"), day) else False


# ---------------------------------------------------------------- the repo


def strip_repo(root, day):
    if not DATE_RE.match(day):
        raise SystemExit(f"strip.py: DAY must be YYYY-MM-DD, not {day!r}")
    if not os.path.isfile(os.path.join(root, "firegrid.yaml")):
        raise SystemExit(f"strip.py: {root} is not a firegrid repo (no firegrid.yaml)")
    repo = Repo(root, day)
    grid_root = os.path.join(root, "grid")

    # Units first: one closed after the day is active again.
    for kind, path in list(walk_records(grid_root)):
        if kind != "unit" or not os.path.exists(path):
            continue
        u = repo.load(path)
        if strip_unit(u, day):
            repo.write(path, ordered(u, UNIT_KEYS))
            repo.count("units reopened")

    emptied = set()
    kept = {}  # path -> (kind, record) of the records that stay
    for kind, path in list(walk_records(grid_root)):
        rec = repo.load(path)
        if kind == "unit":
            kept[path] = (kind, rec)
            continue
        if kind == "inspections":
            res = strip_dated(rec, day)
        elif kind == "hazards":
            new = strip_hazard(rec, day)
            res = None if new is None else (new != rec)
            if new is not None:
                rec = new
        elif kind == "tips":
            res = strip_tip(rec, day)
        elif kind == "meetings":
            res = strip_meeting(rec, day)
        else:
            res = strip_dated(rec, day)
        if res is None:
            repo.remove(path, kind)
            emptied.add(os.path.dirname(path))
            continue
        if res:
            repo.changed.add(path)
            repo.count(kind + " rewritten")
        kept[path] = (kind, rec)

    # Links to records that did not exist yet.
    ids = {k: set() for k in ("unit", "hazards", "inspections", "tips")}
    for path, (kind, rec) in kept.items():
        if kind in ids and isinstance(rec, dict) and rec.get("id") is not None:
            ids[kind].add(str(rec["id"]))

    def drop(what):
        repo.count("links dropped: " + what)

    for path, (kind, rec) in kept.items():
        changed = False
        if kind == "inspections":
            for item in rec.get("items") or []:
                if isinstance(item, dict) and isinstance(item.get("waiver"), dict) and after(item["waiver"].get("date"), day):
                    del item["waiver"]
                    repo.count("inspection waivers undone")
                    changed = True
            hz = rec.get("hazards")
            if isinstance(hz, list):
                keep = [x for x in hz if str(x) in ids["hazards"]]
                if len(keep) != len(hz):
                    drop("inspection hazards")
                    changed = True
                    if keep:
                        rec["hazards"] = keep
                    else:
                        del rec["hazards"]
            for item in rec.get("items") or []:
                if isinstance(item, dict) and "hazard" in item and str(item["hazard"]) not in ids["hazards"]:
                    del item["hazard"]
                    drop("inspection item hazard")
                    changed = True
            us = rec.get("units")
            if isinstance(us, list):
                keep = [x for x in us if str(x) in ids["unit"]]
                if len(keep) != len(us):
                    drop("inspection units")
                    changed = True
                    if keep:
                        rec["units"] = keep
                    else:
                        del rec["units"]
        elif kind == "hazards":
            for key, pool in (("inspection", "inspections"), ("tip", "tips")):
                if key in rec and str(rec[key]) not in ids[pool]:
                    del rec[key]
                    drop("hazard " + key)
                    changed = True
        elif kind == "tips":
            for key, pool in (("hazard", "hazards"), ("duplicate_of", "tips"), ("unit", "unit")):
                if key in rec and str(rec[key]) not in ids[pool]:
                    del rec[key]
                    drop("tip " + key)
                    changed = True
        elif kind == "meetings":
            for a in rec.get("actions") or []:
                hz = a.get("hazards") if isinstance(a, dict) else None
                if isinstance(hz, list):
                    keep = [x for x in hz if str(x) in ids["hazards"]]
                    if len(keep) != len(hz):
                        drop("meeting action hazards")
                        changed = True
                        if keep:
                            a["hazards"] = keep
                        else:
                            del a["hazards"]
        if changed:
            repo.changed.add(path)

    for path in sorted(repo.changed):
        repo.write(path, kept[path][1])
    repo.kept = kept

    # A kind folder left empty is gone, as git would have it.
    for d in sorted(emptied, key=len, reverse=True):
        if os.path.isdir(d) and not os.listdir(d):
            os.rmdir(d)

    summary = ", ".join(f"{k} {v}" for k, v in sorted(repo.counts.items())) or "nothing changed"
    print(f"strip {day}: {summary}", file=sys.stderr)
    return repo


def main(argv):
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr if len(argv) != 2 else sys.stdout)
        return 0 if len(argv) == 2 else 2
    strip_repo(argv[2], argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
