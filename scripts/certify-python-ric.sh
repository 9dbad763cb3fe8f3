#!/usr/bin/env bash
# Certifies the Python runtime interface client (PyPI: awslambdaric, AWSLAMBDARIC_VERSION, default the
# newest) against the runtime suite: installs the client into a venv, then runs `lambda-tck
# certify-runtime` on the conformance handler (fixtures-runtimes/handlers/python) in strict mode with the
# client's expectations file.
#   scripts/certify-python-ric.sh [extra certify-runtime options, e.g. --rule RTC-LOOP-001]
# Results: lambda-tck-results/python-ric (OUT overrides). Exit code: that of certify-runtime
# (0 conformant with the expectations, 1 not, 2 usage, 3 void or harness error).
set -euo pipefail
repo="$(cd -P "$(dirname "$0")/.." && pwd)"
cd "$repo"
handler="fixtures-runtimes/handlers/python"
out="${OUT:-lambda-tck-results/python-ric}"

"$handler/build.sh"

started=$(date +%s)
status=0
# Capabilities: what the client supports (awslambdaric 4.x echoes Lambda-Runtime-Invocation-Id and runs
# AWS_LAMBDA_MAX_CONCURRENCY worker processes; a handler cannot stream through it). The init-error rules
# use a handler whose module does not exist.
./lambda-tck certify-runtime \
  --name awslambdaric-python \
  --bootstrap "$handler/bootstrap" \
  --task-root "$handler" \
  --handler handler.handle \
  --init-error-handler tck_missing_module.handle \
  --capability core,lifecycle,invocation-id,managed-instances \
  --expectations tck-runtime-api/expectations/awslambdaric-python.yaml \
  --strict --out "$out" "$@" || status=$?
echo "certify-python-ric: exit $status after $(( $(date +%s) - started ))s; results in $out"
exit "$status"
