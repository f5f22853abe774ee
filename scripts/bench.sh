#!/usr/bin/env bash
# Runs every benchmark in bench/: the *.sh with bash, the *.py with the venv's Python.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PWD/.venv/bin:$PATH
shopt -s nullglob
benches=(bench/*.sh bench/*.py)
if [ ${#benches[@]} = 0 ]; then
    echo "no benchmarks in bench/ yet"
    exit 0
fi
for b in "${benches[@]}"; do
    echo "== $b"
    case $b in
        *.sh) bash "$b" ;;
        *.py) python "$b" ;;
    esac
done
