"""Rights notices: seeded with sources for every profile and language, read with fallbacks."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from mostrador.compliance import selectors
from mostrador.compliance.models import DeadlineRule, RightsNotice
from mostrador.core.errors import NotFound

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
fill = importlib.import_module("mostrador.compliance.migrations.0004_fill_rights_notices")


def test_every_profile_has_a_sourced_notice_in_every_language():
    notices = RightsNotice.objects.all()

    assert {(n.profile, n.language) for n in notices} == {
        (profile, language) for profile in ("eu", "es", "es-ct") for language in ("ca", "es", "en")
    }
    for notice in notices:
        assert notice.sources, notice
        assert all(url.startswith(("https://", "http://")) for url in notice.sources)
        assert notice.authority
        assert notice.authority_text


def test_official_complaint_forms_are_named_where_they_exist():
    catalonia = RightsNotice.objects.get(profile="es-ct", language="ca")
    spain = RightsNotice.objects.get(profile="es", language="es")
    europe = RightsNotice.objects.get(profile="eu", language="en")

    assert "fulls oficials" in catalonia.official_forms
    assert "hojas de reclamaciones" in spain.official_forms
    assert europe.official_forms == ""
    assert catalonia.authority == "Agència Catalana del Consum"
    assert "ECC-Net" in europe.authority
    assert "closed on 20 July 2025" in europe.authority_text


def test_the_answer_deadlines_carry_their_source_address():
    assert not DeadlineRule.objects.filter(source_url="").exists()


def test_the_seed_can_be_undone_and_redone():
    fill.remove_rights_notices(apps, None)
    assert not RightsNotice.objects.exists()
    assert not DeadlineRule.objects.exclude(source_url="").exists()

    fill.fill_rights_notices(apps, None)
    assert RightsNotice.objects.count() == 9
    assert not DeadlineRule.objects.filter(source_url="").exists()


def test_a_notice_falls_back_to_the_installation_language_then_to_any(settings):
    settings.LANGUAGE_CODE = "ca"
    RightsNotice.objects.filter(profile="es", language="en").delete()

    assert selectors.get_rights_notice("es", "en").language == "ca"
    RightsNotice.objects.filter(profile="es", language="ca").delete()
    assert selectors.get_rights_notice("es", "en").language == "es"
    assert selectors.get_rights_notice("es-ct", "en").language == "en"


@pytest.mark.parametrize("profile", ["fr", "", "es-ct-x"])
def test_an_unknown_profile_is_not_found(profile):
    with pytest.raises(NotFound):
        selectors.get_rights_notice(profile, "ca")


def test_a_profile_without_notices_is_not_found():
    RightsNotice.objects.filter(profile="eu").delete()

    with pytest.raises(NotFound):
        selectors.get_rights_notice("eu", "ca")
    assert [n.profile for n in selectors.list_rights_notices("ca")] == ["es", "es-ct"]


def test_the_index_lists_one_notice_per_profile_in_the_reader_language():
    notices = selectors.list_rights_notices("es")

    assert [(n.profile, n.language) for n in notices] == [
        ("eu", "es"),
        ("es", "es"),
        ("es-ct", "es"),
    ]


def test_catalonia_answers_within_one_month_and_spanish_law_applies_too(settings):
    settings.COMPLIANCE_LEY10_SCOPE = False
    rules = selectors.list_answer_deadlines("es-ct", TODAY)

    assert [(rule.profile, rule.value, rule.unit) for rule in rules] == [
        ("es", 15, "calendar_days"),
        ("es-ct", 1, "months"),
    ]
    assert rules[1].source_url.startswith("http://consum.gencat.cat/")
    assert selectors.list_answer_deadlines("fr", TODAY) == []


def test_spain_lists_the_rules_in_force_then_those_to_come(settings):
    settings.COMPLIANCE_LEY10_SCOPE = True
    keys = [rule.key for rule in selectors.list_answer_deadlines("es", TODAY)]
    assert keys == [
        "complaint.answer_deadline",
        "complaint.answer_deadline.ley10",
        "complaint.billing_deadline",
    ]

    settings.COMPLIANCE_LEY10_SCOPE = False
    keys = [rule.key for rule in selectors.list_answer_deadlines("es", TODAY)]
    assert keys == ["complaint.answer_deadline"]


def test_disabled_and_expired_rules_are_not_promised():
    DeadlineRule.objects.update(enabled=False)
    assert selectors.list_answer_deadlines("es-ct", TODAY) == []

    DeadlineRule.objects.update(enabled=True, valid_to=dt.date(2026, 1, 1))
    assert selectors.list_answer_deadlines("es-ct", TODAY) == []
    assert selectors.list_answer_deadlines("eu", TODAY) == []


def test_the_default_profile_is_the_configured_jurisdiction(settings):
    assert selectors.default_profile() == "es-ct"
    settings.MOSTRADOR_JURISDICTION = "es"
    assert selectors.default_profile() == "es"
