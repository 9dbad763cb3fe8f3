#!/usr/bin/env bash
# Certifies the Java runtime interface client (Maven Central:
# com.amazonaws:aws-lambda-java-runtime-interface-client, JAVA_RIC_VERSION, default 2.10.1) against the
# runtime suite: installs the client, builds the conformance handler (fixtures-runtimes/handlers/java),
# then runs `lambda-tck certify-runtime` in strict mode with the client's expectations file.
#   scripts/certify-java-ric.sh [extra certify-runtime options, e.g. --rule RTC-LOOP-001]
# Results: lambda-tck-results/java-ric (OUT overrides). Exit code: that of certify-runtime
# (0 conformant with the expectations, 1 not, 2 usage, 3 void or harness error).
set -euo pipefail
repo="$(cd -P "$(dirname "$0")/.." && pwd)"
cd "$repo"
handler="fixtures-runtimes/handlers/java"
out="${OUT:-lambda-tck-results/java-ric}"

"$handler/build.sh"

started=$(date +%s)
status=0
# The client loads the handler from its working directory (the task root). Capabilities: what the client
# supports (multi-concurrency through AWS_LAMBDA_MAX_CONCURRENCY; it does not echo
# Lambda-Runtime-Invocation-Id, and a buffered handler cannot stream). The init-error rules use a handler
# class that does not exist, the commonest way a Java function fails to load.
./lambda-tck certify-runtime \
  --name aws-lambda-java-ric \
  --bootstrap "$handler/bootstrap" \
  --task-root "$handler/target/task" \
  --handler dev.lambdatck.handler.TckHandler::handleRequest \
  --init-error-handler dev.lambdatck.handler.MissingHandler::handleRequest \
  --capability core,lifecycle,managed-instances \
  --expectations tck-runtime-api/expectations/aws-lambda-java-ric.yaml \
  --strict --out "$out" "$@" || status=$?
echo "certify-java-ric: exit $status after $(( $(date +%s) - started ))s; results in $out"
exit "$status"
