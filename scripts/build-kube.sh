#!/usr/bin/env bash
# Builds kube-apiserver and etcd from Go modules (no prebuilt downloads) into the per-user cache.
# Usage: scripts/build-kube.sh [kube-version]   e.g. 1.33.13
# Prints two lines on stdout: "kube-apiserver <path>" and "etcd <path>".
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ksb_parse_kube_version "${1:-${KUBE_VERSION:-1.33.13}}"
apiserver_bin="$KSB_BIN_DIR/kube-apiserver-v$KUBE_VERSION"
log="$KSB_CACHE_DIR/kube-v$KUBE_VERSION.build.log"

ksb_require_go
export GOFLAGS="${GOFLAGS:-} -mod=mod"
export CGO_ENABLED=0

ksb_find_kube_gomod

# etcd: the version this Kubernetes release pins, but never below 3.5.13 (WatchList needs RequestWatchProgress).
etcd_version="$(sed -n 's/^[[:space:]]*go\.etcd\.io\/etcd\/server\/v3 \(v3\.[0-9.]*\).*/\1/p' "$KUBE_GOMOD" | head -1)"
if [ -z "$etcd_version" ] || [ "$(printf '%s\nv3.5.13\n' "$etcd_version" | sort -V | head -1)" != "v3.5.13" ]; then
  etcd_version="v3.5.21"
fi
etcd_bin="$KSB_BIN_DIR/etcd-$etcd_version"

if [ ! -x "$apiserver_bin" ]; then
  : >"$log"
  ksb_log "building kube-apiserver v$KUBE_VERSION from k8s.io/kubernetes (one time: ~5-10 min cold on 2 cores, ~2 GB RAM; log: $log)"
  ksb_build_kube_command kube-apiserver "$KUBE_VERSION" "$KUBE_GOMOD" "$apiserver_bin" "$log"
  ksb_log "kube-apiserver v$KUBE_VERSION installed at $apiserver_bin"
fi

if [ ! -x "$etcd_bin" ]; then
  elog="$KSB_CACHE_DIR/etcd-$etcd_version.build.log"; : >"$elog"
  ksb_log "building etcd $etcd_version from go.etcd.io/etcd/server/v3 (one time, ~2-4 min; log: $elog)"
  work="$KSB_CACHE_DIR/src/etcd-$etcd_version"
  mkdir -p "$work"
  printf 'module ksb.local/etcd-build\n\ngo 1.23\n' >"$work/go.mod"
  ksb_step "go get go.etcd.io/etcd/server/v3@$etcd_version" "$elog" \
    bash -c "cd '$work' && go get go.etcd.io/etcd/server/v3@$etcd_version"
  ksb_step "go build go.etcd.io/etcd/server/v3" "$elog" \
    bash -c "cd '$work' && go build -trimpath -ldflags '-s -w' -o '$etcd_bin.tmp' go.etcd.io/etcd/server/v3"
  ksb_install_atomic "$etcd_bin.tmp" "$etcd_bin"
  ksb_log "etcd $etcd_version installed at $etcd_bin"
fi

echo "kube-apiserver $apiserver_bin"
echo "etcd $etcd_bin"
