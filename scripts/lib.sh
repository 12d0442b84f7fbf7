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

# ksb_parse_kube_version <arg>: sets KUBE_VERSION to a release like 1.33.13 (a leading v dropped); exits 2 otherwise.
ksb_parse_kube_version() {
  KUBE_VERSION="${1#v}"
  if ! [[ "$KUBE_VERSION" =~ ^1\.[0-9]+\.[0-9]+$ ]]; then
    ksb_log "error: kube version must look like 1.33.13, got '$KUBE_VERSION'"; exit 2
  fi
}

# ksb_find_kube_gomod: sets KUBE_GOMOD to the path of k8s.io/kubernetes@v$KUBE_VERSION's go.mod in the module cache
# (downloads it); exits 4 naming the releases the proxy serves when it has no such version.
ksb_find_kube_gomod() {
  # A version the proxy does not serve fails `go mod download`: under pipefail that would end the script here, silently.
  KUBE_GOMOD="$({ go mod download -json "k8s.io/kubernetes@v$KUBE_VERSION" 2>/dev/null || true; } | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')"
  if [ -z "$KUBE_GOMOD" ]; then
    local served
    served="$(go list -m -versions k8s.io/kubernetes 2>/dev/null | tr ' ' '\n' | grep -E '^v1\.(3[3-9]|[4-9][0-9])\.[0-9]+$' | sort -V | tr '\n' ' ')" || true
    ksb_log "error: k8s.io/kubernetes@v$KUBE_VERSION is not served by the Go module proxy; releases from 1.33 it lists: ${served:-(none)}"
    exit 4
  fi
}

# ksb_kube_git_version <git-describe> <clean|dirty>: the version Kubernetes stamps from `git describe --tags
# --match='v*' --abbrev=14`, as hack/lib/version.sh turns it into semver: v1.33.13-2-gf9ed250… -> v1.33.13-2+f9ed250…,
# v1.34.0-alpha.1-5-g… -> v1.34.0-alpha.1.5+…, and -dirty appended for a dirty tree.
ksb_kube_git_version() {
  local v="$1" dashes
  dashes="${v//[^-]/}"
  if [ "$dashes" = "---" ]; then
    v="$(sed 's/-\([0-9]\{1,\}\)-g\([0-9a-f]\{14\}\)$/.\1+\2/' <<<"$v")"
  elif [ "$dashes" = "--" ]; then
    v="$(sed 's/-g\([0-9a-f]\{14\}\)$/+\1/' <<<"$v")"
  fi
  if [ "$2" = dirty ]; then v="$v-dirty"; fi
  echo "$v"
}

# ksb_version_ldflags <git-version> <git-commit> <clean|dirty> <build-date>: the -X flags Kubernetes' own build sets
# on k8s.io/component-base/version and k8s.io/client-go/pkg/version (hack/lib/version.sh): gitMajor and gitMinor read
# from the version (the minor with a + when the version has a suffix), an empty version or commit left unset.
ksb_version_ldflags() {
  local version="$1" commit="$2" state="$3" date="$4" major="" minor="" flags="" pkg
  if [[ "$version" =~ ^v([0-9]+)\.([0-9]+)(\.[0-9]+)?([-].*)?([+].*)?$ ]]; then
    major="${BASH_REMATCH[1]}"
    minor="${BASH_REMATCH[2]}"
    if [ -n "${BASH_REMATCH[4]}" ]; then minor="$minor+"; fi
  fi
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    if [ -n "$version" ]; then flags="$flags -X $pkg.gitVersion=$version"; fi
    if [ -n "$major" ]; then flags="$flags -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"; fi
    if [ -n "$commit" ]; then flags="$flags -X $pkg.gitCommit=$commit"; fi
    flags="$flags -X $pkg.gitTreeState=$state -X $pkg.buildDate=$date"
  done
  echo "${flags# }"
}

# ksb_build_kube_command <command> <kube-version> <kube-gomod> <dest> <log>: builds k8s.io/kubernetes/cmd/<command>
# at that release through a wrapper module that pins every staging module k8s.io/kubernetes replaces locally to its
# published v0.<minor>.<patch>, with the version stamped in (so `/version` and `--version` tell the truth).
ksb_build_kube_command() {
  local cmd="$1" version="$2" kube_mod="$3" dest="$4" log="$5"
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
  local ldflags
  ldflags="-s -w $(ksb_version_ldflags "v$version" "" clean 1970-01-01T00:00:00Z)"
  ksb_step "go build k8s.io/kubernetes/cmd/$cmd" "$log" \
    bash -c "cd '$work' && go build -trimpath -ldflags '$ldflags' -o '$dest.tmp' k8s.io/kubernetes/cmd/$cmd"
  ksb_install_atomic "$dest.tmp" "$dest"
}

# ksb_source_hash <dir>: 12 hex digits of sha256 over a Go folder's go.mod, go.sum and non-test Go files, in byte
# order (src/tools/runner.ts computes the same for runner/), so changed sources get a new binary name.
ksb_source_hash() {
  (cd "$1" && ls go.mod go.sum *.go 2>/dev/null | grep -v '_test\.go$' | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-12)
}

# ksb_build_go_dir <what> <source-dir> <dest> <estimate>: builds the main package in a folder of this repository
# into <dest> once (a binary already there is kept); prints <dest>.
ksb_build_go_dir() {
  local what="$1" src="$2" dest="$3" estimate="$4"
  if [ -x "$dest" ]; then echo "$dest"; return 0; fi
  ksb_require_go
  local log="$KSB_CACHE_DIR/${dest##*/}.build.log"; : >"$log"
  ksb_log "building $what (one time, $estimate; log: $log)"
  ksb_step "go build $what" "$log" \
    bash -c "cd '$src' && CGO_ENABLED=0 go build -mod=mod -trimpath -ldflags '-s -w' -o '$dest.tmp' ."
  ksb_install_atomic "$dest.tmp" "$dest"
  ksb_log "installed $dest"
  echo "$dest"
}
