#!/usr/bin/env bash
# Install everything (with the test tools), prepare what the tests need (scripts/test-env.d/),
# then run the whole suite: lint, types, tests, and the evaluation cases.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
for step in scripts/test-env.d/*.sh; do
  [ -e "$step" ] || continue
  echo "== $step"
  # Each step prints `export NAME=value` lines for what it prepared.
  eval "$(bash "$step")"
done
echo "== ruff"; .venv/bin/ruff check src tests benchmarks
echo "== mypy"; .venv/bin/mypy
echo "== pytest"; .venv/bin/pytest -n 2 "$@"
if [ -f ../shared/tools/score-vignettes ]; then
  echo "== evaluation cases"
  python3 ../shared/tools/score-vignettes --quiet --max-under 0 --min-triage 95 --min-top1 90 --min-top3 98 \
    --min-plan 100 ../shared/vignettes/dev.jsonl
fi
