"""Reads for the staff case page: everything one screen shows, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts.choices import Role
from mostrador.accounts.models import Department, Membership, User
from mostrador.cases import levels, presence, relations, selectors
from mostrador.cases.choices import OPEN_STATUSES, ApprovalStatus
from mostrador.cases.clocks import calendar_of
from mostrador.cases.models import (
    ApprovalRequest,
    Case,
    CaseViewer,
    Consultation,
    Message,
)
from mostrador.core import timeutils
from mostrador.core.businesstime import business_time_between
from mostrador.core.models import Event

OTHER_CASES = 10


@dataclass(frozen=True)
class Countdown:
    """One due time of a case and how much business time is left (or how long it is late)."""

    name: str
    due: dt.datetime
    left: dt.timedelta  # business time until due; zero once due
    late_by: dt.timedelta  # wall-clock time since due; zero while on time
    source: str = ""

    @property
    def is_late(self) -> bool:
        return self.late_by > dt.timedelta(0)


@dataclass(frozen=True)
class Entry:
    """One line of the case timeline: a message or an event, in time order."""

    at: dt.datetime
    message: Message | None = None
    event: Event | None = None


@dataclass(frozen=True)
class SavedText:
    """A saved reply with the case's values filled in, ready to insert."""

    pk: int
    name: str
    rendered: str


@dataclass
class CasePage:
    case: Case
    timeline: list[Entry]
    countdowns: list[Countdown]
    other_cases: list[Case]
    linked: list[Case]
    consultations: list[Consultation]
    approvals: list[ApprovalRequest]
    decidable: set[int]
    saved_replies: list[SavedText]
    departments: list[Department]
    members: list[Membership]
    viewers: list[CaseViewer]
    last_message_id: int | None


def countdowns(case: Case, now: dt.datetime | None = None) -> list[Countdown]:
    """The case's due times still running (first response, resolution, legal deadline)."""
    now = now or timeutils.now()
    if case.status not in OPEN_STATUSES:
        return []
    dues = []
    if case.first_responded_at is None and case.first_response_due:
        dues.append(("first_response", case.first_response_due, ""))
    if case.resolution_due:
        dues.append(("resolution", case.resolution_due, ""))
    if case.legal_due:
        dues.append(("legal", case.legal_due, case.legal_source))
    if not dues:
        return []
    calendar = calendar_of(case)
    return [
        Countdown(
            name=name,
            due=due,
            left=business_time_between(calendar, now, due),
            late_by=max(now - due, dt.timedelta(0)),
            source=source,
        )
        for name, due, source in dues
    ]


def _timeline(case: Case) -> list[Entry]:
    # Message events would say twice what the messages say.
    events = selectors.list_case_history(case).exclude(verb="cases.message.added")
    entries = [Entry(at=message.created_at, message=message) for message in case.messages.all()]
    entries += [Entry(at=event.created_at, event=event) for event in events]
    return sorted(entries, key=lambda entry: (entry.at, entry.event is not None))


def transfer_choices() -> tuple[list[Department], list[Membership]]:
    departments = list(
        Department.objects.filter(is_active=True).select_related("calendar").order_by("name")
    )
    members = list(
        Membership.objects.filter(user__is_active=True)
        .select_related("user", "department")
        .order_by("department__name", "user__first_name", "user__username")
    )
    return departments, members


def _decidable(user: User, approvals: list[ApprovalRequest], case: Case) -> set[int]:
    """The pending requests ``user`` may approve or reject, by the one rule ``levels`` keeps."""
    decidable = set()
    for approval in approvals:
        if approval.status == ApprovalStatus.PENDING:
            approval.case = case  # the page's case, so the rule reads no row again
            if levels.can_decide(user, approval):
                decidable.add(approval.pk)
    return decidable


def other_cases_of(case: Case, *, limit: int = OTHER_CASES) -> list[Case]:
    return list(selectors.list_cases_for_customer(case.customer_id).exclude(pk=case.pk)[:limit])


def case_page(case: Case, user: User) -> CasePage:
    """What the case page shows to ``user``; ``case`` as ``selectors.get_case_for_user`` gives it.

    Also records that ``user`` has it open (presence)."""
    presence.mark_viewing(case, user)
    approvals = list(
        ApprovalRequest.objects.filter(case=case)
        .select_related("requested_by", "approver", "decided_by")
        .order_by("-created_at")
    )
    departments, members = transfer_choices()
    messages = list(case.messages.all())
    return CasePage(
        case=case,
        timeline=_timeline(case),
        countdowns=countdowns(case),
        other_cases=other_cases_of(case),
        linked=relations.linked_cases(case),
        consultations=list(
            Consultation.objects.filter(case=case)
            .select_related("department", "asked_by", "answered_by")
            .order_by("-created_at")
        ),
        approvals=approvals,
        decidable=_decidable(user, approvals, case),
        saved_replies=[
            SavedText(reply.pk, reply.name, relations.render_saved_reply(reply, case, agent=user))
            for reply in relations.saved_replies_for(case)
        ],
        departments=departments,
        members=members,
        viewers=presence.others_viewing(case, user),
        last_message_id=max((m.pk for m in messages), default=None),
    )


def next_in_queue(user: User, case: Case) -> Case | None:
    """The case after ``case`` in the user's own queue (soonest due first), for "next case";
    after the last, the first.

    Those they own and those they handle are looked up apart, each read off its own index in
    due order, and the sooner kept: one OR would sort all their open cases (benchmark W4).
    """
    position = (case.resolution_due or selectors.NO_DUE, case.pk)
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES).exclude(pk=case.pk)
    arms = [open_cases.filter(owner=user), open_cases.filter(handler=user)]
    for after in (position, None):
        found = [row for arm in arms for row in selectors.page_by_due(arm, after=after, limit=1)[0]]
        if found:
            return min(found, key=lambda row: (row.due_sort, row.pk))  # type: ignore[attr-defined]
    return None


def pending_approvals_for(user: User) -> QuerySet[ApprovalRequest]:
    """Requests waiting for ``user``'s decision: addressed to them, or to a department they head
    (all of them for admins), oldest due first."""
    pending = ApprovalRequest.objects.filter(status=ApprovalStatus.PENDING)
    if not account_permissions.is_admin(user):
        headed = Membership.objects.filter(user=user, role=Role.HEAD).values("department_id")
        pending = pending.filter(Q(approver=user) | Q(case__department_id__in=headed))
    return pending.select_related(
        "case", "case__customer", "case__department", "requested_by", "approver"
    ).order_by("due_at", "id")


def open_consultations_for(user: User) -> QuerySet[Consultation]:
    """Unanswered consultations to the user's departments, oldest due first."""
    departments = Membership.objects.filter(user=user).values("department_id")
    return (
        Consultation.objects.filter(answered_at__isnull=True, department_id__in=departments)
        .select_related("case", "case__customer", "department", "asked_by")
        .order_by("due_at", "id")
    )
