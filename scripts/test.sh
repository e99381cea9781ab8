#!/usr/bin/env bash
# PANDA's one test command: formatting, lints, the domain's purity, then
# every test on SQLite and PostgreSQL. Runs from any directory.
#
#   scripts/test.sh            # a developer: PostgreSQL tests skip (loudly) if it is down
#   CI=true scripts/test.sh    # CI: PostgreSQL is required, installed and started if need be
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly DEFAULT_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
# The crates the domain must never reach: it is pure (docs/adr/0001).
readonly FORBIDDEN_IN_DOMAIN='^(diesel.*|actix.*|tokio.*|r2d2.*|libsqlite3-sys|pq-sys|serde.*)$'

in_ci() { [[ "${CI:-}" == "true" ]]; }
step() { printf '\n==> [%4d s] %s\n' "$((SECONDS - started_at))" "$*"; }
loud() {
    printf '\n%s\n' "************************************************************************" >&2
    printf '%s\n' "$@" >&2
    printf '%s\n\n' "************************************************************************" >&2
}

started_at=$SECONDS
if in_ci; then
    # A clean build in CI gains nothing from incremental compilation, and
    # line tables (enough for backtraces) link much faster than full debug info.
    export CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=line-tables-only
fi
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# The `postgres-tls` feature (tested with --all-features) builds libpq with
# the system's OpenSSL: its headers and pkg-config must be there.
if ! pkg-config --exists openssl 2>/dev/null; then
    step "OpenSSL headers and pkg-config are missing: installing them (for the postgres-tls feature)"
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libssl-dev pkg-config >/dev/null
    else
        loud "The postgres-tls feature needs OpenSSL's headers and pkg-config:" \
            "apt-get install libssl-dev pkg-config (or your system's equivalent)."
        exit 1
    fi
fi

step "formatting (cargo fmt --all --check)"
cargo fmt --all --check

step "lints (cargo clippy --workspace --all-targets --all-features -- -D warnings)"
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "domain purity (cargo tree -p panda-domain -e normal)"
domain_deps=$(cargo tree -p panda-domain -e normal --prefix none | awk '{print $1}' | sort -u)
if forbidden=$(grep -E "$FORBIDDEN_IN_DOMAIN" <<<"$domain_deps"); then
    loud "panda-domain must stay pure, but its normal dependencies include:" "$forbidden" \
        "See docs/adr/0001-hexagonal-workspace.md; move that code to an adapter."
    exit 1
fi
echo "panda-domain depends on none of diesel, actix*, tokio, r2d2, libsqlite3-sys, pq-sys, serde*"

step "supply chain (cargo deny: licences, bans, sources, advisories)"
if ! cargo deny --version >/dev/null 2>&1; then
    echo "cargo-deny is missing: installing it (cargo install --locked cargo-deny, a few minutes)"
    cargo install --locked --quiet cargo-deny
fi
# The checks read the metadata of every platform's crates (wasm, Android,
# Windows), which a build on this machine never downloads: fetch them first.
cargo fetch --locked --quiet
cargo deny --offline check licenses bans sources
# The advisory database is fetched from the network; these build machines
# cannot reach it. Say so, and check advisories wherever it can be fetched.
if timeout 120 cargo deny fetch >/dev/null 2>&1; then
    cargo deny --offline check advisories
else
    echo "advisories: NOT CHECKED - the RustSec advisory database cannot be fetched from here;"
    echo "            run 'cargo deny check advisories' where the network allows (SECURITY.md)"
fi

# --- PostgreSQL -----------------------------------------------------------

postgres_reachable() {
    if command -v psql >/dev/null 2>&1; then
        PGCONNECT_TIMEOUT=5 psql "$PANDA_TEST_POSTGRES_URL" -Atqc 'SELECT 1' >/dev/null 2>&1
    else
        # No client: settle for the port answering (host and port of the default URL).
        timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5432' 2>/dev/null
    fi
}

wait_for_postgres() {
    local waited=0
    until postgres_reachable; do
        ((waited++ < 30)) || return 1
        sleep 1
    done
}

start_clusters() {
    command -v pg_lsclusters >/dev/null 2>&1 || return 0
    local ver name port status
    while read -r ver name port status _; do
        [[ -z "$ver" || "$status" == online* ]] && continue
        echo "starting PostgreSQL cluster $ver/$name (port $port, was $status)"
        pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start ||
            echo "warning: could not start cluster $ver/$name" >&2
    done < <(pg_lsclusters --no-header)
}

install_postgres() {
    step "PostgreSQL is not installed: installing it (CI)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y postgresql
    # A fresh Debian cluster asks for a password over TCP; the tests connect
    # as postgres without one, on loopback only.
    local hba ver name status
    for hba in /etc/postgresql/*/*/pg_hba.conf; do
        [[ -f "$hba" ]] || continue
        sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
    done
    # A cluster the package already started must re-read pg_hba.conf.
    while read -r ver name _ status _; do
        if [[ "$status" == online* ]]; then
            pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload
        fi
    done < <(pg_lsclusters --no-header)
}

step "PostgreSQL"
export PANDA_TEST_POSTGRES_URL="${PANDA_TEST_POSTGRES_URL:-$DEFAULT_POSTGRES_URL}"
# For messages: the URL with any password masked.
shown_url=$(sed -E 's#(://[^:/@]+):[^@/]*@#\1:***@#' <<<"$PANDA_TEST_POSTGRES_URL")
if ! command -v pg_lsclusters >/dev/null 2>&1 && ! postgres_reachable && in_ci; then
    install_postgres
fi
start_clusters
if wait_for_postgres; then
    postgres_status="reachable"
    echo "PostgreSQL is reachable at $shown_url; its tests run"
elif in_ci; then
    loud "ERROR: PostgreSQL is not reachable at $shown_url." \
        "CI never skips the PostgreSQL tests: start it, or set PANDA_TEST_POSTGRES_URL."
    exit 1
else
    postgres_status="SKIPPED (not reachable)"
    loud "WARNING: PostgreSQL is not reachable at $shown_url." \
        "Every PostgreSQL test will be SKIPPED; only SQLite is tested." \
        "Start it (pg_ctlcluster 15 main start) or set PANDA_TEST_POSTGRES_URL."
fi

# --- Tests ------------------------------------------------------------------

if cargo nextest --version >/dev/null 2>&1; then
    step "tests (cargo nextest run --workspace --all-features)"
    cargo nextest run --workspace --all-features 2>&1 | tee "$logs/tests.log"
else
    step "tests (cargo test --workspace --all-features)"
    cargo test --workspace --all-features 2>&1 | tee "$logs/tests.log"
fi

# --all-features, like the run above, so the libraries are not rebuilt.
step "doc tests (cargo test --workspace --doc --all-features)"
cargo test --workspace --doc --all-features 2>&1 | tee "$logs/doc.log"

# Crash safety: bookings under load, `kill -9`, restart on the same
# database; every acknowledged booking must be there and every rule hold
# (scripts/crash_test.sh). The binary is the one the tests just built.
step "crash test (scripts/crash_test.sh, both backends)"
if [[ $postgres_status == reachable ]]; then crash_backends=all; else crash_backends=sqlite; fi
PANDA_BIN=target/debug/panda CRASH_POSTGRES="${PANDA_TEST_POSTGRES_URL%/*}" \
    scripts/crash_test.sh "$crash_backends" 2>&1 | tee "$logs/crash.log"

# Scale-out: three instances on one PostgreSQL behind HAProxy
# (scripts/cluster.sh): races for one slot and one patient-day through the
# balancer, kill -9 of an instance and a rolling restart under load
# (scripts/cluster/scale_test.py). PostgreSQL only.
if [[ $postgres_status == reachable ]]; then
    step "scale-out (scripts/cluster.sh 3 -- scripts/cluster/scale_test.py)"
    PANDA_BIN=target/debug/panda CLUSTER_POSTGRES="${PANDA_TEST_POSTGRES_URL%/*}" PANDA_LOG_LEVEL=info \
        scripts/cluster.sh 3 -- python3 scripts/cluster/scale_test.py 2>&1 | tee "$logs/scale.log"
else
    step "scale-out SKIPPED: PostgreSQL is not reachable"
fi

# The contract: the served OpenAPI document is valid OpenAPI 3.1, and
# Schemathesis finds no 5xx, no undocumented status and no answer that
# breaks the document, on a database seeded with the example data
# (scripts/contract.sh); the reference page /docs/ renders in headless
# Chromium with every operation and no console error (scripts/docs_page.sh).
step "contract (scripts/contract.sh: OpenAPI validation and Schemathesis, $crash_backends)"
PANDA_BIN=target/debug/panda CONTRACT_POSTGRES="${PANDA_TEST_POSTGRES_URL%/*}" \
    scripts/contract.sh "$crash_backends" 2>&1 | tee "$logs/contract.log"
step "reference page (scripts/docs_page.sh: headless Chromium)"
PANDA_BIN=target/debug/panda scripts/docs_page.sh 2>&1 | tee "$logs/docs.log"

# Count from the runners' own summaries: nextest's "N tests run: N passed,
# M skipped" and libtest's "test result: ok. N passed; M failed; K ignored".
count() {
    local word=$1
    shift
    { grep -hoE "[0-9]+ $word" "$@" || true; } | awk '{n += $1} END {print n + 0}'
}
nextest_summary=$(grep -hE '^ *Summary .* tests? run:' "$logs/tests.log" || true)
if [[ -n "$nextest_summary" ]]; then
    passed=$(count passed <(echo "$nextest_summary") <(grep -h '^test result:' "$logs/doc.log"))
    skipped=$(count skipped <(echo "$nextest_summary"))
else
    passed=$(count passed <(grep -h '^test result:' "$logs/tests.log" "$logs/doc.log"))
    skipped=$(count ignored <(grep -h '^test result:' "$logs/tests.log" "$logs/doc.log"))
fi

step "done: fmt, clippy, domain purity, cargo deny, crash test, scale-out, contract, reference page; PostgreSQL $postgres_status"
echo "summary: $passed passed, 0 failed, $skipped skipped"
