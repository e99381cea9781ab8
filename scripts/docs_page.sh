#!/usr/bin/env bash
# The reference page as a person sees it: start `panda serve` on a fresh
# SQLite database on 127.0.0.1 (a free port), then open /docs/ in headless
# Chromium (playwright-core, scripts/docs/check.mjs) and check that the page
# answers 200, renders the operations (at least 35 `.opblock`; the count is
# printed), names registerPatient or /api/v1/patients, and that nothing fails
# on the way: no console error (CSP violations are reported there), no
# uncaught exception, no failed request, no answer of 400 or more, and no
# request to any host but 127.0.0.1 (the page must work with no internet).
# The last line is `docs page: PASSED` or `docs page: FAILED, N failure(s)`,
# each failure printed above it; the exit status is 1 on any failure, and
# the work directory (server log, screenshot) is kept and named.
#
#   scripts/docs_page.sh
#
# Environment (defaults in brackets):
#   PANDA_BIN [target/debug/panda]: the binary under test. This script does
#     NOT build it. It is copied first, so that a rebuild cannot swap it.
#   DOCS_MIN_OPERATIONS [35]: the fewest operations the page must show
#   DOCS_SCREENSHOT: also save a screenshot of the page (PNG) there
#   DOCS_PLAYWRIGHT_DIR [${XDG_CACHE_HOME:-$HOME/.cache}/panda/playwright]:
#     where playwright-core is installed from npm when missing
#   PANDA_LOG_LEVEL [warn] and any other PANDA_* variable are passed to the
#     server as documented in README.md.
#
# Needs: Chromium at /usr/bin/chromium (Debian's `chromium`, installed with
# apt-get when missing and root), Node.js 18 or later and npm, curl. The
# server is stopped by its PID on exit. It takes about 10 seconds once the
# tools are installed; every step has a time limit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
# shellcheck source=scripts/lib/processes.sh
source "$root/scripts/lib/processes.sh"
PANDA_BIN=${PANDA_BIN:-target/debug/panda}
playwright=${DOCS_PLAYWRIGHT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/panda/playwright}
export PANDA_LOG_LEVEL=${PANDA_LOG_LEVEL:-warn}
export DOCS_MIN_OPERATIONS=${DOCS_MIN_OPERATIONS:-35}
readonly chromium=/usr/bin/chromium
# Pinned, so that a run is reproducible.
readonly PLAYWRIGHT_VERSION=1.65.1

[[ -x $PANDA_BIN ]] || {
    echo "no panda binary at $PANDA_BIN: build it first (cargo build -p panda-server)" >&2
    exit 2
}

started_at=$SECONDS
step() { printf '\n==> [%4d s] %s\n' "$((SECONDS - started_at))" "$*"; }

work=$(mktemp -d /tmp/panda-docs.XXXXXX)
server=
keep=0
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    local status=$?
    stop_server
    rm -f "$work/panda"
    if ((keep || status != 0)); then
        echo "kept for inspection: $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

apt_install() {
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive timeout 300 apt-get update -qq
        DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq "$@" >/dev/null
    else
        echo "missing: apt-get install $* (as root)" >&2
        exit 2
    fi
}

step "tools: Chromium ($chromium), Node.js, playwright-core $PLAYWRIGHT_VERSION in $playwright"
if [[ ! -x $chromium ]]; then
    echo "Chromium is missing: installing Debian's chromium (a few minutes)"
    apt_install chromium
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "Node.js is missing: installing Debian's nodejs and npm"
    apt_install nodejs npm
fi
installed=$(node -p "try { require('$playwright/node_modules/playwright-core/package.json').version } catch { '' }")
if [[ $installed != "$PLAYWRIGHT_VERSION" ]]; then
    echo "installing playwright-core@$PLAYWRIGHT_VERSION from npm (it downloads no browser)"
    mkdir -p "$playwright"
    [[ -f $playwright/package.json ]] || echo '{"private": true}' >"$playwright/package.json"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 300 npm install --prefix "$playwright" \
        --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION"
fi
echo "$("$chromium" --version 2>/dev/null || echo 'chromium: version unknown'); node $(node --version); playwright-core $PLAYWRIGHT_VERSION"

# The binary is copied so that a rebuild by someone else cannot swap it mid-run.
cp "$PANDA_BIN" "$work/panda"
url="sqlite://$work/panda.db"

step "panda: migrate, the example data, serve (SQLite, $work)"
PANDA_DATABASE_URL="$url" timeout 60 "$work/panda" migrate >/dev/null 2>>"$work/panda.log"
PANDA_DATABASE_URL="$url" timeout 60 "$work/panda" import \
    --patients "$root/docs/examples/example_patients.json" \
    --appointments "$root/docs/examples/example_appointments.json" >/dev/null 2>>"$work/panda.log"
start_panda "$url" "$work" || exit 1
wait_ready "$work" || exit 1
echo "serving on $base"

step "the reference page in headless Chromium: $base/docs/"
status=0
PANDA_PLAYWRIGHT_DIR=$playwright CHROMIUM=$chromium \
    timeout --kill-after=10 180 node "$root/scripts/docs/check.mjs" "$base/docs/" "$work/docs.png" || status=$?
stop_server
if [[ -n ${DOCS_SCREENSHOT:-} && -f $work/docs.png ]]; then
    cp "$work/docs.png" "$DOCS_SCREENSHOT"
    echo "screenshot saved: $DOCS_SCREENSHOT"
fi
if ((status != 0)); then
    keep=1
    ((status == 1)) || echo "docs page: FAILED (the check stopped: exit status $status)"
    [[ ! -s $work/server.log ]] || {
        echo "server log:"
        tail -20 "$work/server.log"
    }
fi
step "done in $((SECONDS - started_at)) s"
exit "$status"
