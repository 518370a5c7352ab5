#!/usr/bin/env bash
# The HTML report in a real browser: run three studies (the quickstart on a reduced grid, with its law fitted, the
# double-descent example, with its peak, and the model-collapse example, with its trajectories), open each
# report-<study>.html in headless Chromium (Debian's `chromium`, installed here when missing), and check that the page logged nothing to the console and that its own check found
# every figure drawn (body data-figures="k/k", k > 0). A copy with one figure blanked must fail the same check, so the
# check can fail. Screenshots go to $SWEEP_ARTIFACTS/browser (default artifacts/browser) as the test's artifact.
# Prints one "ok NAME" or "FAIL NAME" line per check (.ci/run counts them); exits 1 if any failed.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sweep-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT
shots="${SWEEP_ARTIFACTS:-$repo/artifacts}/browser"
mkdir -p "$shots"
failed=0
check() { # check NAME COMMAND...
  if "${@:2}" >"$work/last.log" 2>&1; then echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; sed 's/^/     /' "$work/last.log" | tail -25; fi
}

if ! command -v chromium >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium; } >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; }
fi
check "chromium is installed" command -v chromium

browse() { # browse PAGE: the DOM after load (stdout) and Chromium's log (PAGE.log)
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=15000 \
    --enable-logging=stderr --v=0 --dump-dom "file://$1" 2>"$1.log"
}

page_ok() { # page_ok PAGE: no console message, and every figure drawn
  local page=$1 dom total state
  dom=$(browse "$page") || { echo "chromium failed on $page"; tail -5 "$page.log"; return 1; }
  if grep -q 'CONSOLE' "$page.log"; then echo "console messages:"; grep 'CONSOLE' "$page.log"; return 1; fi
  total=$(grep -o '<figure class="figure' "$page" | wc -l)
  state=$(printf '%s' "$dom" | grep -o '<body[^>]*data-figures="[^"]*"' | sed 's/.*data-figures="\([^"]*\)"/\1/')
  echo "figures: $state (page has $total)"
  [ "$total" -gt 0 ] && [ "$state" = "$total/$total" ]
}

export -f browse page_ok

screenshot() { # screenshot PAGE NAME
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=15000 --window-size=1280,6000 \
    --screenshot="$shots/$2.png" "file://$1" >/dev/null 2>&1 && test -s "$shots/$2.png"
}

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
check "the quickstart (reduced grid) writes report-quickstart.html" bash -c \
  "dotnet run --project '$repo/examples/Quickstart' -c Release --no-launch-profile -- run quickstart \
     --set Features=8,32,128 --set TrainSize=256,4096 --seeds 2 --out '$work/quickstart' && test -s '$work/quickstart/report-quickstart.html'"
check "the double-descent example writes report-double-descent.html" bash -c \
  "dotnet run --project '$repo/examples/DoubleDescent' -c Release --no-launch-profile -- run double-descent --seeds 2 --out '$work/dd' \
     && test -s '$work/dd/report-double-descent.html'"
check "the model-collapse example writes report-model-collapse.html" bash -c \
  "dotnet run --project '$repo/examples/ModelCollapse' -c Release --no-launch-profile -- run model-collapse --out '$work/mc' \
     && test -s '$work/mc/report-model-collapse.html'"

for page in "$work/quickstart/report-quickstart.html" "$work/dd/report-double-descent.html" "$work/mc/report-model-collapse.html"; do
  name=$(basename "$page" .html)
  check "$name: no console errors and every figure rendered in Chromium" page_ok "$page"
  check "$name: the law, peak or collapse figures are on the page" grep -qE 'data-stem="[^"]*-(law|peak|collapse)-' "$page"
  check "$name: a screenshot is saved in $shots" screenshot "$page" "$name"
done

broken="$work/quickstart/broken.html"
python3 - "$work/quickstart/report-quickstart.html" "$broken" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
start = html.index('<figure class="figure"')
end = html.index("</figure>", start) + len("</figure>")
blank = '<figure class="figure" data-stem="blanked"><svg xmlns="http://www.w3.org/2000/svg" width="800" height="500"></svg></figure>'
open(sys.argv[2], "w", encoding="utf-8").write(html[:start] + blank + html[end:])
PY
check "a page with a blank figure fails the check, naming the figure" bash -c \
  "! page_ok '$broken' && grep -q 'figure blanked is blank' '$broken.log'"

exit $((failed > 0))
