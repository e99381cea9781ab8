# shellcheck shell=bash
# Starting PANDA and stopping what a script started, shared by the scripts
# that start PANDA (contract.sh, docs_page.sh, crash_test.sh, bench.sh).
# Source it; it uses the caller's variables:
#   work      the directory holding the copied binary (`$work/panda`)
#   server    the PID of the running `panda serve` (emptied once stopped)
#   base      the address it serves (set by start_panda)
#   postgres  the PostgreSQL server URL, without a database
#   pg_db     the database the script made there (emptied once dropped)

# Stops the process whose PID is in the variable named $1 and empties it.
stop_pid() {
    local name=$1
    local pid=${!name}
    if [[ -n $pid ]]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        printf -v "$name" '%s' ""
    fi
}

# Stops `panda serve` ($server): a graceful stop gives requests 30 s; it
# gets 10, then SIGKILL.
stop_server() {
    if [[ -n $server ]]; then
        kill "$server" 2>/dev/null || true
        for _ in $(seq 100); do
            kill -0 "$server" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
        server=
    fi
}

# Drops the PostgreSQL database $pg_db, if the script made one.
drop_pg_db() {
    if [[ -n $pg_db ]]; then
        PGCONNECT_TIMEOUT=5 timeout 30 psql "$postgres/postgres" -XqAtc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null || true
        pg_db=
    fi
}

# Starts `$work/panda serve` on the database URL $1 on a free loopback port,
# its stdout in $2/server.out and its stderr appended to $2/server.log (any
# PANDA_* variable set for the call reaches it); sets $server and $base.
# Fails, with the log's tail, if no address is printed within $3 seconds
# (20 by default).
start_panda() {
    local url=$1 dir=$2 seconds=${3:-20}
    : >"$dir/server.out"
    PANDA_DATABASE_URL="$url" PANDA_BIND=127.0.0.1:0 \
        "$work/panda" serve >"$dir/server.out" 2>>"$dir/server.log" &
    server=$!
    base=
    for _ in $(seq $((seconds * 10))); do
        base=$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$dir/server.out" | head -1)
        [[ -n $base ]] && return 0
        kill -0 "$server" 2>/dev/null || break
        sleep 0.1
    done
    echo "the server did not start within $seconds s:" >&2
    tail -20 "$dir/server.log" >&2
    return 1
}

# Waits up to 20 s for $base/readyz to answer 200; fails, with the tail of
# $1/server.log, if it does not.
wait_ready() {
    local dir=$1
    for _ in $(seq 100); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base/readyz") == 200 ]] && return 0
        sleep 0.2
    done
    echo "$base/readyz did not answer 200 within 20 s:" >&2
    tail -20 "$dir/server.log" >&2
    return 1
}
