#!/usr/bin/env bash
# Regenerates the example county into a temporary folder and compares it with the
# committed examples/yuanshi: they must be identical, byte for byte (but for the writers'
# lock file and record cache, which the example's .gitignore keeps out of git).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
FIREGRID=$1 bash "$src/examples/generate.sh" "$tmp/yuanshi" "$tmp/yuanshi-units.csv" "$tmp/yuanshi-inspections.csv" \
  "$tmp/yuanshi-hazard-steps.csv" "$tmp/yuanshi-meetings.yaml" "$tmp/yuanshi-trainings.yaml"
# A sealed reporter is random bytes on every run (a fresh ephemeral key each time): compare
# its length only, in a copy of the committed example.
cp -r "$src/examples/yuanshi" "$tmp/committed"
for tree in "$tmp/committed" "$tmp/yuanshi"; do
  find "$tree" -path '*/tips/*.yaml' -exec sed -i -E 's/^(  sealed: ).*$/\1(sealed, length checked by `firegrid check`)/' {} +
done
if ! cmp "$src/examples/data/yuanshi-units.csv" "$tmp/yuanshi-units.csv" ||
  ! cmp "$src/examples/data/yuanshi-inspections.csv" "$tmp/yuanshi-inspections.csv" ||
  ! cmp "$src/examples/data/yuanshi-hazard-steps.csv" "$tmp/yuanshi-hazard-steps.csv" ||
  ! cmp "$src/examples/data/yuanshi-meetings.yaml" "$tmp/yuanshi-meetings.yaml" ||
  ! cmp "$src/examples/data/yuanshi-trainings.yaml" "$tmp/yuanshi-trainings.yaml" ||
  ! diff -r -x .firegrid.lock -x .firegrid "$tmp/committed" "$tmp/yuanshi" >"$tmp/diff"; then
  head -n 40 "$tmp/diff"
  echo "examples/yuanshi differs from what examples/generate.sh makes; rerun it and commit" >&2
  exit 1
fi
echo "examples/yuanshi is up to date"
