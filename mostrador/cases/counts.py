"""How many open cases the queues' navigation shows, on every staff page.

A department's figures (open, unassigned, at risk, breached) are counted from one covering
index and kept for ``QUEUE_COUNTS_CACHE_SECONDS``: they are the same for every member and the
only part of a page that grows with the data (64,000 open cases in one department at size L
take ~30 ms to count). What is the user's own (theirs, waiting on them, follow-ups due, cases
they follow elsewhere) is counted live, from indexes on the person. What a department did
today and this week (``activity_figures``, for its heads' home page) is kept as briefly.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts.models import Membership, User
from mostrador.cases.choices import OPEN_STATUSES
from mostrador.cases.models import Case, FollowUp
from mostrador.cases.queues import SHARED_QUEUES, shared, waiting_on
from mostrador.core import timeutils

Row = dict[str, int]


def _count_departments(cases: QuerySet[Case]) -> dict[int | None, Row]:
    names = ("open", *SHARED_QUEUES)
    conditions = shared(timeutils.now())
    rows = (
        cases.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values("department_id")
        .annotate(
            open=Count("pk"),
            **{name: Count("pk", filter=condition) for name, condition in conditions.items()},
        )
        .values_list("department_id", *names)
    )
    return {row[0]: dict(zip(names, row[1:], strict=True)) for row in rows}


def _kept(key: str, cases: QuerySet[Case]) -> dict[int | None, Row]:
    found: dict[int | None, Row] | None = cache.get(key)
    if found is None:
        found = _count_departments(cases)
        cache.set(key, found, settings.QUEUE_COUNTS_CACHE_SECONDS)
    return found


def open_figures(departments: list[int]) -> dict[int | None, Row]:
    """Open, unassigned, at risk and breached cases of each of ``departments`` (those with
    none are missing), kept briefly: the same figures, and cache, as the navigation's."""
    key = "queue-counts:" + ",".join(map(str, sorted(departments)))
    return _kept(key, Case.objects.filter(department_id__in=departments))


def _departments(user: User, departments: list[int]) -> dict[int | None, Row]:
    """Each department's figures (every department's, for an administrator), kept briefly."""
    if account_permissions.is_admin(user):
        return _kept("queue-counts:all", Case.objects.all())
    return open_figures(departments)


def _mine(user: User) -> int:
    """Open cases the user owns or handles: two index-only scans, however many there are."""
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES)
    owned = open_cases.filter(owner=user).values("pk")
    return owned.union(open_cases.filter(handler=user).values("pk")).count()


def _outside(user: User, departments: list[int]) -> Row:
    """The shared queues' open cases in departments the user is not a member of that they
    still see: those they own, handle or follow (a few, looked up by id)."""
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES).exclude(
        department_id__in=departments
    )
    followed = Case.followers.through.objects.filter(user_id=user.pk).values("case_id")
    theirs = (
        open_cases.filter(owner=user)
        .values("pk")
        .union(
            open_cases.filter(handler=user).values("pk"),
            open_cases.filter(pk__in=followed).values("pk"),
        )
    )
    conditions = shared(timeutils.now())
    counts = Case.objects.filter(pk__in=theirs).aggregate(
        **{name: Count("pk", filter=condition) for name, condition in conditions.items()}
    )
    return {name: value or 0 for name, value in counts.items()}


def navigation_counts(user: User) -> tuple[dict[str, int], list[tuple[int, str, int]]]:
    """How many open cases each personal queue holds (and the follow-ups due), and
    (id, name, open cases) for each of the user's departments, empty ones too.

    At most seven queries, none of which grows with the closed cases; the department figures
    may be ``QUEUE_COUNTS_CACHE_SECONDS`` old.
    """
    memberships = list(
        Membership.objects.filter(user=user)
        .order_by("department__name")
        .values_list("department_id", "department__name")
    )
    departments = [pk for pk, _name in memberships]
    per_department = _departments(user, departments)
    if account_permissions.is_admin(user):
        outside = dict.fromkeys(SHARED_QUEUES, 0)
    else:
        outside = _outside(user, departments)
    counts = {
        name: outside[name] + sum(row[name] for row in per_department.values())
        for name in SHARED_QUEUES
    }
    counts["mine"] = _mine(user)
    counts["waiting_on_me"] = (
        Case.objects.filter(status__in=OPEN_STATUSES).filter(waiting_on(user)).count()
    )
    counts["followups_due"] = FollowUp.objects.filter(
        assignee=user, done_at__isnull=True, due_at__lte=timeutils.now()
    ).count()
    listed = [(pk, name, per_department.get(pk, {}).get("open", 0)) for pk, name in memberships]
    return counts, listed


def queue_counts(user: User) -> dict[str, int]:
    """How many open cases each personal queue holds, and the follow-ups due."""
    return navigation_counts(user)[0]


def department_counts(user: User) -> list[tuple[int, str, int]]:
    """(id, name, open cases) for each of the user's departments, empty ones too."""
    return navigation_counts(user)[1]


ACTIVITY = ("opened_today", "resolved_today", "resolved_this_week")


def _count_activity(departments: list[int], now: dt.datetime) -> dict[int | None, Row]:
    today = timeutils.local_date(now)
    day = timeutils.start_of_day(today)
    week = timeutils.start_of_day(today - dt.timedelta(days=today.weekday()))
    rows = (
        Case.objects.filter(department_id__in=departments)
        # A case closed without being resolved first ended when it was closed, as in reports.
        .alias(ended=Coalesce("resolved_at", "closed_at"))
        .filter(Q(created_at__gte=day) | Q(ended__gte=week))
        .order_by()
        .values("department_id")
        .annotate(
            opened_today=Count("pk", filter=Q(created_at__gte=day)),
            resolved_today=Count("pk", filter=Q(ended__gte=day)),
            resolved_this_week=Count("pk", filter=Q(ended__gte=week)),
        )
        .values_list("department_id", *ACTIVITY)
    )
    return {row[0]: dict(zip(ACTIVITY, row[1:], strict=True)) for row in rows}


def activity_figures(departments: list[int]) -> dict[int | None, Row]:
    """Cases of each of ``departments`` opened today, and resolved (or closed) today and since
    Monday, in the installation's time zone; kept ``QUEUE_COUNTS_CACHE_SECONDS``. Departments
    with none are missing.

    One query. No index covers the end times, so it reads the departments' cases through the
    department index: kept briefly for that reason, as the open figures are.
    """
    key = "activity-counts:" + ",".join(map(str, sorted(departments)))
    found: dict[int | None, Row] | None = cache.get(key)
    if found is None:
        found = _count_activity(departments, timeutils.now())
        cache.set(key, found, settings.QUEUE_COUNTS_CACHE_SECONDS)
    return found
