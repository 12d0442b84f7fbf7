#!/usr/bin/env bash
# Builds the pinned k6 with `go install` into the per-user cache; prints the binary path on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
K6_VERSION="${K6_VERSION:-v1.7.1}"   # matches @types/k6 1.7.x in package.json
ksb_go_install k6 "$K6_VERSION" "go.k6.io/k6@$K6_VERSION" "~3-6 min on 2 cores"
