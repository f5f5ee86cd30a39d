#!/usr/bin/env bash
# Issue 15's crash proof, the long run: RUNS times, a write into a fresh copy of the test
# fixture `units` is killed with SIGKILL. The writes take turns: a unit import of ROWS new
# units, an inspection import of ROWS new inspections, a single `unit add`. The kill takes
# turns too: after a random delay (anywhere: loading, staging, renaming), or at the
# command's Nth write (cut after half its bytes), Nth flush (fsync/syncfs) or Nth rename,
# N at random (FIREGRID_TEST_CRASH=OP:N, a test-only hook in lib/firegrid/store/disk.cpp). Then a reader runs (it finishes an interrupted change), check, and `firegrid
# recover` (it removes what a kill while staging left). Counted: torn or unreadable records
# (check errors), partial batches (neither all of a batch there nor none), journals left,
# leftover temporary files before and after recover. Exits 1 unless torn, partial,
# journals and leftovers after recover are all 0. Leftovers before recover can only come
# from a kill while staging (before anything changed); check warns of them.
#
#   bench/crash_harness.sh [RUNS] [ROWS] [FIRST]   default 200 x 60 from run 1; FIREGRID:
#   the program. FIRST lets a short run continue the turns of another (the CI's three steps).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
rows=${2:-60}
first=${3:-1}
fg=${FIREGRID:-$PWD/build/firegrid}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export FIREGRID_TODAY=2026-11-28

{
  echo "单位名称,场所类别,乡镇,村,组,详细地址"
  for ((i = 1; i <= rows; i++)); do echo "崩溃测试$i,超市,槐阳镇,北苏村,2组,北苏村南街$i号"; done
} >"$tmp/units.csv"
# ROWS patrols of the fixture's units, each on its own day and time.
mapfile -t ids < <("$fg" -C tests/cli/fixtures/units unit list --format csv | tail -n +2 | cut -d, -f1)
{
  echo "单位,类型,日期,时间,检查人"
  for ((i = 0; i < rows; i++)); do
    printf '%s,巡查,2026-11-%02d,%02d:%02d,崩溃测试员\n' "${ids[i % ${#ids[@]}]}" $((1 + i % 28)) $((8 + i / 28 % 12)) $((i % 60))
  done
} >"$tmp/inspections.csv"

# count: how much of the batch of this run's kind a reader sees (the reader finishes an
# interrupted change first).
count() {
  case $1 in
    units) "$fg" -C "$tmp/repo" unit list --format csv 2>/dev/null | grep -c '崩溃测试' || true ;;
    inspections) "$fg" -C "$tmp/repo" inspect list --format csv 2>/dev/null | grep -c '崩溃测试员' || true ;;
    add) "$fg" -C "$tmp/repo" unit list --format csv 2>/dev/null | grep -c '崩溃单写' || true ;;
  esac
}

torn=0 partial=0 leftovers=0 left_after=0 journals=0
declare -A killed=([units]=0 [inspections]=0 [add]=0) at=([write]=0 [fsync]=0 [rename]=0)
for ((run = first; run < first + runs; run++)); do
  rm -rf "$tmp/repo"
  cp -r tests/cli/fixtures/units "$tmp/repo"
  case $((run % 3)) in
    1) kind=units size=$rows cmd=(unit import "$tmp/units.csv") ;;
    2) kind=inspections size=$rows cmd=(inspect import "$tmp/inspections.csv") ;;
    0) kind=add size=1 cmd=(unit add --group 100/201/g02 --name "崩溃单写$run" --category 超市) ;;
  esac
  point=$(((run / 3) % 4))
  case $point in
    1) crash=rename:$((RANDOM % (size + 1) + 1)) ;;  # the journal's rename, then one a record
    2) crash=write:$((RANDOM % (size + 2) + 1)) ;;   # the staged records and the journal
    3) crash=fsync:$((RANDOM % 4 + 1)) ;;            # the flushes before and after the renames
  esac
  if ((point > 0)); then
    # In a group with stderr closed, so bash does not announce the kill.
    { FIREGRID_TEST_CRASH=$crash "$fg" -q -C "$tmp/repo" "${cmd[@]}"; } >/dev/null 2>&1 && status=0 || status=$?
    ((status == 137)) && at[${crash%%:*}]=$((at[${crash%%:*}] + 1))
  else
    "$fg" -q -C "$tmp/repo" "${cmd[@]}" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 400)))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null && status=0 || status=$?
  fi
  ((status == 137)) && killed[$kind]=$((killed[$kind] + 1))
  n=$(count "$kind")
  ((n == 0 || n == size)) || { partial=$((partial + 1)); echo "run $run: $n of $size ($kind)" >&2; }
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
  [[ -e $tmp/repo/.firegrid.journal ]] && journals=$((journals + 1))
  leftovers=$((leftovers + $(find "$tmp/repo" -name '.*.fg-tmp-*' | wc -l)))
  "$fg" -q -C "$tmp/repo" recover >/dev/null
  left_after=$((left_after + $(find "$tmp/repo" -name '.*.fg-tmp-*' | wc -l)))
done
total=$((killed[units] + killed[inspections] + killed[add]))
echo "$runs runs ($total killed mid-write: ${killed[units]} unit imports, ${killed[inspections]} inspection imports, ${killed[add]} single writes; ${at[write]} at a write, ${at[fsync]} at a flush, ${at[rename]} at a rename, the rest at a random moment) of $rows-row batches and single writes: $torn torn or unreadable, $partial partial batches, $journals journals left, $leftovers leftover temporary files before recover, $left_after after"
((torn == 0 && partial == 0 && journals == 0 && left_after == 0))
