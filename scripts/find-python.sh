#!/bin/sh
# Print the path of a Python >= 3.12 that can create virtual environments, or explain and fail.
# Looks on PATH first (newest first), then under pyenv's versions folder. A name on PATH may be a
# pyenv shim that exists but cannot run, so every candidate is actually run before it is chosen.
set -u

works() {
    "$1" -c 'import sys, venv, ensurepip; raise SystemExit(sys.version_info < (3, 12))' >/dev/null 2>&1
}

for name in python3.14 python3.13 python3.12 python3 python; do
    path=$(command -v "$name" 2>/dev/null) || continue
    if works "$path"; then echo "$path"; exit 0; fi
done

root=${PYENV_ROOT:-$HOME/.pyenv}
if command -v pyenv >/dev/null 2>&1; then root=$(pyenv root 2>/dev/null || echo "$root"); fi
# Same prefix on every path, so a version sort of the whole path puts the newest first.
for path in $(ls -d "$root"/versions/3.*/bin/python3 2>/dev/null | sort -V -r); do
    if works "$path"; then echo "$path"; exit 0; fi
done

echo "Mostrador needs Python 3.12 or newer, with the venv module, and none was found." >&2
echo "Looked for python3.14, python3.13, python3.12 and python3 on PATH, and in $root/versions." >&2
echo "Install one (e.g. 'apt-get install python3.12-venv', or 'pyenv install 3.12'), or run" >&2
echo "make with PYTHON=/path/to/python3.12." >&2
exit 1
