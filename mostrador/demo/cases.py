"""Cases of the standard data set: types, statuses, messages and times as WORKLOAD.md sets them.

Generated chronologically in batches, inserted in bulk with their first events, so that the
largest size (1,000,000 cases) streams instead of filling memory; the full-text index is built
once at the end, inside the database.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from mostrador.accounts.models import Department, Membership, User
from mostrador.cases import search
from mostrador.cases.choices import CaseStatus, CaseType, Channel, MessageKind, SLAState
from mostrador.cases.models import Case, Claim, Message, ReferenceSequence
from mostrador.core.models import Event
from mostrador.customers.models import Customer
from mostrador.demo import writer
from mostrador.demo.slots import MONEY_REMEDIES, draw_facts
from mostrador.demo.vocabulary import WORDS
from mostrador.demo.writer import Story

CASE_COUNTS = {"S": 10_000, "M": 100_000, "L": 1_000_000}
# The data set ends on a fixed day, so it never depends on when it is generated.
END = dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)
SPAN_DAYS = 730
BATCH = 2_000
TYPES: tuple[tuple[str, int], ...] = (
    (CaseType.INFORMATION, 35),
    (CaseType.TECHNICAL, 25),
    (CaseType.COMPLAINT, 20),
    (CaseType.CLAIM, 8),
    (CaseType.SUGGESTION, 7),
    (CaseType.COMPLIMENT, 3),
    (CaseType.AUTHORITY_REPORT, 2),
)
STATUSES: tuple[tuple[str, int], ...] = (
    (CaseStatus.CLOSED, 75),
    (CaseStatus.OPEN, 15),
    (CaseStatus.WAITING_CUSTOMER, 5),
    (CaseStatus.WAITING_DEPARTMENT, 5),
)
TYPES_LIST = [kind for kind, _weight in TYPES]
TYPE_WEIGHTS = [weight for _kind, weight in TYPES]
UNFINISHED = [status for status, _weight in STATUSES if status != CaseStatus.CLOSED]
UNFINISHED_WEIGHTS = [weight for status, weight in STATUSES if status != CaseStatus.CLOSED]
# The share of cases not yet closed (25 %), all told; a real department's are mostly its latest
# ones: the chance that a case is still open grows with how recent it is, as exp(k·(q − 1)) at
# the q-th quantile of the span (1 the newest), scaled so that the mean stays the workload's.
UNFINISHED_SHARE = sum(UNFINISHED_WEIGHTS) / sum(weight for _status, weight in STATUSES)
RECENCY = 3.0
CHANNELS = (Channel.EMAIL, Channel.PHONE, Channel.WEB, Channel.COUNTER, Channel.CHAT)
# Channels people write letters on: their messages open with a greeting and end signed.
LETTER_CHANNELS = frozenset({Channel.EMAIL, Channel.WEB})
# Weekly seasonality: Mondays are busiest, Fridays quietest.
WEEKDAY_LOAD = (1.3, 1.1, 1.0, 1.0, 0.8)
# Business seconds per real second over a week attended 12 hours a day, 5 days a week.
BUSINESS_SHARE = 60 / 168
# The benchmark draws the texts it sends (W1, W5, W7) and its search terms (W3) from the
# vocabulary with these weights; the seeded texts are written from templates (writer.py) that
# keep those words in use, common ones in many cases and rare ones in few.
ZIPF_WEIGHTS = {
    language: [1 / (rank + 1) ** 1.1 for rank in range(len(words))]
    for language, words in WORDS.items()
}


def _still_open_chance(quantile: float) -> float:
    """The chance that a case created at ``quantile`` of the span (0 oldest, 1 newest) is open
    or waiting: about 4 % for the oldest, 79 % for the newest, 25 % over the whole span."""
    scale = RECENCY / (1 - math.exp(-RECENCY))
    return UNFINISHED_SHARE * scale * math.exp(RECENCY * (quantile - 1))


def _status(rng: random.Random, quantile: float) -> str:
    if rng.random() < _still_open_chance(quantile):
        return str(rng.choices(UNFINISHED, weights=UNFINISHED_WEIGHTS)[0])
    return CaseStatus.CLOSED


def _business_days(end: dt.datetime) -> tuple[list[dt.datetime], list[float]]:
    """Working days of the span (their 08:00 local, in UTC) and the cumulative share of cases."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    zone = ZoneInfo(settings.TIME_ZONE)
    first = (end - dt.timedelta(days=SPAN_DAYS)).astimezone(zone).date()
    days, cumulative, total = [], [], 0.0
    for offset in range(SPAN_DAYS):
        day = first + dt.timedelta(days=offset)
        if day.weekday() < 5:
            days.append(dt.datetime.combine(day, dt.time(8), tzinfo=zone).astimezone(dt.UTC))
            total += WEEKDAY_LOAD[day.weekday()]
            cumulative.append(total)
    return days, [value / total for value in cumulative]


def _creation_times(count: int, end: dt.datetime) -> Iterator[dt.datetime]:
    """``count`` times in business hours (Mon-Fri 8-20 local) before ``end``, in order,
    weighted by weekday."""
    days, cumulative = _business_days(end)
    for index in range(count):
        quantile = (index + 0.5) / count
        day = min(bisect.bisect_left(cumulative, quantile), len(days) - 1)
        start = cumulative[day - 1] if day else 0.0
        within = (quantile - start) / (cumulative[day] - start)
        yield min(days[day] + dt.timedelta(hours=12 * within), end - dt.timedelta(minutes=1))


@dataclass
class _Staff:
    departments: list[Department]
    takers: dict[int, list[int]]  # department id -> ids of the people who take its cases
    first_names: dict[int, str]  # user id -> first name, to sign replies with


def _staff() -> _Staff:
    departments = list(Department.objects.order_by("pk"))
    takers: dict[int, list[int]] = {department.pk: [] for department in departments}
    for department_id, user_id, role in Membership.objects.order_by("pk").values_list(
        "department_id", "user_id", "role"
    ):
        if role in ("operator", "technician"):
            takers[department_id].append(user_id)
    first_names = dict(User.objects.values_list("pk", "first_name"))
    return _Staff(departments, takers, first_names)


def _lifecycle(rng: random.Random, case: Case, status: str, end: dt.datetime) -> None:
    created = case.created_at
    case.first_response_due = created + dt.timedelta(hours=8)
    case.resolution_due = created + dt.timedelta(days=5)
    if case.type in (CaseType.COMPLAINT, CaseType.CLAIM):
        case.legal_due = created + dt.timedelta(days=15)
        case.legal_rule = "es:complaint.answer_deadline"
    if status != CaseStatus.OPEN or rng.random() < 0.7:
        case.first_responded_at = min(
            created + dt.timedelta(hours=rng.uniform(0.2, 20)), end - dt.timedelta(seconds=30)
        )
        case.first_response_seconds = int(
            (case.first_responded_at - created).total_seconds() * BUSINESS_SHARE
        )
    if status == CaseStatus.CLOSED:
        case.resolved_at = min(
            created + dt.timedelta(hours=rng.uniform(1, 240)), end - dt.timedelta(seconds=20)
        )
        case.closed_at = min(
            case.resolved_at + dt.timedelta(days=2), end - dt.timedelta(seconds=10)
        )
        case.resolution_seconds = int((case.resolved_at - created).total_seconds() * BUSINESS_SHARE)
        late = case.resolved_at > case.resolution_due
    else:
        late = case.resolution_due < end
    case.sla_state = SLAState.BREACHED if late else SLAState.ON_TIME


def _kinds(rng: random.Random) -> list[str]:
    """The kinds of a case's messages: the customer's first, then replies, answers and notes."""
    count = 1 + rng.binomialvariate(11, 3 / 11)  # 1-12, mean 4
    kinds = [str(MessageKind.INBOUND)]
    for position in range(1, count):
        if rng.random() < 0.1:
            kinds.append(MessageKind.NOTE)
        else:
            kinds.append(MessageKind.OUTBOUND if position % 2 else MessageKind.INBOUND)
    return kinds


def _body(rng: random.Random, story: Story, kind: str, *, first: bool, last: bool) -> str:
    if kind == MessageKind.NOTE:
        return writer.note(rng, story)
    if kind == MessageKind.OUTBOUND:
        return writer.reply(rng, story, first=first, last=last)
    return writer.follow_up(rng, story)


def _gaps(rng: random.Random, count: int, room: dt.timedelta) -> list[dt.timedelta]:
    """``count`` waits of half an hour to thirty hours, shortened alike to fit in ``room``."""
    gaps = [dt.timedelta(hours=rng.uniform(0.5, 30)) for _ in range(count)]
    total = sum(gaps, dt.timedelta())
    if total > room:
        gaps = [gap * (room / total) for gap in gaps]
    return gaps


def _messages(rng: random.Random, case: Case, story: Story, end: dt.datetime) -> list[Message]:
    """The case's conversation, all of it before ``end``; a closed case's last reply from staff
    resolves it."""
    kinds = _kinds(rng)
    replies = [position for position, kind in enumerate(kinds) if kind == MessageKind.OUTBOUND]
    resolving = replies[-1] if replies and case.status == CaseStatus.CLOSED else None
    at = case.created_at
    messages = [
        Message(
            case=case,
            kind=MessageKind.INBOUND,
            channel=case.channel,
            body=writer.first_message(rng, story),
            created_at=at,
        )
    ]
    gaps = _gaps(rng, len(kinds) - 1, end - at - dt.timedelta(minutes=1))
    for position in range(1, len(kinds)):
        at += gaps[position - 1]
        kind = kinds[position]
        first = bool(replies) and position == replies[0]
        body = _body(rng, story, kind, first=first, last=position == resolving)
        messages.append(
            Message(
                case=case,
                kind=kind,
                channel=case.channel,
                author_id=case.owner_id if kind != MessageKind.INBOUND else None,
                body=body,
                created_at=at,
            )
        )
    return messages


@dataclass
class _Context:
    """What every case of a run draws from: staff, customers and the running references."""

    staff: _Staff
    customers: list[tuple[int, str, str]]  # id, language, name
    prefix: str
    years: dict[int, int]
    department_weights: list[int]
    end: dt.datetime  # the moment the data set reaches: nothing happens after it


def _case(
    rng: random.Random, context: _Context, created: dt.datetime, quantile: float
) -> tuple[Case, Story, int]:
    """One case created at ``created`` (the ``quantile`` of the span), with its story (to write
    its messages) and its amount."""
    customer_id, language, customer_name = rng.choice(context.customers)
    staff = context.staff
    department = rng.choices(staff.departments, weights=context.department_weights)[0]
    year = created.year
    context.years[year] = context.years.get(year, 0) + 1
    status = _status(rng, quantile)
    kind = str(rng.choices(TYPES_LIST, weights=TYPE_WEIGHTS)[0])
    takers = staff.takers[department.pk]
    owner = rng.choice(takers) if takers else None
    channel = rng.choice(CHANNELS)
    reference = f"{context.prefix}-{year}-{context.years[year]:06d}"
    facts = draw_facts(rng, language, customer=(customer_id, customer_name), reference=reference)
    facts.slots["agent"] = staff.first_names.get(owner, "") if owner else department.name
    facts.slots["department"] = department.name
    story = Story(language, kind, facts.remedy, facts.slots, letter=channel in LETTER_CHANNELS)
    case = Case(
        reference=reference,
        type=kind,
        status=status,
        channel=channel,
        department=department,
        owner_id=owner,
        handler_id=owner,
        customer_id=customer_id,
        language=language,
        subject=writer.subject(rng, story)[:300],
        created_at=created,
    )
    _lifecycle(rng, case, status, context.end)
    return case, story, facts.cents


def _claim(case: Case, story: Story, cents: int) -> Claim:
    asked = Decimal(cents) / 100 if story.remedy in MONEY_REMEDIES else None
    return Claim(case=case, remedy=story.remedy, amount_asked=asked)


@contextmanager
def _history_times() -> Iterator[None]:
    """Let the cases keep the ``updated_at`` of their history: saving would stamp every one
    with the moment of loading (``auto_now``), and each queue would read "updated 0 minutes
    ago" on every line."""
    field = Case._meta.get_field("updated_at")
    field.auto_now = False
    try:
        yield
    finally:
        field.auto_now = True


def seed_cases(
    rng: random.Random, count: int, *, index: bool = True, end: dt.datetime = END
) -> tuple[int, int]:
    """Generate ``count`` cases over the two years before ``end`` (the fixed END the benchmark
    compares runs at, or now for a demo); return (cases, messages).

    ``index=False`` leaves the full-text index to the caller (``search.rebuild``).
    """
    staff = _staff()
    context = _Context(
        staff=staff,
        customers=list(Customer.objects.order_by("pk").values_list("pk", "language", "name")),
        prefix=settings.CASE_REFERENCE_PREFIX,
        years={},
        department_weights=[max(1, len(staff.takers[d.pk])) for d in staff.departments],
        end=end,
    )
    case_type = ContentType.objects.get_for_model(Case)
    times = _creation_times(count, end)
    made_cases = made_messages = 0
    while made_cases < count:
        size = min(BATCH, count - made_cases)
        batch = [
            _case(rng, context, next(times), (made_cases + offset + 0.5) / count)
            for offset in range(size)
        ]
        messages = [
            message for case, story, _cents in batch for message in _messages(rng, case, story, end)
        ]
        for message in messages:  # in each case's order: its last message is its last change
            message.case.updated_at = message.created_at
        with _history_times():
            Case.objects.bulk_create([case for case, _story, _cents in batch])
        Claim.objects.bulk_create([_claim(*row) for row in batch if row[0].type == CaseType.CLAIM])
        Message.objects.bulk_create(messages, batch_size=5_000)
        Event.objects.bulk_create(
            [
                Event(
                    verb="cases.case.opened",
                    subject_type=case_type,
                    subject_id=str(case.pk),
                    subject_repr=str(case),
                    created_at=case.created_at,
                    data={"type": case.type, "channel": case.channel},
                )
                for case, _story, _cents in batch
            ]
        )
        made_cases += len(batch)
        made_messages += len(messages)
    for year, last in context.years.items():
        ReferenceSequence.objects.update_or_create(
            prefix=context.prefix, year=year, defaults={"last_value": last}
        )
    if index:
        # Indexed once loaded, in the database: much faster than row by row (benchmark W8).
        search.rebuild()
    return made_cases, made_messages
