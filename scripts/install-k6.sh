#!/usr/bin/env bash
# Builds the pinned k6 with `go install` into the per-user cache; prints the binary path on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
K6_VERSION="${K6_VERSION:-v1.7.1}"   # matches @types/k6 1.7.x in package.json
dest="$KSB_BIN_DIR/k6-$K6_VERSION"
if [ -x "$dest" ]; then echo "$dest"; exit 0; fi
ksb_require_go
work="$(mktemp -d "$KSB_CACHE_DIR/k6-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log="$KSB_CACHE_DIR/k6-$K6_VERSION.build.log"; : >"$log"
ksb_log "building k6 $K6_VERSION with go install (one time, ~3-6 min on 2 cores; log: $log)"
ksb_step "go install go.k6.io/k6@$K6_VERSION" "$log" env GOBIN="$work" CGO_ENABLED=0 go install "go.k6.io/k6@$K6_VERSION"
ksb_install_atomic "$work/k6" "$dest"
ksb_log "k6 $K6_VERSION installed at $dest"
echo "$dest"
