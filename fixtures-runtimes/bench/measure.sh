#!/usr/bin/env bash
# Prints cold start and per-invocation figures for the built fixture runtimes (see measure.py).
set -euo pipefail
command -v python3 >/dev/null 2>&1 || { echo "measure.sh: python3 not found (Debian: apt-get install python3)" >&2; exit 1; }
exec python3 "$(dirname "$0")/measure.py" "$@"
