# shellcheck shell=bash
# Tools a benchmark script needs, installed from Debian's packages when
# missing (as root with apt-get), shared by bench.sh, bench_sizes.sh and
# bench/search_instructions.sh. Source it.

# Makes sure the command `$1` exists, installing the package `$2` (default
# `$1`) if it does not; exits with 2 and says what to install otherwise.
need_tool() {
    local command=$1 package=${2:-$1}
    command -v "$command" >/dev/null && return 0
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq "$package" >/dev/null
    else
        echo "$command is missing: apt-get install $package" >&2
        exit 2
    fi
}
