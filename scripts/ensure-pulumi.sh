#!/usr/bin/env bash
# Provides the Pulumi CLI for the demo, the engine tests and the benchmarks.
#
#   1. a `pulumi` already on PATH is used as it is;
#   2. otherwise the pinned release is built from the Go module proxy through a small wrapper
#      module (the CLI's own module has local `replace` directives, so `go install pkg@v` fails),
#      stamped with its version (the Automation API refuses inline refresh/destroy without it),
#      and cached outside the repository under $PULUMI_CLI_CACHE (default ~/.cache/pulumi-passwork);
#   3. with neither, it stops and says how to install the CLI.
#
# Prints the directory holding `bin/pulumi` on its last line of stdout (PulumiCommand.get({root})).
# `pulumi-resource-pulumi-nodejs` (shipped inside @pulumi/pulumi) is linked beside the binary.
set -euo pipefail

V="${PULUMI_CLI_VERSION:-v3.274.1}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-passwork}/pulumi-cli-$V"
log() { echo "ensure-pulumi: $*" >&2; }

link_dynamic_plugin() {
  local bin="$1"
  local script="$REPO_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ -f "$script" ] && [ -w "$bin" ]; then
    ln -sf "$script" "$bin/pulumi-resource-pulumi-nodejs"
  fi
}

if [ -z "${PULUMI_PASSWORK_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  existing="$(dirname "$(readlink -f "$(command -v pulumi)")")"
  case "$existing" in
    "$CACHE/bin") ;; # our own cached build on PATH: fall through to the cache check
    *) log "using the pulumi on PATH ($(pulumi version 2>/dev/null || echo unknown version))"
       echo "$(dirname "$existing")"; exit 0 ;;
  esac
fi

if [ -x "$CACHE/bin/pulumi" ] && [ "$("$CACHE/bin/pulumi" version 2>/dev/null)" = "$V" ]; then
  link_dynamic_plugin "$CACHE/bin"
  log "using cached $CACHE/bin/pulumi ($V)"
  echo "$CACHE"; exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
ensure-pulumi: no 'pulumi' on PATH and no Go toolchain to build it.
Install the Pulumi CLI (https://www.pulumi.com/docs/iac/download-install/) and put it on PATH,
or install Go >= 1.25 so this script can build Pulumi $V from the Go module proxy.
MSG
  exit 1
fi

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
mkdir -p "$CACHE/bin" "$CACHE/src"
cd "$CACHE/src"
log "building Pulumi $V from the Go module proxy in $CACHE (first time only; takes minutes)"
[ -f go.mod ] || go mod init example.invalid/pulumi-cli >/dev/null 2>&1
go mod edit -replace=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$V" >&2
go get "github.com/pulumi/pulumi/sdk/v3@$V" >&2
go mod tidy >&2
LDF="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$V"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDF" -o "$CACHE/bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
mv "$CACHE/bin/pulumi.tmp" "$CACHE/bin/pulumi"

# The Node language host has no release tags; try the release commit as a pseudo-version.
if [ ! -x "$CACHE/bin/pulumi-language-nodejs" ]; then
  H="$(go mod download -json "github.com/pulumi/pulumi/sdk/v3@$V" 2>/dev/null \
        | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).Origin.Hash||"")}catch{console.log("")}})')"
  if [ -n "$H" ] && (
      cp go.mod go.mod.bak && cp go.sum go.sum.bak &&
      go get -tool "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$H" >&2 &&
      go get "github.com/pulumi/pulumi/pkg/v3@$V" "github.com/pulumi/pulumi/sdk/v3@$V" >&2 &&
      go mod tidy >&2 &&
      go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDF" -o "$CACHE/bin/pulumi-language-nodejs" \
        github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 >&2 ); then
    log "built pulumi-language-nodejs at $H"
  else
    log "pulumi-language-nodejs could not be built from the module proxy; inline Automation API programs do not need it"
    [ -f go.mod.bak ] && mv go.mod.bak go.mod && mv go.sum.bak go.sum || true
  fi
fi

link_dynamic_plugin "$CACHE/bin"
log "built $("$CACHE/bin/pulumi" version)"
echo "$CACHE"
