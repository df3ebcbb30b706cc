#!/usr/bin/env bash
# Install what StudyTrack needs into .venv (idempotent; fast when already there).
#   scripts/install.sh          the app
#   scripts/install.sh --dev    the app and everything the tests need (Chromium too)
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  if command -v python3.11 >/dev/null; then python=python3.11; fi
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi

requirements=requirements.txt
[ "${1:-}" = "--dev" ] && requirements=requirements-dev.txt
stamp=".venv/.installed-$(sha256sum requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)-$(basename "$requirements")"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  touch "$stamp"
fi

# Debian packages: a Unicode font for the PDFs, and Chromium for the browser tests.
packages=()
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)
[ "${1:-}" = "--dev" ] && [ ! -x /usr/bin/chromium ] && packages+=(chromium)
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo=sudo; else sudo=none; fi
  if [ "$sudo" = none ] || ! command -v apt-get >/dev/null; then
    echo "Installeer zelf: ${packages[*]} (zonder Chromium worden de browsertests overgeslagen)." >&2
  else
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
  fi
fi
