#!/usr/bin/env bash
# Issue 15's crash proof, the long run: RUNS times, a unit import of ROWS new units into a
# fresh copy of the test fixture `units` is killed with SIGKILL, every other run after
# its Nth rename (N at random; FIREGRID_CRASH_AFTER_RENAMES, a test-only hook) and
# otherwise after a random delay (anywhere: loading, staging, renaming). Then a reader
# runs (it finishes an interrupted change) and check. Counted: torn or unreadable records
# (check errors), partial batches (units neither all there nor none), leftover temporary
# files, journals left. Exits 1 unless torn, partial and journals are all 0. Leftovers
# can only come from a kill while staging (before anything changed); check warns of them.
#
#   bench/crash_harness.sh [RUNS] [ROWS]   default 200 x 60; FIREGRID: the program
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
rows=${2:-60}
fg=${FIREGRID:-$PWD/build/firegrid}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export FIREGRID_TODAY=2026-11-28

{
  echo "单位名称,场所类别,乡镇,村,组,详细地址"
  for ((i = 1; i <= rows; i++)); do echo "崩溃测试$i,超市,槐阳镇,北苏村,2组,北苏村南街$i号"; done
} >"$tmp/units.csv"

torn=0 partial=0 leftovers=0 journals=0 killed=0
for ((run = 1; run <= runs; run++)); do
  rm -rf "$tmp/repo"
  cp -r tests/cli/fixtures/units "$tmp/repo"
  if ((run % 2)); then
    # In a group with stderr closed, so bash does not announce the kill.
    { FIREGRID_CRASH_AFTER_RENAMES=$((RANDOM % rows + 1)) "$fg" -q -C "$tmp/repo" unit import "$tmp/units.csv"; } \
      >/dev/null 2>&1 && status=0 || status=$?
  else
    "$fg" -q -C "$tmp/repo" unit import "$tmp/units.csv" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 400)))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null && status=0 || status=$?
  fi
  ((status == 137)) && killed=$((killed + 1))
  n=$("$fg" -C "$tmp/repo" unit list --format csv 2>/dev/null | grep -c '崩溃测试' || true)
  ((n == 0 || n == rows)) || partial=$((partial + 1))
  # A check that cannot run at all (exit 2) counts as one torn record, and says why.
  "$fg" -C "$tmp/repo" check --format json >"$tmp/check.json" 2>"$tmp/check.err" || true
  errors=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["errors"])' "$tmp/check.json" 2>/dev/null) ||
    { errors=1; echo "run $run: check failed: $(head -c 300 "$tmp/check.err") $(head -c 300 "$tmp/check.json")" >&2;
      [[ -n ${FIREGRID_KEEP:-} ]] && cp -r "$tmp/repo" "$FIREGRID_KEEP/run-$run"; }
  if ((errors > 0)); then
    echo "run $run: $("$fg" -C "$tmp/repo" check 2>&1 | head -n 4)" >&2
    [[ -n ${FIREGRID_KEEP:-} ]] && cp -r "$tmp/repo" "$FIREGRID_KEEP/run-$run"
  fi
  torn=$((torn + errors))
  leftovers=$((leftovers + $(find "$tmp/repo" -name '.*.fg-tmp-*' | wc -l)))
  [[ -e $tmp/repo/.firegrid.journal ]] && journals=$((journals + 1))
done
echo "$runs runs ($killed killed mid-import) of a $rows-unit import: $torn torn or unreadable, $partial partial batches, $journals journals left, $leftovers leftover temporary files"
((torn == 0 && partial == 0 && journals == 0))
