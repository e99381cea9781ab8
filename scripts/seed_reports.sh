#!/usr/bin/env bash
# Seeds a PANDA database with N appointments (1,000,000 by default; a
# multiple of 5,000), N / 5,000 clinicians and N / 100 patients, for the
# missed-appointment report benchmark (docs/benchmarks.md,
# "Missed-appointment report").
#
#   scripts/seed_reports.sh sqlite:///tmp/panda-bench.db [N]
#   scripts/seed_reports.sh postgres://postgres@127.0.0.1:5432/panda_bench [N]
#
# The database must be empty or absent (a PostgreSQL database must exist).
# Migrates it with `panda migrate`, then runs scripts/seed_reports/<backend>.sql
# with sqlite3 or psql. Needs: cargo, and sqlite3 or psql.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
url=${1:?usage: scripts/seed_reports.sh DATABASE_URL [APPOINTMENTS]}
appointments=${2:-1000000}
if ! [[ $appointments =~ ^[1-9][0-9]*$ ]] || (( appointments % 5000 != 0 )); then
    echo "APPOINTMENTS must be a positive multiple of 5,000, not '$appointments'" >&2
    exit 2
fi
clinicians=$((appointments / 5000))
patients=$((appointments / 100))
# About one prefix in 11 has no valid check digit: room for them all.
sql() {
    sed -e "s/@LAST_CLINICIAN@/$((clinicians - 1))/g" \
        -e "s/@CLINICIANS@/$clinicians/g" \
        -e "s/@PATIENTS@/$patients/g" \
        -e "s/@LAST_NHS_PREFIX@/$((100000000 + patients * 12 / 10 + 100))/g" \
        -e "s/@LAST_APPOINTMENT@/$((appointments - 1))/g" \
        "scripts/seed_reports/$1.sql"
}

# PANDA_BIN names a built `panda` to use instead of building one.
panda=${PANDA_BIN:-target/release/panda}
[[ -n "${PANDA_BIN:-}" ]] || cargo build --release -p panda-server --quiet
PANDA_DATABASE_URL="$url" PANDA_LOG_LEVEL=warn "$panda" migrate

started=$SECONDS
case "$url" in
    sqlite:*)
        path=${url#sqlite:}
        path=${path#//}
        sql sqlite | sqlite3 "$path"
        ;;
    postgres:* | postgresql:*)
        # The triggers of busy_days and report_days would update a row of
        # totals per appointment and per slot, and leave an old version of
        # it behind each time, all in one transaction (a thousand per live
        # row at 10,000,000). Their migrations are taken back for the seed
        # and applied again after it: their backfill fills the tables in one
        # pass each.
        for migration in 2026-12-01-000002_busy_days_inline 2026-12-01-000001_report_days \
            2026-11-30-000006_busy_days; do
            psql "$url" --quiet --no-psqlrc -v ON_ERROR_STOP=1 \
                -f "migrations/postgres/$migration/down.sql" \
                -c "DELETE FROM __diesel_schema_migrations WHERE version = '$(tr -d - <<<"${migration%%_*}")'"
        done
        sql postgres | psql "$url" --quiet --no-psqlrc -f -
        PANDA_DATABASE_URL="$url" PANDA_LOG_LEVEL=warn "$panda" migrate
        psql "$url" --quiet --no-psqlrc -c "VACUUM ANALYZE"
        ;;
    *)
        echo "unsupported database URL: $url" >&2
        exit 2
        ;;
esac
echo "seeded $appointments appointments ($clinicians clinicians, $patients patients) in $((SECONDS - started)) s"
