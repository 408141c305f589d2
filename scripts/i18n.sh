#!/usr/bin/env bash
# The interface's catalogs (docs/i18n.md):
#   bash scripts/i18n.sh extract   # template strings and marked Python strings -> messages.pot
#   bash scripts/i18n.sh update    # merge the .pot into each language's .po (new msgids untranslated)
#   bash scripts/i18n.sh compile   # .po -> .mo (committed; tests/test_i18n_catalogs.py checks they match)
set -euo pipefail
cd "$(dirname "$0")/.."
LOCALE_DIR=src/bumpwise/i18n/locale
PYBABEL=.venv/bin/pybabel
case "${1:-all}" in
  extract) "$PYBABEL" extract -F babel.cfg -k N_ --no-location --sort-output --omit-header --project=Bumpwise \
             -o "$LOCALE_DIR/messages.pot" src ;;
  update) "$PYBABEL" update -i "$LOCALE_DIR/messages.pot" -d "$LOCALE_DIR" --ignore-obsolete --ignore-pot-creation-date \
             --width=120 ;;
  compile) "$PYBABEL" compile -d "$LOCALE_DIR" --statistics ;;
  all) bash "$0" extract && bash "$0" update && bash "$0" compile ;;
  *) echo "usage: $0 [extract|update|compile|all]" >&2; exit 2 ;;
esac
