#!/bin/sh
# Make Debian's Chromium available to the browser tests (Playwright drives /usr/bin/chromium;
# its own browser download cannot work offline). Installs it when missing and allowed (root with
# apt-get); otherwise says loudly that the browser tests will be skipped. Never fails the build.
set -u
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests..."
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
        exit 0
    fi
fi
echo "*******************************************************************************" >&2
echo "* Chromium is not installed at $CHROMIUM and could not be installed here:" >&2
echo "* THE BROWSER TESTS WILL BE SKIPPED. Install Debian's 'chromium' package (or set" >&2
echo "* CHROMIUM=/path/to/chromium) to run them." >&2
echo "*******************************************************************************" >&2
exit 0
