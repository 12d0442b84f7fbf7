# Shared helpers for the tool build scripts. Sourced, not run.
# Everything is built into a per-user cache outside the clone so fresh CI clones reuse it.
KSB_CACHE_DIR="${KSB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-stream-bench}"
KSB_BIN_DIR="$KSB_CACHE_DIR/bin"
mkdir -p "$KSB_BIN_DIR"

ksb_log() { printf '[ksb] %s\n' "$*" >&2; }

# The Go the project needs is the one runner/go.mod names (its `go` line): stated there once, read here and by
# src/tools/runner.ts; test/docs checks that the docs say the same.
ksb_go_required() { sed -n 's/^go \([0-9][0-9.]*\)$/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../runner/go.mod"; }

# ksb_require_go: exits 3 with what to install when go is missing or older than runner/go.mod asks. An older go
# would fetch a newer toolchain by itself (GOTOOLCHAIN=auto): a prebuilt download the builds here do not make.
ksb_require_go() {
  local need have
  need="$(ksb_go_required)"
  if ! command -v go >/dev/null 2>&1; then
    ksb_log "error: Go toolchain not found on PATH. Install Go >= $need (https://go.dev/doc/install) and retry."
    exit 3
  fi
  have="$(go version | awk '{print $3}')"
  have="${have#go}"
  if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n1)" != "$need" ]; then
    ksb_log "error: $(command -v go) is Go $have; kube-stream-bench needs Go >= $need (runner/go.mod). Install it (https://go.dev/doc/install) and retry."
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

# ksb_kube_gomod <kube-version>: the path of k8s.io/kubernetes@v<version>'s go.mod in the module cache (downloads it).
ksb_kube_gomod() { go mod download -json "k8s.io/kubernetes@v$1" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p'; }

# ksb_build_kube_command <command> <kube-version> <kube-gomod> <dest> <log>: builds k8s.io/kubernetes/cmd/<command>
# at that release through a wrapper module that pins every staging module k8s.io/kubernetes replaces locally to its
# published v0.<minor>.<patch>, with the version stamped in (so `/version` and `--version` tell the truth).
ksb_build_kube_command() {
  local cmd="$1" version="$2" kube_mod="$3" dest="$4" log="$5"
  local minor="${version#1.}"; minor="${minor%%.*}"
  local staging_version="v0.${version#1.}"
  local work="$KSB_CACHE_DIR/src/$cmd-v$version"
  mkdir -p "$work"
  {
    printf 'module ksb.local/%s-build\n\ngo 1.24\n\nrequire k8s.io/kubernetes v%s\n\nreplace (\n' "$cmd" "$version"
    sed -n 's/^[[:space:]]*\(k8s\.io\/[a-z0-9-]*\) => \.\/staging\/.*/\1/p' "$kube_mod" | while read -r m; do
      printf '\t%s => %s %s\n' "$m" "$m" "$staging_version"
    done
    echo ")"
  } >"$work/go.mod"
  ksb_log "step 1/2: resolving modules for $cmd (downloads several hundred MB the first time)"
  ksb_step "go get k8s.io/kubernetes/cmd/$cmd@v$version" "$log" \
    bash -c "cd '$work' && go get k8s.io/kubernetes/cmd/$cmd@v$version"
  ksb_log "step 2/2: compiling $cmd"
  local ldflags="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags="$ldflags -X $pkg.gitVersion=v$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  ksb_step "go build k8s.io/kubernetes/cmd/$cmd" "$log" \
    bash -c "cd '$work' && go build -trimpath -ldflags '$ldflags' -o '$dest.tmp' k8s.io/kubernetes/cmd/$cmd"
  ksb_install_atomic "$dest.tmp" "$dest"
}
