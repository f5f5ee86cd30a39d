#!/usr/bin/env bash
# Runs the commands of docs/guide-offices.md (and its English twin) in order, on a copy of
# the example county, with /srv/ replaced by a temporary folder: the county office's repo,
# the shared bare repo, a township's clone, both offices adding steps to one hazard
# offline, the pull that merges them with the driver, a real conflict and `resolve`, the
# histories and the CI check. Usage: guide_offices.sh FIREGRID
set -euo pipefail
fg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$(dirname "$0")/../.." && pwd)
srv=$(mktemp -d)
trap 'rm -rf "$srv" 2>/dev/null || true' EXIT
export PATH="$(dirname "$fg"):$PATH" FIREGRID_TODAY=2026-11-28 TZ=UTC GIT_CONFIG_NOSYSTEM=1 HOME="$srv"
export GIT_AUTHOR_NAME=county GIT_AUTHOR_EMAIL=county@example.invalid GIT_COMMITTER_NAME=county
export GIT_COMMITTER_EMAIL=county@example.invalid GIT_CONFIG_PARAMETERS="'gc.auto=0'"
firegrid() { "$fg" "$@"; }
say() { printf '== %s\n' "$*"; }

say "1. the county office's repo"
cp -r "$src/examples/yuanshi" "$srv/yuanshi"
rm -rf "$srv/yuanshi/.firegrid"
cd "$srv/yuanshi"
git init -q -b main
firegrid hooks install
git add -A
git commit -q -m '元氏县消防网格：建档'
git init -q --bare -b main "$srv/git/yuanshi.git"
git remote add origin "$srv/git/yuanshi.git"
git push -q -u origin main

say "2. a township's clone"
cd "$srv"
git clone -q "$srv/git/yuanshi.git" 槐阳镇
cd 槐阳镇
firegrid hooks install

say "3. work offline, each office"
cd "$srv/槐阳镇"
GIT_AUTHOR_NAME=槐阳镇 firegrid --commit hazard rectify h-20261110-pfkebd --by 赵洋/槐阳镇安监办 --date 2026-11-26 --note 已更换灭火器
cd "$srv/yuanshi"
firegrid --commit hazard note h-20261110-pfkebd --by 县消防救援大队 --date 2026-11-27 --note 电话回访
cd "$srv/槐阳镇"
git push -q

say "4. pull and merge"
cd "$srv/yuanshi"
git pull -q --no-rebase --no-edit
firegrid check -q
firegrid hazard show h-20261110-pfkebd | grep -c '已更换灭火器\|电话回访' | grep -qx 2
git push -q

say "5. a real conflict"
cd "$srv/槐阳镇"
git pull -q --no-rebase
firegrid --commit grid edit 100/001 --leader 王强/槐阳社区居委会,主任,13800000001
cd "$srv/yuanshi"
firegrid --commit grid edit 100/001 --leader 李明/槐阳社区居委会,主任,13800000002
cd "$srv/槐阳镇"
git push -q
cd "$srv/yuanshi"
if git pull -q --no-rebase --no-edit; then echo "expected a conflict" >&2; exit 1; fi
if firegrid check -q; then echo "expected check to fail" >&2; exit 1; fi
if firegrid resolve; then echo "expected resolve to leave it" >&2; exit 1; fi
git checkout --theirs grid/100/001/grid.yaml
git add grid/100/001/grid.yaml
firegrid check -q
git commit -q --no-edit
git push -q

say "6. history"
firegrid history h-20261110-pfkebd
firegrid history --person 王强
firegrid history --person 13800000002
firegrid report diff --since HEAD~3

say "7. CI"
firegrid check --at HEAD
echo "guide-offices: every command ran"
