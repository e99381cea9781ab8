#!/usr/bin/env bash
# Costs as the data grows (docs/benchmarks.md, "Costs as the data grows"):
# for each size, a database seeded by scripts/seed_reports.sh (N
# appointments over five past years, N / 100 patients with 100 each,
# N / 5,000 clinicians), its size on disk, then scripts/bench.sh's reads and
# bookings served from it (BENCH_DATABASE).
#
#   scripts/bench_sizes.sh [sqlite|postgres|all] [N ...]   (default: all 100000 1000000 10000000)
#
# Environment (defaults in brackets):
#   BENCH_SIZES_DIR [/tmp/panda-sizes]: where the SQLite files are kept
#   BENCH_POSTGRES [postgres://postgres@127.0.0.1:5432]: where the
#     databases panda_size_<N> are kept
#   A seeded database found there is used again (seeding 10,000,000 takes
#   about 15 minutes on SQLite and 10 to 35 on PostgreSQL), unless earlier
#   runs booked more than 5% on top of its seed: a patient's read would
#   then return more rows than at first, so it is seeded again (at
#   100,000, on each invocation; at 10,000,000, after about three). Each run
#   books days after the last, so a database serves two or three runs
#   before the bookings would pass the horizon. Delete the files and drop
#   the databases when done:
#     rm -rf /tmp/panda-sizes; psql ... -c 'DROP DATABASE panda_size_<N>'
#   BENCH_RUNS [3], BENCH_DURATION [10s], BENCH_BOOKING_RATE [8000], PANDA_BIN,
#   BENCH_OUT and the rest: as scripts/bench.sh takes them.
#
# Needs what scripts/seed_reports.sh and scripts/bench.sh need (sqlite3
# is installed from Debian if missing and root). Traffic goes to 127.0.0.1
# only; bench.sh stops the server it starts.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
which=${1:-all}
shift || true
sizes=("$@")
((${#sizes[@]})) || sizes=(100000 1000000 10000000)
dir=${BENCH_SIZES_DIR:-/tmp/panda-sizes}
postgres=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
export BENCH_RUNS=${BENCH_RUNS:-3} BENCH_DURATION=${BENCH_DURATION:-10s}
export BENCH_BOOKING_RATE=${BENCH_BOOKING_RATE:-8000}
case $which in
sqlite | postgres) backends=("$which") ;;
all) backends=(sqlite postgres) ;;
*)
    echo "usage: scripts/bench_sizes.sh [sqlite|postgres|all] [N ...]" >&2
    exit 2
    ;;
esac
if [[ " ${backends[*]} " == *" sqlite "* ]]; then
    # shellcheck source=scripts/lib/tools.sh
    source "$PWD/scripts/lib/tools.sh"
    need_tool sqlite3
fi
mkdir -p "$dir"
panda=${PANDA_BIN:-}
if [[ -z $panda ]]; then
    cargo build --release -p panda-server --quiet
    panda=target/release/panda
fi
export PANDA_BIN=$panda

# How many appointments the database of backend `$1` at `$2` holds.
appointments_in() {
    case $1 in
    sqlite) sqlite3 "${2#sqlite://}" "SELECT COUNT(*) FROM appointments" ;;
    postgres) psql "$2" -XAtc "SELECT COUNT(*) FROM appointments" ;;
    esac
}

# Whether earlier runs booked more than 5% on top of the `$3` seeded
# appointments of the database of backend `$1` at `$2`: then a patient's
# read returns more rows than at first, and the database is seeded again.
outgrown() {
    (($(appointments_in "$1" "$2") > $3 + $3 / 20))
}

# The database of `$2` appointments on backend `$1`, seeded if missing or
# outgrown; prints its URL.
seeded() {
    local backend=$1 n=$2
    case $backend in
    sqlite)
        local file="$dir/panda-$n.db"
        if [[ ! -s $file ]] || outgrown sqlite "sqlite://$file" "$n"; then
            echo "seeding $n appointments on SQLite" >&2
            rm -f "$file"*
            scripts/seed_reports.sh "sqlite://$file" "$n" >&2
        fi
        echo "sqlite://$file"
        ;;
    postgres)
        local db=panda_size_$n
        if [[ -n $(psql "$postgres/postgres" -XAtc "SELECT 1 FROM pg_database WHERE datname = '$db'") ]] &&
            outgrown postgres "$postgres/$db" "$n"; then
            psql "$postgres/postgres" -XqAtc "DROP DATABASE $db WITH (FORCE)" >/dev/null
        fi
        if [[ -z $(psql "$postgres/postgres" -XAtc "SELECT 1 FROM pg_database WHERE datname = '$db'") ]]; then
            echo "seeding $n appointments on PostgreSQL" >&2
            psql "$postgres/postgres" -XqAtc "CREATE DATABASE $db" >/dev/null
            if ! scripts/seed_reports.sh "$postgres/$db" "$n" >&2; then
                psql "$postgres/postgres" -XqAtc "DROP DATABASE $db" >/dev/null
                exit 1
            fi
        fi
        echo "$postgres/$db"
        ;;
    esac
}

# The database's size on disk, in MB.
disk_mb() {
    local backend=$1 url=$2
    case $backend in
    sqlite) du -cm "${url#sqlite://}"* | awk 'END {print $1}' ;;
    postgres) psql "$url" -XAtc "SELECT pg_database_size(current_database()) / 1048576" ;;
    esac
}

for n in "${sizes[@]}"; do
    for backend in "${backends[@]}"; do
        url=$(seeded "$backend" "$n")
        mb=$(disk_mb "$backend" "$url")
        echo "### $backend, $n appointments: $mb MB on disk ($((mb * 1000000 / n)) MB per million)" | tee -a "${BENCH_OUT:-/dev/null}"
        BENCH_DATABASE=$url BENCH_BUILD=0 scripts/bench.sh "$backend" http
    done
done
