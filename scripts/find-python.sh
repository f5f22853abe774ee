#!/usr/bin/env bash
# Prints the path of a Python >= 3.12: $PYTHON if set, else the newest one found.
set -euo pipefail

need="Python 3.12 or newer is needed (Debian 12 ships 3.11); install one (e.g. pyenv install 3.12, or uv python install 3.12) or set PYTHON=/path/to/python3.12"

# Prints the real interpreter path (resolving pyenv shims) when $1 is >= 3.12.
check() {
    "$1" -c 'import sys; sys.exit(1) if sys.version_info < (3, 12) else print(sys.executable)' 2>/dev/null
}

if [ -n "${PYTHON:-}" ]; then
    check "$PYTHON" && exit 0
    version=$("$PYTHON" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo "not runnable")
    echo "error: PYTHON=$PYTHON is $version; $need" >&2
    exit 1
fi

candidates=(python3.15 python3.14 python3.13 python3.12)
for root in "${PYENV_ROOT:-}" "${HOME:-}/.pyenv" /root/.pyenv; do
    [ -n "$root" ] || continue
    # Newest first: 3.13.0 before 3.12.1.
    mapfile -t -O "${#candidates[@]}" candidates < <(
        compgen -G "$root/versions/3.1[2-9]*/bin/python" | sort -rV || true)
done
mapfile -t -O "${#candidates[@]}" candidates < <(compgen -G "/usr/bin/python3.1[2-9]" | sort -rV || true)
candidates+=(python3)

for py in "${candidates[@]}"; do
    check "$py" && exit 0
done
echo "error: $need" >&2
exit 1
