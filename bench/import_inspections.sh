#!/usr/bin/env bash
# Memory and time of `firegrid inspect import` as the rows grow (issue 15, defect 7): ROWS
# and 4 x ROWS new inspections (bench/inspection_rows.py) imported into a fresh copy of
# the example county, RUNS times each, and the same files with their last row repeated,
# which the import must refuse before it writes anything. Peak memory (maximum resident
# set, from /usr/bin/time -v) should stay near the cost of loading the repo, which the
# import of a file with no rows shows; the time should grow with the rows.
#
#   bench/import_inspections.sh [ROWS] [RUNS]   FIREGRID: the program (default build/firegrid)
#                                               BEFORE: another build to compare (optional)
#                                               LABEL: FIREGRID's name in the table (default after)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-50000}
runs=${2:-3}
fg=${FIREGRID:-$PWD/build/firegrid}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp -r examples/yuanshi "$tmp/county"
for n in 0 "$rows" $((rows * 4)); do
  python3 bench/inspection_rows.py "$tmp/county" "$n" "$tmp/rows-$n.csv" --firegrid "$fg"
  if [ "$n" -gt 0 ]; then
    python3 bench/inspection_rows.py "$tmp/county" "$n" "$tmp/repeated-$n.csv" --repeat-last --firegrid "$fg"
  fi
done

# measure PROGRAM CSV EXPECT: one import, into a fresh copy of the county when it is to
# write (EXPECT 0), else into the county itself (a refused import writes nothing); writes
# "seconds MiB" to $tmp/out.
measure() {
  local repo=$tmp/county status=0
  if [ "$3" = 0 ]; then
    repo=$tmp/repo
    rm -rf "$repo" && cp -r "$tmp/county" "$repo"
  fi
  /usr/bin/time -v -o "$tmp/time" "$1" -q -C "$repo" inspect import "$2" >/dev/null 2>"$tmp/err" || status=$?
  if [ "$status" != "$3" ]; then
    echo "import of $2 exited $status, not $3:" >&2
    tail -5 "$tmp/err" >&2
    return 1
  fi
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]}
              /Maximum resident set size/ {kb = $2}
              END {printf "%.2f %.0f\n", s, kb / 1024}' "$tmp/time" >"$tmp/out"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "the example county ($(find "$tmp/county" -name '*.yaml' | wc -l) files), median of $runs runs"
printf '%-10s %-8s %9s %9s %11s %11s\n' program rows import_s import_MiB refused_s refused_MiB
for program in "$fg" ${BEFORE:+"$BEFORE"}; do
  label=${LABEL:-after}
  if [ "$program" = "${BEFORE:-}" ]; then label=before; fi
  for n in 0 "$rows" $((rows * 4)); do
    : >"$tmp/s"; : >"$tmp/m"; : >"$tmp/rs"; : >"$tmp/rm"
    for _ in $(seq "$runs"); do
      measure "$program" "$tmp/rows-$n.csv" 0 || exit 1
      read -r s m <"$tmp/out"
      echo "$s" >>"$tmp/s"; echo "$m" >>"$tmp/m"
      if [ "$n" -gt 0 ]; then
        measure "$program" "$tmp/repeated-$n.csv" 1 || exit 1
        read -r s m <"$tmp/out"
        echo "$s" >>"$tmp/rs"; echo "$m" >>"$tmp/rm"
      fi
    done
    if [ "$n" -gt 0 ]; then
      printf '%-10s %-8s %9s %9s %11s %11s\n' "$label" "$n" "$(median <"$tmp/s")" "$(median <"$tmp/m")" \
        "$(median <"$tmp/rs")" "$(median <"$tmp/rm")"
    else
      printf '%-10s %-8s %9s %9s %11s %11s\n' "$label" "$n" "$(median <"$tmp/s")" "$(median <"$tmp/m")" - -
    fi
  done
done
