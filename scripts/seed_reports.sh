#!/usr/bin/env bash
# Seeds a PANDA database with 1,000,000 appointments for the missed-appointment
# report benchmark (docs/benchmarks.md, "Missed-appointment report").
#
#   scripts/seed_reports.sh sqlite:///tmp/panda-bench.db
#   scripts/seed_reports.sh postgres://postgres@127.0.0.1:5432/panda_bench
#
# The database must be empty or absent (a PostgreSQL database must exist).
# Migrates it with `panda migrate`, then runs scripts/seed_reports/<backend>.sql
# with sqlite3 or psql. Needs: cargo, and sqlite3 or psql.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
url=${1:?usage: scripts/seed_reports.sh DATABASE_URL}

# PANDA_BIN names a built `panda` to use instead of building one.
panda=${PANDA_BIN:-target/release/panda}
[[ -n "${PANDA_BIN:-}" ]] || cargo build --release -p panda-server --quiet
PANDA_DATABASE_URL="$url" PANDA_LOG_LEVEL=warn "$panda" migrate

started=$SECONDS
case "$url" in
    sqlite:*)
        path=${url#sqlite:}
        path=${path#//}
        sqlite3 "$path" < scripts/seed_reports/sqlite.sql
        ;;
    postgres:* | postgresql:*)
        psql "$url" --quiet --no-psqlrc -f scripts/seed_reports/postgres.sql
        ;;
    *)
        echo "unsupported database URL: $url" >&2
        exit 2
        ;;
esac
echo "seeded 1,000,000 appointments in $((SECONDS - started)) s"
