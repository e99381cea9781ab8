# shellcheck shell=bash
# Stopping what a script started, shared by the scripts that start PANDA
# (contract.sh, docs_page.sh, crash_test.sh, bench.sh). Source it; it uses
# the caller's variables:
#   server    the PID of the running `panda serve` (emptied once stopped)
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
