#!/usr/bin/env bash
# PostgreSQL and Redis on loopback for this project: throw-away ones (tests, benchmarks) in a state directory
# under /tmp, or kept ones (`make run`) whose data stay under a directory of the project between runs.
#
# Throw-away:
#   scripts/services.sh start          start both; print `export ...` lines (eval them)
#   scripts/services.sh env [DIR]      print the export lines again
#   scripts/services.sh stop [DIR]     stop both (by pid) and remove the state directory
#   scripts/services.sh run CMD...     start, run CMD with DATABASE_URL and REDIS_URL set, always stop;
#                                      exits with CMD's status
# DIR defaults to $SERVICES_STATE, which `start` exports.
#
# Kept (DIR is e.g. var; `make run` uses it):
#   scripts/services.sh up DIR         start both, creating them on first use: the cluster in DIR/postgres (database
#                                      `app`, role `app`), Redis in DIR/redis (saved to DIR/redis/dump.rdb when it
#                                      stops); print the export lines, also written to DIR/services.env while they
#                                      run. Refuses if they are already running.
#   scripts/services.sh down DIR       stop both (by pid); keep the data; remove DIR/services.env
# Kept ones take the ports they had last time when those are still free.
#
# PG_PORT_FIRST / REDIS_PORT_FIRST: the first port tried (5433 and 6390); the next free port is taken when one is
# in use. PostgreSQL refuses to run as root, so as root its commands run as the postgres user.
set -euo pipefail
shopt -s inherit_errexit

PG_PORT_FIRST=${PG_PORT_FIRST:-5433}
REDIS_PORT_FIRST=${REDIS_PORT_FIRST:-6390}

log() { echo "services: $*" >&2; }

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        "$(command -v runuser || echo /usr/sbin/runuser)" -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        log "PostgreSQL server binaries not found (apt-get install postgresql; \`make test\` does it as root)"
        exit 1
    fi
    echo "$bin"
}

port_free() {
    python3 - "$1" <<'EOF'
import socket, sys
s = socket.socket()
# As the servers bind: a port whose last connections linger in TIME_WAIT is free to them.
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
EOF
}

free_port() {
    local port=$1 last=$(($1 + 50))
    while [ "$port" -le "$last" ]; do
        if port_free "$port"; then
            echo "$port"
            return 0
        fi
        port=$((port + 1))
    done
    log "no free port between $1 and $last"
    return 1
}

state_dir() {
    local dir=${1:-${SERVICES_STATE:-}}
    if [ -z "$dir" ] || [ ! -f "$dir/env" ]; then
        log "no running services found (give the state directory or set SERVICES_STATE)"
        exit 1
    fi
    echo "$dir"
}

start_postgres() {
    local base=$1 pgbin port
    pgbin=$(pg_bin)
    port=$(free_port "$PG_PORT_FIRST")
    mkdir -p "$base/pg/data" "$base/pg/sock"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres:postgres "$base/pg"
    fi
    chmod 700 "$base/pg/data"
    echo "$pgbin" >"$base/pg.bin"
    # cd: the postgres user may not be allowed into the caller's directory.
    (cd "$base/pg" && as_postgres "$pgbin/initdb" -D "$base/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        >"$base/pg/initdb.log" 2>&1) || { cat "$base/pg/initdb.log" >&2; return 1; }
    (cd "$base/pg" && as_postgres "$pgbin/pg_ctl" -D "$base/pg/data" -l "$base/pg/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $base/pg/sock -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off" start >/dev/null) || { cat "$base/pg/server.log" >&2; return 1; }
    "$pgbin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB" -c "CREATE DATABASE app OWNER app" >/dev/null
    echo "export DATABASE_URL=postgres://app:app@127.0.0.1:$port/app" >>"$base/env"
}

start_redis() {
    local base=$1 port i
    if ! command -v redis-server >/dev/null; then
        log "redis-server not found (apt-get install redis-server; \`make test\` does it as root)"
        return 1
    fi
    port=$(free_port "$REDIS_PORT_FIRST")
    mkdir -p "$base/redis"
    redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --pidfile "$base/redis/redis.pid" \
        --logfile "$base/redis/redis.log" --dir "$base/redis" --save "" --appendonly no >/dev/null ||
        { log "redis-server failed to start"; cat "$base/redis/redis.log" >&2 2>/dev/null || true; return 1; }
    for i in $(seq 1 100); do
        if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ] && [ -s "$base/redis/redis.pid" ]; then
            echo "export REDIS_URL=redis://127.0.0.1:$port/0" >>"$base/env"
            return 0
        fi
        sleep 0.1
    done
    log "redis did not answer on port $port"
    cat "$base/redis/redis.log" >&2 || true
    return 1
}

stop_services() {
    local base=$1 pid i
    if [ -f "$base/pg/data/postmaster.pid" ] && [ -f "$base/pg.bin" ]; then
        (cd "$base" && as_postgres "$(cat "$base/pg.bin")/pg_ctl" -D "$base/pg/data" -m fast -w -t 30 stop \
            >/dev/null) || log "PostgreSQL did not stop cleanly; see $base/pg/server.log"
    fi
    if [ -s "$base/redis/redis.pid" ]; then
        pid=$(cat "$base/redis/redis.pid")
        if kill "$pid" 2>/dev/null; then
            for i in $(seq 1 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
        fi
    fi
    rm -rf "$base"
}

cmd_start() {
    STARTING=$(mktemp -d /tmp/asb-services.XXXXXX)
    chmod 755 "$STARTING"
    # If either fails to start, stop what did start before leaving.
    trap 'log "start failed; stopping what did start"; stop_services "$STARTING"' EXIT
    echo "export SERVICES_STATE=$STARTING" >"$STARTING/env"
    start_postgres "$STARTING"
    start_redis "$STARTING"
    trap - EXIT
    cat "$STARTING/env"
}

cmd_run() {
    if [ $# -eq 0 ]; then
        log "usage: $0 run CMD..."
        exit 2
    fi
    local lines status=0
    lines=$(cmd_start)
    eval "$lines"
    # Stop on any exit, including Ctrl-C, and only what this run started.
    trap 'stop_services "$SERVICES_STATE"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    "$@" || status=$?
    exit "$status"
}

# --- Kept services (`make run`) -----------------------------------------------------------------------------

kept_dir() {
    if [ -z "${1:-}" ]; then
        log "usage: $0 up|down DIR"
        exit 2
    fi
    mkdir -p "$1"
    (cd "$1" && pwd)
}

# The port used last time (remembered in FILE) if still free, else the next free one from FIRST.
kept_port() {
    local file=$1 first=$2 port
    if [ -s "$file" ] && port=$(cat "$file") && port_free "$port"; then
        echo "$port"
        return 0
    fi
    port=$(free_port "$first")
    echo "$port" >"$file"
    echo "$port"
}

kept_pg_running() {
    local pg=$1
    [ -f "$pg/data/postmaster.pid" ] && [ -f "$pg/bin" ] &&
        (cd "$pg" && as_postgres "$(cat "$pg/bin")/pg_ctl" -D "$pg/data" status >/dev/null 2>&1)
}

kept_redis_running() {
    [ -s "$1/redis.pid" ] && kill -0 "$(cat "$1/redis.pid")" 2>/dev/null
}

kept_start_postgres() {
    local pg=$1/postgres pgbin port
    pgbin=$(pg_bin)
    mkdir -p "$pg"
    echo "$pgbin" >"$pg/bin"
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$pg"
    if ! as_postgres test -w "$pg"; then
        log "the postgres user cannot reach $pg (a parent directory closed to others?): give it search access"
        return 1
    fi
    if [ ! -f "$pg/data/PG_VERSION" ]; then
        rm -rf "$pg/data"
        mkdir -p "$pg/data"
        [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$pg"
        chmod 700 "$pg/data"
        log "creating the PostgreSQL cluster in $pg/data"
        (cd "$pg" && as_postgres "$pgbin/initdb" -D "$pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
            >"$pg/initdb.log" 2>&1) || { cat "$pg/initdb.log" >&2; return 1; }
    fi
    [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$pg"
    port=$(kept_port "$pg/port" "$PG_PORT_FIRST")
    # TCP only (no socket file, whose path would be as long as the project's), durable (fsync on); a commit does
    # not wait for its flush: a crash may lose the last moments, never the cluster.
    (cd "$pg" && as_postgres "$pgbin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories= -c synchronous_commit=off" \
        start >/dev/null) || { tail -n 20 "$pg/server.log" >&2; return 1; }
    # The role and database of the app, on first use.
    "$pgbin/psql" -q -X -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SELECT 'CREATE ROLE app LOGIN PASSWORD ''app'' CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app')
\gexec
SELECT 'CREATE DATABASE app OWNER app' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'app')
\gexec
SQL
    echo "export DATABASE_URL=postgres://app:app@127.0.0.1:$port/app" >>"$1/services.env.new"
}

kept_start_redis() {
    local redis=$1/redis port i
    if ! command -v redis-server >/dev/null; then
        log "redis-server not found (apt-get install redis-server; \`make run\` does it as root)"
        return 1
    fi
    mkdir -p "$redis"
    port=$(kept_port "$redis/port" "$REDIS_PORT_FIRST")
    rm -f "$redis/redis.pid"
    redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --pidfile "$redis/redis.pid" \
        --logfile "$redis/redis.log" --dir "$redis" --save "60 1" --appendonly no >/dev/null ||
        { log "redis-server failed to start"; tail -n 20 "$redis/redis.log" >&2 2>/dev/null || true; return 1; }
    for i in $(seq 1 100); do
        if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ] && [ -s "$redis/redis.pid" ]; then
            echo "export REDIS_URL=redis://127.0.0.1:$port/0" >>"$1/services.env.new"
            return 0
        fi
        sleep 0.1
    done
    log "redis did not answer on port $port"
    tail -n 20 "$redis/redis.log" >&2 || true
    return 1
}

kept_stop() {
    local base=$1 pid i
    if kept_pg_running "$base/postgres"; then
        (cd "$base/postgres" && as_postgres "$(cat "$base/postgres/bin")/pg_ctl" -D "$base/postgres/data" -m fast \
            -w -t 60 stop >/dev/null) || log "PostgreSQL did not stop cleanly; see $base/postgres/server.log"
    fi
    if kept_redis_running "$base/redis"; then
        pid=$(cat "$base/redis/redis.pid")
        # SIGTERM: Redis saves its data (dump.rdb) and exits.
        kill "$pid" 2>/dev/null || true
        for i in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    rm -f "$base/services.env" "$base/services.env.new"
}

cmd_up() {
    KEPT=$(kept_dir "${1:-}")
    if kept_pg_running "$KEPT/postgres" || kept_redis_running "$KEPT/redis"; then
        log "PostgreSQL or Redis of $KEPT is already running (another \`make run\`?); \`$0 down $KEPT\` stops them"
        exit 1
    fi
    rm -f "$KEPT/services.env.new"
    trap 'log "start failed; stopping what did start"; kept_stop "$KEPT"' EXIT
    kept_start_postgres "$KEPT"
    kept_start_redis "$KEPT"
    trap - EXIT
    mv "$KEPT/services.env.new" "$KEPT/services.env"
    cat "$KEPT/services.env"
}


case "${1:-}" in
start) cmd_start ;;
env) cat "$(state_dir "${2:-}")/env" ;;
stop) stop_services "$(state_dir "${2:-}")" ;;
run)
    shift
    cmd_run "$@"
    ;;
up) cmd_up "${2:-}" ;;
down) kept_stop "$(kept_dir "${2:-}")" ;;
*)
    echo "usage: $0 start | env [DIR] | stop [DIR] | run CMD... | up DIR | down DIR" >&2
    exit 2
    ;;
esac
