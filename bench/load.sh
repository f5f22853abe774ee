#!/usr/bin/env bash
# Load benchmark: the portal under gunicorn with the production settings (as `make serve`), and
# the framework's ceiling (wsis_portal.settings.bench: one minimal view, same gunicorn config),
# driven by wrk. Writes the "Load" section of docs/benchmarks.md and the raw wrk output to
# bench/results/.
#
# usage: bench/load.sh                    (make bench runs it, with the `run` cluster)
#   DURATION=30s CONNECTIONS="32 128"     defaults
#   PY=/path/to/python                    default .venv/bin/python
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

PY=${PY:-$repo/.venv/bin/python}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32 128}
PAGES=(/ /documents/tunis-agenda/ /documents/tunis-agenda/72/ /action-lines/c5/ "/search/?q=internet+governance")
# Also measured with the page cache off (DJANGO_PAGE_CACHE_SECONDS=0): every request renders.
UNCACHED=(/documents/tunis-agenda/ /documents/tunis-agenda/72/ /action-lines/c5/)
results=$repo/bench/results
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$results"

if ! command -v wrk >/dev/null; then
    echo "Installing wrk (apt-get install wrk)..."
    scripts/apt-install.sh wrk
fi

if [ -z "${DATABASE_URL:-}" ]; then
    scripts/db.sh start run
    DATABASE_URL=$(scripts/db.sh url run)
fi
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
    [ -s .secret_key ] || (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >.secret_key)
    DJANGO_SECRET_KEY=$(cat .secret_key)
fi
export DATABASE_URL DJANGO_SECRET_KEY DJANGO_DEBUG=0 DJANGO_HTTPS=0
export DJANGO_SETTINGS_MODULE=wsis_portal.settings.production

"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_reference_data
"$PY" manage.py collectstatic --noinput -v0

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

serve() { # settings module, port, log file
    DJANGO_SETTINGS_MODULE=$1 GUNICORN_BIND=127.0.0.1:$2 \
        "$PY" -m gunicorn -c wsis_portal/gunicorn.conf.py wsis_portal.wsgi >"$3" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        curl -fs -o /dev/null "http://127.0.0.1:$2/" 2>/dev/null && return 0
        curl -s -o /dev/null "http://127.0.0.1:$2/" 2>/dev/null && return 0
        sleep 0.2
    done
    echo "error: gunicorn ($1) did not start; see $3" >&2
    exit 1
}

portal_port=$(free_port)
serve wsis_portal.settings.production "$portal_port" "$results/portal.log"
uncached_port=$(free_port)
DJANGO_PAGE_CACHE_SECONDS=0 serve wsis_portal.settings.production "$uncached_port" "$results/uncached.log"
ceiling_port=$(free_port)
serve wsis_portal.settings.bench "$ceiling_port" "$results/ceiling.log"

# wrk's report -> "req/s p50 p99 non2xx errors"
summarize() {
    awk '
        /Requests\/sec/ { rps = $2 }
        $1 == "50%" { p50 = $2 }
        $1 == "99%" { p99 = $2 }
        /Non-2xx or 3xx/ { non2xx = $NF }
        /Socket errors/ { gsub(",", ""); errors = $4 + $6 + $8 + $10 }
        END { printf "%s %s %s %d %d\n", rps, p50, p99, non2xx, errors }
    ' "$1"
}

run() { # label, url, connections
    local out=$results/$(printf "%s-%s" "$3" "$1" | tr -c "a-zA-Z0-9-" _).txt
    wrk -t2 -c"$3" -d"$DURATION" --timeout 10s --latency "$2" >"$out"
    summarize "$out"
}

echo "Warming up and checking the pages..."
declare -A status
for page in "${PAGES[@]}"; do
    status[$page]=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$portal_port$page")
    for _ in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$portal_port$page"; done
    echo "  $page -> ${status[$page]}"
done

table=$(mktemp)
for c in $CONNECTIONS; do
    echo "== $c connections, $DURATION each"
    read -r c_rps c_p50 c_p99 c_non c_err < <(run ceiling "http://127.0.0.1:$ceiling_port/" "$c")
    echo "  ceiling: $c_rps req/s"
    printf '| %s | minimal view (ceiling) | %.0f | %s | %s | %d | 100%% |\n' \
        "$c" "$c_rps" "$c_p50" "$c_p99" "$((c_non + c_err))" >>"$table"
    for page in "${PAGES[@]}"; do
        read -r rps p50 p99 non err < <(run "$page" "http://127.0.0.1:$portal_port$page" "$c")
        ratio=$(awk -v a="$rps" -v b="$c_rps" 'BEGIN { printf "%.0f%%", 100 * a / b }')
        echo "  $page: $rps req/s ($ratio of the ceiling), p50 $p50, p99 $p99, non-2xx $non, errors $err"
        printf '| %s | `%s` (%s) | %.0f | %s | %s | %d | %s |\n' \
            "$c" "$page" "${status[$page]}" "$rps" "$p50" "$p99" "$((non + err))" "$ratio" >>"$table"
    done
    for page in "${UNCACHED[@]}"; do
        read -r rps p50 p99 non err < <(run "uncached$page" "http://127.0.0.1:$uncached_port$page" "$c")
        ratio=$(awk -v a="$rps" -v b="$c_rps" 'BEGIN { printf "%.0f%%", 100 * a / b }')
        echo "  $page uncached: $rps req/s ($ratio of the ceiling), p50 $p50, p99 $p99, non-2xx $non, errors $err"
        printf '| %s | `%s` uncached | %.0f | %s | %s | %d | %s |\n' \
            "$c" "$page" "$rps" "$p50" "$p99" "$((non + err))" "$ratio" >>"$table"
    done
done

cores=$(nproc)
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
section=$(mktemp)
{
    echo "## Load"
    echo
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/load.sh\` (\`make bench\`): wrk, 2 threads, 10 s timeout,"
    echo "$DURATION per run, against gunicorn with \`wsis_portal/gunicorn.conf.py\` and the production"
    echo "settings (as \`make serve\`, plain HTTP), database: the embedded \`run\` cluster with the reference"
    echo "data. The ceiling is a minimal view under the same gunicorn configuration and middleware"
    echo "(\`wsis_portal.settings.bench\`). wrk, gunicorn and PostgreSQL share the machine."
    echo
    echo "Machine: $cores cores ($cpu), $mem; load average (1, 5, 15 min) before the run: $load_before,"
    echo "after: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes in the checkout)')."
    echo
    echo "| connections | page (status) | req/s | p50 | p99 | errors (non-2xx + socket) | of ceiling |"
    echo "|---:|---|---:|---:|---:|---:|---:|"
    cat "$table"
    echo
    echo "Anonymous requests without \`Accept-Encoding\`, so identity bodies. After the warm-up every"
    echo "page is a page-cache hit (one query per request: the content version, which is also the"
    echo "connection's health check); rows marked *uncached* come from a third gunicorn with"
    echo "\`DJANGO_PAGE_CACHE_SECONDS=0\`, which renders every request. Raw wrk output: \`bench/results/\`."
} >"$section"

doc=docs/benchmarks.md
[ -f "$doc" ] || printf '# Benchmarks\n\n' >"$doc"
# Replace the Load section (up to the next "## " heading), keeping the others.
"$PY" - "$doc" "$section" <<'EOF'
import re, sys
doc, section = sys.argv[1], open(sys.argv[2]).read().rstrip() + "\n"
text = open(doc).read()
notes = ""
if (m := re.search(r"(?ms)^## Load\n.*?(?=^## |\Z)", text)):
    kept = re.search(r"(?ms)^### Reading the figures\n.*", m.group(0))
    notes = "\n" + kept.group(0).rstrip() + "\n" if kept else ""
    text = text[: m.start()] + section + notes + ("\n" if text[m.end():] else "") + text[m.end():]
else:
    text = text.rstrip() + "\n\n" + section
open(doc, "w").write(text)
EOF
cat "$section"
rm -f "$table" "$section"
