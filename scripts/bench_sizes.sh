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
#   about 15 minutes on SQLite and 35 on PostgreSQL); each run books days
#   after the last, so a database serves two or three runs before the
#   bookings would pass the horizon. Delete the files and drop the
#   databases when done:
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

# The database of `$2` appointments on backend `$1`, seeded if missing;
# prints its URL.
seeded() {
    local backend=$1 n=$2
    case $backend in
    sqlite)
        local file="$dir/panda-$n.db"
        if [[ ! -s $file ]]; then
            rm -f "$file"*
            scripts/seed_reports.sh "sqlite://$file" "$n" >&2
        fi
        echo "sqlite://$file"
        ;;
    postgres)
        local db=panda_size_$n
        if [[ -z $(psql "$postgres/postgres" -XAtc "SELECT 1 FROM pg_database WHERE datname = '$db'") ]]; then
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
