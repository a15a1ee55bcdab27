#!/usr/bin/env bash
# Throw-away PostgreSQL and Redis for tests and benchmarks, on loopback, in a state directory under /tmp.
#
#   scripts/services.sh start          start both; print `export ...` lines (eval them)
#   scripts/services.sh env [DIR]      print the export lines again
#   scripts/services.sh stop [DIR]     stop both (by pid) and remove the state directory
#   scripts/services.sh run CMD...     start, run CMD with DATABASE_URL and REDIS_URL set, always stop;
#                                      exits with CMD's status
#
# DIR defaults to $SERVICES_STATE, which `start` exports. PG_PORT_FIRST / REDIS_PORT_FIRST: the first port tried
# (5433 and 6390); the next free port is taken when one is in use. PostgreSQL refuses to run as root, so
# as root its commands run as the postgres user.
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

case "${1:-}" in
start) cmd_start ;;
env) cat "$(state_dir "${2:-}")/env" ;;
stop) stop_services "$(state_dir "${2:-}")" ;;
run)
    shift
    cmd_run "$@"
    ;;
*)
    echo "usage: $0 start | env [DIR] | stop [DIR] | run CMD..." >&2
    exit 2
    ;;
esac
