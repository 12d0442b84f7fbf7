#!/usr/bin/env bash
# Makes a Kubernetes checkout from the Go module proxy, for tests and benchmarks of builds from source (ksb build,
# --builds, bisect): k8s.io/kubernetes@v<version> (its module zip has go.mod and go.work but no staging content)
# with every staging module go.work uses laid out under staging/src/k8s.io/<name> as the repository has them, from
# k8s.io/<name>@v0.<minor>.<patch>. The proxy does not serve the three sample modules; a folder holding only
# `module k8s.io/<name>` in a go.mod stands in for each (go.mod's replace still points there).
# It is then a git repository: the release committed and tagged v<version>, and 9 commits on top, all harmless
# (comments, docs, an unused constant) except the 5th, which regresses API streaming: the codec factory builds its
# JSON and protobuf serializers without the streaming collection encoding, so a LIST's streaming variant buffers
# the whole response as legacy does, whatever StreamingCollectionEncodingTo* say.
# Authors and dates are fixed, so the commits have the same hashes on every machine.
# Usage: scripts/make-kube-checkout.sh <version> <dir>   e.g. 1.33.13 /tmp/kubernetes
# Prints the regression commit's hash on stdout (also in <dir>/.git/ksb-fixture: "<version> <regression-commit>").
# Reuses the module cache; a second call with the fixture in place prints the hash and returns.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
if [ "$#" -ne 2 ]; then
  ksb_log "error: usage: make-kube-checkout.sh <version> <dir>, e.g. 1.33.13 /tmp/kubernetes"; exit 2
fi
ksb_parse_kube_version "$1"
dir="$2"
marker="$dir/.git/ksb-fixture"

if [ -f "$marker" ] && read -r made regression <"$marker" && [ "$made" = "$KUBE_VERSION" ] &&
  git -C "$dir" cat-file -e "$regression^{commit}" 2>/dev/null; then
  echo "$regression"; exit 0
fi
if [ -e "$dir" ]; then
  ksb_log "error: $dir exists and is not a fixture of Kubernetes $KUBE_VERSION made by this script; give a new directory"
  exit 2
fi
ksb_require_go
# Made beside the destination and renamed at the end, so a half-made fixture is never taken for a finished one.
work="$dir.partial"
rm -rf "$work"
mkdir -p "$work"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# module_dir <module@version>: its folder in the module cache (downloaded once); empty when the proxy refuses it.
module_dir() { (cd "$scratch" && go mod download -json "$1" 2>/dev/null || true) | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p'; }

kube="$(module_dir "k8s.io/kubernetes@v$KUBE_VERSION")"
if [ -z "$kube" ]; then ksb_log "error: the Go module proxy does not serve k8s.io/kubernetes@v$KUBE_VERSION"; exit 4; fi
ksb_log "copying k8s.io/kubernetes@v$KUBE_VERSION from $kube"
cp -R "$kube/." "$work/"
# The module cache is read-only.
chmod -R u+w "$work"
staging_version="v0.${KUBE_VERSION#1.}"
for name in $(sed -n 's|^[[:space:]]*\./staging/src/k8s\.io/\([a-z0-9-]*\)[[:space:]]*$|\1|p' "$work/go.work"); do
  dest="$work/staging/src/k8s.io/$name"
  mkdir -p "$dest"
  src="$(module_dir "k8s.io/$name@$staging_version")"
  if [ -n "$src" ]; then
    cp -R "$src/." "$dest/"
  elif [[ "$name" == sample-* ]]; then
    printf 'module k8s.io/%s\n' "$name" >"$dest/go.mod"
  else
    ksb_log "error: the Go module proxy does not serve k8s.io/$name@$staging_version, a staging module of $KUBE_VERSION"
    exit 4
  fi
done
chmod -R u+w "$work/staging"
ksb_log "staging: $(ls "$work/staging/src/k8s.io" | wc -l) modules under staging/src/k8s.io"

export GIT_AUTHOR_NAME="ksb fixture" GIT_AUTHOR_EMAIL="ksb-fixture@example.invalid"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
commits=0
# commit <subject>: commits everything, one minute after the previous commit.
commit() {
  export GIT_AUTHOR_DATE="2026-01-01T00:$(printf '%02d' "$commits"):00Z"
  export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"
  git -C "$work" -c core.safecrlf=false add -A
  git -C "$work" -c core.hooksPath=/dev/null commit --quiet --no-gpg-sign -m "$1"
  commits=$((commits + 1))
}
# note <file> <text>: appends a comment line to a Go file or a line to a document, checking the file is there.
note() {
  if [ ! -f "$work/$1" ]; then ksb_log "error: $1 is not in Kubernetes $KUBE_VERSION; this script needs updating"; exit 4; fi
  printf '\n%s\n' "$2" >>"$work/$1"
}

git -C "$work" init --quiet --initial-branch=master
git -C "$work" config core.autocrlf false
commit "Kubernetes v$KUBE_VERSION (k8s.io/kubernetes and its staging modules from the Go module proxy)"
git -C "$work" -c core.hooksPath=/dev/null tag -a "v$KUBE_VERSION" -m "Kubernetes v$KUBE_VERSION"

note README.md "This checkout was made by kube-stream-bench's scripts/make-kube-checkout.sh from the Go module proxy."
commit "docs: say where this checkout comes from"
note staging/src/k8s.io/client-go/tools/cache/reflector.go "// A reflector whose watch-list request is refused falls back to LIST and WATCH."
commit "client-go: note the reflector's fallback from watch-list"
note pkg/controlplane/instance.go "// The controlplane's storage is installed group by group, core first."
commit "controlplane: comment on the order storage is installed in"
note staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go "// The serializer writes one object per Encode call; framing is the caller's."
commit "apimachinery: comment on JSON framing"

codec="staging/src/k8s.io/apimachinery/pkg/runtime/serializer/codec_factory.go"
perl -0pi -e 's/, StreamingCollectionsEncoding: options\.StreamingCollectionsEncodingToJSON\}/}/g; s/protobuf\.SerializerOptions\{\n\s*StreamingCollectionsEncoding: options\.StreamingCollectionsEncodingToProtobuf,\n\s*\}\)/protobuf.SerializerOptions{})/' "$work/$codec"
if grep -q 'StreamingCollectionsEncoding: options' "$work/$codec" || git -C "$work" diff --quiet; then
  ksb_log "error: $codec of Kubernetes $KUBE_VERSION does not have the serializer options this script edits; it needs updating"
  exit 4
fi
commit "apimachinery: construct the JSON and protobuf serializers with their default options"
regression="$(git -C "$work" rev-parse HEAD)"

note cmd/kube-apiserver/app/server.go "// Run blocks until the server stops or its context is cancelled."
commit "kube-apiserver: comment on Run"
mkdir -p "$work/staging/src/k8s.io/component-base/version"
printf 'package version\n\n// fixtureNote is not used; it only changes the package.\nconst fixtureNote = "ksb"\n' \
  >"$work/staging/src/k8s.io/component-base/version/fixture_note.go"
commit "component-base: an unused constant in version"
note staging/README.md "Each staging module is also published on its own repository."
commit "docs: staging modules are published on their own"
note pkg/registry/core/configmap/strategy.go "// ConfigMaps carry no status; updates replace data and binaryData whole."
commit "registry: comment on ConfigMap updates"

echo "$KUBE_VERSION $regression" >"$work/.git/ksb-fixture"
mv "$work" "$dir"
ksb_log "Kubernetes $KUBE_VERSION checkout at $dir: $((commits - 1)) commits on v$KUBE_VERSION, the regression at $regression"
echo "$regression"
