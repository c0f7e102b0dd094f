#!/bin/sh
# Make real mail servers and clients available to the email tests: Debian's Dovecot (IMAP, LMTP),
# swaks and msmtp, the spam filters rspamd and SpamAssassin (spamd; their sample spam with it),
# flufl.bounce's corpus of real bounces (python3-flufl.bounce), and CPython's email test corpus
# (msg_*.txt) when the project's interpreter has none. Installs what is missing when allowed (root with apt-get) without leaving a system Dovecot
# running (the tests start their own); otherwise says loudly what will be skipped. Never fails
# the build.
set -u
PYTHON=${PYTHON:-.venv/bin/python}
PACKAGES="dovecot-imapd dovecot-lmtpd swaks msmtp rspamd spamassassin spamd python3-flufl.bounce"
POLICY=/usr/sbin/policy-rc.d

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

has_email_corpus() {
    "$PYTHON" -c "import test.test_email" 2>/dev/null || ls -d /usr/lib/python3*/test/test_email/data >/dev/null 2>&1
}

# Debian's test suite for the system Python, e.g. libpython3.11-testsuite (needs apt lists).
testsuite_package() {
    version=$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || return 1
    apt-cache show "libpython$version-testsuite" >/dev/null 2>&1 && echo "libpython$version-testsuite"
}

missing_packages() {
    for package in $PACKAGES; do
        installed "$package" || printf ' %s' "$package"
    done
}

missing=$(missing_packages)
if [ -z "$missing" ] && has_email_corpus; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages for the email tests..."
    apt-get update -qq >/dev/null 2>&1 || true
    has_email_corpus || missing="$missing $(testsuite_package)"
    had_dovecot=$(installed dovecot-core && echo yes)
    had_rspamd=$(installed rspamd && echo yes)
    had_spamd=$(installed spamd && echo yes)
    # Debian's maintainer scripts start the service on install unless policy-rc.d forbids it
    # (exit 101); Docker images ship one, fresh machines do not: add one for this install only.
    if [ ! -e "$POLICY" ]; then
        trap 'rm -f "$POLICY"' EXIT
        trap 'exit 130' INT TERM
        printf '#!/bin/sh\nexit 101\n' >"$POLICY" && chmod 755 "$POLICY"
    fi
    # shellcheck disable=SC2086  # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1
    if [ -z "$had_dovecot" ] && installed dovecot-core; then
        # Nor at the next boot, nor now if it started anyway (only the system instance's PID file).
        if [ -d /run/systemd/system ]; then
            systemctl disable --now --quiet dovecot.socket dovecot.service 2>/dev/null
        else
            update-rc.d dovecot disable >/dev/null 2>&1
        fi
        [ -s /run/dovecot/master.pid ] && /usr/sbin/dovecot -c /etc/dovecot/dovecot.conf stop 2>/dev/null
    fi
    # The spam filters too: the tests start their own, on loopback ports of their own.
    for service in rspamd spamd; do
        eval "had=\$had_$service"
        if [ -z "$had" ] && installed "$service"; then
            if [ -d /run/systemd/system ]; then
                systemctl disable --now --quiet "$service.service" 2>/dev/null
            else
                update-rc.d "$service" disable >/dev/null 2>&1
                service "$service" stop >/dev/null 2>&1
            fi
        fi
    done
    missing=$(missing_packages)
    if [ -z "$missing" ] && has_email_corpus; then
        exit 0
    fi
fi
has_email_corpus || missing="$missing (CPython's email test corpus: test.test_email)"
echo "*******************************************************************************" >&2
echo "* Missing for the email tests:$missing" >&2
echo "* THE TESTS THAT NEED THEM WILL BE SKIPPED. Install Debian's $PACKAGES" >&2
echo "* (and libpython3.X-testsuite) as root: make mail-servers" >&2
echo "*******************************************************************************" >&2
exit 0
