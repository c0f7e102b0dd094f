"""Reads for the staff case page: everything one screen shows, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mostrador.accounts.models import Department, Membership, User
from mostrador.cases import lateness, permissions, presence, relations, selectors
from mostrador.cases.choices import OPEN_STATUSES
from mostrador.cases.clocks import calendar_of
from mostrador.cases.models import Case, CaseViewer, Message
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


def case_page(case: Case, user: User) -> CasePage:
    """What the case page shows to ``user``; ``case`` as ``selectors.get_case_for_user`` gives it.

    Also records that ``user`` has it open (presence)."""
    presence.mark_viewing(case, user)
    can_work = permissions.can_work_on_case(user, case)
    departments, members = transfer_choices() if can_work else ([], [])
    messages = list(case.messages.all())
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
