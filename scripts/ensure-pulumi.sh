#!/usr/bin/env bash
# Provides the Pulumi CLI for the demo, the engine tests and the benchmarks.
#
#   1. a `pulumi` already on PATH is used as it is (exposed through a small `<root>/bin` of symlinks);
#   2. otherwise the pinned release is built from the Go module proxy through a small wrapper
#      module (the CLI's own module has local `replace` directives, so `go install pkg@v` fails),
#      stamped with its version (the Automation API refuses inline refresh/destroy without it),
#      and cached outside the repository under $PULUMI_CLI_CACHE (default ~/.cache/pulumi-passwork);
#      the Node language host is tried too (it has no release tags; inline programs do not need it);
#   3. with neither, it stops and says how to install the CLI.
#
# Prints the directory holding `bin/pulumi` on its last line of stdout (PulumiCommand.get({root})).
# `pulumi-resource-pulumi-nodejs` (shipped inside @pulumi/pulumi) is linked beside the binary on every
# call, so the link always points into the checkout that asked last (any checkout's copy is identical).
set -euo pipefail

V="${PULUMI_CLI_VERSION:-v3.274.1}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_BASE="${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-passwork}"
CACHE="$CACHE_BASE/pulumi-cli-$V"
log() { echo "ensure-pulumi: $*" >&2; }

install_hint() {
  cat >&2 <<MSG
ensure-pulumi: $1
Install the Pulumi CLI (https://www.pulumi.com/docs/iac/download-install/) and put it on PATH,
or install Go >= 1.25 so this script can build Pulumi $V from the Go module proxy
(it caches the build in $CACHE).
MSG
  exit 1
}

link_dynamic_plugin() {
  local bin="$1"
  local script="$REPO_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ ! -f "$script" ]; then
    log "warning: $script is missing (run 'npm ci' first); dynamic resources will not run"
    return 0
  fi
  ln -sfn "$script" "$bin/pulumi-resource-pulumi-nodejs"
}

# 1. A pulumi on PATH (not our own cached build) is used as it is.
if [ -z "${PULUMI_PASSWORK_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  real="$(readlink -f "$(command -v pulumi)")"
  if [ "$real" != "$(readlink -f "$CACHE/bin/pulumi" 2>/dev/null || true)" ]; then
    # PulumiCommand.get({root}) wants <root>/bin/pulumi; a directory of symlinks gives that shape
    # wherever the real binary lives, and puts the dynamic-provider script on the PATH it builds.
    shim="$CACHE_BASE/path-pulumi"
    mkdir -p "$shim/bin"
    ln -sfn "$real" "$shim/bin/pulumi"
    [ -x "$(dirname "$real")/pulumi-language-nodejs" ] &&
      ln -sfn "$(dirname "$real")/pulumi-language-nodejs" "$shim/bin/pulumi-language-nodejs"
    link_dynamic_plugin "$shim/bin"
    log "using the pulumi on PATH: $real ($(pulumi version 2>/dev/null || echo unknown version))"
    echo "$shim"; exit 0
  fi
fi

cached_ok() { [ -x "$CACHE/bin/pulumi" ] && [ "$("$CACHE/bin/pulumi" version 2>/dev/null)" = "$V" ]; }

if cached_ok; then
  link_dynamic_plugin "$CACHE/bin"
  log "using cached $CACHE/bin/pulumi ($V)"
  echo "$CACHE"; exit 0
fi

# 3. Neither pulumi nor a usable Go.
command -v go >/dev/null 2>&1 || install_hint "no 'pulumi' on PATH and no Go toolchain to build it."
gov="$(go env GOVERSION 2>/dev/null || echo go0)"
gomin="$(echo "${gov#go}" | awk -F. '{ print ($1 > 1 || ($1 == 1 && $2 >= 25)) ? "ok" : "old" }')"
[ "$gomin" = ok ] || install_hint "no 'pulumi' on PATH, and $gov is too old to build it (the Pulumi modules need Go >= 1.25)."

# 2. Build once, under a lock: two test runs must not build into the same directory at once.
mkdir -p "$CACHE/bin" "$CACHE/src"
exec 9>"$CACHE/.build.lock"
if ! flock -n 9; then
  log "another build of Pulumi $V is running; waiting for it"
  flock 9
fi
if cached_ok; then # built by the process we waited for
  link_dynamic_plugin "$CACHE/bin"
  echo "$CACHE"; exit 0
fi

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
cd "$CACHE/src"
started=$(date +%s)
log "building Pulumi $V from the Go module proxy in $CACHE (first time only; takes minutes)"
[ -f go.mod ] || go mod init example.invalid/pulumi-cli >/dev/null 2>&1
# pkg/go.mod's only non-local replace (a clipboard fork; Windows-only in effect). A wrapper module must
# repeat it, since replace directives of dependencies are ignored.
go mod edit -replace=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$V" >&2
go get "github.com/pulumi/pulumi/sdk/v3@$V" >&2 # pkg's own require of sdk can lag the release
go mod tidy >&2
LDF="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$V"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDF" -o "$CACHE/bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
mv "$CACHE/bin/pulumi.tmp" "$CACHE/bin/pulumi"
log "built pulumi $("$CACHE/bin/pulumi" version) in $(( $(date +%s) - started ))s"

# The Node language host has no release tags; it can only be fetched as a pseudo-version of the release
# commit. That hash comes from PULUMI_LANGUAGE_NODEJS_COMMIT or the proxy's Origin metadata (many proxies
# omit it). Failure is not fatal: the Automation API's inline programs do not need the language host.
if [ ! -x "$CACHE/bin/pulumi-language-nodejs" ]; then
  H="${PULUMI_LANGUAGE_NODEJS_COMMIT:-}"
  if [ -z "$H" ]; then
    H="$(go mod download -json "github.com/pulumi/pulumi/sdk/v3@$V" 2>/dev/null |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log((JSON.parse(s).Origin||{}).Hash||"")}catch{console.log("")}})')"
  fi
  lh="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
  if [ -z "$H" ]; then
    log "pulumi-language-nodejs skipped: the module proxy gives no commit hash for $V (set PULUMI_LANGUAGE_NODEJS_COMMIT to try one); inline Automation API programs do not need it"
  else
    cp go.mod go.mod.bak && cp go.sum go.sum.bak
    if go get -tool "$lh@$H" >&2 &&
      go get "github.com/pulumi/pulumi/pkg/v3@$V" "github.com/pulumi/pulumi/sdk/v3@$V" >&2 &&
      go mod tidy >&2 &&
      go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDF" -o "$CACHE/bin/pulumi-language-nodejs" "$lh" >&2; then
      log "built pulumi-language-nodejs at $H"
    else
      log "pulumi-language-nodejs could not be built from the module proxy at $H; inline Automation API programs do not need it"
    fi
    mv go.mod.bak go.mod && mv go.sum.bak go.sum # keep the wrapper module the CLI was built from
  fi
fi

link_dynamic_plugin "$CACHE/bin"
echo "$CACHE"
