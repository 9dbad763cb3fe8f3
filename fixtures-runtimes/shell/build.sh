#!/usr/bin/env bash
# Builds the shell fixture runtime: checks the tools it needs at run time, checks its syntax and copies
# it to target/bootstrap (incremental, offline, one line on success).
set -euo pipefail
cd "$(dirname "$0")"

fail() {
  echo "fixtures-runtimes/shell: $*" >&2
  exit 1
}

# The fixture needs bash >= 4.4 (mapfile -d, [[ -v assoc[key] ]]).
if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 4))); then
  fail "bash ${BASH_VERSION} is too old (need >= 4.4); install it with: apt-get install bash"
fi

need() { # tool debian-package
  command -v "$1" >/dev/null 2>&1 || fail "'$1' not found; install it with: apt-get install $2"
}
need curl curl
need jq jq
need find findutils
for tool in base64 cat date env head id mkdir mktemp mv od rm sha256sum sleep stat tail timeout tr yes; do
  need "$tool" coreutils
done

# $ARGS and --rawfile need jq >= 1.6.
jq_version=$(jq --version 2>/dev/null || true)
if ! [[ $jq_version =~ ^jq-([0-9]+)\.([0-9]+) ]] || ((BASH_REMATCH[1] == 1 && BASH_REMATCH[2] < 6)); then
  fail "jq >= 1.6 is required (found '${jq_version:-unknown}'); install it with: apt-get install jq"
fi

bash -n bootstrap || fail "bootstrap has a syntax error"

mkdir -p target
if [[ -x target/bootstrap ]] && cmp -s bootstrap target/bootstrap; then
  echo "fixtures-runtimes/shell: target/bootstrap is up to date"
else
  cp bootstrap target/bootstrap.tmp
  chmod 755 target/bootstrap.tmp
  mv -f target/bootstrap.tmp target/bootstrap
  echo "fixtures-runtimes/shell: built target/bootstrap"
fi
