#!/usr/bin/env bash
# Runs the platform suite against AWS's Runtime Interface Emulator (aws-lambda-rie), built from source with
# the Go toolchain through the Go module proxy, with the known emulator deviations as expected failures.
#   RIE_VERSION   module version to build (default: the pinned pseudo-version below)
#   RIE_BIN       use this emulator binary instead of building one
#   OUT           results directory (default: lambda-tck-results/rie)
# Exit code: that of `lambda-tck run` (0 = every failure expected, strict), 3 when the emulator cannot be built.
set -euo pipefail

here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# the module has no release tags; this is the newest pseudo-version the proxy lists (go list -m -versions shows none)
RIE_VERSION="${RIE_VERSION:-v0.0.0-20261030222936-bef5c4ba774d}"
RIE_MODULE="github.com/aws/aws-lambda-runtime-interface-emulator"
OUT="${OUT:-$here/lambda-tck-results/rie}"
work="$here/target/rie"
mkdir -p "$work"

if [ -z "${RIE_BIN:-}" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "run-against-rie: the Go toolchain is needed to build aws-lambda-rie (or set RIE_BIN)" >&2
    exit 3
  fi
  RIE_BIN="$work/bin/aws-lambda-rie"
  if [ ! -x "$RIE_BIN" ] || [ "$(cat "$work/bin/version" 2>/dev/null)" != "$RIE_VERSION" ]; then
    echo "run-against-rie: building $RIE_MODULE/cmd/aws-lambda-rie@$RIE_VERSION" >&2
    if ! GOBIN="$work/bin" GOFLAGS=-mod=mod timeout 900 go install "$RIE_MODULE/cmd/aws-lambda-rie@$RIE_VERSION"; then
      echo "run-against-rie: go install failed (see above)" >&2
      exit 3
    fi
    echo "$RIE_VERSION" > "$work/bin/version"
  fi
fi

descriptor="$work/rie-target.yaml"
cat > "$descriptor" <<YAML
name: aws-lambda-rie
version: "$RIE_VERSION"
adapter: rie
command: ["$RIE_BIN", "--log-level", "error"]
capabilities: [core, invoke-api, environment, lifecycle]
YAML

exec "$here/lambda-tck" run --suite platform --target "$descriptor" \
  --expectations "$here/tck-runtime-api/expectations/aws-lambda-rie.yaml" --strict --out "$OUT" "$@"
