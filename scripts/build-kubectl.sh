#!/usr/bin/env bash
# Builds kubectl from k8s.io/kubernetes on the Go module proxy (no prebuilt downloads) into the per-user cache,
# at the release the local target runs by default, so the module downloads are the ones kube-apiserver's build uses.
# Usage: scripts/build-kubectl.sh [kube-version]   e.g. 1.33.13
# Prints one line on stdout: "kubectl <path>". The version is recorded in the binary's name and in
# `kubectl version --client` (set through the same ldflags as kube-apiserver's build).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
KUBE_VERSION="${1:-${KUBE_VERSION:-1.33.13}}"
KUBE_VERSION="${KUBE_VERSION#v}"
if ! [[ "$KUBE_VERSION" =~ ^1\.([0-9]+)\.([0-9]+)$ ]]; then
  ksb_log "error: kube version must look like 1.33.13, got '$KUBE_VERSION'"; exit 2
fi
minor="${BASH_REMATCH[1]}"; patch="${BASH_REMATCH[2]}"
staging_version="v0.$minor.$patch"
kubectl_bin="$KSB_BIN_DIR/kubectl-v$KUBE_VERSION"
log="$KSB_CACHE_DIR/kubectl-v$KUBE_VERSION.build.log"

if [ -x "$kubectl_bin" ]; then echo "kubectl $kubectl_bin"; exit 0; fi

ksb_require_go
export GOFLAGS="${GOFLAGS:-} -mod=mod"
export CGO_ENABLED=0

gomod_file() { go mod download -json "$1" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p'; }
if ! kube_mod="$(gomod_file "k8s.io/kubernetes@v$KUBE_VERSION" 2>/dev/null)" || [ -z "$kube_mod" ]; then
  ksb_log "error: k8s.io/kubernetes@v$KUBE_VERSION is not served by the Go module proxy"
  exit 4
fi

: >"$log"
ksb_log "building kubectl v$KUBE_VERSION from k8s.io/kubernetes (one time: a few minutes on 2 cores; log: $log)"
work="$KSB_CACHE_DIR/src/kubectl-v$KUBE_VERSION"
mkdir -p "$work"
{
  echo "module ksb.local/kubectl-build"
  echo
  echo "go 1.24"
  echo
  echo "require k8s.io/kubernetes v$KUBE_VERSION"
  echo
  echo "replace ("
  # Every staging module that k8s.io/kubernetes replaces locally is pinned to its published v0.<minor>.<patch>.
  sed -n 's/^[[:space:]]*\(k8s\.io\/[a-z0-9-]*\) => \.\/staging\/.*/\1/p' "$kube_mod" | while read -r m; do
    echo "	$m => $m $staging_version"
  done
  echo ")"
} >"$work/go.mod"
ksb_step "go get k8s.io/kubernetes/cmd/kubectl@v$KUBE_VERSION" "$log" \
  bash -c "cd '$work' && go get k8s.io/kubernetes/cmd/kubectl@v$KUBE_VERSION"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags="$ldflags -X $pkg.gitVersion=v$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
ksb_step "go build k8s.io/kubernetes/cmd/kubectl" "$log" \
  bash -c "cd '$work' && go build -trimpath -ldflags '$ldflags' -o '$kubectl_bin.tmp' k8s.io/kubernetes/cmd/kubectl"
ksb_install_atomic "$kubectl_bin.tmp" "$kubectl_bin"
ksb_log "kubectl v$KUBE_VERSION installed at $kubectl_bin"
echo "kubectl $kubectl_bin"
