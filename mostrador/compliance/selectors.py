"""Compliance reads: the rights notices customers read and the deadlines they are told about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.utils import translation

from mostrador.compliance.choices import Profile
from mostrador.compliance.models import DeadlineRule, DeadlineRuleText, RightsNotice
from mostrador.core import configcache
from mostrador.core.errors import NotFound

# The case types whose answer deadlines a customer is told about.
GRIEVANCE_TYPES = frozenset({"complaint", "claim"})
# The rules a profile's customers are under: its own and those of the wider jurisdictions
# around it (regulation.md §4: a case in Catalonia is under eu + es + es-ct).
PROFILE_LAYERS = {
    Profile.EU: (Profile.EU,),
    Profile.ES: (Profile.EU, Profile.ES),
    Profile.ES_CT: (Profile.EU, Profile.ES, Profile.ES_CT),
}


def default_profile() -> str:
    """The jurisdiction profile that applies to the installation (MOSTRADOR_JURISDICTION)."""
    return str(settings.MOSTRADOR_JURISDICTION)


def _pick(notices: list[RightsNotice], language: str) -> RightsNotice | None:
    by_language = {notice.language: notice for notice in notices}
    for candidate in (language, settings.LANGUAGE_CODE):
        if candidate in by_language:
            return by_language[candidate]
    return notices[0] if notices else None


def get_rights_notice(profile: str, language: str) -> RightsNotice:
    """The notice of ``profile`` in ``language``, else in the installation's language, else in
    any; ``NotFound`` for an unknown profile or one without a notice."""
    if profile not in Profile.values:
        raise NotFound()
    notice = _pick(list(RightsNotice.objects.filter(profile=profile)), language)
    if notice is None:
        raise NotFound()
    return notice


def list_rights_notices(language: str) -> list[RightsNotice]:
    """One notice per profile that has one, in ``language`` where possible, in profile order."""
    notices: dict[str, list[RightsNotice]] = {}
    for notice in RightsNotice.objects.all():
        notices.setdefault(notice.profile, []).append(notice)
    picked = [_pick(notices.get(profile, []), language) for profile in Profile.values]
    return [notice for notice in picked if notice is not None]


def list_answer_deadlines(profile: str, on: dt.date) -> list[DeadlineRule]:
    """The enabled rules on when complaints and claims must be answered that bind under
    ``profile`` (its own and its wider jurisdictions'), in force on ``on`` or from a later date
    (customers may want to know what is coming): those in force first. Rules only for
    companies under Ley 10/2025 count only if the company is."""
    layers = PROFILE_LAYERS.get(Profile(profile), ()) if profile in Profile.values else ()
    rules = DeadlineRule.objects.filter(enabled=True, profile__in=layers)
    if not settings.COMPLIANCE_LEY10_SCOPE:
        rules = rules.filter(requires_ley10_scope=False)
    return [
        rule
        for rule in rules.order_by(F("valid_from").asc(nulls_first=True), "profile", "key")
        if (not rule.case_types or GRIEVANCE_TYPES & set(rule.case_types))
        and (rule.valid_to is None or on <= rule.valid_to)
    ]


@dataclass(frozen=True)
class RuleText:
    """A legal deadline rule as a reader says it: its key (as a case records it, e.g.
    ``es-ct:complaint.answer_deadline``), name, source and where the source says so."""

    key: str
    name: str
    source: str
    source_url: str


_CACHE_KEY = "compliance:rule-texts:"


def _load_rule_texts(language: str) -> dict[str, RuleText]:
    # One query: the texts in the reader's language and in the installation's, the reader's
    # winning. A rule without either is shown by the caller from what the case recorded.
    texts: dict[str, RuleText] = {}
    rows = DeadlineRuleText.objects.filter(
        language__in={language, settings.LANGUAGE_CODE}
    ).select_related("rule")
    for text in sorted(rows, key=lambda row: row.language == language):
        key = f"{text.rule.profile}:{text.rule.key}"
        texts[key] = RuleText(
            key=key, name=text.name, source=text.source, source_url=text.rule.source_url
        )
    return texts


def rule_texts(language: str | None = None) -> dict[str, RuleText]:
    """Every legal deadline rule's words in ``language`` (the active one by default), by key;
    kept per process until a rule or its words change (``core.configcache``)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return configcache.cached(_CACHE_KEY + language, lambda: _load_rule_texts(language))


def rule_text(key: str, language: str | None = None) -> RuleText | None:
    """The words of the rule a case records as ``legal_rule``, or None (none, or deleted)."""
    return rule_texts(language).get(key) if key else None
