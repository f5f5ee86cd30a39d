#!/usr/bin/env bash
# How long `firegrid unit import` takes for 20,000 rows: a GB18030 CSV made by
# examples/make_units_csv.py (93 units a village over the example county's 216 villages),
# imported into a fresh copy of the example county's grid (without its units), RUNS times.
# Prints the median of: the first import (writes ~20,000 unit folders), the same import
# again (nothing to change: every unit is loaded, matched and compared), and `check` of the
# resulting repo.
#
#   bench/import_units.sh [RUNS]        FIREGRID: the program (default build/firegrid)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
fg=${FIREGRID:-$PWD/build/firegrid}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The grid alone: the example county without its units.
cp -r examples/yuanshi "$tmp/grid-only"
find "$tmp/grid-only" -type d -name units -prune -exec rm -rf {} +
python3 examples/make_units_csv.py "$tmp/grid-only" "$tmp/units.csv" --per-village 93 --gb18030 --firegrid "$fg"
rows=$(($(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="gb18030"))))' "$tmp/units.csv") - 1))

seconds() {  # seconds COMMAND...: wall time of one run
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f\n", (e - s) / 1e9}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

: >"$tmp/first"; : >"$tmp/again"; : >"$tmp/check"
for i in $(seq "$runs"); do
  rm -rf "$tmp/repo" && cp -r "$tmp/grid-only" "$tmp/repo"
  seconds "$fg" -q -C "$tmp/repo" unit import "$tmp/units.csv" >>"$tmp/first"
  seconds "$fg" -q -C "$tmp/repo" unit import "$tmp/units.csv" >>"$tmp/again"
  seconds "$fg" -q -C "$tmp/repo" check >>"$tmp/check"
done

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "firegrid $("$fg" --version | awk '{print $2}'), $rows rows (GB18030), median of $runs runs"
printf 'first import          %6.2f s\n' "$(median <"$tmp/first")"
printf 'same import again     %6.2f s\n' "$(median <"$tmp/again")"
printf 'check (%s units)   %6.2f s\n' "$rows" "$(median <"$tmp/check")"
