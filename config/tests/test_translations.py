"""Catalan and Spanish ship complete: every string the code marks is translated, none is fuzzy."""

import shutil

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed"
)
def test_the_committed_catalogs_translate_every_string_in_the_code(tmp_path, monkeypatch):
    # Extract afresh from a copy of the sources and catalogs: makemessages writes next to the
    # files it reads, so running it on the working tree would change the real catalogs.
    ignore = shutil.ignore_patterns("__pycache__", "*.mo")
    for folder in ("mostrador", "config", "locale"):
        shutil.copytree(settings.BASE_DIR / folder, tmp_path / folder, ignore=ignore)
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["ca", "es"], no_obsolete=True, verbosity=0)

    problems = []
    for language in ("ca", "es"):
        catalog = polib.pofile(str(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po"))
        problems += [
            f"{language}: untranslated {e.msgid!r}" for e in catalog.untranslated_entries()
        ]
        problems += [f"{language}: fuzzy {e.msgid!r}" for e in catalog.fuzzy_entries()]
    assert problems == [], "run `make messages` and translate:\n" + "\n".join(problems)
