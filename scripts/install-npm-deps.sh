#!/bin/sh
# Install the test tools that come from the npm registry (axe-core, the accessibility checker the
# browser tests inject into each page), pinned by package-lock.json, into node_modules/. Installs
# Debian's Node.js and npm when missing and allowed (root with apt-get); otherwise says loudly
# that the accessibility checks will be skipped. Never fails the build.
set -u
cd "$(dirname "$0")/.."
if [ ! -f package-lock.json ]; then
    exit 0
fi
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's nodejs and npm for the accessibility checks..."
    apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if command -v npm >/dev/null 2>&1 && npm ci --no-audit --no-fund --loglevel=error; then
    exit 0
fi
echo "*******************************************************************************" >&2
echo "* The npm packages (package-lock.json) could not be installed here:" >&2
echo "* THE ACCESSIBILITY CHECKS WILL BE SKIPPED. Install Node.js and npm, then run" >&2
echo "* 'npm ci' in the project's folder." >&2
echo "*******************************************************************************" >&2
exit 0
