# Shared helpers for the tool build scripts. Sourced, not run.
# Everything is built into a per-user cache outside the clone so fresh CI clones reuse it.
KSB_CACHE_DIR="${KSB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-stream-bench}"
KSB_BIN_DIR="$KSB_CACHE_DIR/bin"
mkdir -p "$KSB_BIN_DIR"

ksb_log() { printf '[ksb] %s\n' "$*" >&2; }

ksb_require_go() {
  if ! command -v go >/dev/null 2>&1; then
    ksb_log "error: Go toolchain not found on PATH. Install Go >= 1.25 (https://go.dev/doc/install) and retry."
    exit 3
  fi
}

# ksb_step <name> <logfile> <command...>: run a build step, on failure name it and show its output tail.
ksb_step() {
  local name="$1" log="$2"; shift 2
  if ! "$@" >>"$log" 2>&1; then
    ksb_log "error: step '$name' failed; last lines of $log:"
    tail -n 30 "$log" >&2
    exit 4
  fi
}

# ksb_install_atomic <built-file> <dest>: move into place so a half-built binary is never used.
ksb_install_atomic() {
  chmod +x "$1"
  mv -f "$1" "$2"
}

# ksb_go_install <name> <version> <package@version> <estimate>: `go install` a tool into the cache as
# <name>-<version>, once; prints the binary's path.
ksb_go_install() {
  local name="$1" version="$2" pkg="$3" estimate="$4"
  local dest="$KSB_BIN_DIR/$name-$version"
  if [ -x "$dest" ]; then echo "$dest"; return 0; fi
  ksb_require_go
  local work log
  work="$(mktemp -d "$KSB_CACHE_DIR/$name-build.XXXXXX")"
  log="$KSB_CACHE_DIR/$name-$version.build.log"; : >"$log"
  ksb_log "building $name $version with go install (one time, $estimate; log: $log)"
  ksb_step "go install $pkg" "$log" env GOBIN="$work" CGO_ENABLED=0 go install "$pkg"
  ksb_install_atomic "$work/$name" "$dest"
  rm -rf "$work"
  ksb_log "$name $version installed at $dest"
  echo "$dest"
}
