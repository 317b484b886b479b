#!/usr/bin/env bash
# The policy workbench (verdict serve's pages) in a real browser: Debian's
# headless chromium + chromium-driver (scripts/install-deps.sh) driven by
# Selenium from PyPI in build-browser/venv. Starts `verdict serve` on a free
# port, runs tests/browser, kills the server. Screenshots of every page go
# to build/screenshots/. A missing browser or driver is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
for tool in /usr/bin/chromium /usr/bin/chromedriver "$BUILD/verdict"; do
  [[ -x "$tool" ]] || { echo "test_browser: missing $tool" >&2; exit 1; }
done
VENV=build-browser/venv
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
fi
# selenium 4.51.0: the newest whose dependencies the PyPI mirror has.
"$VENV/bin/pip" install -q "selenium==4.51.0" "pytest>=8"
mkdir -p "$BUILD/screenshots"
echo "browser tests: tests/browser with $(/usr/bin/chromium --version 2>/dev/null | head -1), verdict at $BUILD/verdict"
VERDICT_BIN="$PWD/$BUILD/verdict" VERDICT_PACK="$PWD/rules/bss" SCREENSHOTS="$PWD/$BUILD/screenshots" \
  "$VENV/bin/python" -m pytest -q -p no:cacheprovider -rA tests/browser "$@"
echo "screenshots: $(ls "$BUILD"/screenshots/*.png | tr '\n' ' ')"
