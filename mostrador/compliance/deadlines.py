"""The legal deadline that applies to a case: the strictest of the rules in force for it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings

from mostrador.compliance.choices import DeadlineUnit
from mostrador.compliance.models import DeadlineRule
from mostrador.core import configcache
from mostrador.core.businesstime import Calendar, end_of_working_days
from mostrador.core.timeutils import local_datetime


@dataclass(frozen=True)
class LegalDeadline:
    due: dt.datetime
    rule: str  # "es-ct:complaint.answer_deadline"
    source: str


def _due(rule: DeadlineRule, start: dt.datetime, calendar: Calendar) -> dt.datetime:
    if rule.unit == DeadlineUnit.HOURS:
        return start + dt.timedelta(hours=rule.value)
    if rule.unit == DeadlineUnit.BUSINESS_DAYS:
        return end_of_working_days(calendar, start, rule.value)
    day = start.astimezone(calendar.zone).date()
    if rule.unit == DeadlineUnit.MONTHS:
        last = day + relativedelta(months=rule.value)
    else:
        last = day + dt.timedelta(days=rule.value)
    # "Within N days / one month of submission": until the end of that day, local time.
    return local_datetime(last + dt.timedelta(days=1), dt.time(0), calendar.zone)


def rules_in_force(on: dt.date, *, case_type: str, department_kind: str) -> list[DeadlineRule]:
    """Enabled rules of the installation's profiles that cover this kind of case on ``on``."""
    return [
        rule
        for rule in enabled_rules()
        if (not rule.case_types or case_type in rule.case_types)
        and (not rule.department_kinds or department_kind in rule.department_kinds)
        and (rule.valid_from is None or rule.valid_from <= on)
        and (rule.valid_to is None or on <= rule.valid_to)
    ]


def _enabled_rules() -> list[DeadlineRule]:
    rules = DeadlineRule.objects.filter(enabled=True, profile__in=settings.COMPLIANCE_PROFILES)
    if not settings.COMPLIANCE_LEY10_SCOPE:
        rules = rules.filter(requires_ley10_scope=False)
    return list(rules.order_by("pk"))


def enabled_rules() -> list[DeadlineRule]:
    """The enabled rules of the installation's profiles, read once per process until the
    configuration changes (the settings that choose them are the process's own)."""
    return configcache.cached("compliance.enabled-rules", _enabled_rules)


def legal_deadline(
    *, start: dt.datetime, case_type: str, department_kind: str, calendar: Calendar
) -> LegalDeadline | None:
    """The strictest legal deadline for a case submitted at ``start``, or None if no rule applies.

    When several profiles apply (eu + es + es-ct), the earliest due time wins, and the winning
    rule and its source are returned so the case can show them.
    """
    local_day = start.astimezone(calendar.zone).date()
    candidates = [
        LegalDeadline(_due(rule, start, calendar), f"{rule.profile}:{rule.key}", rule.source)
        for rule in rules_in_force(local_day, case_type=case_type, department_kind=department_kind)
    ]
    return min(candidates, key=lambda deadline: deadline.due, default=None)
