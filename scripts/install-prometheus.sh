#!/usr/bin/env bash
# Installs Prometheus (the tests read apiserver metrics through PromQL) into the per-user cache, once: Debian's
# package, fetched with `apt-get download` and unpacked with `dpkg-deb -x` (no root, no service started).
# Prints the binary's path. PROMETHEUS_VERSION picks the upstream version apt must offer (default 2.42.0, bookworm's).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
PROMETHEUS_VERSION="${PROMETHEUS_VERSION:-2.42.0}"
dest="$KSB_BIN_DIR/prometheus-v$PROMETHEUS_VERSION"
if [ -x "$dest" ]; then echo "$dest"; exit 0; fi

for tool in apt-get apt-cache dpkg-deb; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    ksb_log "error: $tool not found: Prometheus is installed from Debian's package, which needs a Debian or Ubuntu host. Elsewhere put a prometheus $PROMETHEUS_VERSION binary at $dest yourself."
    exit 3
  fi
done
candidate() { apt-cache policy prometheus 2>/dev/null | awk '/Candidate:/ {print $2}'; }
deb_version="$(candidate)"
# A fresh machine may have empty package lists; as root, fetch them once (apt-get update) and ask again.
if { [ -z "$deb_version" ] || [ "$deb_version" = "(none)" ]; } && [ "$(id -u)" = 0 ]; then
  ksb_log "apt knows no 'prometheus' package yet: running apt-get update once"
  apt-get update -qq >/dev/null 2>&1 || true
  deb_version="$(candidate)"
fi
if [ -z "$deb_version" ] || [ "$deb_version" = "(none)" ]; then
  ksb_log "error: apt knows no 'prometheus' package: run 'apt-get update' (or enable the Debian/Ubuntu main archive), or put a prometheus $PROMETHEUS_VERSION binary at $dest yourself."
  exit 3
fi
# Debian's 2.42.0+ds-5+b6 is upstream 2.42.0.
upstream="${deb_version#*:}"
upstream="${upstream%%[+-]*}"
if [ "$upstream" != "$PROMETHEUS_VERSION" ]; then
  ksb_log "error: apt offers prometheus $deb_version (upstream $upstream), not $PROMETHEUS_VERSION; rerun with PROMETHEUS_VERSION=$upstream to use it."
  exit 3
fi

work="$(mktemp -d "$KSB_CACHE_DIR/prometheus-download.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log="$KSB_CACHE_DIR/prometheus-v$PROMETHEUS_VERSION.install.log"; : >"$log"
ksb_log "downloading Debian's prometheus $deb_version (one time, ~19 MB; log: $log)"
(cd "$work" && ksb_step "apt-get download prometheus=$deb_version" "$log" apt-get download "prometheus=$deb_version")
ksb_step "dpkg-deb -x" "$log" dpkg-deb -x "$(ls "$work"/prometheus_*.deb)" "$work/root"
ksb_step "prometheus --version" "$log" "$work/root/usr/bin/prometheus" --version
ksb_install_atomic "$work/root/usr/bin/prometheus" "$dest"
ksb_log "prometheus $PROMETHEUS_VERSION (Debian $deb_version) installed at $dest"
echo "$dest"
