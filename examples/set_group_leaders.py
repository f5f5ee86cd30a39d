#!/usr/bin/env python3
"""Gives every village group (small grid) of the example county its grid leader (网格员),
deterministically, so that `check` finds no `resource-no-leader` gap.

It writes the `leader` mapping into each group's grid.yaml directly, in exactly the form
firegrid's emitter writes (the key after `code`, the phone quoted; the modeline kept first), because a thousand
`firegrid grid edit` calls, each syncing the disk, would take half an hour; `firegrid
check` validates the result as it validates every record, and examples/up-to-date proves
the bytes.

    examples/set_group_leaders.py REPO
"""
import os
import sys

from generator_common import GIVEN, SURNAMES, Rng


def main():
    repo = sys.argv[1]
    rng = Rng(967)
    root = os.path.join(repo, "grid")
    for township in sorted(os.listdir(root)):
        for village in sorted(os.listdir(os.path.join(root, township))) if os.path.isdir(os.path.join(root, township)) else []:
            vdir = os.path.join(root, township, village)
            if not os.path.isdir(vdir) or village in ("units", "inspections", "hazards", "tips"):
                continue
            for group in sorted(os.listdir(vdir)):
                path = os.path.join(vdir, group, "grid.yaml")
                if not os.path.isfile(path):
                    continue
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                # The record after its yaml-language-server modeline (docs/format.md).
                body = text.split("\n", 1)[1] if text.startswith("# yaml-language-server:") else text
                if "\nleader:" in body or not body.startswith("level: group\n"):
                    continue
                name = rng.pick(SURNAMES) + rng.pick(GIVEN)
                phone = f"138{rng.range(0, 99999999):08d}"
                lines = text.splitlines(keepends=True)
                at = next(i + 1 for i, line in enumerate(lines) if line.startswith("code:"))
                lines[at:at] = ["leader:\n", f"  name: {name}\n", "  organisation: 村民小组\n", "  role: 网格员\n",
                                f"  phone: '{phone}'\n"]
                with open(path, "w", encoding="utf-8") as f:
                    f.write("".join(lines))


if __name__ == "__main__":
    main()
