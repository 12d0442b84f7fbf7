#!/usr/bin/env bash
# Builds kubectl from k8s.io/kubernetes on the Go module proxy (no prebuilt downloads) into the per-user cache,
# at the release the local target runs by default, so the module downloads are the ones kube-apiserver's build uses.
# Usage: scripts/build-kubectl.sh [kube-version]   e.g. 1.33.13
# Prints one line on stdout: "kubectl <path>". The version is recorded in the binary's name and in
# `kubectl version --client` (set through the same ldflags as kube-apiserver's build).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ksb_parse_kube_version "${1:-${KUBE_VERSION:-1.33.13}}"
kubectl_bin="$KSB_BIN_DIR/kubectl-v$KUBE_VERSION"
log="$KSB_CACHE_DIR/kubectl-v$KUBE_VERSION.build.log"

if [ -x "$kubectl_bin" ]; then echo "kubectl $kubectl_bin"; exit 0; fi

ksb_require_go
export GOFLAGS="${GOFLAGS:-} -mod=mod"
export CGO_ENABLED=0
ksb_find_kube_gomod

: >"$log"
ksb_log "building kubectl v$KUBE_VERSION from k8s.io/kubernetes (one time: a few minutes on 2 cores; log: $log)"
ksb_build_kube_command kubectl "$KUBE_VERSION" "$KUBE_GOMOD" "$kubectl_bin" "$log"
ksb_log "kubectl v$KUBE_VERSION installed at $kubectl_bin"
echo "kubectl $kubectl_bin"
