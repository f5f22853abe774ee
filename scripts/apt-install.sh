#!/usr/bin/env bash
# Installs Debian packages non-interactively (root only): scripts/apt-install.sh PACKAGE...
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
    echo "error: installing $* needs root; run: sudo apt-get install -y $*" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp /tmp/apt-install.XXXXXX.log)
# Refresh the package lists first: on a fresh machine they are empty or stale.
if ! { apt-get update -q && apt-get install -y -q "$@"; } </dev/null >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "error: apt-get install $* failed; the full log is $log" >&2
    exit 1
fi
rm -f "$log"
