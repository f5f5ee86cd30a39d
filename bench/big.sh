#!/usr/bin/env bash
# A large county in the time one cold command takes: bench/scale.sh runs every command cold
# (over an hour at S=10, where a cold command waits on the disk); this runs one cold `check`
# (which makes the cache) and then each command warm, and `git status`, through
# bench/measure.py (CPU, wall, peak memory). docs/performance.md quotes it at S=10.
#
#   bench/big.sh [--scale S] [--runs N] [--bin PATH] [--cache DIR]
#
#   --scale S   the county (bench/make_county.py), made in CACHE/S<S> when absent; default 10
#   --runs N    warm runs of each command (default 2), min-median-max printed
#   --bin PATH  the firegrid to measure (default build/firegrid of this checkout)
#   --cache DIR where the repos and results go (default /tmp/firegrid-bench)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scale=10 runs=2 bin=$here/../build/firegrid cache=/tmp/firegrid-bench
while [[ $# -gt 0 ]]; do
  case $1 in
    --scale) scale=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --cache) cache=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "big.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
bin=$(realpath "$bin")
[[ -x $bin ]] || { echo "big.sh: no firegrid at $bin (build it, or give --bin)" >&2; exit 2; }
repo=$cache/S$scale
[[ -f $repo/firegrid.yaml && -d $repo/.git ]] || python3 "$here/make_county.py" --scale "$scale" --out "$repo"
export FIREGRID_TODAY=2026-11-28
tsv=$cache/big-S$scale-$(date +%Y%m%dT%H%M%S).tsv
measure() { python3 "$here/measure.py" --tsv "$tsv" "$@"; }
echo "S=$scale: $repo; firegrid $bin; $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
rm -rf "$repo/.firegrid/cache"
measure --runs 1 --warmup 0 --label "S$scale cold check" -- "$bin" -q -C "$repo" check
for c in "check" "report weekly --format json" "hazard list" "inspect due" "report assess"; do
  # shellcheck disable=SC2086
  measure --runs "$runs" --warmup 0 --label "S$scale warm $c" -- "$bin" -q -C "$repo" $c
done
measure --runs "$runs" --warmup 1 --label "S$scale git status" -- git -C "$repo" status
echo "results: $tsv"
