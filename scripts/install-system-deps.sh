#!/bin/sh
# Install the Debian libraries the Python dependencies load at run time, when missing and
# allowed (root with apt-get): WeasyPrint (PDF receipts) needs Pango and a font; python-magic
# (attachments' types read from their content) needs libmagic. Otherwise says
# loudly what is missing. Never fails the build: the PDF tests fail with a clear error instead.
set -u
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core libmagic1"
missing=""
for package in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
if [ -z "$missing" ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages for PDF receipts and attachment types:$missing"
    # shellcheck disable=SC2086  # one word per package
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
        exit 0
    fi
fi
echo "*******************************************************************************" >&2
echo "* Missing Debian packages:$missing" >&2
echo "* WeasyPrint cannot make PDF receipts, nor python-magic read attachments' types, without" >&2
echo "* them: install them with apt-get." >&2
echo "*******************************************************************************" >&2
exit 0
