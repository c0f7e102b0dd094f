"""Cases of the standard data set: types, statuses, messages and times as WORKLOAD.md sets them.

Generated chronologically in batches, inserted in bulk with their first events, so that the
largest size (1,000,000 cases) streams instead of filling memory; the full-text index is built
once at the end, inside the database.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from mostrador.accounts.models import Department, Membership
from mostrador.cases import search
from mostrador.cases.choices import CaseStatus, CaseType, Channel, MessageKind, Remedy, SLAState
from mostrador.cases.models import Case, Claim, Message, ReferenceSequence
from mostrador.core.models import Event
from mostrador.customers.models import Customer
from mostrador.demo.vocabulary import WORDS

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
CHANNELS = (Channel.EMAIL, Channel.PHONE, Channel.WEB, Channel.COUNTER, Channel.CHAT)
# Weekly seasonality: Mondays are busiest, Fridays quietest.
WEEKDAY_LOAD = (1.3, 1.1, 1.0, 1.0, 0.8)
# Business seconds per real second over a week attended 12 hours a day, 5 days a week.
BUSINESS_SHARE = 60 / 168
ZIPF_WEIGHTS = {
    language: [1 / (rank + 1) ** 1.1 for rank in range(len(words))]
    for language, words in WORDS.items()
}


def _text(rng: random.Random, language: str, low: int, high: int) -> str:
    words = rng.choices(WORDS[language], weights=ZIPF_WEIGHTS[language], k=rng.randint(low, high))
    return " ".join(words).capitalize()


def _business_days() -> tuple[list[dt.datetime], list[float]]:
    """Working days of the span (their 08:00 local, in UTC) and the cumulative share of cases."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    zone = ZoneInfo(settings.TIME_ZONE)
    first = (END - dt.timedelta(days=SPAN_DAYS)).astimezone(zone).date()
    days, cumulative, total = [], [], 0.0
    for offset in range(SPAN_DAYS):
        day = first + dt.timedelta(days=offset)
        if day.weekday() < 5:
            days.append(dt.datetime.combine(day, dt.time(8), tzinfo=zone).astimezone(dt.UTC))
            total += WEEKDAY_LOAD[day.weekday()]
            cumulative.append(total)
    return days, [value / total for value in cumulative]


def _creation_times(count: int) -> Iterator[dt.datetime]:
    """``count`` times in business hours (Mon-Fri 8-20 local), in order, weighted by weekday."""
    days, cumulative = _business_days()
    for index in range(count):
        quantile = (index + 0.5) / count
        day = min(bisect.bisect_left(cumulative, quantile), len(days) - 1)
        start = cumulative[day - 1] if day else 0.0
        within = (quantile - start) / (cumulative[day] - start)
        yield days[day] + dt.timedelta(hours=12 * within)


@dataclass
class _Staff:
    departments: list[Department]
    takers: dict[int, list[int]]  # department id -> ids of the people who take its cases


def _staff() -> _Staff:
    departments = list(Department.objects.order_by("pk"))
    takers: dict[int, list[int]] = {department.pk: [] for department in departments}
    for department_id, user_id, role in Membership.objects.values_list(
        "department_id", "user_id", "role"
    ):
        if role in ("operator", "technician"):
            takers[department_id].append(user_id)
    return _Staff(departments, takers)


def _lifecycle(rng: random.Random, case: Case, status: str) -> None:
    created = case.created_at
    case.first_response_due = created + dt.timedelta(hours=8)
    case.resolution_due = created + dt.timedelta(days=5)
    if case.type in (CaseType.COMPLAINT, CaseType.CLAIM):
        case.legal_due = created + dt.timedelta(days=15)
        case.legal_rule = "es:complaint.answer_deadline"
    if status != CaseStatus.OPEN or rng.random() < 0.7:
        case.first_responded_at = created + dt.timedelta(hours=rng.uniform(0.2, 20))
        case.first_response_seconds = int(
            (case.first_responded_at - created).total_seconds() * BUSINESS_SHARE
        )
    if status == CaseStatus.CLOSED:
        case.resolved_at = created + dt.timedelta(hours=rng.uniform(1, 240))
        case.closed_at = case.resolved_at + dt.timedelta(days=2)
        case.resolution_seconds = int((case.resolved_at - created).total_seconds() * BUSINESS_SHARE)
        late = case.resolved_at > case.resolution_due
    else:
        late = case.resolution_due < END
    case.sla_state = SLAState.BREACHED if late else SLAState.ON_TIME


def _messages(rng: random.Random, case: Case, language: str) -> list[Message]:
    count = 1 + rng.binomialvariate(11, 3 / 11)  # 1-12, mean 4
    at = case.created_at
    messages = [
        Message(
            case=case,
            kind=MessageKind.INBOUND,
            channel=case.channel,
            body=_text(rng, language, 20, 200),
            created_at=at,
        )
    ]
    for position in range(1, count):
        at += dt.timedelta(hours=rng.uniform(0.5, 30))
        kind = (
            MessageKind.NOTE
            if rng.random() < 0.1
            else (MessageKind.OUTBOUND if position % 2 else MessageKind.INBOUND)
        )
        author = case.owner_id if kind != MessageKind.INBOUND else None
        messages.append(
            Message(
                case=case,
                kind=kind,
                channel=case.channel,
                author_id=author,
                body=_text(rng, language, 20, 200),
                created_at=at,
            )
        )
    return messages


def seed_cases(rng: random.Random, count: int, *, index: bool = True) -> tuple[int, int]:
    """Generate ``count`` cases over the two years before END; return (cases, messages).

    ``index=False`` leaves the full-text index to the caller (``search.rebuild``).
    """
    staff = _staff()
    customers = list(Customer.objects.order_by("pk").values_list("pk", "language"))
    case_type = ContentType.objects.get_for_model(Case)
    prefix = settings.CASE_REFERENCE_PREFIX
    years: dict[int, int] = {}
    types = [kind for kind, _weight in TYPES]
    type_weights = [weight for _kind, weight in TYPES]
    statuses = [status for status, _weight in STATUSES]
    status_weights = [weight for _status, weight in STATUSES]
    weights = [max(1, len(staff.takers[d.pk])) for d in staff.departments]
    times = _creation_times(count)
    made_cases = made_messages = 0
    while made_cases < count:
        batch: list[tuple[Case, str, str]] = []
        for created in (next(times) for _ in range(min(BATCH, count - made_cases))):
            customer_id, language = rng.choice(customers)
            department = rng.choices(staff.departments, weights=weights)[0]
            year = created.year
            years[year] = years.get(year, 0) + 1
            status = str(rng.choices(statuses, weights=status_weights)[0])
            kind = rng.choices(types, weights=type_weights)[0]
            takers = staff.takers[department.pk]
            owner = rng.choice(takers) if takers else None
            case = Case(
                reference=f"{prefix}-{year}-{years[year]:06d}",
                type=kind,
                status=status,
                channel=rng.choice(CHANNELS),
                department=department,
                owner_id=owner,
                handler_id=owner,
                customer_id=customer_id,
                language=language,
                subject=_text(rng, language, 4, 12)[:300],
                created_at=created,
            )
            _lifecycle(rng, case, status)
            batch.append((case, language, status))
        Case.objects.bulk_create([case for case, _l, _s in batch])
        Claim.objects.bulk_create(
            [
                Claim(case=case, remedy=Remedy.REFUND)
                for case, _l, _s in batch
                if case.type == CaseType.CLAIM
            ]
        )
        messages = [
            message for case, language, _s in batch for message in _messages(rng, case, language)
        ]
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
                for case, _l, _s in batch
            ]
        )
        made_cases += len(batch)
        made_messages += len(messages)
    for year, last in years.items():
        ReferenceSequence.objects.update_or_create(
            prefix=prefix, year=year, defaults={"last_value": last}
        )
    if index:
        # Indexed once loaded, in the database: much faster than row by row (benchmark W8).
        search.rebuild()
    return made_cases, made_messages
