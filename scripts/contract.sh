#!/usr/bin/env bash
# Contract test: does the running PANDA do what its OpenAPI document says?
# For each backend:
#   1. a fresh database (SQLite: a file in a temporary directory; PostgreSQL:
#      a database panda_contract_<pid>_<random>, dropped at exit), `panda
#      migrate`, the NHS brief's example data (`panda import`, docs/examples/),
#      an admin token (`panda token create`);
#   2. `panda serve` on 127.0.0.1 (a free port), then wait for /readyz;
#   3. fetch /api/v1/openapi.json and validate it as OpenAPI 3.1
#      (openapi-spec-validator);
#   4. Schemathesis 4 against every operation of that document, with the
#      admin token, all its phases (examples, coverage, fuzzing, stateful),
#      positive and negative data, a fixed seed, and these checks:
#      not_a_server_error, status_code_conformance, content_type_conformance,
#      response_schema_conformance, response_headers_conformance.
#      Path, query and body parameters that name records (NHS numbers, ids)
#      take a real record's value half of the time, and starts, durations,
#      new NHS numbers and If-Match a valid one (a generated
#      schemathesis.toml), so that requests get past 404, 412 and 422 to
#      the handlers and their successful answers are checked too. Nothing
#      is skipped: the database is thrown away, so DELETE is fuzzed too.
#      (Schemathesis leaves out the route that serves the document itself,
#      GET /api/v1/openapi.json; step 3 covers it.)
# Each backend prints `<backend>: N operations, M examples, F failures`; the
# last line is `contract: P passed, F failed` (backends), and the exit status
# is 1 if any backend failed. Failures are printed with the request that
# reproduces them (curl); the work directory with the logs and the
# Schemathesis reports (JUnit, NDJSON) is kept and named when a backend fails.
#
#   scripts/contract.sh [sqlite|postgres|all]      (default: all)
#
# Environment (defaults in brackets):
#   PANDA_BIN [target/debug/panda]: the binary under test. This script does
#     NOT build it (`cargo build -p panda-server` does). It is copied first,
#     so that a rebuild cannot swap it mid-run.
#   CONTRACT_POSTGRES [postgres://postgres@127.0.0.1:5432]: a server where the
#     script may create (and then drops) a database. If it is unreachable the
#     PostgreSQL run is SKIPPED (loudly), or fails with CI=true.
#   CONTRACT_MAX_EXAMPLES [25]: Schemathesis' --max-examples (test cases per
#     operation in each generating phase; the coverage phase adds its own)
#   CONTRACT_SEED [20261130]: Schemathesis' seed (the same seed and binary
#     give the same requests, but for the ids the database makes and the
#     booking dates, which follow today's)
#   CONTRACT_TIME_LIMIT [240]: seconds Schemathesis may run per backend
#   CONTRACT_VENV [${XDG_CACHE_HOME:-$HOME/.cache}/panda/contract-venv]: the
#     virtualenv holding Schemathesis and openapi-spec-validator; created and
#     filled from PyPI when missing or at other versions
#   PANDA_LOG_LEVEL [warn] and any other PANDA_* variable are passed to the
#     server as documented in README.md.
#
# Needs: python3 (with venv), curl, psql for PostgreSQL, PyPI on first use.
# Traffic goes to 127.0.0.1 only. The server is stopped by its PID and the
# PostgreSQL database dropped on exit. A backend takes well under a minute
# here (most of it Schemathesis); every step has a time limit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
# shellcheck source=scripts/lib/processes.sh
source "$root/scripts/lib/processes.sh"
which=${1:-all}
postgres=${CONTRACT_POSTGRES:-postgres://postgres@127.0.0.1:5432}
max_examples=${CONTRACT_MAX_EXAMPLES:-25}
seed=${CONTRACT_SEED:-20261130}
time_limit=${CONTRACT_TIME_LIMIT:-240}
venv=${CONTRACT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/panda/contract-venv}
PANDA_BIN=${PANDA_BIN:-target/debug/panda}
export PANDA_LOG_LEVEL=${PANDA_LOG_LEVEL:-warn}

# Pinned, so that a run is reproducible; change both here to upgrade.
readonly SCHEMATHESIS=schemathesis==4.32.5
readonly SPEC_VALIDATOR=openapi-spec-validator==0.9.0
readonly CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance

case $which in
sqlite) backends=(sqlite) ;;
postgres) backends=(postgres) ;;
all) backends=(sqlite postgres) ;;
*)
    echo "usage: scripts/contract.sh [sqlite|postgres|all]" >&2
    exit 2
    ;;
esac
[[ $max_examples =~ ^[1-9][0-9]*$ && $seed =~ ^[0-9]+$ && $time_limit =~ ^[1-9][0-9]*$ ]] || {
    echo "CONTRACT_MAX_EXAMPLES and CONTRACT_TIME_LIMIT must be positive numbers, CONTRACT_SEED a number" >&2
    exit 2
}
[[ -x $PANDA_BIN ]] || {
    echo "no panda binary at $PANDA_BIN: build it first (cargo build -p panda-server)" >&2
    exit 2
}

started_at=$SECONDS
step() { printf '\n==> [%4d s] %s\n' "$((SECONDS - started_at))" "$*"; }
loud() {
    printf '\n%s\n' "************************************************************************" >&2
    printf '%s\n' "$@" >&2
    printf '%s\n\n' "************************************************************************" >&2
}

work=$(mktemp -d /tmp/panda-contract.XXXXXX)
server= # the PID of the running `panda serve`
tool=   # the PID of the running Schemathesis (timeout, which passes signals on)
pg_db=  # the PostgreSQL database of the backend under way
in_backend=
passed=0
failed=0
skipped=
keep=0
summaries=()

exec 3>&1 4>&2
cleanup() {
    local status=$?
    exec 1>&3 2>&4
    stop_pid tool
    stop_server
    drop_pg_db
    if [[ -n $in_backend ]]; then
        echo "$in_backend: FAILED (stopped: exit status $status)" >&2
        failed=$((failed + 1))
        keep=1
    fi
    rm -f "$work/panda"
    if ((keep)); then
        echo "kept for inspection: $work" >&2
    else
        rm -rf "$work"
    fi
    if ((${#summaries[@]})); then printf '%s\n' "${summaries[@]}"; fi
    [[ -z $skipped ]] || echo "contract: SKIPPED:$skipped (unreachable)"
    echo "contract: $passed passed, $failed failed"
    ((failed == 0)) || exit 1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
    echo "${in_backend:-contract}: $*" >&2
    exit 1
}

# --- Tools ------------------------------------------------------------------

venv_ready() {
    [[ -x $venv/bin/schemathesis && -x $venv/bin/openapi-spec-validator ]] &&
        "$venv/bin/python" - "$SCHEMATHESIS" "$SPEC_VALIDATOR" <<'EOF' 2>/dev/null
import sys
from importlib.metadata import version
for pin in sys.argv[1:]:
    name, wanted = pin.split("==")
    if version(name) != wanted:
        sys.exit(1)
EOF
}

step "tools: $SCHEMATHESIS, $SPEC_VALIDATOR in $venv"
if ! venv_ready; then
    echo "installing them (PyPI, a minute on first use)"
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
        if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
            DEBIAN_FRONTEND=noninteractive apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        else
            die "python3's venv module is missing: apt-get install python3-venv"
        fi
    fi
    rm -rf "$venv"
    mkdir -p "$(dirname "$venv")"
    timeout 300 python3 -m venv "$venv"
    timeout 600 "$venv/bin/pip" install --quiet --disable-pip-version-check "$SCHEMATHESIS" "$SPEC_VALIDATOR"
    venv_ready || die "the virtualenv at $venv does not hold $SCHEMATHESIS and $SPEC_VALIDATOR"
fi
py=$venv/bin/python

# The binary is copied so that a rebuild by someone else cannot swap it mid-run.
cp "$PANDA_BIN" "$work/panda"
echo "contract test of $PANDA_BIN ($(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- crates Cargo.toml Cargo.lock 2>/dev/null || echo ' + uncommitted changes')): ${backends[*]}; --max-examples $max_examples, seed $seed"

# --- One backend ------------------------------------------------------------

# `panda ARGS...` on the database `$url`, within 60 s, its stderr in the log.
panda() { PANDA_DATABASE_URL="$url" timeout 60 "$work/panda" "$@" 2>>"$dir/panda.log"; }

# Starts `panda serve` and sets $server to its PID and $base to the address
# it printed; then waits for /readyz to answer 200.
start_server() {
    start_panda "$url" "$dir" || die "the server did not start"
    wait_ready "$dir" || die "the server is not ready"
}

# `api METHOD PATH [BODY]`: a request with the admin token; prints the body,
# fails on a status other than 2xx.
api() {
    local body=()
    [[ -z ${3:-} ]] || body=(-H 'Content-Type: application/json' --data "$3")
    curl -fsS --max-time 10 -X "$1" -H "Authorization: Bearer $token" "${body[@]}" "$base$2"
}

# Writes $dir/schemathesis.toml: dictionaries of the records the database
# holds and of valid values (new NHS numbers, future starts on the booking
# grid, durations, versions for If-Match), and bindings that send one of
# them, half of the time, for each parameter that takes one, so that writes
# succeed too. The other half is generated as usual.
write_config() {
    api POST /api/v1/organisations '{"name": "Contract Test Trust"}' >/dev/null
    local list
    for list in patients practitioners departments locations organisations appointments; do
        api GET "/api/v1/$list?limit=500" >"$dir/$list.json"
    done
    "$py" - "$dir" >"$dir/schemathesis.toml" <<'EOF'
import datetime, json, sys
d = sys.argv[1]
def values(name, key="id"):
    items = json.load(open(f"{d}/{name}.json"))["items"]
    got = [item[key] for item in items]
    if not got:
        sys.exit(f"no {name} in the database")
    return got
def fresh_nhs_numbers(count, taken):
    """Valid NHS numbers (modulus 11) that no patient has yet."""
    found, stem = [], 900000000
    while len(found) < count:
        stem += 7
        digits = [int(c) for c in str(stem)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        number = f"{stem}{0 if check == 11 else check}"
        if check != 10 and number not in taken:
            found.append(number)
    return found
# Starts on the booking grid, on the next 60 days (bookings must be in the future).
tomorrow = datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=1)
starts = [
    f"{tomorrow + datetime.timedelta(days=day)}T{9 + day % 8:02d}:{30 * (day % 2):02d}:00Z"
    for day in range(60)
]
patients = values("patients", "nhs_number")
dicts = {
    "nhs-numbers": patients,
    "new-nhs-numbers": fresh_nhs_numbers(50, set(patients)),
    "future-starts": starts,
    "durations": ["15m", "30m", "45m", "1h", "1h30m", "2h"],
    "versions": ['"1"', '"2"'],
    "practitioner-ids": values("practitioners"),
    "department-ids": values("departments"),
    "location-ids": values("locations"),
    "organisation-ids": values("organisations"),
    "appointment-ids": values("appointments"),
}
def binding(name):
    return '{ dictionary = "%s", probability = 0.5 }' % name
print("# Generated by scripts/contract.sh: the records of this run's database.")
print("[dictionaries]")
for name, got in dicts.items():
    print(f"{name} = {{ values = {json.dumps(got)} }}")
print()
print("[parameters]")
for key, name in [
    ("path.nhs_number", "nhs-numbers"),
    ("query.patient", "nhs-numbers"),
    ("body.patient", "nhs-numbers"),
    ("query.practitioner_id", "practitioner-ids"),
    ("body.practitioner_id", "practitioner-ids"),
    ("query.department_id", "department-ids"),
    ("body.department_id", "department-ids"),
    ("body.location_id", "location-ids"),
    ("body.organisation_id", "organisation-ids"),
    ("body.nhs_number", "new-nhs-numbers"),
    ("body.time", "future-starts"),
    ("body.start_time", "future-starts"),
    ("body.duration", "durations"),
    ("header.If-Match", "versions"),
]:
    print(f'"{key}" = {binding(name)}')
for path, name in [
    ("appointments", "appointment-ids"),
    ("practitioners", "practitioner-ids"),
    ("departments", "department-ids"),
    ("locations", "location-ids"),
    ("organisations", "organisation-ids"),
]:
    print()
    print("[[operations]]")
    print(f'include-path-regex = "^/api/v1/{path}/\\\\{{id\\\\}}"')
    print(f'parameters = {{ "path.id" = {binding(name)} }}')
EOF
}

# Prints `operations examples failures` from Schemathesis' summary.
parse_summary() {
    "$py" - "$1" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
tested = re.search(r"^\s*Tested:\s*(\d+)", text, re.M)
generated = re.search(r"^\s*(\d+) generated", text, re.M)
unique = re.search(r"(\d+) unique failures?", text)
print(tested.group(1) if tested else "?", generated.group(1) if generated else "?",
      unique.group(1) if unique else "0")
EOF
}

# One backend: sets $verdict to PASSED or FAILED (...). A step that fails or
# overruns (the server does not start, the document is not valid OpenAPI
# 3.1, ...) stops the script instead, and the EXIT trap counts the backend
# as failed. (Not called as an `if` condition, which would turn off `set -e`
# inside it.)
run_backend() {
    local backend=$1 url started=$SECONDS
    dir=$work/$backend
    mkdir -p "$dir"
    case $backend in
    sqlite) url="sqlite://$dir/panda.db" ;;
    postgres)
        pg_db=panda_contract_$$_$RANDOM
        PGCONNECT_TIMEOUT=5 timeout 30 psql "$postgres/postgres" -XqAtc "CREATE DATABASE $pg_db" >/dev/null
        url="$postgres/$pg_db"
        ;;
    esac

    step "$backend: migrate, import docs/examples/, an admin token, serve"
    panda migrate >/dev/null
    panda import --patients "$root/docs/examples/example_patients.json" \
        --appointments "$root/docs/examples/example_appointments.json" >"$dir/import.out"
    grep -q '^committed' "$dir/import.out" || {
        cat "$dir/import.out" >&2
        die "the example data did not import"
    }
    token=$(panda token create --role admin --name "contract-$RANDOM")
    [[ $token == panda_* ]] || die "panda token create printed no token"
    start_server
    echo "serving on $base"

    step "$backend: the OpenAPI document, validated as OpenAPI 3.1 (openapi-spec-validator)"
    curl -fsS --max-time 10 -H "Authorization: Bearer $token" "$base/api/v1/openapi.json" >"$dir/openapi.json"
    "$py" -c 'import json, sys; v = json.load(open(sys.argv[1]))["openapi"]; sys.exit(0 if v.startswith("3.1.") else "openapi is " + v + ", not 3.1.x")' "$dir/openapi.json"
    timeout 120 "$venv/bin/openapi-spec-validator" --schema 3.1 "$dir/openapi.json"

    step "$backend: Schemathesis, every operation (--max-examples $max_examples, seed $seed, at most $time_limit s)"
    write_config
    local status=0
    # From $dir, so that nothing (reports, caches) lands in the repository.
    # In the background, with `exec` so that $! is timeout's PID: a signal to
    # this script then runs the trap at once, which stops it.
    (
        cd "$dir"
        exec timeout --kill-after=10 "$time_limit" "$venv/bin/schemathesis" --config-file "$dir/schemathesis.toml" \
            run "$base/api/v1/openapi.json" --url "$base" \
            -H "Authorization: Bearer $token" \
            --checks "$CHECKS" --max-examples "$max_examples" --seed "$seed" \
            --workers 1 --continue-on-failure --request-timeout 30 \
            --generation-database none --no-color \
            --report junit,ndjson --report-dir "$dir/reports"
    ) >"$dir/schemathesis.out" 2>&1 &
    tool=$!
    wait "$tool" || status=$?
    tool=
    stop_server
    drop_pg_db

    local operations examples failures
    read -r operations examples failures < <(parse_summary "$dir/schemathesis.out")
    case $status in
    0) verdict=PASSED ;;
    1) verdict=FAILED ;;
    124 | 137) verdict="FAILED (overran $time_limit s)" ;;
    *) verdict="FAILED (schemathesis exit status $status)" ;;
    esac
    # The failures with the requests that reproduce them, the warnings and
    # the summary; the whole output is kept when the backend fails.
    sed -n '/^=* \(FAILURES\|WARNINGS\|SUMMARY\) =*$/,$p' "$dir/schemathesis.out"
    if [[ $verdict != PASSED ]]; then
        [[ $status == 1 ]] || tail -40 "$dir/schemathesis.out"
        ((status != 1)) || echo "To reproduce a failure: run PANDA on the example data (as above) and put its address," \
            "an admin token for [Filtered] and ids of that database in the curl command."
        keep=1
    fi
    local line="$backend: $operations operations, $examples examples, $failures failures; $verdict in $((SECONDS - started)) s"
    summaries+=("$line")
    echo "$line"
}

postgres_reachable() {
    PGCONNECT_TIMEOUT=5 timeout 10 psql "$postgres/postgres" -XqAtc 'SELECT 1' >/dev/null 2>&1
}

for backend in "${backends[@]}"; do
    if [[ $backend == postgres ]] && ! postgres_reachable; then
        if [[ ${CI:-} == true ]]; then
            loud "PostgreSQL is unreachable at $postgres, and CI=true: FAILED." \
                "Start it (scripts/test.sh does) or point CONTRACT_POSTGRES at one."
            failed=$((failed + 1))
        else
            loud "PostgreSQL is unreachable at $postgres: the PostgreSQL contract run is SKIPPED." \
                "Start it (scripts/test.sh does) or point CONTRACT_POSTGRES at one."
            skipped+=" $backend"
        fi
        continue
    fi
    in_backend=$backend
    run_backend "$backend"
    if [[ $verdict == PASSED ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    in_backend=
done
step "done in $((SECONDS - started_at)) s"
