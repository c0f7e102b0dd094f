"""Work queues: the lists of cases people work from, and how many each holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.timesince import timesince, timeuntil

from mostrador.accounts.models import Membership, User
from mostrador.cases import lateness, selectors
from mostrador.cases.choices import (
    OPEN_STATUSES,
    ApprovalStatus,
    CaseStatus,
    CaseType,
    Priority,
    SLAState,
)
from mostrador.cases.models import (
    ApprovalRequest,
    Case,
    Consultation,
    activity_sort,
    due_sort,
    priority_rank,
)
from mostrador.core import timeutils

PERSONAL = ("mine", "unassigned", "waiting_on_me", "at_risk", "breached")


def waiting_on(user: User) -> Q:
    """Cases with a consultation to one of the user's departments, or an approval for them.

    As one list of case ids, not correlated EXISTS: the open consultations and approvals are
    few and the open cases many, so the database looks the few up by id instead of probing
    them for every open case (benchmark W2: 20 ms to under 1 ms at 100,000 cases).
    """
    departments = Membership.objects.filter(user=user).values("department_id")
    consulted = Consultation.objects.filter(
        answered_at__isnull=True, department_id__in=departments
    ).values("case_id")
    to_approve = ApprovalRequest.objects.filter(
        status=ApprovalStatus.PENDING, approver=user
    ).values("case_id")
    return Q(pk__in=consulted.union(to_approve))


# The personal queues that are the same for every member of a department, by what they hold.
SHARED_QUEUES = ("unassigned", "at_risk", "breached")


def shared(now: dt.datetime) -> dict[str, Q]:
    """What each shared queue holds of the open cases at ``now``: those nobody works on yet,
    and those at risk and past a due time as ``lateness`` defines them."""
    return {
        "unassigned": Q(handler__isnull=True),
        "at_risk": lateness.running_at_risk(now),
        "breached": lateness.running_late(now),
    }


def condition(user: User, queue: str) -> Q:
    """What the personal queue ``queue`` holds of the open cases ``user`` sees."""
    if queue in SHARED_QUEUES:
        return shared(timeutils.now())[queue]
    return {"mine": Q(owner=user) | Q(handler=user), "waiting_on_me": waiting_on(user)}[queue]


def queue_cases(user: User, queue: str, *, department_id: int | None = None) -> QuerySet[Case]:
    """Open cases of a personal queue, or of a department when ``department_id`` is given.

    Only cases the user may see, except "waiting on me", which is exactly what was asked of them.
    """
    if department_id is not None:
        visible = selectors.list_cases_for_user(user).filter(department_id=department_id)
    elif queue == "waiting_on_me":
        visible = selectors.with_related().filter(waiting_on(user))
    else:
        visible = selectors.list_cases_for_user(user).filter(condition(user, queue))
    return visible.filter(status__in=OPEN_STATUSES)


# ---------------------------------------------------------------- a queue's set-up
#
# What a person may choose about a queue (filters, columns, order, page size), checked in one
# place: the page's address and a saved view are both read through ``clean_setup``, so a
# mangled link or a stale view is shown with its bad parts left out, never an error.

FILTERS: dict[str, tuple[str, ...]] = {
    "status": tuple(CaseStatus.values),
    "type": tuple(CaseType.values),
    "priority": tuple(Priority.values),
    "level": ("1", "2", "3"),
}
# Reference and subject are always shown: they say which case a row is.
COLUMNS = ("customer", "status", "priority", "level", "owner", "updated", "due")
PAGE_SIZES = (25, 50, 100)


@dataclass(frozen=True)
class SortKey:
    """One thing a queue can be sorted by: the annotations it orders by, in turn, then id."""

    keys: tuple[tuple[str, Callable[[], Any]], ...]
    kinds: tuple[type, ...]


SORTS: dict[str, SortKey] = {
    "due": SortKey((("due_sort", due_sort),), (dt.datetime,)),
    "updated": SortKey((("activity_sort", activity_sort),), (dt.datetime,)),
    "priority": SortKey(
        (("priority_rank", priority_rank), ("due_sort", due_sort)), (int, dt.datetime)
    ),
    "level": SortKey(
        (("level_sort", lambda: F("level")), ("due_sort", due_sort)), (int, dt.datetime)
    ),
    "status": SortKey(
        (("status_sort", lambda: F("status")), ("due_sort", due_sort)), (str, dt.datetime)
    ),
    "reference": SortKey((("reference_sort", lambda: F("reference")),), (str,)),
}
DEFAULT_SORT = "due"


@dataclass(frozen=True)
class QueueSetup:
    """How a queue is shown: filters (name → value), optional columns, order, page size."""

    filters: dict[str, str] = field(default_factory=dict)
    columns: tuple[str, ...] = COLUMNS
    sort: str = DEFAULT_SORT
    page_size: int = PAGE_SIZES[0]

    @property
    def sort_name(self) -> str:
        return self.sort.removeprefix("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")


def clean_filters(raw: object) -> dict[str, str]:
    """The known filters with allowed values in ``raw``; anything else is left out."""
    if not isinstance(raw, dict):
        return {}
    return {
        name: str(raw[name]) for name, allowed in FILTERS.items() if str(raw.get(name)) in allowed
    }


def clean_columns(raw: object) -> tuple[str, ...]:
    """The known columns in ``raw``, in the table's order."""
    if not isinstance(raw, list | tuple):
        return COLUMNS
    chosen = {str(name) for name in raw}
    return tuple(name for name in COLUMNS if name in chosen)


def clean_sort(raw: object) -> str:
    text = str(raw or "")
    return text if text.removeprefix("-") in SORTS else DEFAULT_SORT


def clean_page_size(raw: object) -> int:
    try:
        size = int(str(raw))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def clean_setup(
    *, filters: object = None, columns: object = None, sort: object = None, page_size: object = None
) -> QueueSetup:
    """A set-up from untrusted parts (an address, a stored view), bad parts left out."""
    return QueueSetup(
        filters=clean_filters(filters),
        columns=COLUMNS if columns is None else clean_columns(columns),
        sort=clean_sort(sort),
        page_size=clean_page_size(page_size),
    )


def setup_problems(
    *, filters: dict[str, str], columns: list[str], sort: str, page_size: int
) -> list[str]:
    """What in a set-up about to be saved is not allowed (empty when all of it is)."""
    problems = []
    if filters != clean_filters(filters):
        problems.append("filters")
    if not isinstance(columns, list) or list(clean_columns(columns)) != columns:
        problems.append("columns")
    if clean_sort(sort) != sort:
        problems.append("sort")
    if page_size not in PAGE_SIZES:
        problems.append("page_size")
    return problems


def filter_cases(cases: QuerySet[Case], filters: dict[str, str]) -> QuerySet[Case]:
    """``cases`` narrowed by ``filters`` (already clean)."""
    return cases.filter(**filters) if filters else cases


@dataclass(frozen=True)
class QueueRow:
    """A case as a queue's line shows it: its deadline state now, and since when it waits
    on the customer (``waiting``) or when it last changed."""

    case: Case
    sla_state: SLAState
    moment: dt.datetime
    waiting: bool
    since: str  # how long ago ``moment`` was, in words ("3 hours")
    due_in: str  # how far the resolution due time is, in words ("2 days"), or ""
    overdue: bool  # the resolution due time has passed


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    next_cursor: str | None


def _distance(moment: dt.datetime | None, now: dt.datetime) -> str:
    if moment is None:
        return ""
    if moment < now:
        return timesince(moment, now, depth=1)
    return timeuntil(moment, now, depth=1)


def read_page(cases: QuerySet[Case], setup: QueueSetup, cursor: str | None) -> QueuePage:
    """The page of ``cases`` that ``setup`` and ``cursor`` ask for: one query.

    A cursor that was tampered with, or belongs to another order, starts at the first page.
    """
    sort = SORTS[setup.sort_name]
    try:
        after = selectors.decode_cursor(cursor, setup.sort, sort.kinds)
    except ValueError:
        after = None
    found, position = selectors.page_by_keys(
        filter_cases(cases, setup.filters).prefetch_related(None),
        keys=[(name, expression()) for name, expression in sort.keys],
        descending=setup.descending,
        after=after,
        limit=setup.page_size,
    )
    now = timeutils.now()
    rows = [
        QueueRow(
            case=case,
            sla_state=lateness.state_of(case, now),
            moment=case.sla_paused_at or case.updated_at,
            waiting=case.sla_paused_at is not None,
            since=timesince(case.sla_paused_at or case.updated_at, now, depth=1),
            due_in=_distance(case.resolution_due, now),
            overdue=case.resolution_due is not None and case.resolution_due < now,
        )
        for case in found
    ]
    return QueuePage(rows=rows, next_cursor=selectors.encode_cursor(setup.sort, position))
