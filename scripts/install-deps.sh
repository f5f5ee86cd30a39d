#!/usr/bin/env bash
# Installs the Debian packages firegrid needs to build and test, and only those
# that are missing. Idempotent; prints nothing when everything is already there.
set -euo pipefail

packages=(
  g++ make cmake git pkg-config gzip python3
  libcli11-dev libyaml-dev libfmt-dev catch2
  libvalijson-dev nlohmann-json3-dev libutf8proc-dev libsodium-dev
  # Excel in and out: .xlsx read with libzip + expat, written with libxlsxwriter.
  libzip-dev libexpat1-dev libxlsxwriter-dev
  # The fuzz targets (scripts/dev.sh fuzz, and a short run in `test`) need clang's libFuzzer.
  clang
  # The HTML report's test opens it in headless Chromium; a small CJK font so the
  # Chinese in its screenshots is drawn, not shown as empty boxes.
  chromium fonts-wqy-microhei
  # The printable pages' test prints them to PDF and reads the text back (pdftotext, pdfinfo).
  poppler-utils
  # The test of --format xlsx reads the workbooks back (tests/cli/xlsx_read.py); tests only.
  python3-openpyxl
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 2; }
  sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >/dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
