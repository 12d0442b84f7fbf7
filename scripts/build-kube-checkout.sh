#!/usr/bin/env bash
# Builds kube-apiserver from a Kubernetes checkout (go.work with the staging modules) the way the repository's own
# build stamps it (hack/lib/version.sh): gitVersion from `git describe`, gitCommit, gitTreeState, gitMajor/gitMinor
# and buildDate through ldflags. ksb (src/builds/checkout.ts) picks the directory, the commit and the tree state,
# and caches the result; this script only compiles.
# Usage: scripts/build-kube-checkout.sh <checkout-dir> <commit> <clean|dirty> <dest> <log>
# Exit 3: no Go; 4: the build failed (its output is in <log>).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
if [ "$#" -ne 5 ]; then
  ksb_log "error: usage: build-kube-checkout.sh <checkout-dir> <commit> <clean|dirty> <dest> <log>"; exit 2
fi
src="$1" commit="$2" state="$3" dest="$4" log="$5"
ksb_require_go

# No tag to describe from: like Kubernetes' build, no gitVersion is stamped (the binary says v0.0.0-master+$Format:%H$).
describe="$(git -C "$src" describe --tags --match='v*' --abbrev=14 "$commit^{commit}" 2>/dev/null || true)"
version=""
if [ -n "$describe" ]; then version="$(ksb_kube_git_version "$describe" "$state")"; fi
# A clean commit is stamped with its commit time, so a rebuild is byte for byte the same binary
# (SOURCE_DATE_EPOCH in hack/lib/version.sh); a dirty tree with the time of the build.
if [ "$state" = clean ]; then
  build_date="$(date -u -d "@$(git -C "$src" show -s --format=%ct "$commit")" +%Y-%m-%dT%H:%M:%SZ)"
else
  build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
fi
ldflags="-s -w $(ksb_version_ldflags "$version" "$commit" "$state" "$build_date")"

ksb_log "compiling kube-apiserver ${version:-(untagged)} at ${commit:0:12} ($state) in $src (log: $log)"
# The checkout's own go.work decides the modules (GOFLAGS' -mod is refused in workspace mode); -buildvcs=false keeps
# go from running `git status` in the checkout, which may rewrite its index.
if ! (cd "$src" && env GOWORK="$src/go.work" GOFLAGS= CGO_ENABLED=0 \
  go build -v -trimpath -buildvcs=false -ldflags "$ldflags" -o "$dest.tmp.$$" ./cmd/kube-apiserver) >>"$log" 2>&1; then
  rm -f "$dest.tmp.$$"
  exit 4
fi
ksb_install_atomic "$dest.tmp.$$" "$dest"
