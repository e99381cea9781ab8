#!/usr/bin/env bash
# Instructions per free-slot search, counted by valgrind's callgrind: a
# count that does not depend on how fast or how busy the machine is, so two
# builds can be compared on any day (docs/benchmarks.md, "Free-slot search,
# fourth session").
#
#   scripts/bench/search_instructions.sh BINARY KEPT_DIR [N]
#
# KEPT_DIR is a directory `scripts/bench.sh sqlite slots` filled with
# BENCH_KEEP=KEPT_DIR (panda.db and slots.txt). The script serves a copy of
# that database with BINARY under callgrind on a free loopback port, makes
# 20 searches to warm up, counts the instructions of the next N (200) made
# one after another, prints the count per search, leaves the profile in
# KEPT_DIR/callgrind.<binary name> (read it with callgrind_annotate), and
# stops the server by its PID. Needs valgrind (installed from Debian if
# missing and root) and python3.
set -euo pipefail

bin=$(realpath "$1")
kept=$(realpath "$2")
n=${3:-200}
# shellcheck source=scripts/lib/tools.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/tools.sh"
need_tool valgrind
work=$(mktemp -d /tmp/panda-instructions.XXXXXX)
server=
cleanup() {
    if [[ -n $server ]]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
cp "$kept"/panda.db* "$work/"
url="sqlite://$work/panda.db"
export PANDA_LOG_LEVEL=warn
token=$(PANDA_DATABASE_URL="$url" "$bin" token create --role admin --name "instructions-$$" 2>/dev/null)
PANDA_DATABASE_URL="$url" PANDA_BIND=127.0.0.1:0 valgrind --tool=callgrind \
    --instr-atstart=no --callgrind-out-file="$work/callgrind.out" \
    "$bin" serve >"$work/server.out" 2>"$work/server.log" &
server=$!
base=
for _ in $(seq 600); do
    base=$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$work/server.out")
    [[ -n $base ]] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
done
[[ -n $base ]] || { tail -20 "$work/server.log" >&2; exit 1; }

# `$1` searches, one after another on one connection, each a 200.
search() {
    python3 - "$base" "$token" "$kept/slots.txt" "$1" <<'PY'
import http.client, sys, urllib.parse
base, token, paths, n = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().split(), int(sys.argv[4])
address = urllib.parse.urlparse(base)
connection = http.client.HTTPConnection(address.hostname, address.port)
for i in range(n):
    connection.request("GET", paths[i % len(paths)], headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"search {i}: status {response.status}")
PY
}
search 20
callgrind_control --instr=on "$server" >/dev/null 2>&1
search "$n"
callgrind_control --instr=off "$server" >/dev/null 2>&1
callgrind_control --dump "$server" >/dev/null 2>&1
kill "$server"
wait "$server" 2>/dev/null || true
server=
total=$(cat "$work"/callgrind.out* | awk '/^totals:/ {s += $2} END {print s}')
cat "$work"/callgrind.out* >"$kept/callgrind.$(basename "$bin")"
echo "$(basename "$bin"): $n searches, $total instructions, $((total / n)) per search"
