#!/usr/bin/env bash
# Everything the test suite runs besides Node: ksb-runner (the load engine), kube-apiserver + etcd 1.33 and 1.34 (the local target's tests),
# kubectl and a client-go program (the real-client suite),
# actionlint (the workflow templates), all built once from Go modules, and Prometheus (the PromQL source and the
# Grafana dashboard), Debian's package unpacked once; all into the per-user cache, instant after that. haproxy (the
# balancer of --apiservers N) is installed system-wide where apt may.
set -euo pipefail
dir="$(dirname "$0")"
bash "$dir/build-runner.sh" >/dev/null
bash "$dir/build-kube.sh" 1.33.13 >/dev/null
# 1.34 runs the full A/B only by emulating 1.33 (test/e2e/emulation.test.ts).
bash "$dir/build-kube.sh" 1.34.10 >/dev/null
# Real clients against the mock and the local target (test/e2e/real-clients.test.ts): kubectl at the local
# target's default release (shares its module downloads) and a typed client-go program.
bash "$dir/build-kubectl.sh" 1.33.13 >/dev/null
bash "$dir/build-client-go-create.sh" >/dev/null
bash "$dir/install-actionlint.sh" >/dev/null
bash "$dir/install-prometheus.sh" >/dev/null
# skopeo inspects the runner's OCI image (test/e2e/runner-image.test.ts): Debian's package, installed where we may.
if ! command -v skopeo >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get install -y -qq skopeo >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq skopeo >/dev/null 2>&1; } || true
fi
# Chromium opens the reports in the browser tests (test/report/mermaid.test.ts, test/report/html.test.ts).
bash "$dir/install-chromium.sh"
# haproxy balances --apiservers N (test/e2e/ha-local.test.ts, bench:ha), as kubeadm's HA guide runs it: Debian's package
# where we may install it (its service is not started); elsewhere the local target runs its built-in balancer.
if ! command -v haproxy >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get install -y -qq haproxy >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq haproxy >/dev/null 2>&1; } || true
fi
