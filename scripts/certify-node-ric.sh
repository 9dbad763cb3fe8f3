#!/usr/bin/env bash
# Certifies the Node.js runtime interface client (npm: aws-lambda-ric, AWS_LAMBDA_RIC_VERSION, default
# 3.3.0; 4.x needs Node.js 22+) against the runtime suite: installs the client, then runs `lambda-tck
# certify-runtime` on the conformance handler (fixtures-runtimes/handlers/node) in strict mode with the
# client's expectations file.
#   scripts/certify-node-ric.sh [extra certify-runtime options, e.g. --rule RTC-LOOP-001]
#
# aws-lambda-ric compiles native code when it is installed (curl 7.83.1 and aws-lambda-cpp 0.2.8 with
# autotools and CMake, then a node-gyp addon), so it needs make, cmake, g++, autoconf, automake, libtool
# and python3. Run as root on Debian/Ubuntu, this script installs missing ones with apt-get
# (TCK_INSTALL_BUILD_DEPS=0 turns that off); elsewhere install them first. The install takes 2-3 minutes.
#
# Results: lambda-tck-results/node-ric (OUT overrides). Exit code: that of certify-runtime
# (0 conformant with the expectations, 1 not, 2 usage, 3 void or harness error).
set -euo pipefail
repo="$(cd -P "$(dirname "$0")/.." && pwd)"
cd "$repo"
handler="fixtures-runtimes/handlers/node"
out="${OUT:-lambda-tck-results/node-ric}"

TCK_INSTALL_BUILD_DEPS="${TCK_INSTALL_BUILD_DEPS:-1}" "$handler/build.sh"

started=$(date +%s)
status=0
# Capabilities: 3.x has no multi-concurrency and does not echo Lambda-Runtime-Invocation-Id; the handler
# is a buffered one (no streamifyResponse). The init-error rules use a handler whose module does not exist.
./lambda-tck certify-runtime \
  --name aws-lambda-ric-node \
  --bootstrap "$handler/bootstrap" \
  --task-root "$handler" \
  --handler index.handler \
  --init-error-handler tck_missing_module.handler \
  --capability core,lifecycle \
  --expectations tck-runtime-api/expectations/aws-lambda-ric-node.yaml \
  --strict --out "$out" "$@" || status=$?
echo "certify-node-ric: exit $status after $(( $(date +%s) - started ))s; results in $out"
exit "$status"
