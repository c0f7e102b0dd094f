"""The clocks of a case: SLA due times in business time, the legal deadline, and durations.

Due times are always derived from (created_at, target, business time paused), so they can be
recomputed whenever a calendar or a policy changes. Business durations are stored when the
first response and the resolution happen, so statistics never recompute calendars.
"""

from __future__ import annotations

import datetime as dt

from mostrador.accounts.calendars import calendar_by_id
from mostrador.cases import lateness
from mostrador.cases.choices import SLAState
from mostrador.cases.models import Case, SLAPolicy
from mostrador.compliance.deadlines import legal_deadline
from mostrador.core import configcache, timeutils
from mostrador.core.businesstime import Calendar, add_business_time, business_time_between


def calendar_of(case: Case) -> Calendar:
    return calendar_by_id(case.department.calendar_id)


def active_policies() -> list[SLAPolicy]:
    """The active SLA policies, read once per process until the configuration changes."""
    return configcache.cached(
        "cases.sla-policies", lambda: list(SLAPolicy.objects.filter(is_active=True).order_by("pk"))
    )


def matching_policy(case: Case) -> SLAPolicy | None:
    """The active policy whose every set field matches the case; the most specific wins."""
    matches = [
        policy
        for policy in active_policies()
        if policy.case_type in ("", case.type)
        and policy.priority in ("", case.priority)
        and policy.channel in ("", case.channel)
    ]
    return max(matches, key=lambda policy: policy.specificity, default=None)


def _utc(value: dt.datetime) -> dt.datetime:
    # Stored and served in UTC, as the database gives them back: the same value must not print
    # differently before and after a reload.
    return value.astimezone(dt.UTC)


def _paused(case: Case) -> dt.timedelta:
    return dt.timedelta(seconds=case.sla_paused_seconds)


def compute_due_times(case: Case, calendar: Calendar | None = None) -> list[str]:
    """Set the case's SLA and legal due times from its policy, calendar and pauses.

    Returns the names of the fields it set, for ``save(update_fields=...)``.
    """
    calendar = calendar or calendar_of(case)
    policy = matching_policy(case)
    if policy is not None:
        if case.first_responded_at is None:
            target = dt.timedelta(minutes=policy.first_response_minutes) + _paused(case)
            case.first_response_due = _utc(add_business_time(calendar, case.created_at, target))
        target = dt.timedelta(minutes=policy.resolution_minutes) + _paused(case)
        case.resolution_due = _utc(add_business_time(calendar, case.created_at, target))
    deadline = legal_deadline(
        start=case.created_at,
        case_type=case.type,
        department_kind=case.department.kind,
        calendar=calendar,
    )
    case.legal_due = _utc(deadline.due) if deadline else None
    case.legal_rule = deadline.rule if deadline else ""
    case.legal_source = deadline.source if deadline else ""
    # New due times may put a late case back on time; a case still late keeps its state, so
    # a recomputation never makes the deadline check announce the same breach twice.
    if not lateness.is_late(case, timeutils.now()):
        case.sla_state = SLAState.ON_TIME
    return [
        "first_response_due",
        "resolution_due",
        "legal_due",
        "legal_rule",
        "legal_source",
        "sla_state",
    ]


def pause(case: Case, now: dt.datetime) -> list[str]:
    """Stop the SLA clocks while the case waits on the customer (legal clocks keep running)."""
    if case.sla_paused_at is None:
        case.sla_paused_at = now
    return ["sla_paused_at"]


def resume(case: Case, now: dt.datetime) -> list[str]:
    """Restart the SLA clocks, moving the due times by the business time spent waiting."""
    if case.sla_paused_at is None:
        return []
    calendar = calendar_of(case)
    waited = business_time_between(calendar, case.sla_paused_at, now)
    case.sla_paused_seconds += int(waited.total_seconds())
    case.sla_paused_at = None
    return ["sla_paused_at", "sla_paused_seconds", *compute_due_times(case, calendar)]


def _business_seconds(case: Case, until: dt.datetime) -> int:
    elapsed = business_time_between(calendar_of(case), case.created_at, until)
    return max(0, int(elapsed.total_seconds()) - case.sla_paused_seconds)


def record_first_response(case: Case, now: dt.datetime) -> list[str]:
    case.first_response_seconds = _business_seconds(case, now)
    return ["first_response_seconds"]


def record_resolution(case: Case, now: dt.datetime) -> list[str]:
    case.resolution_seconds = _business_seconds(case, now)
    return ["resolution_seconds"]
