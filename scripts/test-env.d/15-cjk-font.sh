#!/usr/bin/env bash
# Chinese text in the browser tests' screenshots (tests/test_i18n_browser.py): point fontconfig, and
# so Chromium, at Noto Sans SC from the locked Python package pylopdf-fonts-zh-cn (the summary PDF's
# font; SIL OFL 1.1) on top of the system's fonts. Nothing is downloaded and nothing needs root.
# Only `export` lines go to stdout (scripts/test.sh evals them); everything else goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(.venv/bin/python -c "import pylopdf_fonts_zh_cn as f; print(f.sans_path().parent)")
conf=.venv/fonts.conf
cat > "$conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$dir</dir>
  <cachedir>$PWD/.venv/fontconfig-cache</cachedir>
</fontconfig>
CONF
echo "15-cjk-font: fontconfig sees $dir" >&2
echo "export FONTCONFIG_FILE=$PWD/$conf"
