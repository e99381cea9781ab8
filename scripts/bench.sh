#!/usr/bin/env bash
# HTTP load benchmark of the release build (docs/benchmarks.md, "HTTP load").
# For each backend: start `panda serve` on a fresh database on 127.0.0.1 (a
# free port), seed it through the HTTP API (scripts/bench/seed.py), then run
# wrk against two routes, BENCH_RUNS times each:
#   reads     GET  /api/v1/patients/{nhs}/appointments   (scripts/bench/read.lua)
#   bookings  POST /api/v1/patients/{nhs}/appointments   (scripts/bench/book.lua,
#             every request a new valid booking; any non-2xx fails the run)
# and print requests/s, p50 and p99 for every run and their medians.
#
# With the scenario `slots`, it seeds instead a department of
# BENCH_CLINICIANS practitioners with working patterns and
# BENCH_APPOINTMENTS bookings (scripts/bench/seed_slots.py: half of every
# weekday's slots, for as many weeks as that takes) and loads the free-slot
# search, two weeks of the whole department a request:
#   search-1  GET /api/v1/slots, one connection (single-request latency)
#   searches  GET /api/v1/slots, BENCH_CONNECTIONS connections (throughput)
#
#   scripts/bench.sh [sqlite|postgres|all] [http|slots]   (default: all http)
#
# The backend `cluster` loads the instances of scripts/cluster.sh through
# its load balancer instead of starting a server (their binary and settings
# are the cluster's; the bookings need a long horizon):
#   PANDA_BOOKING_HORIZON=1830days scripts/cluster.sh 3 -- scripts/bench.sh cluster
#
# Environment (defaults in brackets):
#   BENCH_RUNS [3]  BENCH_DURATION [15s]  BENCH_THREADS [2]  BENCH_CONNECTIONS [64]
#   BENCH_PATIENTS [10000]  BENCH_PRACTITIONERS [100]  BENCH_APPOINTMENTS [100000]
#   BENCH_CLINICIANS [50]: the department's size in the slots scenario
#   BENCH_POSTGRES [postgres://postgres@127.0.0.1:5432]: a server where the
#     script may create (and then drops) a database panda_bench_<pid>
#   BENCH_BUILD [1]: 0 uses target/release/panda as it is
#   PANDA_BIN: benchmark this binary instead (no build), e.g. a build of an
#     earlier commit, to compare within one run
#   BENCH_TOKEN [1]: 0 makes no token (for a binary from before
#     authentication, or one run with PANDA_AUTH=off to measure what
#     checking tokens costs)
#   BENCH_DATABASE: serve this database, seeded by scripts/seed_reports.sh,
#     as it is instead of a fresh one seeded through the API (http scenario,
#     backend sqlite or postgres to match): the patients and practitioners
#     are read from it, bookings start the day after its last appointment,
#     and it is left in place with what the runs booked
#     (scripts/bench_sizes.sh runs this at several sizes)
#   BENCH_BOOKING_RATE [20000]: the bookings/s per wrk thread that each
#     thread's span of days must hold (a thread that used up its span stops)
#   BENCH_ROUTES [all]: reads to load only the reads (http scenario)
#   BENCH_OUT: also append the summary to this file
#   BENCH_KEEP: copy the seeded SQLite database (and slots.txt) into this
#     directory, and keep the seeded PostgreSQL database (its URL in
#     BENCH_KEEP/postgres.txt; drop it when done), to profile queries
#     against them afterwards
#   BENCH_PERF: record the server with `perf record -g` during the
#     throughput runs of the slots scenario into this file (read it with
#     `perf report -i FILE --no-children`); the figures of such a run are
#     not comparable with others; BENCH_PERF_ARGS [-g] replaces the options
#     (e.g. "--call-graph dwarf -F 200" for whole call chains)
#   PANDA_LOG_LEVEL [info], PANDA_POOL_SIZE [the server's default] and any
#     other PANDA_* variable are passed to the server as documented in README.md.
#
# Needs: cargo, python3, wrk (installed from Debian if missing and root),
# psql for PostgreSQL. Traffic goes to 127.0.0.1 only; the server this script
# starts is stopped by its PID and its database deleted on exit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
# shellcheck source=scripts/lib/processes.sh
source "$root/scripts/lib/processes.sh"
which=${1:-all}
scenario=${2:-http}
clinicians=${BENCH_CLINICIANS:-50}
runs=${BENCH_RUNS:-3}
duration=${BENCH_DURATION:-15s}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-64}
patients=${BENCH_PATIENTS:-10000}
practitioners=${BENCH_PRACTITIONERS:-100}
appointments=${BENCH_APPOINTMENTS:-100000}
postgres=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
export PANDA_LOG_LEVEL=${PANDA_LOG_LEVEL:-info}

case $which in
sqlite) backends=(sqlite) ;;
postgres) backends=(postgres) ;;
all) backends=(sqlite postgres) ;;
cluster)
    backends=(cluster)
    if [[ -z ${PANDA_CLUSTER_URL:-} ]]; then
        echo "bench.sh cluster runs under scripts/cluster.sh:" >&2
        echo "  PANDA_BOOKING_HORIZON=1830days scripts/cluster.sh 3 -- scripts/bench.sh cluster" >&2
        exit 2
    fi
    ;;
*)
    echo "usage: scripts/bench.sh [sqlite|postgres|all|cluster] [http|slots]" >&2
    exit 2
    ;;
esac
case $scenario in
http | slots) ;;
*)
    echo "usage: scripts/bench.sh [sqlite|postgres|all|cluster] [http|slots]" >&2
    exit 2
    ;;
esac

# shellcheck source=scripts/lib/tools.sh
source "$root/scripts/lib/tools.sh"
need_tool wrk

work=$(mktemp -d /tmp/panda-bench.XXXXXX)
export PANDA_BENCH_DIR=$work # where the wrk scripts find nhs.txt and practitioners.txt
server=
pg_db=
cleanup() {
    stop_server
    drop_pg_db
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "$*" | tee -a "$work/summary.md"; }

# The binary is copied so that a rebuild by someone else cannot swap it mid-run.
if [[ -n ${PANDA_BIN:-} ]]; then
    cp "$PANDA_BIN" "$work/panda"
else
    if [[ ${BENCH_BUILD:-1} == 1 ]]; then
        cargo build --release -p panda-server --quiet
    fi
    cp target/release/panda "$work/panda"
fi

say "## $(date -u +%Y-%m-%dT%H:%MZ), ${PANDA_BIN:+binary $PANDA_BIN; }commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates Cargo.toml Cargo.lock || echo ' (+ uncommitted changes)'); tokens: $([[ ${BENCH_TOKEN:-1} == 1 ]] && echo on || echo "none${PANDA_AUTH:+, PANDA_AUTH=$PANDA_AUTH}")"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(uname -r)"
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shows here)"
say "load ($scenario): wrk -t$threads -c$connections -d$duration --latency, $runs runs; PANDA_LOG_LEVEL=$PANDA_LOG_LEVEL${PANDA_POOL_SIZE:+ PANDA_POOL_SIZE=$PANDA_POOL_SIZE}"

# Starts the server on `$1` and sets $base to the address it printed, and
# PANDA_BENCH_TOKEN to an admin token every request sends (authentication
# is on, as in production).
start_server() {
    if [[ ${BENCH_TOKEN:-1} == 1 ]]; then
        PANDA_BENCH_TOKEN=$(PANDA_DATABASE_URL="$1" "$work/panda" token create --role admin --name "bench-$RANDOM")
    else
        PANDA_BENCH_TOKEN=unused
    fi
    export PANDA_BENCH_TOKEN
    start_panda "$1" "$work" 30 || exit 1
}

# wrk's latency as milliseconds (it prints 812.00us, 1.23ms or 1.02s).
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0;
        else if (v ~ /m$/) printf "%.0f", v * 60000; else printf "%.0f", v * 1000 }'
}

# One wrk run: `$1` label, `$2` script, then extra environment. Appends
# "label rps p50 p99" to results.txt; fails if any response was not 2xx/3xx.
# LOAD_THREADS and LOAD_CONNECTIONS override the run's threads and
# connections.
load() {
    local label=$1 script=$2 out="$work/wrk.txt"
    shift 2
    env "$@" wrk -t"${LOAD_THREADS:-$threads}" -c"${LOAD_CONNECTIONS:-$connections}" -d"$duration" \
        --latency -s "$root/scripts/bench/$script" "$base" >"$out"
    local rps p50 p99 bad requests errors
    rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
    requests=$(awk '/requests in/ {print $1}' "$out")
    bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
    errors=$(awk '/Socket errors:/ {print}' "$out")
    if [[ -n ${bad:-} || -n ${errors:-} ]]; then
        cat "$out" >&2
        tail -5 "$work/server.log" >&2
        echo "$label: ${bad:-0} refused responses ${errors:-}: not a valid run" >&2
        exit 1
    fi
    echo "$label $rps $p50 $p99 $requests" >>"$work/results.txt"
    printf '  %-10s %8s req/s  p50 %7s ms  p99 %7s ms  (%s requests)\n' "$label" "$rps" "$p50" "$p99" "$requests"
    : >"$work/server.log" # the request log is only wanted for a failing run
}

# The appointments the server holds, from the list's page total.
appointment_total() {
    curl -fs -H "Authorization: Bearer $PANDA_BENCH_TOKEN" "$base/api/v1/appointments?limit=1" | sed -E 's/.*"total":([0-9]+).*/\1/'
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# Tomorrow, 00:00 UTC: the first day of the booking schedule. The schedule
# runs as many days ahead as the data asks (4,800 bookings a day with 100
# practitioners), so the server books up to five years ahead unless told
# otherwise (the default booking horizon is one year).
day0=$((($(date -u +%s) / 86400 + 1) * 86400))
export PANDA_BOOKING_HORIZON=${PANDA_BOOKING_HORIZON:-1830days}
per_day=$((practitioners * 48))
seed_days=$(((appointments + per_day - 1) / per_day))
# Each thread of each booking run gets its own span of days, enough for
# BENCH_BOOKING_RATE (20,000) bookings/s per thread for the whole run.
seconds=${duration%s}
rate=${BENCH_BOOKING_RATE:-20000}
span_days=$(((rate * seconds + per_day - 1) / per_day))
span=$((span_days * per_day))

# The patients and practitioners of the database `$1` (BENCH_DATABASE) into
# nhs.txt and practitioners.txt, and the booking schedule recomputed for
# them: it starts the day after the last appointment, or tomorrow.
existing_ids() {
    local url=$1 last
    case $url in
    sqlite:*)
        local path=${url#sqlite:}
        path=${path#//}
        last=$(python3 - "$path" "$work" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for name, query in [
    ("nhs.txt", "SELECT nhs_number FROM patients ORDER BY nhs_number"),
    ("practitioners.txt", "SELECT id FROM practitioners ORDER BY id"),
]:
    with open(f"{sys.argv[2]}/{name}", "w") as out:
        out.writelines(row[0] + "\n" for row in db.execute(query))
print(db.execute("SELECT COALESCE(MAX(start_day), '1970-01-01') FROM appointments").fetchone()[0])
PY
)
        ;;
    *)
        psql "$url" -XAtc "SELECT nhs_number FROM patients ORDER BY nhs_number" >"$work/nhs.txt"
        psql "$url" -XAtc "SELECT id FROM practitioners ORDER BY id" >"$work/practitioners.txt"
        last=$(psql "$url" -XAtc "SELECT COALESCE(MAX(start_day), '1970-01-01') FROM appointments")
        ;;
    esac
    practitioners=$(wc -l <"$work/practitioners.txt")
    patients=$(wc -l <"$work/nhs.txt")
    per_day=$((practitioners * 48))
    if ((per_day > patients)); then
        echo "$url has $practitioners practitioners but only $patients patients: a patient would be booked twice a day" >&2
        exit 1
    fi
    local after_last=$((($(date -u -d "$last" +%s) / 86400 + 1) * 86400))
    ((after_last > day0)) && day0=$after_last
    seed_days=0
    span_days=$(((rate * seconds + per_day - 1) / per_day))
    span=$((span_days * per_day))
    local last_day=$(((day0 - $(date -u +%s)) / 86400 + runs * threads * span_days))
    if ((last_day > 1830)); then
        echo "the bookings would reach $last_day days ahead, beyond the longest horizon (1,830 days): use a shorter BENCH_DURATION or fewer BENCH_RUNS" >&2
        exit 1
    fi
}

bench_backend() {
    local backend=$1 url
    case $backend in
    sqlite) url="sqlite://$work/panda.db" ;;
    cluster) url= ;;
    postgres)
        if [[ -z ${BENCH_DATABASE:-} ]]; then
            pg_db=panda_bench_$$
            psql "$postgres/postgres" -qAtc "CREATE DATABASE $pg_db" >/dev/null
        fi
        url="$postgres/$pg_db"
        ;;
    esac
    [[ -z ${BENCH_DATABASE:-} ]] || url=$BENCH_DATABASE
    : >"$work/results.txt"
    if [[ $backend == cluster ]]; then
        # The instances and their database are scripts/cluster.sh's.
        base=$PANDA_CLUSTER_URL
        export PANDA_BENCH_TOKEN=$PANDA_CLUSTER_TOKEN
    else
        start_server "$url"
    fi
    if [[ $scenario == slots ]]; then
        bench_slots "$backend"
        return
    fi
    local before
    if [[ -n ${BENCH_DATABASE:-} ]]; then
        existing_ids "$url"
        appointments=$(appointment_total)
        say "$backend: $BENCH_DATABASE as it is: $appointments appointments, $patients patients, $practitioners practitioners; bookings from $(date -u -d "@$day0" +%F)"
    else
        echo "$backend: serving on $base; seeding $patients patients, $practitioners practitioners, $appointments appointments"
        local started=$SECONDS
        python3 "$root/scripts/bench/seed.py" "$base" "$work" "$day0" \
            "$patients" "$practitioners" "$appointments" | tee "$work/seed.txt"
        say "$backend: seeded $patients patients, $practitioners practitioners, $appointments appointments through the API in $((SECONDS - started)) s ($(grep -o '[0-9]*/s' "$work/seed.txt" | tr '\n' ' '))"
        # PostgreSQL plans from statistics that autovacuum gathers within a
        # minute or so of a bulk load; the runs start sooner, on statistics
        # taken while the tables were a fraction of their size.
        [[ $backend != postgres ]] || psql "$url" -XqAtc "ANALYZE" >/dev/null
    fi
    before=$(appointment_total)
    [[ $before == "$appointments" ]] || {
        echo "expected $appointments appointments after seeding, found $before" >&2
        exit 1
    }
    # Warm-up (page cache, pool, allocator), not counted.
    wrk -t"$threads" -c"$connections" -d3s -s "$root/scripts/bench/read.lua" "$base" >/dev/null
    for run in $(seq "$runs"); do
        load reads read.lua
    done
    if [[ ${BENCH_ROUTES:-all} == reads ]]; then
        report "### $backend ($appointments appointments, reads only)" reads
        return
    fi
    for run in $(seq "$runs"); do
        local first=$(((seed_days + (run - 1) * threads * span_days) * per_day))
        load bookings book.lua PANDA_BENCH_FIRST="$first" PANDA_BENCH_SPAN="$span" PANDA_BENCH_DAY0="$day0"
    done
    # Every booking wrk counted must be in the database, once.
    local booked after
    booked=$(awk '$1 == "bookings" {n += $5} END {print n + 0}' "$work/results.txt")
    after=$(appointment_total)
    if ((after - before < booked)); then
        echo "wrk counted $booked bookings but the database gained $((after - before))" >&2
        exit 1
    fi

    report "### $backend ($appointments seeded appointments, $((after - before)) booked during the runs)" reads bookings
}

# Stops the server, deletes its database, and prints the table of the
# labels `$2...` under the heading `$1`.
report() {
    local heading=$1
    shift
    stop_server
    drop_pg_db
    rm -f "$work"/panda.db*
    say ""
    say "$heading"
    say ""
    say "| route | req/s (median) | p50 ms | p99 ms | each run: req/s (p50 / p99 ms) |"
    say "|---|---:|---:|---:|---|"
    for label in "$@"; do
        local rps p50 p99 each
        rps=$(awk -v l="$label" '$1 == l {print $2}' "$work/results.txt" | median)
        p50=$(awk -v l="$label" '$1 == l {print $3}' "$work/results.txt" | median)
        p99=$(awk -v l="$label" '$1 == l {print $4}' "$work/results.txt" | median)
        each=$(awk -v l="$label" '$1 == l {printf "%s%s (%s / %s)", sep, $2, $3, $4; sep = ", "}' "$work/results.txt")
        say "| $label | $rps | $p50 | $p99 | $each |"
    done
    say ""
}

# The slots scenario on the server just started for `$1`.
bench_slots() {
    local backend=$1 started=$SECONDS
    echo "$backend: serving on $base; seeding $clinicians clinicians with working patterns and $appointments appointments"
    python3 "$root/scripts/bench/seed_slots.py" "$base" "$work" "$day0" \
        "$clinicians" "$appointments" | tee "$work/seed.txt"
    say "$backend: seeded $clinicians clinicians with working patterns and $appointments appointments through the API in $((SECONDS - started)) s"
    local before
    before=$(appointment_total)
    [[ $before == "$appointments" ]] || {
        echo "expected $appointments appointments after seeding, found $before" >&2
        exit 1
    }
    if [[ -n ${BENCH_KEEP:-} ]]; then
        mkdir -p "$BENCH_KEEP" && cp "$work/slots.txt" "$BENCH_KEEP/"
        case $backend in
        sqlite) cp "$work"/panda.db* "$BENCH_KEEP/" ;;
        postgres) echo "$postgres/$pg_db" >"$BENCH_KEEP/postgres.txt" && pg_db= ;;
        esac
    fi
    wrk -t"$threads" -c"$connections" -d3s -s "$root/scripts/bench/slots.lua" "$base" >/dev/null
    for run in $(seq "$runs"); do
        LOAD_THREADS=1 LOAD_CONNECTIONS=1 load search-1 slots.lua
    done
    local perf=
    if [[ -n ${BENCH_PERF:-} ]]; then
        # shellcheck disable=SC2086 # BENCH_PERF_ARGS is a list of options
        perf record ${BENCH_PERF_ARGS:--g} -p "$server" -o "$BENCH_PERF" 2>/dev/null &
        perf=$!
    fi
    for run in $(seq "$runs"); do
        load searches slots.lua
    done
    if [[ -n $perf ]]; then
        kill -INT "$perf" && wait "$perf" || true
    fi
    report "### $backend: free-slot search, two weeks of $clinicians clinicians ($appointments appointments)" search-1 searches
}

for backend in "${backends[@]}"; do
    bench_backend "$backend"
done
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n ${BENCH_OUT:-} ]]; then
    cat "$work/summary.md" >>"$BENCH_OUT"
fi
