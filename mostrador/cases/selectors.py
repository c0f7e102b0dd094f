"""Cases reads, scoped to what the reader may see."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts.models import Membership, User
from mostrador.cases import details, lateness, models, permissions
from mostrador.cases.choices import OPEN_STATUSES, MessageKind
from mostrador.cases.models import Attachment, Case, Consultation, Message
from mostrador.core import timeutils
from mostrador.core.errors import NotFound
from mostrador.core.models import Event
from mostrador.core.selectors import list_events_for
from mostrador.customers.choices import ContactKind
from mostrador.customers.models import ContactPoint


def with_related() -> QuerySet[Case]:
    """Cases with the rows every list and page of them shows."""
    return Case.objects.select_related("department", "owner", "handler", "customer", "merged_into")


def with_details(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` with their types' details, for the reads that show them (a case's page, the
    API's case answers); a queue or a search results page does not.

    A query per detail rather than a join: ten joined tables cost PostgreSQL more to plan
    (5 ms) than three lookups by primary key cost to run.
    """
    return cases.prefetch_related(*details.related_names())


def load_details(cases: list[Case]) -> list[Case]:
    """The same for a page already read: one query per detail, whatever the page's length."""
    prefetch_related_objects(cases, *details.related_names())
    return cases


def get_case_to_work_on(reference: str, user: User) -> Case:
    """The case with ``reference`` if ``user`` may see it, with only what a write needs (its
    department, customer and people), not its history; otherwise ``NotFound``."""
    case = (
        Case.objects.select_related("department", "owner", "handler", "customer")
        .filter(reference=reference)
        .first()
    )
    if case is None or not permissions.can_view_case(user, case):
        raise NotFound()
    return case


def get_case(pk: int) -> Case:
    """Return a case by id, with the rows every view of it needs, or raise ``NotFound``."""
    case = with_details(with_related()).filter(pk=pk).first()
    if case is None:
        raise NotFound()
    return case


def visible_to(user: User) -> Q:
    """The condition that selects the cases ``user`` may see (``permissions.can_view_case``)."""
    if account_permissions.is_admin(user):
        return Q()
    departments = Membership.objects.filter(user=user).values("department_id")
    followed = Case.followers.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk)
    consulted = Consultation.objects.filter(
        case_id=OuterRef("pk"), answered_at__isnull=True, department_id__in=departments
    )
    return (
        Q(department_id__in=departments)
        | Q(owner=user)
        | Q(handler=user)
        | Q(Exists(followed))
        | Q(Exists(consulted))
    )


CASE_PAGE_PREFETCH = (
    "tags",
    "followers",
    Prefetch(
        "messages",
        queryset=Message.objects.select_related("author").prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
        ),
    ),
)


def get_case_for_user(reference: str, user: User) -> Case:
    """Return the case with ``reference`` if ``user`` may see it; otherwise ``NotFound``.

    Not ``Forbidden``: a case someone may not see is, for them, a case that does not exist.
    """
    case = (
        with_details(with_related())
        .prefetch_related(*CASE_PAGE_PREFETCH)
        .filter(reference=reference)
        .first()
    )
    if case is None or not permissions.can_view_case(user, case):
        raise NotFound()
    return case


@dataclass(frozen=True)
class CaseFilters:
    status: str | None = None
    type: str | None = None
    department: int | None = None
    owner: int | None = None
    open_only: bool = False
    overdue: bool = False
    text: str = ""


def list_cases_for_user(user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """The cases ``user`` may see, filtered, soonest due first (cases without a due time last)."""
    filters = filters or CaseFilters()
    cases = with_related().prefetch_related("tags").filter(visible_to(user))
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.open_only:
        cases = cases.filter(status__in=OPEN_STATUSES)
    if filters.type:
        cases = cases.filter(type=filters.type)
    if filters.department:
        cases = cases.filter(department_id=filters.department)
    if filters.owner:
        cases = cases.filter(owner_id=filters.owner)
    if filters.overdue:
        cases = cases.filter(lateness.late(timeutils.now()))
    if filters.text:
        cases = cases.filter(Q(subject__icontains=filters.text) | Q(reference__iexact=filters.text))
    return cases


NO_DUE = models.NO_DUE


def encode_position(position: tuple[dt.datetime, int] | None) -> str | None:
    """An opaque cursor for a (due, id) position of ``page_by_due``; None at the end."""
    if position is None:
        return None
    raw = json.dumps([position[0].isoformat(), position[1]]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_position(cursor: str | None) -> tuple[dt.datetime, int] | None:
    """The position a cursor names; raises ``ValueError`` for one that was tampered with."""
    if not cursor:
        return None
    try:
        due, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return dt.datetime.fromisoformat(due), int(pk)
    except (ValueError, TypeError, binascii.Error):
        raise ValueError("invalid cursor") from None


def page_by_due(
    cases: QuerySet[Case], *, after: tuple[dt.datetime, int] | None, limit: int
) -> tuple[list[Case], tuple[dt.datetime, int] | None]:
    """One page of ``cases`` soonest due first, after the (due, id) position ``after``.

    Keyset pagination: the cost of a page does not grow with how deep it is, and a case added
    meanwhile neither repeats nor skips. Returns the page and the position after its last row.
    """
    ordered = cases.annotate(due_sort=models.due_sort()).order_by("due_sort", "id")
    if after is not None:
        due, pk = after
        ordered = ordered.filter(Q(due_sort__gt=due) | Q(due_sort=due, id__gt=pk))
    rows: list[Case] = list(ordered[: limit + 1])
    page = rows[:limit]
    if len(rows) <= limit:
        return page, None
    return page, (page[-1].due_sort, page[-1].pk)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- queue pages in any order

SortKeys = Sequence[tuple[str, Any]]
Position = tuple[list[Any], int]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.datetime) else value


def encode_cursor(tag: str, position: Position | None) -> str | None:
    """An opaque cursor for a position of ``page_by_keys`` in the order named ``tag``."""
    if position is None:
        return None
    values, pk = position
    raw = json.dumps([tag, [_plain(v) for v in values], pk]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _typed(value: Any, kind: type) -> Any:
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(value)
    return value


def decode_cursor(cursor: str | None, tag: str, kinds: Sequence[type]) -> Position | None:
    """The position a cursor of the order ``tag`` names; ``ValueError`` for one that was
    tampered with or belongs to another order."""
    if not cursor:
        return None
    try:
        found, values, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if found != tag or len(values) != len(kinds):
            raise ValueError(tag)
        typed = [_typed(value, kind) for value, kind in zip(values, kinds, strict=True)]
        return typed, _typed(pk, int)
    except (ValueError, TypeError, binascii.Error):
        raise ValueError("invalid cursor") from None


def _after(names: list[str], position: Position, descending: bool) -> Q:
    """Rows after ``position`` in the order of ``names`` then id: (a, b, id) > (x, y, pk)."""
    values, pk = position
    beyond = "lt" if descending else "gt"
    fields = [*names, "id"]
    bounds = [*values, pk]
    condition = Q()
    for depth in range(len(fields)):
        equal = dict(zip(fields[:depth], bounds[:depth], strict=True))
        condition |= Q(**equal, **{f"{fields[depth]}__{beyond}": bounds[depth]})
    return condition


def page_by_keys(
    cases: QuerySet[Case],
    *,
    keys: SortKeys,
    descending: bool,
    after: Position | None,
    limit: int,
) -> tuple[list[Case], Position | None]:
    """One page of ``cases`` ordered by ``keys`` (annotation name, expression) then id, all
    ascending or all descending, after ``after``: keyset pagination, as ``page_by_due``, so a
    page read from a matching index costs the same however deep it is.

    Returns the page and the position after its last row (None on the last page).
    """
    names = [name for name, _expression in keys]
    ordered = cases.annotate(**dict(keys)).order_by(
        *(f"-{name}" if descending else name for name in [*names, "id"])
    )
    if after is not None:
        ordered = ordered.filter(_after(names, after, descending))
    rows: list[Case] = list(ordered[: limit + 1])
    page = rows[:limit]
    if len(rows) <= limit:
        return page, None
    last = page[-1]
    return page, ([getattr(last, name) for name in names], last.pk)


def list_case_history(case: Case) -> QuerySet[Event]:
    """Everything that happened to ``case`` and to the cases merged into it, oldest first."""
    merged = list(Case.objects.filter(merged_into=case).values_list("pk", flat=True))
    if not merged:
        return list_events_for(case)
    ids = [str(pk) for pk in (case.pk, *merged)]
    return (
        Event.objects.filter(
            subject_type=ContentType.objects.get_for_model(Case), subject_id__in=ids
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )


def customer_email_for(case: Case) -> str | None:
    """The address to write to about ``case``: its contact if an email, else the primary one."""
    if case.contact and case.contact.kind == ContactKind.EMAIL:
        return case.contact.value
    contact = (
        ContactPoint.objects.filter(customer_id=case.customer_id, kind=ContactKind.EMAIL)
        .order_by("-is_primary", "id")
        .first()
    )
    return contact.value if contact else None


def get_attachment_for_user(pk: int, user: User) -> Attachment:
    """An attachment of a case ``user`` may see, or ``NotFound``."""
    attachment = Attachment.objects.select_related("message__case").filter(pk=pk).first()
    if attachment is None or not permissions.can_view_case(user, attachment.message.case):
        raise NotFound()
    return attachment


def list_cases_for_customer(customer_id: int) -> QuerySet[Case]:
    """A customer's own cases (merged duplicates left out), newest first: what a customer sees."""
    return (
        Case.objects.filter(customer_id=customer_id, merged_into__isnull=True)
        .select_related("department")
        .order_by("-created_at")
    )


def public_messages(case: Case) -> QuerySet[Message]:
    """The messages of ``case`` a customer may read: never an internal note, nor a message
    hidden from them (``Message.hidden_from_customer``)."""
    return (
        case.messages.exclude(kind=MessageKind.NOTE)
        .filter(hidden_from_customer=False)
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )
