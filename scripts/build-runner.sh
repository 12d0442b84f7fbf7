#!/usr/bin/env bash
# Builds ksb-runner, the project's load engine (runner/: client-go, Apache-2.0 dependencies only), from source
# into the per-user cache. The binary's name carries a hash of its sources, so changed sources rebuild.
# Prints the binary's path on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runner_dir="$(cd "$(dirname "$0")/../runner" && pwd)"
version="$(sed -n 's/^var runnerVersion = "\(.*\)"$/\1/p' "$runner_dir/version.go")"
hash="$(ksb_source_hash "$runner_dir")"
ksb_build_go_dir "ksb-runner $version ($hash) from runner/" "$runner_dir" "$KSB_BIN_DIR/ksb-runner-$version-$hash" "~1-2 min cold on 2 cores"
