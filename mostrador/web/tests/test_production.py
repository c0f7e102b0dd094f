"""The production recipe on a fresh install: settings from the environment, DEBUG off."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def _production(tmp_path, **more):
    # A clean environment, as on a server: none of the test run's settings.
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "DEBUG": "false",
        "SECRET_KEY": "a-fresh-install-key-" * 3,
        "MOSTRADOR_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        **more,
    }


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_the_deploy_check_is_clean_with_the_documented_production_settings(tmp_path):
    env = _production(
        tmp_path,
        ALLOWED_HOSTS="sac.example.com",
        TRUST_PROXY_HEADERS="true",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
    )

    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr[-3000:]


@pytest.mark.slow
def test_migrate_runs_on_a_fresh_install_before_collectstatic(tmp_path):
    # Without DEBUG, static addresses come from the manifest that collectstatic writes; nothing
    # may look one up while the URLs load, or every manage command fails before it.
    result = _manage(_production(tmp_path), "migrate", "--no-input", "-v0")

    assert result.returncode == 0, result.stderr[-3000:]
    assert not (tmp_path / "static" / "staticfiles.json").exists(), "collectstatic did not run"


def test_the_favicon_redirects_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
