#!/usr/bin/env bash
# Several PANDA instances on one PostgreSQL behind a real load balancer
# (HAProxy, round robin, each instance health-checked on /readyz), for the
# scale-out tests and benchmarks (issue 12). Starts everything on 127.0.0.1,
# on free ports, over a fresh database; runs COMMAND with the cluster's
# address in its environment (or waits for Ctrl-C when there is none); then
# stops every process it started by its PID and drops the database.
#
#   scripts/cluster.sh [N] [-- COMMAND ...]        (N instances, default 3)
#
# COMMAND sees:
#   PANDA_CLUSTER_URL    the load balancer, http://127.0.0.1:PORT
#   PANDA_CLUSTER_DB     the database URL every instance uses
#   PANDA_CLUSTER_TOKEN  an admin API token
#   PANDA_CLUSTER_DIR    a directory with, per instance i (1..N), i/pid,
#                        i/url and i/server.log (its access log), and
#                        restart.sh: `restart.sh i` stops instance i and
#                        starts it again on the same port: drained in the
#                        balancer first and stopped by SIGTERM, or with
#                        KILL=1 killed at once by SIGKILL
#
# Environment (defaults in brackets):
#   CLUSTER_POSTGRES [postgres://postgres@127.0.0.1:5432]: a server where the
#     script may create (and then drops) a database panda_cluster_<pid>
#   PANDA_BIN [target/release/panda if present, else target/debug/panda]:
#     the binary, copied first so that a rebuild cannot swap it mid-run
#   PANDA_LOG_LEVEL [info] and any other PANDA_* variable reach every
#     instance as documented in README.md.
#
# Needs: psql, python3, haproxy (installed from Debian when missing and
# root). Exits with COMMAND's status, or 1 if the cluster could not start.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
instances=3
if [[ $# -gt 0 && $1 != -- ]]; then
    instances=$1
    shift
fi
if [[ $# -gt 0 && $1 == -- ]]; then
    shift
fi
if ! [[ $instances =~ ^[1-9][0-9]?$ ]]; then
    echo "usage: scripts/cluster.sh [N (1-99)] [-- COMMAND ...]" >&2
    exit 2
fi
postgres=${CLUSTER_POSTGRES:-postgres://postgres@127.0.0.1:5432}
export PANDA_LOG_LEVEL=${PANDA_LOG_LEVEL:-info}

if ! command -v haproxy >/dev/null; then
    if [[ $(id -u) == 0 ]]; then
        echo "cluster: installing haproxy from Debian" >&2
        apt-get update -qq >/dev/null && apt-get install -y -qq haproxy >/dev/null
    else
        echo "haproxy is missing: apt-get install haproxy" >&2
        exit 1
    fi
fi

work=$(mktemp -d /tmp/panda-cluster.XXXXXX)
pg_db=panda_cluster_$$
balancer=
cleanup() {
    local status=$?
    for pid_file in "$work"/*/pid; do
        [[ -f $pid_file ]] || continue
        local pid
        pid=$(cat "$pid_file")
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    done
    if [[ -n $balancer ]]; then
        kill "$balancer" 2>/dev/null || true
        wait "$balancer" 2>/dev/null || true
    fi
    PGCONNECT_TIMEOUT=5 timeout 30 psql "$postgres/postgres" -XqAtc \
        "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
    if [[ $status != 0 ]]; then
        echo "cluster: logs kept in $work" >&2
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bin=${PANDA_BIN:-}
if [[ -z $bin ]]; then
    if [[ -x target/release/panda ]]; then bin=target/release/panda; else bin=target/debug/panda; fi
fi
[[ -x $bin ]] || {
    echo "no PANDA binary at $bin: cargo build first" >&2
    exit 1
}
cp "$bin" "$work/panda"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

PGCONNECT_TIMEOUT=5 psql "$postgres/postgres" -XqAtc "CREATE DATABASE $pg_db" >/dev/null
db_url="$postgres/$pg_db"

# restart.sh: stops instance $1 (SIGTERM, or SIGKILL with KILL=1) and starts
# it again on its port, waiting until it is ready (20 s at most).
cat >"$work/restart.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
dir="$work/\$1"
pid=\$(cat "\$dir/pid")
admin() { python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.argv[2].encode() + b"\\n"); s.recv(4096)' "$work/admin.sock" "\$1"; }
if [[ \${KILL:-0} == 1 ]]; then
    kill -KILL "\$pid" 2>/dev/null || true
else
    # As an operator would: no new requests to it, then a graceful stop
    # (it finishes the requests it has).
    admin "set server instances/panda\$1 state drain"
    sleep 0.5
    kill -TERM "\$pid" 2>/dev/null || true
fi
for _ in \$(seq 300); do kill -0 "\$pid" 2>/dev/null || break; sleep 0.1; done
PANDA_DATABASE_URL="$db_url" PANDA_BIND="127.0.0.1:\$(cat "\$dir/port")" \\
    setsid "$work/panda" serve >>"\$dir/server.out" 2>>"\$dir/server.log" </dev/null &
echo \$! >"\$dir/pid"
for _ in \$(seq 200); do
    if [[ \$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "\$(cat "\$dir/url")/readyz") == 200 ]]; then
        admin "set server instances/panda\$1 state ready"
        exit 0
    fi
    sleep 0.1
done
echo "instance \$1 did not become ready" >&2
exit 1
EOF
chmod +x "$work/restart.sh"

# The instances start together: the migrations run once, under their lock.
servers=""
for i in $(seq "$instances"); do
    mkdir -p "$work/$i"
    port=$(free_port)
    echo "$port" >"$work/$i/port"
    echo "http://127.0.0.1:$port" >"$work/$i/url"
    PANDA_DATABASE_URL="$db_url" PANDA_BIND="127.0.0.1:$port" \
        setsid "$work/panda" serve >"$work/$i/server.out" 2>"$work/$i/server.log" </dev/null &
    echo $! >"$work/$i/pid"
    servers+="    server panda$i 127.0.0.1:$port check"$'\n'
done
for i in $(seq "$instances"); do
    ready=
    for _ in $(seq 300); do
        if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$(cat "$work/$i/url")/readyz") == 200 ]]; then
            ready=1
            break
        fi
        kill -0 "$(cat "$work/$i/pid")" 2>/dev/null || break
        sleep 0.1
    done
    [[ -n $ready ]] || {
        echo "instance $i did not become ready:" >&2
        tail -20 "$work/$i/server.log" >&2
        exit 1
    }
done

# Round robin; an instance failing two checks 200 ms apart is taken out,
# and a request that could not reach one is sent to another.
lb_port=$(free_port)
cat >"$work/haproxy.cfg" <<EOF
global
    maxconn 4096
    stats socket $work/admin.sock level admin
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 3
    option redispatch
    # Only a request that never reached an instance is sent again: a
    # booking is not idempotent without its Idempotency-Key.
    retry-on conn-failure
frontend panda
    bind 127.0.0.1:$lb_port
    default_backend instances
backend instances
    balance roundrobin
    option httpchk GET /readyz
    default-server inter 200ms fall 2 rise 2
$servers
EOF
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
balancer=$!
url="http://127.0.0.1:$lb_port"
for _ in $(seq 100); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/readyz") == 200 ]] && break
    sleep 0.1
done
[[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/readyz") == 200 ]] || {
    echo "the load balancer does not answer:" >&2
    cat "$work/haproxy.log" >&2
    exit 1
}

token=$(PANDA_DATABASE_URL="$db_url" PANDA_LOG_LEVEL=warn "$work/panda" token create --role admin --name "cluster-$$" 2>/dev/null | head -1)
export PANDA_CLUSTER_URL=$url PANDA_CLUSTER_DB=$db_url PANDA_CLUSTER_TOKEN=$token PANDA_CLUSTER_DIR=$work
echo "cluster: $url, $instances instances on $db_url"
if [[ $# -eq 0 ]]; then
    echo "cluster: Ctrl-C stops it"
    wait "$balancer"
else
    "$@"
fi
