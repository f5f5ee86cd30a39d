#!/usr/bin/env bash
# How long `firegrid report weekly` takes on the example county (examples/yuanshi, ~9,300
# record files): the text report (load, one rollup, render) and the HTML report (load, the
# rollup, and the year's series of weeks and months for its charts). Prints the median of
# RUNS runs of each, judged on a pinned day so every run does the same work.
#
#   bench/report.sh [RUNS]        FIREGRID: the program (default build/firegrid)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
fg=${FIREGRID:-$PWD/build/firegrid}
repo=examples/yuanshi
export FIREGRID_TODAY=2026-11-28

seconds() {  # seconds COMMAND...: wall time of one run
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f\n", (e - s) / 1e9}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in $(seq "$runs"); do
  seconds "$fg" -q -C "$repo" report weekly >>"$tmp/text"
  seconds "$fg" -q -C "$repo" report weekly --format html >>"$tmp/html"
  seconds "$fg" -q -C "$repo" check >>"$tmp/check"
done

files=$(find "$repo/grid" -name '*.yaml' | wc -l)
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "repo: $repo, $files record files; median of $runs runs"
echo "check (load only, for comparison): $(median <"$tmp/check") s"
echo "report weekly (text):              $(median <"$tmp/text") s"
echo "report weekly --format html:       $(median <"$tmp/html") s"
