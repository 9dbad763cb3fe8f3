#!/usr/bin/env bash
# Installs the Node.js runtime interface client (npm package aws-lambda-ric) into target/node_modules.
# AWS_LAMBDA_RIC_VERSION picks the version (default 3.3.0: 4.x needs Node.js 22 or newer).
#
# aws-lambda-ric always compiles native code at install time: its preinstall script builds the bundled
# curl 7.83.1 and aws-lambda-cpp 0.2.8 with autotools and CMake, then node-gyp builds the addon. It needs
# make, cmake, g++, autoconf, automake, libtool and python3; without them npm install fails. With
# TCK_INSTALL_BUILD_DEPS=1 (as root on Debian/Ubuntu) missing ones are installed with apt-get. The build
# takes about 2-3 minutes on 2 cores; later runs reuse target/.
set -euo pipefail
here="$(cd -P "$(dirname "$0")" && pwd)"
version="${AWS_LAMBDA_RIC_VERSION:-3.3.0}"
stamp="$here/target/ric.version"
bin="$here/target/node_modules/.bin/aws-lambda-ric"

for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "handlers/node: '$tool' not found; install Node.js 18+ (Debian: apt-get install nodejs npm)" >&2; exit 1; }
done

if [ "$(cat "$stamp" 2>/dev/null)" = "$version" ] && [ -x "$bin" ]; then
  echo "handlers/node: aws-lambda-ric $version already in target/node_modules"
  exit 0
fi

missing=()
for tool in make cmake g++ autoconf automake libtoolize python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  pkgs="$(printf '%s\n' "${missing[@]}" | sed "s/^libtoolize$/libtool/" | sort -u | tr '\n' ' ')"
  if [ "${TCK_INSTALL_BUILD_DEPS:-0}" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "handlers/node: installing build tools for aws-lambda-ric: $pkgs"
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
  else
    echo "handlers/node: aws-lambda-ric compiles native code at install and needs: $pkgs" >&2
    echo "  install them (Debian: apt-get install $pkgs) or rerun with TCK_INSTALL_BUILD_DEPS=1 as root" >&2
    exit 1
  fi
fi

rm -rf "$here/target/node_modules" "$here/target/package-lock.json" "$stamp"
mkdir -p "$here/target"
printf '{"name":"lambda-tck-node-handler-client","private":true}\n' >"$here/target/package.json"
log="$here/target/npm-install.log"
echo "handlers/node: npm install aws-lambda-ric@$version (builds curl and aws-lambda-cpp; a few minutes)"
if ! (cd "$here/target" && npm install --no-audit --no-fund --loglevel=error "aws-lambda-ric@$version") >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "handlers/node: npm install aws-lambda-ric@$version failed (full log: $log)" >&2
  exit 1
fi
[ -x "$bin" ] || { echo "handlers/node: $bin missing after npm install" >&2; exit 1; }
echo "$version" >"$stamp"
echo "handlers/node: aws-lambda-ric $version in target/node_modules"
