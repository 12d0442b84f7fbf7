#!/usr/bin/env bash
# Builds actionlint (validates the GitHub workflow templates) with `go install` into the per-user cache.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
ksb_go_install actionlint "$ACTIONLINT_VERSION" "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" "~1 min"
