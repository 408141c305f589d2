#!/usr/bin/env bash
# Create .venv/ at the repo root with every locked dependency (uv.lock) and bumpwise itself.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/uv ]; then
  "$PY" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==0.13.8"
fi
# --inexact keeps uv itself in the venv; --frozen installs exactly what uv.lock says.
UV_PROJECT_ENVIRONMENT=.venv .venv/bin/uv sync --frozen --inexact --quiet "$@"
# The engine compiled with mypyc where a C compiler is present (pure Python otherwise; issue 14).
.venv/bin/python scripts/compile_engine.py
