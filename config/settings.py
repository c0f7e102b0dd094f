"""Settings for Mostrador, read from the environment through ``config.env``.

Every variable is listed, with its default, in the README and in ``.env.example``. When DEBUG is
off the defaults are the secure ones: a secret key must be given, cookies are secure, HTTPS is
enforced and HSTS is sent.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_float, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MOSTRADOR_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "mostrador.core",
    "mostrador.accounts",
    "mostrador.customers",
    "mostrador.cases",
    "mostrador.compliance",
    "mostrador.aftersales",
    "mostrador.channels",
    "mostrador.reports",
    "mostrador.api",
    "mostrador.web",
    "mostrador.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    # Serves the API reference (Swagger UI) from local static files instead of a CDN.
    "ninja",
    "django_tasks_db",
    "axes",
    # Two-step sign-in: codes from an authenticator app (TOTP) and one-time backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells whether the session passed the second step; then sends whoever must pass it there.
    "django_otp.middleware.OTPMiddleware",
    "mostrador.web.middleware.TwoStepMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mostrador.web.middleware.DomainErrorMiddleware",
    # Which way (workspace, portal, API) the events of the request were done through.
    "mostrador.web.middleware.InterfaceMiddleware",
    "mostrador.api.parsing.RejectNulMiddleware",
    # Last: answers the sign-in attempt it paused (axes' own rule).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # Plain text (email subjects, headers and text/plain bodies; SMS later): the same
        # templates, never HTML-escaped. ``core.text.render_text`` renders with it.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# ---------------------------------------------------------------- database
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mostrador.sqlite3'}")
_database = dj_database_url.parse(
    DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE transactions take the
    # write lock up front, so two writers queue on the busy timeout instead of failing with
    # "database is locked" when one upgrades a read lock.
    _database["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # How long a writer waits for the lock before "database is locked": a ceiling under
        # gunicorn's 30 s, never reached while jobs write in short batches (cases.duetimes).
        "timeout": 20,
    }
    _database["CONN_MAX_AGE"] = 0
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The queue indexes carry INCLUDE columns for index-only counts on PostgreSQL; SQLite builds
# them without those columns and works the same, so its warning about it is not news.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# ---------------------------------------------------------------- auth
AUTH_USER_MODEL = "accounts.User"
# Password guessing (django-axes): after AXES_FAILURE_LIMIT wrong passwords signing in to
# that account is paused for AXES_COOLOFF_MINUTES, and after AXES_ADDRESS_FAILURE_LIMIT from
# one address (across accounts: staff share an office's address), signing in from it; on the
# staff sign-in and the admin's alike (accounts.lockout). The pause is recorded as an event on
# the account, and an administrator lifts it in the admin (Axes > Access attempts), where
# sign-ins and failures are logged too.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = max(env_int("AXES_ADDRESS_FAILURE_LIMIT", 30), AXES_FAILURE_LIMIT)
AXES_HANDLER = "mostrador.accounts.lockout.AccountAndAddressHandler"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
# Every client counted apart behind a proxy too, not all as the proxy's one address.
AXES_CLIENT_IP_CALLABLE = "mostrador.core.addresses.client_address"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
# Two-step sign-in (accounts.twofactor): whoever has set it up gives a code after the
# password, always. TWO_FACTOR_REQUIRED_FOR makes it compulsory: "admins" (superusers, staff
# flag, administrator role) or "staff" (everybody who signs in) are sent to set it up before
# any page; "none" leaves it to each person.
TWO_FACTOR_REQUIRED_FOR = env_str("TWO_FACTOR_REQUIRED_FOR", "none")
if TWO_FACTOR_REQUIRED_FOR not in {"none", "admins", "staff"}:
    raise ImproperlyConfigured(
        f"TWO_FACTOR_REQUIRED_FOR must be none, admins or staff, not {TWO_FACTOR_REQUIRED_FOR!r}."
    )
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Mostrador"
# The admin's device pages never show a device's secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ---------------------------------------------------------------- i18n and time
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "ca")
LANGUAGES = [("ca", _("Catalan")), ("es", _("Spanish")), ("en", _("English"))]
if LANGUAGE_CODE not in {code for code, _name in LANGUAGES}:
    raise ImproperlyConfigured(f"LANGUAGE_CODE must be one of ca, es, en, not {LANGUAGE_CODE!r}.")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Madrid")
USE_I18N = True
USE_TZ = True
# Dates and numbers in each language as a European department writes them (config/formats/):
# English day first ("3 December 2026", "03/12/2026 14:05"). Numbers are never grouped in pages
# (USE_THOUSAND_SEPARATOR stays off, so that ids and counts print bare); money is, through
# core.money.format_eur, and amount fields accept "1.250,50" (web.fields.AmountField).
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_NAME = "mostrador_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

# ---------------------------------------------------------------- static and media files
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# ---------------------------------------------------------------- email
# Django 6.1 configures outgoing mail as MAILERS; the environment keeps the familiar EMAIL_* names.
_use_tls = env_bool("EMAIL_USE_TLS", False)
_use_ssl = env_bool("EMAIL_USE_SSL", False)
if _use_tls and _use_ssl:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
_email_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_smtp_options: dict[str, object] = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25),
    "username": env_str("EMAIL_HOST_USER"),
    "password": env_secret("EMAIL_HOST_PASSWORD"),
    "use_tls": _use_tls,
    "use_ssl": _use_ssl,
    "timeout": env_int("EMAIL_TIMEOUT", 30),
}
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": _smtp_options if _email_backend.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mostrador <no-reply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The envelope sender (return path) of every email sent, made personal: bounces+<token>@domain
# names the one email a bounce is about (see mostrador/channels/email/returnpath.py). The mail
# server must deliver <local>+*@<domain> to a mailbox Mostrador reads. Empty (the default, since
# a return path nobody receives loses every bounce and fails the recipient servers' sender
# checks): the From address is the envelope sender, and bounces are matched by Message-ID.
EMAIL_BOUNCE_ADDRESS = env_str("EMAIL_BOUNCE_ADDRESS").strip()
if EMAIL_BOUNCE_ADDRESS and not re.fullmatch(r"[^@+\s<>]+@[^@\s<>]+", EMAIL_BOUNCE_ADDRESS):
    raise ImproperlyConfigured(
        "EMAIL_BOUNCE_ADDRESS must be a bare address without '+', like bounces@example.com."
    )

# ---------------------------------------------------------------- background work
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A worker that has not reported for this long is shown as stale by /api/v1/health.
WORKER_HEARTBEAT_INTERVAL = env_int("WORKER_HEARTBEAT_INTERVAL", 60)
WORKER_STALE_AFTER = env_int("WORKER_STALE_AFTER", 300)
# Each worker process holds a lease it renews every third of this; a task still running under
# a worker whose lease expired (killed, its host gone) is queued again (core.workers).
WORKER_LEASE_SECONDS = env_int("WORKER_LEASE_SECONDS", 60)
if WORKER_LEASE_SECONDS < 1:
    raise ImproperlyConfigured("WORKER_LEASE_SECONDS must be at least 1.")
# The scheduler leader renews its lease every tick; a standby takes over once it expires.
SCHEDULER_TICK_SECONDS = env_int("SCHEDULER_TICK_SECONDS", 5)
SCHEDULER_LEASE_SECONDS = env_int("SCHEDULER_LEASE_SECONDS", 30)

# ---------------------------------------------------------------- security
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
# Only when every subdomain is served over HTTPS (the README's production recipe says so).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a reverse proxy: the scheme, host and client address it reports are believed
# (core.addresses.client_address takes the address it appended to X-Forwarded-For).
TRUST_PROXY_HEADERS = env_bool("TRUST_PROXY_HEADERS", False)
if TRUST_PROXY_HEADERS:
    # Only behind a proxy that sets these headers itself and strips them from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# ---------------------------------------------------------------- API
# Token use is written at most this often per token, so reads stay reads.
API_TOKEN_LAST_USED_RESOLUTION = env_int("API_TOKEN_LAST_USED_RESOLUTION", 60)
NINJA_PAGINATION_PER_PAGE = 50

# ---------------------------------------------------------------- queues
# How long a department's queue counts (open, unassigned, at risk, breached) are kept before
# they are counted again; what is the user's own is always counted live.
QUEUE_COUNTS_CACHE_SECONDS = env_int("QUEUE_COUNTS_CACHE_SECONDS", 10)

# ---------------------------------------------------------------- logging
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports every step of every PDF, and each CSS rule only browsers know.
        "weasyprint": {"level": "ERROR"},
        # flufl.bounce reports each of its detectors as it runs them.
        "flufl.bounce": {"level": "WARNING"},
    },
}

# ---------------------------------------------------------------- cases
# Case references look like SAC-2026-000123.
CASE_REFERENCE_PREFIX = env_str("CASE_REFERENCE_PREFIX", "SAC")
# A customer's reply within this many days reopens a resolved or closed case; later, it opens a
# new case linked to the old one.
CASE_REOPEN_WINDOW_DAYS = env_int("CASE_REOPEN_WINDOW_DAYS", 30)
# Someone counts as "also on this case" while their open page has checked in within this many
# seconds (pages check in every 20 s).
CASE_PRESENCE_SECONDS = env_int("CASE_PRESENCE_SECONDS", 60)
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
# All the files of one message together (what most mail servers accept in one email).
ATTACHMENTS_MAX_TOTAL_BYTES = max(
    env_int("ATTACHMENTS_MAX_TOTAL_BYTES", 25 * 1024 * 1024), ATTACHMENT_MAX_BYTES
)
# A request's body without its form files: the API carries files base64-encoded in JSON (4/3
# of their size), with room for the text around them. Larger answers 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENTS_MAX_TOTAL_BYTES * 4 // 3 + 1024 * 1024
ATTACHMENT_ALLOWED_TYPES = env_list(
    "ATTACHMENT_ALLOWED_TYPES",
    [
        "image/",
        "application/pdf",
        "text/plain",
        "message/rfc822",
        "application/zip",
        "application/vnd.openxmlformats-officedocument.",
        "application/vnd.oasis.opendocument.",
        "application/msword",
        "application/vnd.ms-excel",
        "video/mp4",
        "audio/",
    ],
)

# ---------------------------------------------------------------- legal compliance
# Jurisdiction profiles whose rules apply (shared/docs/regulation.md): eu, es, es-ct.
COMPLIANCE_PROFILES = env_list("COMPLIANCE_PROFILES", ["eu", "es", "es-ct"])
# Whether the company falls under Ley 10/2025 (basic services, 250+ staff or 50 M EUR turnover).
COMPLIANCE_LEY10_SCOPE = env_bool("COMPLIANCE_LEY10_SCOPE", True)
# Business hours a consultation or an approval request may wait before it escalates to the head.
CONSULTATION_DUE_HOURS = env_int("CONSULTATION_DUE_HOURS", 8)
APPROVAL_DUE_HOURS = env_int("APPROVAL_DUE_HOURS", 8)
# Business hours after resolution when the owner checks back with the customer after a transfer.
FOLLOWUP_AFTER_RESOLUTION_HOURS = env_int("FOLLOWUP_AFTER_RESOLUTION_HOURS", 8)
# A case is "at risk" when one of its due times is less than this many minutes away.
SLA_AT_RISK_MINUTES = env_int("SLA_AT_RISK_MINUTES", 60)
# How long a retried request with the same Idempotency-Key gets the first answer back.
IDEMPOTENCY_KEY_TTL_HOURS = env_int("IDEMPOTENCY_KEY_TTL_HOURS", 48)

# ---------------------------------------------------------------- customer portal
# The jurisdiction profile whose rights the portal shows by default (eu, es or es-ct).
MOSTRADOR_JURISDICTION = env_str("MOSTRADOR_JURISDICTION", "es-ct")
if MOSTRADOR_JURISDICTION not in {"eu", "es", "es-ct"}:
    raise ImproperlyConfigured(
        f"MOSTRADOR_JURISDICTION must be eu, es or es-ct, not {MOSTRADOR_JURISDICTION!r}."
    )
# A sign-in link emailed to a customer works once, for this many minutes.
PORTAL_SIGN_IN_LINK_MINUTES = env_int("PORTAL_SIGN_IN_LINK_MINUTES", 30)
# At most this many sign-in links per email address and hour; more requests are dropped.
PORTAL_SIGN_IN_LINKS_PER_HOUR = env_int("PORTAL_SIGN_IN_LINKS_PER_HOUR", 5)
# The receipt shown after filing a case opens without signing in, through a signed link
# valid for this many hours.
PORTAL_RECEIPT_LINK_HOURS = env_int("PORTAL_RECEIPT_LINK_HOURS", 72)

# ---------------------------------------------------------------- email channel
# The largest message the SMTP/LMTP receiver accepts (bigger ones are refused at the door, so
# the sending server tells its sender). IMAP mail of any size is stored.
EMAIL_MAX_BYTES = env_int("EMAIL_MAX_BYTES", 40 * 1024 * 1024)
# The longest line, in bytes with its CRLF, the SMTP/LMTP receiver accepts. RFC 5321 allows 1000,
# but mail clients and servers send longer ones (unwrapped HTML), and common servers take them;
# a longer line gets a permanent 500, so the sending server tells its sender.
EMAIL_RECEIVER_MAX_LINE = env_int("EMAIL_RECEIVER_MAX_LINE", 64 * 1024)
if EMAIL_RECEIVER_MAX_LINE < 1001:
    raise ImproperlyConfigured("EMAIL_RECEIVER_MAX_LINE must be at least 1001 (RFC 5321).")
# A sender who writes more than this many messages within EMAIL_SENDER_WINDOW_MINUTES has the
# rest quarantined (a loop with a robot, a flood); an administrator can release them.
EMAIL_SENDER_LIMIT = env_int("EMAIL_SENDER_LIMIT", 30)
EMAIL_SENDER_WINDOW_MINUTES = env_int("EMAIL_SENDER_WINDOW_MINUTES", 60)
# How often IMAP mailboxes are polled when not watched with IDLE.
EMAIL_POLL_SECONDS = env_int("EMAIL_POLL_SECONDS", 60)
# Outgoing mail: attempts before a message counts as undeliverable, and the first wait between
# attempts (doubling each time, at most an hour).
EMAIL_SEND_ATTEMPTS = env_int("EMAIL_SEND_ATTEMPTS", 12)
# A worker keeps its connection to the mail server while it sends at least this often.
EMAIL_KEEPALIVE_SECONDS = env_int("EMAIL_KEEPALIVE_SECONDS", 30)
EMAIL_RETRY_SECONDS = env_int("EMAIL_RETRY_SECONDS", 60)
# Work left behind by a worker that died (a message half processed, an email half sent) is
# queued again after this many seconds.
EMAIL_STALE_SECONDS = env_int("EMAIL_STALE_SECONDS", 120)
# An email to a member of staff about a case carries a reply address of its own (a secret
# bound to them and the case): their reply to it becomes their internal note. It stops
# working after this many days, or when they are deactivated or lose access to the case.
EMAIL_REPLY_TOKEN_DAYS = env_int("EMAIL_REPLY_TOKEN_DAYS", 180)
# The authserv-ids of our own receiving mail servers (comma-separated), whose topmost
# Authentication-Results header is believed: dmarc=pass (or an aligned dkim=pass) for a staff
# member's domain proves their email is theirs. Empty: only reply addresses prove it. The
# server must remove such headers bearing its id from the mail it receives (RFC 8601 §5).
EMAIL_TRUSTED_AUTHSERV_IDS = [item.lower() for item in env_list("EMAIL_TRUSTED_AUTHSERV_IDS")]
# Spam (see mostrador/channels/email/spam.py). Suspected spam opens no case and sends nothing: it
# waits in the Spam folder of the admin (received emails, quarantine reason "Suspected spam"),
# where an administrator releases it (processed as usual) or deletes it. Suspicious mail, and
# mail that failed DMARC by a trusted server's Authentication-Results (above), opens its case
# but gets no automatic receipt: its From may be forged.
# The receiving server's verdicts in X-Spam-Flag, X-Spam-Status (SpamAssassin), X-Spam,
# X-Spamd-Result, X-Rspamd-Action and X-Rspamd-Score (rspamd) are believed only when this is on.
# Every such header then counts and the most severe wins, so a sender who writes them can only
# make their own mail look worse; still, the server should remove those it did not write (so
# another filter's verdict on forwarded mail is not taken as its own). Off: headers ignored.
EMAIL_TRUST_SPAM_HEADERS = env_bool("EMAIL_TRUST_SPAM_HEADERS", False)
# A filter Mostrador asks itself about every message (bounces excepted): "rspamd" (its HTTP
# API, POST /checkv2 on a normal worker, default http://127.0.0.1:11333), "spamd"
# (SpamAssassin's SPAMC protocol, host:port, default 127.0.0.1:783, or a Unix socket path), or
# empty for none. A scanner that is down or slower than EMAIL_SPAM_SCANNER_TIMEOUT seconds loses
# no mail: the message is processed as not scanned, with the reason "scanner_unavailable"
# recorded on it and a warning logged.
EMAIL_SPAM_SCANNER = env_str("EMAIL_SPAM_SCANNER").strip().lower()
if EMAIL_SPAM_SCANNER not in ("", "rspamd", "spamd"):
    raise ImproperlyConfigured("EMAIL_SPAM_SCANNER must be empty, rspamd or spamd.")
EMAIL_SPAM_SCANNER_URL = env_str(
    "EMAIL_SPAM_SCANNER_URL",
    "127.0.0.1:783" if EMAIL_SPAM_SCANNER == "spamd" else "http://127.0.0.1:11333",
)
EMAIL_SPAM_SCANNER_TIMEOUT = env_int("EMAIL_SPAM_SCANNER_TIMEOUT", 15)
# The filter's own decision counts first: SpamAssassin's "Yes" (its required_score, 5 by
# default) and rspamd's actions reject, add header and rewrite subject make spam; rspamd's
# greylist and soft reject make suspicious mail. Tune the filter to change those. These scores
# add to them, on the filter's scale: EMAIL_SPAM_SCORE or more is spam too (empty: only the
# filter decides), EMAIL_SUSPICIOUS_SCORE or more is suspicious (4 by default: rspamd's
# greylist threshold, four fifths of SpamAssassin's 5; empty: only the filter decides).
EMAIL_SPAM_SCORE = env_float("EMAIL_SPAM_SCORE", None)
EMAIL_SUSPICIOUS_SCORE = env_float("EMAIL_SUSPICIOUS_SCORE", 4.0)
# Key that encrypts mailbox passwords stored in the database (a Fernet key: 32 url-safe
# base64-encoded bytes). Empty: derived from SECRET_KEY, so changing that key means entering
# the passwords again.
CREDENTIALS_KEY = env_secret("CREDENTIALS_KEY")
