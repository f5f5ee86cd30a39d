#!/usr/bin/env bash
# Regenerates the example county into a temporary folder and compares it with the
# committed examples/yuanshi: they must be identical, byte for byte (but for the writers'
# lock file, which the example's .gitignore keeps out of git).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
FIREGRID=$1 bash "$src/examples/generate.sh" "$tmp/yuanshi" "$tmp/yuanshi-units.csv" "$tmp/yuanshi-inspections.csv"
if ! cmp "$src/examples/data/yuanshi-units.csv" "$tmp/yuanshi-units.csv" ||
  ! cmp "$src/examples/data/yuanshi-inspections.csv" "$tmp/yuanshi-inspections.csv" ||
  ! diff -r -x .firegrid.lock "$src/examples/yuanshi" "$tmp/yuanshi" >"$tmp/diff"; then
  head -n 40 "$tmp/diff"
  echo "examples/yuanshi differs from what examples/generate.sh makes; rerun it and commit" >&2
  exit 1
fi
echo "examples/yuanshi is up to date"
