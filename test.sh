#!/usr/bin/env bash
# Install everything the tests need and run every test: ruff (lint and format) and
# pytest, browser tests in headless Chromium included. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install.sh --dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
