#!/usr/bin/env bash
# Install everything, then start Bumpwise on its embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --no-dev
exec .venv/bin/bumpwise serve "$@"
