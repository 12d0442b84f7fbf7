#!/usr/bin/env bash
# Headless Chromium for the tests that open the reports as a person would (test/report/mermaid.test.ts and
# test/report/html.test.ts): Debian's chromium package, and its colour emoji font so the PR comment's screenshot
# shows GitHub's marks (report.html itself uses no emoji). Installed where apt works as root; elsewhere the
# browser tests are reported as skipped, naming what is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: not root with apt-get here; the browser tests will be skipped (apt-get install chromium fonts-noto-color-emoji)" >&2
  exit 0
fi
apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null 2>&1 ||
  { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null 2>&1; } ||
  echo "install-chromium: apt-get install chromium fonts-noto-color-emoji failed; the browser tests will be skipped" >&2
