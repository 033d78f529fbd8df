#!/usr/bin/env bash
# Finds a Chromium for the browser tests: CHROME_PATH, else /usr/bin/chromium. Where none exists
# it installs Debian's (as root with apt-get), or stops with one sentence saying what to install.
set -euo pipefail
for candidate in "${CHROME_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium for the browser tests…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2
  [ -x /usr/bin/chromium ] && { echo /usr/bin/chromium; exit 0; }
fi
echo "No Chromium found: install one (Debian: 'apt-get install -y chromium'; elsewhere 'npx playwright install chromium') or set CHROME_PATH to its binary." >&2
exit 1
