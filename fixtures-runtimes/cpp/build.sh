#!/usr/bin/env bash
# Builds the C++ fixture runtime into target/bootstrap (incremental, offline, one line on success).
set -euo pipefail
cd "$(dirname "$0")"

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "fixtures-runtimes/cpp: '$1' not found; install it with: $2" >&2
    exit 1
  fi
}
need cmake "apt-get install cmake"
if ! command -v g++ >/dev/null 2>&1 && ! command -v c++ >/dev/null 2>&1; then
  echo "fixtures-runtimes/cpp: no C++ compiler (g++ or c++) found; install it with: apt-get install g++" >&2
  exit 1
fi

build_dir=target/cmake-build
log=target/build.log
mkdir -p target
{
  if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
  fi
  cmake --build "$build_dir" --parallel "$(nproc 2>/dev/null || echo 2)"
} >"$log" 2>&1 || {
  cat "$log" >&2
  echo "fixtures-runtimes/cpp: build failed (log above, also in $PWD/$log)" >&2
  exit 1
}

if [ ! -x target/bootstrap ] || ! cmp -s "$build_dir/bootstrap" target/bootstrap; then
  cp "$build_dir/bootstrap" target/bootstrap.tmp
  chmod 755 target/bootstrap.tmp
  mv -f target/bootstrap.tmp target/bootstrap
  echo "fixtures-runtimes/cpp: built target/bootstrap"
else
  echo "fixtures-runtimes/cpp: target/bootstrap is up to date"
fi
