#!/usr/bin/env bash
# Installs the Python runtime interface client (PyPI package awslambdaric) into a virtual environment at
# target/venv. AWSLAMBDARIC_VERSION picks the version (default: the newest); PYTHON picks the interpreter
# (default python3, 3.9 or newer). Needs network access to PyPI on the first run.
set -euo pipefail
here="$(cd -P "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
spec="awslambdaric${AWSLAMBDARIC_VERSION:+==$AWSLAMBDARIC_VERSION}"
venv="$here/target/venv"
stamp="$here/target/venv.spec"

command -v "$python" >/dev/null 2>&1 || { echo "handlers/python: '$python' not found" >&2; exit 1; }

if [ "$(cat "$stamp" 2>/dev/null)" != "$spec" ] || [ ! -x "$venv/bin/python" ]; then
  rm -rf "$venv"
  mkdir -p "$here/target"
  "$python" -m venv "$venv"
  # --only-binary: the manylinux wheel carries the compiled client; a source build needs autotools and cmake
  if ! log=$("$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary=awslambdaric "$spec" 2>&1); then
    printf '%s\n' "$log" >&2
    echo "handlers/python: could not install $spec" >&2
    exit 1
  fi
  echo "$spec" >"$stamp"
fi
# a syntax check that writes no byte code into the source tree
"$venv/bin/python" -c 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1])' "$here/handler.py"
echo "handlers/python: $("$venv/bin/pip" list --disable-pip-version-check 2>/dev/null | awk '$1=="awslambdaric"{print $1" "$2}') in target/venv"
