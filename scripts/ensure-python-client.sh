#!/usr/bin/env bash
# Creates (once) a Python virtual environment with Passwork's official client, passwork-python 0.2.0 from
# PyPI, pinned, unmodified; the conformance specs (tests/conformance) run it against the emulator.
# The venv lives outside the repository (PASSWORK_PY_VENV, default ~/.cache/pulumi-passwork/passwork-python-0.2.0).
# Prints the venv path on its last line. Fast when the venv is already there.
set -euo pipefail
VERSION="0.2.0"
VENV="${PASSWORK_PY_VENV:-$HOME/.cache/pulumi-passwork/passwork-python-$VERSION}"
PY="${PYTHON:-python3}"

if [ -x "$VENV/bin/passwork-cli" ] && "$VENV/bin/python" -c "import importlib.metadata as m,sys; sys.exit(m.version('passwork-python')!='$VERSION')" 2>/dev/null; then
  echo "$VENV"
  exit 0
fi

command -v "$PY" >/dev/null || { echo "ensure-python-client: $PY not found; install Python >= 3.9 (or set PYTHON=/path/to/python3)" >&2; exit 1; }
mkdir -p "$(dirname "$VENV")"
# A half-made venv (interrupted install) is rebuilt from scratch; the check above only passes once pip finished.
rm -rf "$VENV"
"$PY" -m venv "$VENV" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "passwork-python==$VERSION" >&2
"$VENV/bin/passwork-cli" --help >/dev/null
echo "$VENV"
