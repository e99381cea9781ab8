#!/usr/bin/env bash
# Crash test: does every booking PANDA acknowledged survive `kill -9`, and do
# the booking rules still hold afterwards? For each backend, CRASH_ROUNDS
# rounds of:
#   1. start `panda serve` on a fresh database on 127.0.0.1 (a free port);
#   2. seed practitioners and patients over HTTP (scripts/crash/client.py);
#   3. book at full speed from CRASH_THREADS concurrent clients, each in its
#      own practitioner's diary, so that every booking is valid (plus some
#      that must be refused, and some cancellations and re-bookings), each
#      client recording every acknowledgement (201, or 200 for a cancellation)
#      as soon as it reads it;
#   4. after a random 1 to 3 seconds of load, `kill -9` the server by its PID;
#   5. start `panda serve` again on the SAME database, then check that every
#      acknowledged booking answers 200 to GET /api/v1/appointments/{id} with
#      what was booked, and is in the appointments table; that in SQL no
#      patient has two non-cancelled appointments on one day, no
#      (practitioner_id, slot_start) has two appointment_slots rows, and every
#      non-cancelled appointment has exactly duration_minutes/15 slot rows in
#      its own time (and no slot row belongs to nothing or to a cancelled
#      appointment); SQLite's integrity_check; that the restarted server takes
#      a new booking; and that the load got no answer it did not ask for.
# It kills the PANDA process, not the machine nor PostgreSQL: with SQLite's
# `synchronous = NORMAL` a power cut may still lose the last commits, which
# this test cannot see.
# Each round prints `acknowledged N, found N`; any difference or broken rule
# fails the round. The last line is `crash: R passed, F failed` (rounds); the
# exit status is 1 if any round failed.
#
#   scripts/crash_test.sh [sqlite|postgres|all]      (default: all)
#
# Environment (defaults in brackets):
#   CRASH_ROUNDS [3]  CRASH_THREADS [8]
#   CRASH_POSTGRES [postgres://postgres@127.0.0.1:5432]: a server where the
#     script may create (and then drops) a database panda_crash_<pid>_<round>.
#     If it is unreachable, the PostgreSQL rounds are SKIPPED (loudly), or
#     fail with CI=true.
#   PANDA_BIN [target/release/panda if present, else target/debug/panda]: the
#     binary under test. This script does NOT build it: scripts/test.sh (or
#     `cargo build`) does. It is copied first, so that a rebuild cannot swap
#     it mid-run.
#   PANDA_LOG_LEVEL [warn] and any other PANDA_* variable are passed to the
#     server as documented in README.md.
#
# Needs: python3 (standard library only), psql for PostgreSQL. Traffic goes
# to 127.0.0.1 only. Every process this script starts is stopped by its PID
# on exit, and each round's database is deleted (the work directory, with a
# SQLite database, the logs and the acknowledgements, is kept and named when a
# round fails). A round takes 5 to 10 seconds; every step has a time limit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
# shellcheck source=scripts/lib/processes.sh
source "$root/scripts/lib/processes.sh"
which=${1:-all}
rounds=${CRASH_ROUNDS:-3}
threads=${CRASH_THREADS:-8}
postgres=${CRASH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
export PANDA_LOG_LEVEL=${PANDA_LOG_LEVEL:-warn}

case $which in
sqlite) backends=(sqlite) ;;
postgres) backends=(postgres) ;;
all) backends=(sqlite postgres) ;;
*)
    echo "usage: scripts/crash_test.sh [sqlite|postgres|all]" >&2
    exit 2
    ;;
esac
[[ $rounds =~ ^[1-9][0-9]*$ && $threads =~ ^[1-9][0-9]?$ ]] || {
    echo "CRASH_ROUNDS must be a positive number and CRASH_THREADS 1 to 99" >&2
    exit 2
}
if [[ -z ${PANDA_BIN:-} ]]; then
    if [[ -x target/release/panda ]]; then PANDA_BIN=target/release/panda; else PANDA_BIN=target/debug/panda; fi
fi
[[ -x $PANDA_BIN ]] || {
    echo "no panda binary at $PANDA_BIN: build it first (scripts/test.sh or cargo build -p panda-server)" >&2
    exit 2
}

loud() {
    printf '\n%s\n' "************************************************************************" >&2
    printf '%s\n' "$@" >&2
    printf '%s\n\n' "************************************************************************" >&2
}

work=$(mktemp -d /tmp/panda-crash.XXXXXX)
server= # the PID of the running `panda serve`
load=   # the PID of the running load (timeout, which passes signals on)
pg_db=  # the PostgreSQL database of the round under way
passed=0
failed=0
in_round= # "backend round" while a round is under way
skipped=  # the backends skipped
keep=0

# The script's own stdout and stderr: a signal can arrive while a function's
# output is redirected to a file, and the trap must still report here.
exec 3>&1 4>&2
cleanup() {
    local status=$?
    exec 1>&3 2>&4
    stop_pid load
    stop_server
    drop_pg_db
    if [[ -n $in_round ]]; then
        # Stopped by an error or a signal mid-round: that round failed.
        echo "$in_round: FAILED (stopped: exit status $status)" >&2
        failed=$((failed + 1))
        keep=1
    fi
    rm -f "$work/panda"
    if ((keep)); then
        echo "kept for inspection: $work" >&2
    else
        rm -rf "$work"
    fi
    [[ -z $skipped ]] || echo "crash: SKIPPED:$skipped (unreachable)"
    echo "crash: $passed passed, $failed failed"
    ((failed == 0)) || exit 1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The binary is copied so that a rebuild by someone else cannot swap it mid-run.
cp "$PANDA_BIN" "$work/panda"
echo "crash test of $PANDA_BIN ($(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- crates Cargo.toml Cargo.lock 2>/dev/null || echo ' + uncommitted changes')): ${backends[*]}, $rounds rounds each, $threads clients"

# Starts `panda serve` on `$1` with its output in directory `$2` and sets
# $server to its PID and $base to the address it printed.
start_server() {
    # Five years ahead: the check after each restart books far beyond the load.
    PANDA_BOOKING_HORIZON=1830days start_panda "$1" "$2"
}

# `client SECONDS COMMAND ARGS...`: scripts/crash/client.py, within SECONDS.
client() { timeout "$1" python3 "$root/scripts/crash/client.py" "${@:2}"; }

# Stops the script: the harness itself failed (the EXIT trap counts the
# round under way as failed).
die() {
    echo "$in_round: $*" >&2
    exit 1
}

postgres_reachable() {
    PGCONNECT_TIMEOUT=5 timeout 10 psql "$postgres/postgres" -XqAtc 'SELECT 1' >/dev/null 2>&1
}

# One round: sets $verdict to 0 if it passed, 1 if a check failed. A step
# that fails or overruns (the server does not start or restart, seeding is
# refused, ...) stops the script instead, and the EXIT trap counts the round
# as failed.
crash_round() {
    local backend=$1 round=$2 url dir started=$SECONDS
    dir=$work/$backend-$round
    mkdir -p "$dir"
    case $backend in
    sqlite) url="sqlite://$dir/panda.db" ;;
    postgres)
        pg_db=panda_crash_$$_$round
        PGCONNECT_TIMEOUT=5 timeout 30 psql "$postgres/postgres" -XqAtc "CREATE DATABASE $pg_db" >/dev/null
        url="$postgres/$pg_db"
        ;;
    esac
    PANDA_CRASH_TOKEN=$(PANDA_DATABASE_URL="$url" timeout 30 "$work/panda" token create --role admin --name crash 2>>"$dir/server.log")
    export PANDA_CRASH_TOKEN
    start_server "$url" "$dir"
    client 30 seed "$base" "$dir" "$threads" >"$dir/seed.out"

    # Tomorrow, 00:00 UTC: the first day of the diaries (bookings must be in the future).
    local day0=$((($(date -u +%s) / 86400 + 1) * 86400))
    # Not through `client`: $! must be the PID of timeout itself (which passes
    # a signal on to python), not of a subshell running the function.
    timeout 40 python3 "$root/scripts/crash/client.py" load "$base" "$dir" "$threads" "$day0" 15 >"$dir/load.out" &
    load=$!
    for _ in $(seq 100); do
        [[ -e $dir/started ]] && break
        kill -0 "$load" 2>/dev/null || break
        sleep 0.1
    done
    [[ -e $dir/started ]] || {
        cat "$dir/load.out" >&2
        tail -20 "$dir/server.log" >&2
        die "the load did not get one booking through in 10 s"
    }
    local delay_ms=$((1000 + RANDOM % 2001))
    sleep "$((delay_ms / 1000)).$(printf '%03d' $((delay_ms % 1000)))"
    kill -9 "$server" 2>/dev/null || die "the server had stopped by itself before the kill"
    wait "$server" 2>/dev/null || true
    server=
    local status=0
    wait "$load" || status=$?
    load=
    ((status == 0)) || {
        cat "$dir/load.out" >&2
        die "the load failed (exit status $status)"
    }

    start_server "$url" "$dir"
    verdict=0
    client 60 verify "$base" "$dir" "$url" "$threads" "$day0" >"$dir/verify.out" || verdict=$?
    stop_server
    drop_pg_db
    ((verdict <= 1)) || {
        cat "$dir/verify.out" >&2
        die "the check itself failed (exit status $verdict)"
    }
    echo "$backend round $round/$rounds: killed after ${delay_ms} ms of load; $(head -1 "$dir/verify.out"); $((SECONDS - started)) s"
    sed 's/^/    /' "$dir/load.out"
    tail -n +2 "$dir/verify.out"
    if ((verdict == 0)); then
        echo "$backend round $round: PASSED"
        rm -rf "$dir"
    else
        echo "$backend round $round: FAILED (server log and acknowledgements kept in $dir)"
        keep=1
    fi
}

for backend in "${backends[@]}"; do
    if [[ $backend == postgres ]] && ! postgres_reachable; then
        if [[ ${CI:-} == true ]]; then
            loud "PostgreSQL is unreachable at $postgres, and CI=true: FAILED." \
                "Start it (scripts/test.sh does) or point CRASH_POSTGRES at one."
            failed=$((failed + rounds))
        else
            loud "PostgreSQL is unreachable at $postgres: the PostgreSQL crash rounds are SKIPPED." \
                "Start it (scripts/test.sh does) or point CRASH_POSTGRES at one."
            skipped+=" $backend"
        fi
        continue
    fi
    backend_started=$SECONDS
    for round in $(seq "$rounds"); do
        in_round="$backend round $round"
        crash_round "$backend" "$round"
        in_round=
        if ((verdict == 0)); then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    done
    echo "$backend: $rounds rounds in $((SECONDS - backend_started)) s"
done
