#!/usr/bin/env bash
# Install StudyTrack and start it. On the first start the demo institute is built
# in data/studytrack.duckdb (or in STUDYTRACK_DB). Open http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install.sh
exec .venv/bin/python -m studytrack.server --server.headless true \
  --browser.gatherUsageStats false "$@"
