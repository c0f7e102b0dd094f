"""Reads for the staff case page: everything one screen shows, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from mostrador.accounts.models import Department, Membership, User
from mostrador.cases import lateness, permissions, presence, relations, selectors, services
from mostrador.cases.choices import OPEN_STATUSES, Channel
from mostrador.cases.clocks import calendar_of
from mostrador.cases.models import ApprovalRequest, Case, CaseViewer, Consultation, Message
from mostrador.compliance import selectors as compliance_selectors
from mostrador.compliance.selectors import RuleText
from mostrador.core import timeutils
from mostrador.core.businesstime import business_time_between
from mostrador.core.models import Event


@dataclass(frozen=True)
class Countdown:
    """One due time of a case and how much business time is left (or how long it is late)."""

    name: str
    due: dt.datetime
    left: dt.timedelta  # business time until due; zero once due
    late_by: dt.timedelta  # wall-clock time since due; zero while on time
    at_risk: bool = False  # not late, but will be within SLA_AT_RISK_MINUTES
    rule: RuleText | None = None  # the legal deadline's rule, in the reader's language

    @property
    def is_late(self) -> bool:
        return self.late_by > dt.timedelta(0)


@dataclass(frozen=True)
class Entry:
    """One line of the case timeline: a message or an event, in time order.

    ``words`` are what a person wrote with the decision an event records (a consultation's
    question, an approval's justification) when the event's own sentence does not say them;
    ``channel`` is the label of the way it was done, where the event records one."""

    at: dt.datetime
    message: Message | None = None
    event: Event | None = None
    words: str = ""
    channel: str = ""


@dataclass(frozen=True)
class SavedText:
    """A saved reply with the case's values filled in, ready to insert."""

    pk: int
    name: str
    rendered: str


@dataclass
class CasePage:
    """The core of the case page; what only some cases have comes in panels (``web.panels``)."""

    case: Case
    # Whether the reader works on the case, or only answers a consultation on it.
    can_work: bool
    timeline: list[Entry]
    countdowns: list[Countdown]
    saved_replies: list[SavedText]
    departments: list[Department]
    members: list[Membership]
    viewers: list[CaseViewer]
    last_message_id: int | None
    # One-click actions: take the case (handle it myself), give it to a person of its
    # department, and the statuses a reply may leave it in ("Send and resolve").
    can_take: bool = False
    assignees: list[Membership] | None = None
    reply_then: list[str] | None = None


def countdowns(case: Case, now: dt.datetime | None = None) -> list[Countdown]:
    """The case's due times still running (first response, resolution, legal deadline), each
    late or at risk as ``lateness`` says (an SLA clock stands still while the case waits on
    the customer)."""
    now = now or timeutils.now()
    if case.status not in OPEN_STATUSES:
        return []
    dues = []
    if case.first_responded_at is None and case.first_response_due:
        dues.append(("first_response", case.first_response_due))
    if case.resolution_due:
        dues.append(("resolution", case.resolution_due))
    if case.legal_due:
        dues.append(("legal", case.legal_due))
    if not dues:
        return []
    late = set(lateness.late_clocks(case, now))
    soon = set(lateness.late_clocks(case, now + lateness.risk_window())) - late
    rule = compliance_selectors.rule_text(case.legal_rule)
    calendar = calendar_of(case)
    return [
        Countdown(
            name=name,
            due=due,
            left=business_time_between(calendar, now, due),
            late_by=max(now - due, dt.timedelta(0)) if name in late else dt.timedelta(0),
            at_risk=name in soon,
            rule=rule if name == "legal" else None,
        )
        for name, due in dues
    ]


# Events whose words live on a row of their own, not in the event's data.
_CONSULTED = "cases.consultation.requested"
_ASKED = ("cases.approval.requested", "cases.approval.granted_within_limit")


def _ids(events: Iterable[Event], verbs: Iterable[str], key: str) -> set[int]:
    return {e.data[key] for e in events if e.verb in verbs and isinstance(e.data.get(key), int)}


def _event_words(case: Case, events: list[Event]) -> dict[tuple[str, int], str]:
    """The words people wrote with the consultations and approvals the events record: one query
    for each kind the history has, none when it has neither."""
    words: dict[tuple[str, int], str] = {}
    consulted = _ids(events, [_CONSULTED], "consultation")
    if consulted:
        for row in Consultation.objects.filter(case=case, pk__in=consulted).select_related(
            "department"
        ):
            words["consultation", row.pk] = f"{row.department.name}: {row.question}"
    asked = _ids(events, _ASKED, "approval")
    if asked:
        for pk, reason in ApprovalRequest.objects.filter(case=case, pk__in=asked).values_list(
            "pk", "reason"
        ):
            words["approval", pk] = reason
    return words


def _words_of(event: Event, words: dict[tuple[str, int], str]) -> str:
    if event.verb == _CONSULTED:
        return words.get(("consultation", event.data.get("consultation", 0)), "")
    if event.verb in _ASKED:
        return words.get(("approval", event.data.get("approval", 0)), "")
    return ""


def channel_label(value: object) -> str:
    """How a channel value an event or a message records reads; empty for none."""
    return str(Channel(value).label) if value in Channel.values else ""


def _timeline(case: Case) -> list[Entry]:
    # Message events would say twice what the messages say.
    events = list(selectors.list_case_history(case).exclude(verb="cases.message.added"))
    words = _event_words(case, events)
    entries = [Entry(at=message.created_at, message=message) for message in case.messages.all()]
    entries += [
        Entry(
            at=event.created_at,
            event=event,
            words=_words_of(event, words),
            channel=channel_label(event.data.get("channel")),
        )
        for event in events
    ]
    return sorted(entries, key=lambda entry: (entry.at, entry.event is not None))


# How many of a customer's other cases the case page lists: all open ones up to the first
# number, then the most recently updated closed ones up to the second.
OTHER_OPEN, OTHER_CLOSED = 10, 5


def customer_other_cases(case: Case, user: User) -> list[Case]:
    """The customer's other cases ``user`` may see: open ones first, then the last few ended
    ones, each group most recently updated first. One query."""
    is_open = models.Case(
        models.When(status__in=OPEN_STATUSES, then=models.Value(1)),
        default=models.Value(0),
        output_field=models.IntegerField(),
    )
    rows: list[Case] = list(
        Case.objects.filter(customer_id=case.customer_id, merged_into__isnull=True)
        .exclude(pk=case.pk)
        .filter(selectors.visible_to(user))
        .annotate(is_open=is_open)
        .only("reference", "subject", "status", "updated_at")  # what the panel shows
        .order_by("-is_open", "-updated_at", "-pk")[: OTHER_OPEN + OTHER_CLOSED]
    )
    still_open = [row for row in rows if row.status in OPEN_STATUSES][:OTHER_OPEN]
    ended = [row for row in rows if row.status not in OPEN_STATUSES][:OTHER_CLOSED]
    return still_open + ended


def _of_department(case: Case, members: list[Membership]) -> list[Membership]:
    return [m for m in members if m.department_id == case.department_id]


def _can_take(case: Case, user: User, assignees: list[Membership]) -> bool:
    # Whom ``ownership.assign_case`` accepts: a member of the case's department.
    mine = case.handler_id == user.pk
    return not mine and any(m.user_id == user.pk for m in assignees)


def transfer_choices() -> tuple[list[Department], list[Membership]]:
    departments = list(
        Department.objects.filter(is_active=True).select_related("calendar").order_by("name")
    )
    members = list(
        Membership.objects.filter(user__is_active=True)
        .select_related("user", "department")
        # What the forms show of each person (their name) and need of each membership.
        .only(
            "role",
            "user_id",
            "department_id",
            "user__username",
            "user__first_name",
            "user__last_name",
            "department__name",
        )
        .order_by("department__name", "user__first_name", "user__username")
    )
    return departments, members


def department_members(case: Case) -> list[Membership]:
    """The people of the case's department, to whom it can be assigned."""
    return list(
        Membership.objects.filter(department_id=case.department_id, user__is_active=True)
        .select_related("user", "department")
        .order_by("user__first_name", "user__username")
    )


def case_page(case: Case, user: User) -> CasePage:
    """What the case page shows to ``user``; ``case`` as ``selectors.get_case_for_user`` gives it.

    Also records that ``user`` has it open (presence)."""
    presence.mark_viewing(case, user)
    can_work = permissions.can_work_on_case(user, case)
    departments, members = transfer_choices() if can_work else ([], [])
    messages = list(case.messages.all())
    assignees = _of_department(case, members)
    is_open = case.status in OPEN_STATUSES and not case.merged_into_id
    return CasePage(
        case=case,
        can_work=can_work,
        timeline=_timeline(case),
        countdowns=countdowns(case),
        saved_replies=[
            SavedText(reply.pk, reply.name, relations.render_saved_reply(reply, case, agent=user))
            for reply in relations.saved_replies_for(case)
        ]
        if can_work
        else [],
        departments=departments,
        members=members,
        viewers=presence.others_viewing(case, user),
        last_message_id=max((m.pk for m in messages), default=None),
        can_take=is_open and _can_take(case, user, assignees),
        assignees=assignees if is_open else [],
        reply_then=services.reply_then_choices(case) if can_work else [],
    )


def next_in_queue(user: User, case: Case) -> Case | None:
    """The case after ``case`` in the user's own queue (soonest due first), for "next case";
    after the last, the first.

    Those they own and those they handle are looked up apart, each read off its own index in
    due order, and the sooner kept: one OR would sort all their open cases (benchmark W4).
    """
    position = (case.resolution_due or selectors.NO_DUE, case.pk)
    # Only what the link needs, and the due time its order reads.
    open_cases = (
        Case.objects.filter(status__in=OPEN_STATUSES)
        .exclude(pk=case.pk)
        .only("reference", "resolution_due")
    )
    arms = [open_cases.filter(owner=user), open_cases.filter(handler=user)]
    for after in (position, None):
        found = [row for arm in arms for row in selectors.page_by_due(arm, after=after, limit=1)[0]]
        if found:
            return min(found, key=lambda row: (row.due_sort, row.pk))  # type: ignore[attr-defined]
    return None
