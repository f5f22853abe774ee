#!/usr/bin/env bash
# The portal's own PostgreSQL clusters, apart from any system cluster:
#   run   durable, for `make run` / `make serve`  port $WSIS_DB_PORT      (default 54329)
#   test  fsync off, for `make test`               port $WSIS_TEST_DB_PORT (default 54330)
# usage: scripts/db.sh start|url [run|test]      (default: $WSIS_DB_INSTANCE, else run)
#        scripts/db.sh stop|status [run|test]    (default: both)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}
only=${2:-${WSIS_DB_INSTANCE:-}}

die() { echo "error: $*" >&2; exit 1; }

case $only in run | test | "") ;; *) die "unknown instance '$only' (use run or test)" ;; esac

port_var() { [ "$1" = run ] && echo WSIS_DB_PORT || echo WSIS_TEST_DB_PORT; }
port_of() { [ "$1" = run ] && echo "${WSIS_DB_PORT:-54329}" || echo "${WSIS_TEST_DB_PORT:-54330}"; }

# initdb and postgres refuse to run as root: as root, the clusters belong to the postgres user,
# and their data lives in the repo only if that user can reach it.
if [ "$(id -u)" = 0 ]; then
    as_pg() { (cd / && runuser -u postgres -- "$@"); }
else
    as_pg() { "$@"; }
fi

# Where the data lives. A place that already holds a cluster wins, so the data never moves
# between runs (the postgres user may only appear once PostgreSQL is installed).
choose_base() {
    local fallback candidate
    fallback=/var/tmp/wsis-portal-$(printf %s "$repo" | sha256sum | cut -c1-12)
    for candidate in "$repo/.pgdata" "$fallback"; do
        if [ -f "$candidate/run/PG_VERSION" ] || [ -f "$candidate/test/PG_VERSION" ]; then
            base=$candidate
            return
        fi
    done
    if [ "$(id -u)" != 0 ] || { id postgres >/dev/null 2>&1 && as_pg test -x "$repo/."; }; then
        base=$repo/.pgdata
    else
        base=$fallback
    fi
}
choose_base

# The server binaries matching the cluster's data (else the newest installed).
pg_bin() {
    local v
    v=$(cat "$1/PG_VERSION" 2>/dev/null || true)
    if [ -n "$v" ] && [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then
        echo "/usr/lib/postgresql/$v/bin"
    elif compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; then
        compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n1
    elif command -v pg_ctl >/dev/null; then
        dirname "$(command -v pg_ctl)"
    fi
}

# True when the postmaster named in postmaster.pid is alive and serves this data folder; a pid
# left by a crash may since have been reused by another process.
running() {
    local pid
    pid=$(head -n1 "$1/postmaster.pid" 2>/dev/null) || return 1
    [ -n "$pid" ] && tr "\0" " " 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "-D $1"
}

port_busy() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

start() {
    local n=$1 dir=$base/$1 port bin pid
    port=$(port_of "$n")
    if [ -z "$(pg_bin "$dir")" ]; then
        [ "$(id -u)" = 0 ] || die "the PostgreSQL server is not installed; run: sudo apt-get install -y postgresql"
        echo "Installing PostgreSQL (apt-get install postgresql)..."
        "$repo/scripts/apt-install.sh" postgresql
        choose_base
        dir=$base/$n
    fi
    bin=$(pg_bin "$dir")
    mkdir -p "$base"
    chmod 755 "$base"
    exec 9>"$base/$n.lock"
    flock 9 # two `make` runs starting the same cluster at once

    if [ ! -f "$dir/PG_VERSION" ]; then
        echo "$n: creating a PostgreSQL cluster in $dir"
        rm -rf "$dir"
        mkdir -m 700 "$dir"
        if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
        as_pg "$bin/initdb" -D "$dir" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >"$base/$n.initdb.log" 2>&1 ||
            die "$n: initdb failed; see $base/$n.initdb.log"
        echo "include = 'wsis.conf'" | as_pg tee -a "$dir/postgresql.conf" >/dev/null
    fi

    if running "$dir"; then
        [ "$(sed -n 4p "$dir/postmaster.pid")" = "$port" ] ||
            die "$n: the cluster already runs on port $(sed -n 4p "$dir/postmaster.pid"), not $port; run: scripts/db.sh stop $n"
        echo "$n: already running on 127.0.0.1:$port"
    else
        port_busy "$port" &&
            die "port $port is in use by another program; set $(port_var "$n")=<a free port> to use another one"
        # Rewritten at each start so that a changed port takes effect.
        {
            echo "port = $port"
            echo "listen_addresses = '127.0.0.1'"
            # No unix socket: nothing to clash with the system cluster's /var/run/postgresql.
            echo "unix_socket_directories = ''"
            echo "jit = off"
            if [ "$n" = test ]; then
                printf '%s\n' "fsync = off" "synchronous_commit = off" "full_page_writes = off"
            fi
        } | as_pg tee "$dir/wsis.conf" >/dev/null
        # postgres sets aside a postmaster.pid left by a crash, unless its pid has since been
        # taken by another live process: then the file is surely stale.
        pid=$(head -n1 "$dir/postmaster.pid" 2>/dev/null || true)
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then rm -f "$dir/postmaster.pid"; fi
        # 9>&-: the server must not inherit (and so hold) the start lock.
        if ! as_pg "$bin/pg_ctl" start -D "$dir" -l "$dir/server.log" -w -t 60 -s >/dev/null 9>&-; then
            tail -n 5 "$dir/server.log" >&2 || true
            die "$n: PostgreSQL did not start; see $dir/server.log"
        fi
        echo "$n: started on 127.0.0.1:$port"
    fi

    local psql=("$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres)
    if [ "$("${psql[@]}" -d postgres -tAc "select 1 from pg_database where datname = 'wsis'")" != 1 ]; then
        "${psql[@]}" -d postgres -c "create database wsis"
    fi
}

stop() {
    local n=$1 dir=$base/$1
    if running "$dir"; then
        as_pg "$(pg_bin "$dir")/pg_ctl" stop -D "$dir" -m fast -w -s
        echo "$n: stopped"
    else
        echo "$n: not running"
    fi
}

status() {
    local n=$1 dir=$base/$1
    if running "$dir"; then
        echo "$n: running on 127.0.0.1:$(sed -n 4p "$dir/postmaster.pid") (data in $dir)"
    elif [ -f "$dir/PG_VERSION" ]; then
        echo "$n: stopped (data in $dir)"
        return 3
    else
        echo "$n: not created yet (it will be in $dir)"
        return 3
    fi
}

case $cmd in
    start) start "${only:-run}" ;;
    url) echo "postgres://postgres@127.0.0.1:$(port_of "${only:-run}")/wsis" ;;
    stop | status)
        rc=0
        for n in ${only:-run test}; do "$cmd" "$n" || rc=$?; done
        exit $rc
        ;;
    *) die "usage: scripts/db.sh start|stop|status|url [run|test]" ;;
esac
