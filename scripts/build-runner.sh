#!/usr/bin/env bash
# Builds ksb-runner, the project's load engine (runner/: client-go, Apache-2.0 dependencies only), from source
# into the per-user cache. The binary's name carries a hash of its sources, so changed sources rebuild.
# Prints the binary's path on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runner_dir="$(cd "$(dirname "$0")/../runner" && pwd)"
version="$(sed -n 's/^var runnerVersion = "\(.*\)"$/\1/p' "$runner_dir/version.go")"

# The same hash src/tools/runner.ts computes: go.mod, go.sum and non-test Go files, in byte order.
hash="$(cd "$runner_dir" && ls go.mod go.sum *.go | grep -v '_test\.go$' | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-12)"
dest="$KSB_BIN_DIR/ksb-runner-$version-$hash"
if [ -x "$dest" ]; then echo "$dest"; exit 0; fi

ksb_require_go
log="$KSB_CACHE_DIR/ksb-runner-$hash.build.log"; : >"$log"
ksb_log "building ksb-runner $version ($hash) from runner/ (one time, ~1-2 min cold on 2 cores; log: $log)"
ksb_step "go build ksb-runner" "$log" bash -c "cd '$runner_dir' && CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o '$dest.tmp' ."
ksb_install_atomic "$dest.tmp" "$dest"
ksb_log "ksb-runner installed at $dest"
echo "$dest"
