#!/usr/bin/env bash
# Make Debian's chromium available for the browser tests (tests/test_web_browser*.py).
# Only `export` lines go to stdout (scripts/test.sh evals them); everything else goes to stderr.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ ! -x "$CHROMIUM" ] || ! command -v pdftoppm >/dev/null; then
  echo "10-chromium: installing Debian's chromium (and poppler-utils, for pdftoppm) with apt-get" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  # fonts-dejavu-core: a readable font for the pages and screenshots, installed locally;
  # poppler-utils: pdftoppm draws the summary PDF as images for the test artifacts.
  $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core poppler-utils >&2
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "10-chromium: $CHROMIUM is still missing after apt-get" >&2
  exit 1
fi
echo "export BUMPWISE_CHROMIUM=$CHROMIUM"
