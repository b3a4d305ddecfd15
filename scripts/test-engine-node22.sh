#!/usr/bin/env bash
# Runs the engine suite with Node 22 first on PATH: the mocha process (inline programs, the Automation
# API) and every `node` the Pulumi CLI starts (the dynamic-provider plugin) are then Node 22.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE22="$(bash "$REPO_ROOT/scripts/ensure-node22.sh" | tail -n 1)"
export PATH="$(dirname "$NODE22"):$PATH"
echo "test:engine:node22: $(command -v node) $(node --version)" >&2
cd "$REPO_ROOT"
exec node node_modules/mocha/bin/mocha.js 'tests/engine/**/*.spec.ts' "$@"
