#!/usr/bin/env bash
# The benchmark of issue 14: how firegrid's commands grow with a county, cold and warm, and
# how they stand against a PyYAML script, the read floor and `git status`. One command:
#
#   bench/scale.sh [--scale S ...] [--runs N] [--warmup N] [--bin PATH] [--cache DIR]
#                  [--commands 'check weekly hazards due assess'] [--no-pairs] [--no-changed]
#                  [--cold-only]
#
#   --scale S     a county of S times the median (bench/make_county.py); repeatable;
#                 default 0.25 and 1. Repos are kept in CACHE/S<S> and made when absent
#                 (S=1 takes ~1 min, S=10 ~15 min and ~30 GB free disk)
#   --runs N      timed runs of each command (default 3), the median is quoted
#   --warmup N    untimed runs before them (default 1; a warm figure always has one)
#   --bin PATH    the firegrid to measure (default build/firegrid of this checkout)
#   --cache DIR   where the repos and results go (default /tmp/firegrid-bench)
#   --commands    which of the five commands get the cold / warm table (default all)
#   --no-pairs    skip the side-by-side comparisons; --no-changed: skip "one record changed";
#                 --cold-only: no warm run of the five commands (the pairs still have one)
#
# For each scale it prints, from bench/measure.py (CPU = user + system seconds of the process
# and its children, from wait4; wall; peak resident memory):
#   - cold: each command after `rm -rf REPO/.firegrid/cache` (firegrid's record cache, issue
#     14; harmless while there is none), warm: the same again without deleting it;
#   - one record changed: `check` after one inspection file was edited (its time toggled
#     between HH:00 and HH:30, so the record stays valid);
#   - side by side, run by run (A B A B ...): cold `check` + `report weekly` against the
#     PyYAML reference (bench/reference_weekly.py) and against the read floor
#     (bench/read_floor.c, built with cc -O2); warm and one-record-changed `check` against
#     `git status`;
# and then a summary of medians, the ratios issue 14 sets targets for and the growth with
# the county's size. Every line also goes to CACHE/results-<time>.tsv.
# The data's "today" is FIREGRID_TODAY=2026-11-28. The file system's page cache is warm in
# every run (cold means no firegrid cache, not a cold disk).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
scales=()
runs=3
warmup=1
bin=$root/build/firegrid
cache=/tmp/firegrid-bench
commands="check weekly hazards due assess"
pairs=1
changed=1
warm=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --scale) scales+=("$2"); shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --cache) cache=$2; shift 2 ;;
    --commands) commands=$2; shift 2 ;;
    --no-pairs) pairs=0; shift ;;
    --no-changed) changed=0; shift ;;
    --cold-only) warm=0; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "scale.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ ${#scales[@]} -gt 0 ]] || scales=(0.25 1)
bin=$(realpath "$bin")
[[ -x $bin ]] || { echo "scale.sh: no firegrid at $bin (build it, or give --bin)" >&2; exit 2; }
export FIREGRID_TODAY=2026-11-28 PYTHONDONTWRITEBYTECODE=1
mkdir -p "$cache"
floor=$cache/read_floor
cc -O2 -o "$floor" "$here/read_floor.c"
tsv=$cache/results-$(date +%Y%m%dT%H%M%S).tsv
: >"$tsv"
measure() { python3 "$here/measure.py" --tsv "$tsv" "$@"; }

declare -A argv=(
  [check]="check"
  [weekly]="report weekly --format json"
  [hazards]="hazard list"
  [due]="inspect due"
  [assess]="report assess"
)
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "firegrid: $bin, $("$bin" --version 2>&1 | head -1), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "python3: $(python3 -c 'import sys, yaml; print(sys.version.split()[0], "PyYAML", yaml.__version__, "libyaml" if yaml.__with_libyaml__ else "NO libyaml")'), $(git --version)"
  echo "runs: $runs (median quoted), warm-up: $warmup"
} | tee "$cache/machine.txt"

for s in "${scales[@]}"; do
  repo=$cache/S$s
  if [[ ! -f $repo/firegrid.yaml || ! -d $repo/.git ]]; then
    echo "== making the county at S=$s in $repo"
    python3 "$here/make_county.py" --scale "$s" --out "$repo"
  fi
  read -r files mb < <(find "$repo" -path "$repo/.git" -prune -o -path "$repo/.firegrid" -prune -o -type f -name '*.yaml' \
    -printf '%s\n' | awk '{n++; s+=$1} END {printf "%d %d\n", n, s/1e6}')
  echo
  echo "== S=$s: $repo, $files YAML files, $mb MB"
  printf 'S%s\tfiles\t%s\t%s\n' "$s" "$files" "$mb" >>"$tsv"
  fg="$bin -q -C $repo"
  cold="rm -rf $repo/.firegrid/cache"
  one=$(find "$repo/grid" -path '*/units/*/inspections/*.yaml' -print -quit)
  edit="sed -i -E \"s/^time: '([0-9]{2}):00'\$/time: '\\1:30'/; t; s/^time: '([0-9]{2}):30'\$/time: '\\1:00'/\" $one"
  for c in $commands; do
    # shellcheck disable=SC2086
    measure --runs "$runs" --warmup "$warmup" --prepare "$cold" --label "S$s cold $c" -- $fg ${argv[$c]}
    # shellcheck disable=SC2086
    [[ $warm == 0 ]] || measure --runs "$runs" --warmup "$((warmup > 0 ? warmup : 1))" --label "S$s warm $c" -- $fg ${argv[$c]}
  done
  if [[ $changed == 1 ]]; then
    # shellcheck disable=SC2086
    measure --runs "$runs" --warmup "$((warmup > 0 ? warmup : 1))" --prepare "$edit" --label "S$s changed check" -- $fg check
  fi
  if [[ $pairs == 1 ]]; then
    both="$fg check >/dev/null; exec $fg report weekly --format json"
    measure --runs "$runs" --warmup "$warmup" --prepare "$cold" --label "S$s pair cold check+weekly vs pyyaml" \
      --vs "python3 $here/reference_weekly.py $repo --week 2026-W48" -- sh -c "$both"
    measure --runs "$runs" --warmup "$warmup" --prepare "$cold" --label "S$s pair cold check+weekly vs floor" \
      --vs "$floor $repo" -- sh -c "$both"
    # shellcheck disable=SC2086
    measure --runs "$runs" --warmup "$((warmup > 0 ? warmup : 1))" --label "S$s pair warm check vs git status" \
      --vs "git -C $repo status" -- $fg check
    if [[ $changed == 1 ]]; then
      # shellcheck disable=SC2086
      measure --runs "$runs" --warmup "$((warmup > 0 ? warmup : 1))" --prepare "$edit" \
        --label "S$s pair changed check vs git status" --vs "git -C $repo status" -- $fg check
    fi
  fi
  git -C "$repo" checkout -q -- "$one" 2>/dev/null || true
done

echo
python3 "$here/summary.py" "$tsv" | tee "${tsv%.tsv}.md"
echo
echo "results: $tsv, ${tsv%.tsv}.md"
