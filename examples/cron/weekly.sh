#!/usr/bin/env bash
# The county's weekly job, run by cron every Monday morning: checks the data repo and, when
# it has no errors, writes last week's report as HTML, Markdown and JSON, named by the ISO
# week (2026-W47.html, 2026-W47.md, 2026-W47.json).
#
#   examples/cron/weekly.sh REPO OUTDIR
#
# It fails loudly, and says which failure it is (cron mails the output to whoever keeps
# the repo); warnings do not stop it, and on success it prints nothing, so cron sends no mail:
#   exit 127  firegrid is not found (set PATH or FIREGRID in the crontab);
#   exit 1    `firegrid check` found errors in the records: fix them, run it again;
#   exit 2    firegrid could not run: a usage error, no repo at REPO, an I/O error, or a
#             report that could not be written.
#
# FIREGRID names the program (default: firegrid on PATH); WEEKLY_FORMATS the formats to
# write (default: "html md json"). "Last week" is the ISO week before the one of today in
# Asia/Shanghai, or of FIREGRID_TODAY (YYYY-MM-DD) when set.
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 REPO OUTDIR" >&2
  exit 2
fi
repo=$1 outdir=$2
fg=${FIREGRID:-firegrid}
if ! command -v "$fg" >/dev/null 2>&1; then
  echo "weekly.sh: $fg not found; set PATH or FIREGRID in the crontab (cron's PATH is short)." >&2
  exit 127
fi
today=${FIREGRID_TODAY:-$(TZ=Asia/Shanghai date +%F)}
week=$(date -d "$today - 7 days" +%G-W%V)

status=0
findings=$("$fg" -C "$repo" check 2>&1) || status=$?
if [[ $status -eq 1 ]]; then
  printf '%s\n' "$findings" >&2
  echo "weekly.sh: firegrid check found errors in $repo; no report for $week was written." >&2
  echo "weekly.sh: fix them (firegrid -C $repo check shows where), then run this again." >&2
  exit 1
elif [[ $status -ne 0 ]]; then
  printf '%s\n' "$findings" >&2
  echo "weekly.sh: firegrid could not check $repo (exit $status, see above); no report for $week was written." >&2
  exit 2
fi

mkdir -p "$outdir"
for format in ${WEEKLY_FORMATS:-html md json}; do
  if ! "$fg" -q -C "$repo" report weekly --week "$week" --format "$format" -o "$outdir/$week.$format"; then
    echo "weekly.sh: the $format report for $week could not be written to $outdir; see the message above." >&2
    exit 2
  fi
done
