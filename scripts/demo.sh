#!/usr/bin/env bash
# Set up, then run scrlearn end to end on the bundled fictional sample corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
exec .venv/bin/scrlearn demo --out "${1:-demo-output}"
