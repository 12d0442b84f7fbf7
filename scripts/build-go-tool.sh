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
ksb_build_go_dir "$name from tools/$name" "$src" "$KSB_BIN_DIR/$name-$(ksb_source_hash "$src")" "~1 min"
