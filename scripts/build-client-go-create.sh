#!/usr/bin/env bash
# Builds tools/client-go-create (a typed client-go clientset creating a ConfigMap without namespace, protobuf
# bodies) into the per-user cache, named after the client-go version in its go.mod.
# Prints one line on stdout: "client-go-create <path>".
set -euo pipefail
. "$(dirname "$0")/lib.sh"
src="$(cd "$(dirname "$0")/../tools/client-go-create" && pwd)"
version="$(sed -n 's/^[[:space:]]*k8s\.io\/client-go \(v[0-9.]*\).*/\1/p' "$src/go.mod" | head -1)"
sum="$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -c1-12)"
bin="$KSB_BIN_DIR/client-go-create-$version-$sum"
if [ ! -x "$bin" ]; then
  ksb_require_go
  log="$KSB_CACHE_DIR/client-go-create.build.log"; : >"$log"
  ksb_log "building tools/client-go-create (client-go $version; one time, ~1-2 min on 2 cores; log: $log)"
  ksb_step "go build tools/client-go-create" "$log" \
    bash -c "cd '$src' && CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o '$bin.tmp' ."
  ksb_install_atomic "$bin.tmp" "$bin"
fi
echo "client-go-create $bin"
