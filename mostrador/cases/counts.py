"""How many open cases the queues' navigation shows, on every staff page.

A department's figures (open, unassigned, at risk, breached) are counted from one covering
index and kept for ``QUEUE_COUNTS_CACHE_SECONDS``: they are the same for every member and the
only part of a page that grows with the data (64,000 open cases in one department at size L
take ~30 ms to count). What is the user's own (theirs, waiting on them, follow-ups due, cases
they follow elsewhere) is counted live, from indexes on the person.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, QuerySet

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


def _departments(user: User, departments: list[int]) -> dict[int | None, Row]:
    """Each department's figures (every department's, for an administrator), kept briefly."""
    admin = account_permissions.is_admin(user)
    key = "queue-counts:" + ("all" if admin else ",".join(map(str, sorted(departments))))
    found: dict[int | None, Row] | None = cache.get(key)
    if found is None:
        cases = Case.objects.all() if admin else Case.objects.filter(department_id__in=departments)
        found = _count_departments(cases)
        cache.set(key, found, settings.QUEUE_COUNTS_CACHE_SECONDS)
    return found


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
