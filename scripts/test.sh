#!/usr/bin/env bash
# Install everything (with the test tools), prepare what the tests need (scripts/test-env.d/),
# then run the whole suite: lint, types, and the tests (the evaluation cases are tests/test_vignettes.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
for step in scripts/test-env.d/*.sh; do
  [ -e "$step" ] || continue
  echo "== $step"
  # Each step prints `export NAME=value` lines for what it prepared.
  eval "$(bash "$step")"
done
echo "== ruff"; .venv/bin/ruff check src tests benchmarks scripts
echo "== mypy"; .venv/bin/mypy
echo "== pytest"; .venv/bin/pytest -n 2 "$@"
