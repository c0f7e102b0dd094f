"""Test overrides: fast hashing, in-memory mail, tasks run at once, a file-backed SQLite test DB."""

import os

# Tests run with DEBUG off, as production does, so they need a key; this one is for tests only.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from config.settings import *  # noqa: E402, F403
from config.settings import DATABASES, STATIC_ROOT, VAR_DIR  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
# The browser tests talk plain HTTP to the live server.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
LANGUAGE_CODE = "en"

# The live server answers each request on its own thread; persistent connections there would
# outlive the tests and keep PostgreSQL from dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that tests which start real processes (worker, scheduler)
    # can open the same database as the test that started them.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# WhiteNoise warns on every request when the collected-static folder is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
