#!/usr/bin/env bash
# Issue 15's concurrency proof, the long run: WRITERS processes each run OPS firegrid
# writes (unit add, unit edit, unit close and reopen, inspect add, in turn) on one copy of
# the test fixture `units`, all at once, with no --lock-timeout. Beside them, one more
# writer imports batches of 5 units (`unit import`, all or nothing) and a reader lists the
# units over and over: it must never see a part of a batch (a count of batch units that is
# not a multiple of 5). Prints how many commands failed (must be 0), how many units were
# added (must be WRITERS x the adds, plus the batches), what the reader saw (0 partial
# batches) and check's verdict (must be clean), and exits 1 when any of them is wrong.
#
#   bench/concurrent_writers.sh [WRITERS] [OPS]   default 8 x 1000; FIREGRID: the program
set -euo pipefail
cd "$(dirname "$0")/.."
writers=${1:-8}
ops=${2:-1000}
fg=${FIREGRID:-$PWD/build/firegrid}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r tests/cli/fixtures/units "$tmp/repo"
export FIREGRID_TODAY=2026-11-28

writer() {  # writer N: OPS commands; prints one line per failed command
  local w=$1 i
  for ((i = 1; i <= ops; i++)); do
    case $((i % 4)) in
      1) "$fg" -q -C "$tmp/repo" unit add --group 100/201/g02 --name "并发$w-$i" --category 商店 ;;
      2) "$fg" -q -C "$tmp/repo" unit edit 于记饭店 --note "writer $w op $i" ;;
      3) "$fg" -q -C "$tmp/repo" unit close "并发$w-$((i - 2))" --reason 停业 ;;
      0) "$fg" -q -C "$tmp/repo" inspect add --unit 东张村小学 --kind patrol --inspector "name=巡查$w" \
           --item exits=pass --time "$(printf '%02d:%02d' $((i / 60 % 24)) $((i % 60)))" ;;
    esac >/dev/null 2>"$tmp/err-$w-$i" || echo "writer $w op $i: $(head -c 200 "$tmp/err-$w-$i")"
  done
}

batches() {  # one batch of 5 units a command, ops/10 of them
  local b i
  for ((b = 1; b <= ops / 10; b++)); do
    {
      echo '单位名称,场所类别,乡镇,村,组'
      for ((i = 1; i <= 5; i++)); do echo "批量$b-$i,商店,槐阳镇,北苏村,1组"; done
    } >"$tmp/batch-$b.csv"
    "$fg" -q -C "$tmp/repo" unit import "$tmp/batch-$b.csv" >/dev/null 2>"$tmp/err-batch-$b" ||
      echo "batch $b: $(head -c 200 "$tmp/err-batch-$b")"
  done
}

reader() {  # lists the units until the writers are done; one line per partial batch seen
  local n seen=0
  while [[ ! -e $tmp/done ]]; do
    n=$("$fg" -C "$tmp/repo" unit list --status all --format csv 2>/dev/null | grep -c '批量' || true)
    seen=$((seen + 1))
    ((n % 5 == 0)) || echo "reader saw $n batch units"
  done
  echo "$seen" >"$tmp/reads"
}

start=$(date +%s)
reader >"$tmp/partial" &
reader_pid=$!
for ((w = 1; w <= writers; w++)); do writer "$w" >"$tmp/failed-$w" & done
batches >"$tmp/failed-batches" &
wait $(jobs -p | grep -v "^$reader_pid$")
touch "$tmp/done"
wait "$reader_pid"
elapsed=$(($(date +%s) - start))
failed=$(cat "$tmp"/failed-* | wc -l)
adds=$(((ops + 3) / 4 * writers))
added=$("$fg" -C "$tmp/repo" unit list --status all --format csv | grep -c '并发' || true)
batched=$("$fg" -C "$tmp/repo" unit list --status all --format csv | grep -c '批量' || true)
partial=$(wc -l <"$tmp/partial")
verdict=$("$fg" -C "$tmp/repo" check | tail -n 1)
echo "$writers writers x $ops commands and $((ops / 10)) batch imports in ${elapsed}s: $failed failed, $added of $adds units added, $batched of $((ops / 10 * 5)) batch units; a reader listed the units $(cat "$tmp/reads") times and saw $partial partial batches; check: $verdict"
cat "$tmp"/failed-* | head -n 5
[[ $failed -eq 0 && $added -eq $adds && $batched -eq $((ops / 10 * 5)) && $partial -eq 0 && $verdict == no\ problems* ]]
