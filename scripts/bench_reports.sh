#!/usr/bin/env bash
# Times the missed-appointment report over HTTP on a seeded database
# (scripts/seed_reports.sh): the monthly report by department over the
# whole range, as JSON (BENCH_REPORT_QUERY replaces the query string, e.g.
# "group_by=clinician&period=month"). Prints every run and the median.
#
#   scripts/bench_reports.sh sqlite:///tmp/panda-bench.db [runs]
#   scripts/bench_reports.sh postgres://postgres@127.0.0.1:5432/panda_bench [runs]
#
# Needs: cargo, curl. Serves on a free port of 127.0.0.1 for the duration.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
url=${1:?usage: scripts/bench_reports.sh DATABASE_URL [runs]}
runs=${2:-11}

# PANDA_BIN names a built `panda` to use instead of building one.
panda=${PANDA_BIN:-target/release/panda}
[[ -n "${PANDA_BIN:-}" ]] || cargo build --release -p panda-server --quiet
# Port 0: the server picks a free port and prints it on its `listening on` line.
out=$(mktemp)
# An analyst's token: reports are theirs (docs/security.md).
token=$(PANDA_DATABASE_URL="$url" "$panda" token create --role analyst --name "bench-reports-$RANDOM")
PANDA_DATABASE_URL="$url" PANDA_BIND=127.0.0.1:0 PANDA_LOG_LEVEL=warn "$panda" serve >"$out" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -f "$out"' EXIT
base=
for _ in $(seq 600); do
    base=$(grep -om1 'http://127\.0\.0\.1:[0-9]*' "$out" || true)
    [[ -n "$base" ]] && break
    kill -0 "$server" 2>/dev/null || { echo "panda serve exited" >&2; exit 1; }
    sleep 0.2
done
[[ -n "$base" ]] || { echo "panda serve did not report its address" >&2; exit 1; }
report="$base/api/v1/reports/missed?${BENCH_REPORT_QUERY:-group_by=department&period=month}"

# One warm-up request (page cache, connection pool), then the timed ones.
curl -fs -H "Authorization: Bearer $token" "$report" -o /tmp/panda-bench-report.json
rows=$(grep -o '"period_start"' /tmp/panda-bench-report.json | wc -l)
echo "report rows: $rows"
times=()
for i in $(seq "$runs"); do
    t=$(curl -fs -H "Authorization: Bearer $token" "$report" -o /dev/null -w '%{time_total}')
    ms=$(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }')
    times+=("$ms")
    echo "run $i: $ms ms"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median of $runs: $median ms"
