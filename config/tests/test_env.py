import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config import env


def test_booleans_accept_the_usual_words_and_refuse_others(monkeypatch):
    for word, expected in [
        ("1", True),
        ("yes", True),
        ("On", True),
        ("false", False),
        ("0", False),
    ]:
        monkeypatch.setenv("X_FLAG", word)
        assert env.env_bool("X_FLAG") is expected
    monkeypatch.delenv("X_FLAG")
    assert env.env_bool("X_FLAG", True) is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env.env_bool("X_FLAG")


def test_integers_lists_and_text(monkeypatch):
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", " a, b ,,c ")
    monkeypatch.setenv("X_EMPTY", "")
    assert env.env_int("X_INT", 1) == 42
    assert env.env_int("X_MISSING", 7) == 7
    assert env.env_list("X_LIST") == ["a", "b", "c"]
    assert env.env_list("X_MISSING", ["d"]) == ["d"]
    assert env.env_str("X_EMPTY", "default") == "default"
    monkeypatch.setenv("X_INT", "forty")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env.env_int("X_INT", 1)


def test_numbers_may_be_left_unset(monkeypatch):
    monkeypatch.setenv("X_FLOAT", "7.5")
    monkeypatch.setenv("X_EMPTY", " ")
    assert env.env_float("X_FLOAT", None) == 7.5
    assert env.env_float("X_EMPTY", None) is None
    assert env.env_float("X_MISSING", 4.0) == 4.0
    monkeypatch.setenv("X_FLOAT", "seven")
    with pytest.raises(ImproperlyConfigured, match="X_FLOAT"):
        env.env_float("X_FLOAT", None)


def test_secrets_can_come_from_a_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("s3cret\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret_file))
    assert env.env_secret("X_SECRET") == "s3cret"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="X_SECRET_FILE"):
        env.env_secret("X_SECRET")
    monkeypatch.delenv("X_SECRET_FILE")
    monkeypatch.setenv("X_SECRET", "plain")
    assert env.env_secret("X_SECRET") == "plain"


def _settings_in_subprocess(**variables):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(variables)
    code = "import config.settings as s; print(s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.TIME_ZONE, s.LANGUAGE_CODE)"
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_debug_a_secret_key_is_required_and_defaults_are_secure():
    refused = _settings_in_subprocess()
    assert refused.returncode != 0
    assert "SECRET_KEY must be set" in refused.stderr

    secure = _settings_in_subprocess(SECRET_KEY="k")
    assert secure.stdout.split() == ["True", "True", "31536000", "Europe/Madrid", "ca"]


def test_debug_relaxes_cookies_and_https_for_local_work():
    relaxed = _settings_in_subprocess(DEBUG="true")
    assert relaxed.stdout.split()[:3] == ["False", "False", "0"]


def test_bad_values_stop_the_process_with_a_clear_message():
    assert (
        "LANGUAGE_CODE must be one of"
        in _settings_in_subprocess(SECRET_KEY="k", LANGUAGE_CODE="fr").stderr
    )
    assert (
        "cannot both be on"
        in _settings_in_subprocess(SECRET_KEY="k", EMAIL_USE_TLS="1", EMAIL_USE_SSL="1").stderr
    )


def test_a_bounce_address_must_be_a_bare_address_without_a_subaddress():
    for bad in ("bounces", "Bounces <bounces@example.com>", "bounces+x@example.com"):
        failed = _settings_in_subprocess(SECRET_KEY="k", EMAIL_BOUNCE_ADDRESS=bad)
        assert "EMAIL_BOUNCE_ADDRESS must be a bare address" in failed.stderr, bad
    assert (
        _settings_in_subprocess(
            SECRET_KEY="k", EMAIL_BOUNCE_ADDRESS="bounces@example.com"
        ).returncode
        == 0
    )
