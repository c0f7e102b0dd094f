"""Cases reads, scoped to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts.models import Membership, User
from mostrador.cases import permissions
from mostrador.cases.choices import OPEN_STATUSES
from mostrador.cases.models import Attachment, Case, Message
from mostrador.core.errors import NotFound
from mostrador.core.models import Event
from mostrador.core.selectors import list_events_for
from mostrador.customers.choices import ContactKind
from mostrador.customers.models import ContactPoint


def _base() -> QuerySet[Case]:
    return Case.objects.select_related("department", "owner", "handler", "customer")


def get_case(pk: int) -> Case:
    """Return a case by id, with the rows every view of it needs, or raise ``NotFound``."""
    case = _base().filter(pk=pk).first()
    if case is None:
        raise NotFound()
    return case


def visible_to(user: User) -> Q:
    """The condition that selects the cases ``user`` may see."""
    if account_permissions.is_admin(user):
        return Q()
    departments = Membership.objects.filter(user=user).values("department_id")
    followed = Case.followers.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk)
    return Q(department_id__in=departments) | Q(owner=user) | Q(handler=user) | Q(Exists(followed))


def get_case_for_user(reference: str, user: User) -> Case:
    """Return the case with ``reference`` if ``user`` may see it; otherwise ``NotFound``.

    Not ``Forbidden``: a case someone may not see is, for them, a case that does not exist.
    """
    case = (
        _base()
        .prefetch_related(
            "tags",
            "followers",
            Prefetch(
                "messages",
                queryset=Message.objects.select_related("author").prefetch_related(
                    Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
                ),
            ),
        )
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


def list_cases_for_user(user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """The cases ``user`` may see, filtered, soonest due first (cases without a due time last)."""
    filters = filters or CaseFilters()
    cases = _base().prefetch_related("tags").filter(visible_to(user))
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
    return cases


def list_case_history(case: Case) -> QuerySet[Event]:
    """Everything that happened to ``case``, oldest first, with who did it."""
    return list_events_for(case)


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
