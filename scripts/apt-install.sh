#!/usr/bin/env bash
# Installs Debian packages non-interactively (root only): scripts/apt-install.sh PACKAGE...
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
    echo "error: installing $* needs root; run: sudo apt-get install -y $*" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists first: on a fresh machine they are empty or stale.
apt-get update -qq
apt-get install -y -qq "$@" </dev/null
