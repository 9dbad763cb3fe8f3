#!/usr/bin/env bash
# Builds the Rust fixture runtime offline (standard library only) into target/bootstrap.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v cargo >/dev/null 2>&1; then
  echo "fixtures-runtimes/rust: 'cargo' not found; install Rust (Debian: apt-get install cargo, or https://rustup.rs)" >&2
  exit 1
fi

# --offline proves the build needs no registry; --locked keeps Cargo.lock as committed.
if ! log=$(cargo build --release --offline --locked --quiet 2>&1); then
  printf '%s\n' "$log" >&2
  echo "fixtures-runtimes/rust: cargo build failed" >&2
  exit 1
fi

# Copy only when the binary changed, so the step stays incremental.
if ! cmp -s target/release/bootstrap target/bootstrap 2>/dev/null; then
  cp target/release/bootstrap target/bootstrap.tmp
  chmod 755 target/bootstrap.tmp
  mv -f target/bootstrap.tmp target/bootstrap
fi
echo "fixtures-runtimes/rust: target/bootstrap ready"
