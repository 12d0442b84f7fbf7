#!/usr/bin/env bash
# Builds actionlint (validates the GitHub workflow templates) with `go install` into the per-user cache.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
dest="$KSB_BIN_DIR/actionlint-$ACTIONLINT_VERSION"
if [ -x "$dest" ]; then echo "$dest"; exit 0; fi
ksb_require_go
work="$(mktemp -d "$KSB_CACHE_DIR/actionlint-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log="$KSB_CACHE_DIR/actionlint-$ACTIONLINT_VERSION.build.log"; : >"$log"
ksb_log "building actionlint $ACTIONLINT_VERSION with go install (one time, ~1 min; log: $log)"
ksb_step "go install github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" "$log" env GOBIN="$work" CGO_ENABLED=0 go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
ksb_install_atomic "$work/actionlint" "$dest"
echo "$dest"
