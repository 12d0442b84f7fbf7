#!/usr/bin/env bash
# Builds one of the project's small Go tools (tools/<name>) from source into the per-user cache, once per source
# version: $KSB_CACHE_DIR/bin/<name>-<hash>, the hash taken over go.mod, go.sum and the non-test Go files.
# Usage: scripts/build-go-tool.sh <name>   e.g. license-check, oci-pack. Prints the binary's path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
name="${1:-}"
src="$(cd "$(dirname "$0")/.." && pwd)/tools/$name"
if [ -z "$name" ] || [ ! -f "$src/go.mod" ]; then
  ksb_log "error: expected the name of a Go tool under tools/ (a directory with go.mod), got '${name}'"
  exit 2
fi
hash="$(cd "$src" && ls go.mod go.sum *.go 2>/dev/null | grep -v '_test\.go$' | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-12)"
dest="$KSB_BIN_DIR/$name-$hash"
if [ -x "$dest" ]; then echo "$dest"; exit 0; fi
ksb_require_go
log="$KSB_CACHE_DIR/$name-$hash.build.log"; : >"$log"
ksb_log "building $name from tools/$name (one time, ~1 min; log: $log)"
ksb_step "go build tools/$name" "$log" \
  bash -c "cd '$src' && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags '-s -w' -o '$dest.tmp' ."
ksb_install_atomic "$dest.tmp" "$dest"
echo "$dest"
