#!/usr/bin/env bash
# Opens a whsim report in headless Chromium (Debian's chromium package) and checks that it
# renders without console errors, that a screenshot comes out, and that the whsim-data JSON
# block survives in the DOM Chromium builds.
#
#   tests/scripts/check_report_chromium.sh REPORT.html OUTDIR
#
# Writes OUTDIR/report.png (the page at 1280 x 4000), OUTDIR/dom.html and OUTDIR/chromium.log.
# Exit 0: fine. Exit 1: a check failed (the reason on stderr). Exit 2: bad arguments.
# Exit 77: chromium is not installed (CTest SKIP_RETURN_CODE).
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 REPORT.html OUTDIR" >&2
  exit 2
fi
report=$1
outdir=$2
if [ ! -s "$report" ]; then
  echo "error: $report: no such report (or it is empty)" >&2
  exit 2
fi

chromium=""
for c in chromium chromium-browser; do
  if command -v "$c" >/dev/null 2>&1; then
    chromium=$(command -v "$c")
    break
  fi
done
if [ -z "$chromium" ]; then
  echo "skipped: chromium is not installed (apt-get install chromium)"
  exit 77
fi

mkdir -p "$outdir" || exit 1
outdir=$(cd "$outdir" && pwd)
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# One headless Chromium run; its stderr (console messages, errors) goes to the log.
run_chromium() {
  local log=$1
  shift
  timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@" "$url" 2>>"$log"
}

log=$outdir/chromium.log
: >"$log"
rm -f "$outdir/report.png" "$outdir/dom.html"
run_chromium "$log" --screenshot="$outdir/report.png" --window-size=1280,4000 >/dev/null
shot_status=$?
run_chromium "$log" --dump-dom >"$outdir/dom.html"
dom_status=$?

fail=0
if [ $shot_status -ne 0 ] || [ $dom_status -ne 0 ]; then
  echo "error: chromium exited with status $shot_status (screenshot) and $dom_status (dump-dom); see $log" >&2
  fail=1
fi
if [ ! -s "$outdir/report.png" ]; then
  echo "error: no screenshot at $outdir/report.png" >&2
  fail=1
fi
# Console messages of the page. Chromium logs every console message as "INFO:CONSOLE(line)"
# whatever its level, so any console line fails: the report runs no script that logs. Also
# "Uncaught" exceptions and resources that failed to load. Chromium's own noise about the
# headless environment (dbus, GPU, sandbox) is not about the page and is ignored.
page_errors=$(grep -E 'Uncaught|:CONSOLE|CONSOLE\(|Failed to load resource|net::ERR_' "$log" |
  grep -vE 'dbus|gpu-process|sandbox|Fontconfig' || true)
if [ -n "$page_errors" ]; then
  echo "error: the page logged errors in Chromium:" >&2
  echo "$page_errors" >&2
  fail=1
fi
if ! grep -q '<script type="application/json" id="whsim-data">{' "$outdir/dom.html"; then
  echo "error: the whsim-data JSON block is missing from the DOM Chromium built" >&2
  fail=1
fi
if ! grep -q '<svg class="chart"' "$outdir/dom.html"; then
  echo "error: no chart SVG in the DOM Chromium built" >&2
  fail=1
fi
if [ $fail -eq 0 ]; then
  echo "ok: $report renders in $chromium without console errors; screenshot $outdir/report.png"
fi
exit $fail
