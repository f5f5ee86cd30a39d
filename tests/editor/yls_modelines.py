#!/usr/bin/env python3
"""The modeline with a real YAML language server (issue 17, "Editors").

Opens record files of the example county in yaml-language-server (tests/editor/yls_check.js,
which gives the server no schema settings and turns the schema store off), so each file is
validated only through its `# yaml-language-server: $schema=` line, offline:

- one record of every type, as examples/yuanshi holds them: no diagnostic;
- the same records with an unknown key added: the server reports it (so it did load the
  schema the line names, and resolved the path from the file's own folder);
- a record whose line is one folder off: the server cannot load that schema.

yaml-language-server is not a Debian package: install it once (`npm install
yaml-language-server` in a folder of your choice) and pass that folder's node_modules:

    python3 tests/editor/yls_modelines.py --node-modules /tmp/yls/node_modules --src .

CMake registers it as the ctest `editor/yls-modelines`, run when configured with
-DFIREGRID_YLS_NODE_MODULES=/tmp/yls/node_modules and skipped (exit 77) without it; the
path of the line is tested anyway by the unit tests ([modeline]) and the golden cases
(cli/modeline/*).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

# One record of each type in the example county, repo-relative.
KINDS = {
    "manifest": "firegrid.yaml",
    "grid": "grid/grid.yaml",
    "calendar": "calendar/holidays.yaml",
}
FOLDERS = {"unit": "units", "inspection": "inspections", "hazard": "hazards", "tip": "tips",
           "meeting": "meetings", "training": "trainings", "publicity": "publicity", "attestation": "attestations"}


def pick_records(repo):
    picked = dict(KINDS)
    deepest_grid = None
    for dirpath, dirnames, filenames in sorted(os.walk(os.path.join(repo, "grid"))):
        dirnames.sort()
        rel = os.path.relpath(dirpath, repo)
        if "grid.yaml" in filenames and (deepest_grid is None or rel.count("/") > deepest_grid.count("/")):
            deepest_grid = rel + "/grid.yaml"
        folder = os.path.basename(dirpath)
        for kind, name in FOLDERS.items():
            if kind in picked:
                continue
            if kind == "unit" and os.path.basename(os.path.dirname(dirpath)) == "units" and "unit.yaml" in filenames:
                picked[kind] = rel + "/unit.yaml"
            elif folder == name and kind != "unit":
                yamls = sorted(f for f in filenames if f.endswith(".yaml"))
                if yamls:
                    picked[kind] = rel + "/" + yamls[0]
    picked["group grid"] = deepest_grid
    return {k: v for k, v in picked.items() if v}


def diagnostics(node_modules, src, files):
    env = dict(os.environ, NODE_PATH=node_modules)
    r = subprocess.run(["node", os.path.join(src, "tests/editor/yls_check.js"), *files], env=env,
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        sys.exit(f"yls_check.js failed: {r.stderr}")
    found = {f: [] for f in files}
    for line in r.stdout.splitlines():
        path, _, rest = line.partition(".yaml:")
        found.setdefault(path + ".yaml", []).append(rest)
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--node-modules", required=True, help="the node_modules holding yaml-language-server")
    ap.add_argument("--src", default=".", help="the source tree (examples/yuanshi, tests/editor)")
    a = ap.parse_args()
    src = os.path.abspath(a.src)
    if not shutil.which("node") or not a.node_modules or \
            not os.path.isdir(os.path.join(a.node_modules, "yaml-language-server")):
        print("skipped: node or yaml-language-server is not there (--node-modules)")
        return 77
    failures = []
    with tempfile.TemporaryDirectory(prefix="firegrid-yls-") as tmp:
        repo = os.path.join(tmp, "yuanshi")
        shutil.copytree(os.path.join(src, "examples/yuanshi"), repo, symlinks=True)
        picked = pick_records(repo)
        want = {"manifest", "grid", "group grid", "calendar", "unit", "inspection", "hazard", "tip", "meeting", "training"}
        missing = want - picked.keys()
        if missing:
            failures.append(f"the example county has no record of: {', '.join(sorted(missing))}")
        files = [os.path.join(repo, p) for p in picked.values()]
        for kind, rel in sorted(picked.items()):
            with open(os.path.join(repo, rel), encoding="utf-8") as f:
                if not f.readline().startswith("# yaml-language-server: $schema="):
                    failures.append(f"{rel}: no modeline on its first line")
        # 1. As they are: valid.
        for path, diags in diagnostics(a.node_modules, src, files).items():
            for d in diags:
                failures.append(f"{os.path.relpath(path, repo)}: unexpected diagnostic:{d}")
        # 2. With an unknown key: the schema the line names says so.
        for path in files:
            with open(path, "a", encoding="utf-8") as f:
                f.write("not_a_key_of_any_schema: 1\n")
        for path, diags in diagnostics(a.node_modules, src, files).items():
            if not any("not_a_key_of_any_schema is not allowed" in d for d in diags):
                failures.append(f"{os.path.relpath(path, repo)}: the unknown key was not reported: {diags}")
        # 3. A line one folder off names no file.
        unit = os.path.join(repo, picked["unit"])
        with open(unit, encoding="utf-8") as f:
            text = f.read()
        with open(unit, "w", encoding="utf-8") as f:
            f.write(text.replace("$schema=../", "$schema=", 1))
        diags = diagnostics(a.node_modules, src, [unit])[unit]
        if not any("Unable to load schema" in d for d in diags):
            failures.append(f"{picked['unit']}: a line one folder off was not reported: {diags}")
        print(f"{len(picked)} records checked with yaml-language-server: {', '.join(sorted(picked))}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
