#!/usr/bin/env bash
# Issue 15's concurrency proof, the long run: WRITERS processes each run OPS firegrid
# writes (unit add, unit edit, unit close and reopen, inspect add, in turn) on one copy of
# the test fixture `units`, all at once, with no --lock-timeout. Prints how many commands
# failed (must be 0), how many units were added (must be WRITERS x the adds) and check's
# verdict (must be clean), and exits 1 when any of them is wrong.
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

start=$(date +%s)
for ((w = 1; w <= writers; w++)); do writer "$w" >"$tmp/failed-$w" & done
wait
elapsed=$(($(date +%s) - start))
failed=$(cat "$tmp"/failed-* | wc -l)
adds=$(((ops + 3) / 4 * writers))
added=$("$fg" -C "$tmp/repo" unit list --status all --format csv | grep -c '并发' || true)
verdict=$("$fg" -C "$tmp/repo" check | tail -n 1)
echo "$writers writers x $ops commands in ${elapsed}s: $failed failed, $added of $adds units added; check: $verdict"
cat "$tmp"/failed-* | head -n 5
[[ $failed -eq 0 && $added -eq $adds && $verdict == no\ problems* ]]
