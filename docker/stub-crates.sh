#!/bin/sh
# Gives every workspace crate empty sources, so that `cargo build` in the
# Dockerfile's dependency layer compiles only the third-party crates.
# Run in the workspace root after copying the manifests alone.
set -eu

# Prints the source path of every explicit target ([[bin]], [[test]],
# [[bench]], [[example]]) of a manifest: its `path`, or cargo's default.
targets() {
    awk '
        function flush() {
            if (kind != "") print (path != "" ? path : dir[kind] "/" name ".rs")
            kind = ""; name = ""; path = ""
        }
        BEGIN { dir["bench"] = "benches"; dir["test"] = "tests"; dir["example"] = "examples"; dir["bin"] = "src/bin" }
        /^\[/ { flush(); if (match($0, /^\[\[(bench|test|example|bin)\]\]/)) kind = substr($0, 3, RLENGTH - 4); next }
        kind != "" && /^name *=/ { name = $0; sub(/^name *= *"/, "", name); sub(/".*/, "", name) }
        kind != "" && /^path *=/ { path = $0; sub(/^path *= *"/, "", path); sub(/".*/, "", path) }
        END { flush() }
    ' "$1"
}

for manifest in crates/*/Cargo.toml; do
    crate=$(dirname "$manifest")
    mkdir -p "$crate/src"
    # A library unless the crate is a binary only.
    if ! targets "$manifest" | grep -qx 'src/main.rs'; then
        : >"$crate/src/lib.rs"
    fi
    for target in $(targets "$manifest"); do
        mkdir -p "$crate/$(dirname "$target")"
        echo 'fn main() {}' >"$crate/$target"
    done
done
