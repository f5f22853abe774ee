#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright: install it when missing.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "Installing Chromium for the browser tests (apt-get install chromium)..."
    exec "$(dirname "$0")/apt-install.sh" chromium
fi
echo "warning: /usr/bin/chromium is missing, so the browser tests cannot run; install it with: sudo apt-get install -y chromium" >&2
