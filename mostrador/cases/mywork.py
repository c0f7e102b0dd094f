"""A person's work, as their home page shows it: what waits on them, their cases running
late, and for a department head what their departments hold and did today.

Every function here is a fixed number of queries, however many cases there are: the lists
are cut in the database, and the figures come from ``counts``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts.choices import Role
from mostrador.accounts.models import Membership, User
from mostrador.cases import counts, lateness, selectors_levels
from mostrador.cases.choices import OPEN_STATUSES, SLAState
from mostrador.cases.models import Case, due_sort
from mostrador.cases.queues import SHARED_QUEUES
from mostrador.core import selectors as core_selectors
from mostrador.core import timeutils
from mostrador.core.selectors import HealthReport

FIRST_FEW = 3
LATE_LIST = 8


@dataclass(frozen=True)
class Waiting:
    """The first few of what waits on someone, and how many there are in all."""

    first: list[Any]
    total: int


@dataclass(frozen=True)
class LateCase:
    case: Case
    due: dt.datetime | None
    state: SLAState


@dataclass(frozen=True)
class DepartmentFigures:
    department_id: int
    name: str
    figures: dict[str, int]


def _first_few(items: QuerySet[Any], limit: int) -> Waiting:
    # One row more than shown tells whether counting is needed: mostly it is not.
    first = list(items[: limit + 1])
    total = len(first) if len(first) <= limit else items.count()
    return Waiting(first=first[:limit], total=total)


def waiting_on(user: User, *, limit: int = FIRST_FEW) -> dict[str, Waiting]:
    """What waits on ``user``, soonest due first: the approvals they may decide, the
    consultations to their departments and their follow-ups now due."""
    due_followups = selectors_levels.list_followups_for(user).filter(due_at__lte=timeutils.now())
    return {
        "approvals": _first_few(selectors_levels.pending_approvals_for(user), limit),
        "consultations": _first_few(selectors_levels.open_consultations_for(user), limit),
        "followups": _first_few(due_followups, limit),
    }


def _next_due(case: Case) -> dt.datetime | None:
    """The soonest due time of the clocks still running on an open case."""
    running = [case.resolution_due, case.legal_due]
    if case.first_responded_at is None:
        running.append(case.first_response_due)
    dated = [due for due in running if due is not None]
    return min(dated) if dated else None


def late_cases(user: User, *, limit: int = LATE_LIST) -> list[LateCase]:
    """The open cases ``user`` owns or handles that are past a deadline or at risk of it,
    soonest due first, with their state as ``lateness`` reads it now."""
    now = timeutils.now()
    cases = (
        Case.objects.filter(status__in=OPEN_STATUSES)
        .filter(Q(owner=user) | Q(handler=user))
        .filter(lateness.running_late(now + lateness.risk_window()))
        .order_by(due_sort(), "id")
        .only(
            "reference",
            "subject",
            "status",
            "first_response_due",
            "first_responded_at",
            "resolution_due",
            "legal_due",
            "sla_paused_at",
        )[:limit]
    )
    return [LateCase(case, _next_due(case), lateness.state_of(case, now)) for case in cases]


def headed_departments(user: User) -> list[tuple[int, str]]:
    """(id, name) of the departments ``user`` heads, by name."""
    return list(
        Membership.objects.filter(user=user, role=Role.HEAD)
        .order_by("department__name")
        .values_list("department_id", "department__name")
    )


def department_figures(user: User) -> list[DepartmentFigures]:
    """For each department ``user`` heads (none for anyone else): its open, unassigned, at
    risk and breached cases, those opened today and those resolved today and this week."""
    headed = headed_departments(user)
    if not headed:
        return []
    ids = [pk for pk, _name in headed]
    open_now = counts.open_figures(ids)
    activity = counts.activity_figures(ids)
    empty = dict.fromkeys(("open", *SHARED_QUEUES, *counts.ACTIVITY), 0)
    return [
        DepartmentFigures(pk, name, {**empty, **open_now.get(pk, {}), **activity.get(pk, {})})
        for pk, name in headed
    ]


def system_health_for(user: User) -> HealthReport | None:
    """The system's health (database, worker, scheduler) for an administrator; nothing for
    anyone else, who can do nothing about it."""
    if not account_permissions.is_admin(user):
        return None
    return core_selectors.get_system_health()
