"""Statistics over cases: the yearly figures of the activity report.

What the figures mean:

- A case counts in the year, and in the month, of its creation in the business time zone
  (``TIME_ZONE``). Cases merged into another are left out: they are the same matter, counted
  once in the case that survived.
- Durations are the business-time seconds stored when the first response and the resolution
  happened (``clocks.record_*``); a case without one is not measured yet. p90 is the nearest
  rank: the value at rank ceil(0.9·n) of the sorted values.
- A clock stops when its event happens or when the case leaves the open statuses, whichever
  comes first: ``watch.check_deadlines`` and ``casepage.countdowns`` only look at open cases.
  So the first response stops at the first reply or at the end of the case, the earlier of
  the two (a reply written after the case was resolved comes too late to matter), and the
  resolution and the legal deadline stop when the case is resolved, or closed without being
  resolved. Reopening clears the end, so the clocks run again.
- Against its due time a clock is *met* if it stopped at or before it, *missed* if it stopped
  after it or is still running past it, *pending* if it is still running and not due yet: the
  definitions of ``cases.lateness``, which the queues and the deadline watch use too. SLA
  clocks do not run while the case waits on the customer: such a case is missed only if its
  due time had passed when it began waiting. The legal clock never pauses. Cases without a
  due time are not measured; compliance is met / (met + missed).

Performance: every figure comes from two scans of the year's cases, one grouped by
department, type, month and legal rule with conditional counts and sums, and one for the
percentiles; Python only adds up the few hundred groups.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import CharField, Count, F, Q, QuerySet, Sum, Value, Window
from django.db.models.functions import Cast, Coalesce, ExtractMonth, Least, RowNumber

from mostrador.accounts.models import Department, User
from mostrador.cases import lateness
from mostrador.cases.choices import CaseType
from mostrador.cases.models import Case
from mostrador.core import events, timeutils
from mostrador.core.models import Event
from mostrador.reports import permissions

MONTHS = range(1, 13)


def nearest_rank(count: int) -> int:
    """The rank of the 90th percentile among ``count`` sorted values: ceil(0.9·count)."""
    return (9 * count + 9) // 10


@dataclass(frozen=True)
class Durations:
    """The business-time durations of one clock, over the cases where it was measured."""

    count: int
    mean: float | None
    p90: int | None


@dataclass(frozen=True)
class Compliance:
    """How many clocks stopped in time (met), late or still running late (missed), or are
    still running in time (pending)."""

    met: int
    missed: int
    pending: int

    @property
    def compliance(self) -> float | None:
        measured = self.met + self.missed
        return self.met / measured if measured else None


@dataclass(frozen=True)
class RuleCompliance(Compliance):
    rule: str


@dataclass(frozen=True)
class LegalCompliance(Compliance):
    by_rule: list[RuleCompliance]


@dataclass(frozen=True)
class SLACompliance:
    first_response: Compliance
    resolution: Compliance


@dataclass(frozen=True)
class TypeCount:
    type: str
    label: str
    count: int


@dataclass(frozen=True)
class MonthCount:
    month: int
    count: int


@dataclass(frozen=True)
class DepartmentStatistics:
    id: int
    code: str
    name: str
    count: int
    first_response: Durations
    resolution: Durations
    sla: SLACompliance
    legal: Compliance


@dataclass(frozen=True)
class ActivityCount:
    """How often the department did one kind of work in the year (``core.events``)."""

    verb: str
    label: str
    count: int


@dataclass(frozen=True)
class YearlyStatistics:
    """The figures of one year, for one department, the reader's departments, or all."""

    year: int
    department: int | None
    as_of: dt.datetime
    total: int
    by_type: list[TypeCount]
    by_department: list[DepartmentStatistics]
    by_month: list[MonthCount]
    # One row per case type (in the choices' order) of twelve monthly counts.
    by_month_type: dict[str, list[int]]
    first_response: Durations
    resolution: Durations
    sla: SLACompliance
    legal: LegalCompliance
    # Every kind of work the apps declare as counted, with how often it happened in the year.
    activity: list[ActivityCount]


def cases_of_year(year: int, departments: Iterable[int] | None = None) -> QuerySet[Case]:
    """The cases created in ``year`` in the business time zone, merged ones left out.

    A range on ``created_at``, never ``__year``, so that the database may use its index.
    """
    start = timeutils.local_datetime(dt.date(year, 1, 1), dt.time(0))
    end = timeutils.local_datetime(dt.date(year + 1, 1, 1), dt.time(0))
    cases = Case.objects.filter(
        created_at__gte=start, created_at__lt=end, merged_into__isnull=True
    ).order_by()
    if departments is not None:
        cases = cases.filter(department_id__in=sorted(departments))
    return cases


def _first_response_stop() -> Coalesce:
    # The earlier of the reply and the end. PostgreSQL's LEAST skips NULLs, SQLite's MIN()
    # returns NULL if one is: the Coalesce gives the same answer on both.
    ended = Coalesce("resolved_at", "closed_at")
    return Coalesce(Least("first_responded_at", ended), "first_responded_at", ended)


def _grouped_counts(cases: QuerySet[Case], now: dt.datetime) -> list[Mapping[str, Any]]:
    """One row per (department, type, month, legal rule) with every count and sum needed."""
    return list(
        cases.alias(
            first_response_stop=_first_response_stop(),
            resolution_stop=Coalesce("resolved_at", "closed_at"),
            # An SLA clock paused while waiting on the customer stands still where it stopped.
            sla_clock=lateness.sla_until(now),
        )
        .annotate(month=ExtractMonth("created_at", tzinfo=timeutils.default_zone()))
        .values("department_id", "type", "month", "legal_rule")
        .annotate(
            cases=Count("pk"),
            first_response_count=Count("first_response_seconds"),
            first_response_sum=Sum("first_response_seconds", default=0),
            resolution_count=Count("resolution_seconds"),
            resolution_sum=Sum("resolution_seconds", default=0),
            first_response_timed=Count("first_response_due"),
            first_response_met=Count(
                "pk", filter=lateness.clock_met("first_response_stop", "first_response_due")
            ),
            first_response_missed=Count(
                "pk",
                filter=lateness.clock_missed(
                    "first_response_stop", "first_response_due", F("sla_clock")
                ),
            ),
            resolution_timed=Count("resolution_due"),
            resolution_met=Count(
                "pk", filter=lateness.clock_met("resolution_stop", "resolution_due")
            ),
            resolution_missed=Count(
                "pk",
                filter=lateness.clock_missed("resolution_stop", "resolution_due", F("sla_clock")),
            ),
            legal_timed=Count("legal_due"),
            legal_met=Count("pk", filter=lateness.clock_met("resolution_stop", "legal_due")),
            legal_missed=Count(
                "pk", filter=lateness.clock_missed("resolution_stop", "legal_due", Value(now))
            ),
        )
    )


# The 90th percentiles by department and overall; None keys the overall ones.
P90s = dict[int | None, tuple[int | None, int | None]]


def _p90s_postgresql(cases: QuerySet[Case]) -> P90s:
    # One sort per clock and grouping level, in one scan: GROUP BY ROLLUP gives the departments
    # and the total at once, and the ORM has no ROLLUP, so only that part is written by hand.
    # percentile_disc(0.9) is the nearest rank (the first value whose cumulative share reaches
    # 0.9); ordered-set aggregates skip NULLs, i.e. cases not measured yet.
    selected, params = (
        cases.values("department_id", "first_response_seconds", "resolution_seconds")
        .query.get_compiler(using=cases.db)
        .as_sql()
    )
    sql = (
        "SELECT department_id, GROUPING(department_id),"  # noqa: S608  (the ORM wrote ``selected``)
        " percentile_disc(0.9) WITHIN GROUP (ORDER BY first_response_seconds),"
        " percentile_disc(0.9) WITHIN GROUP (ORDER BY resolution_seconds)"
        f" FROM ({selected}) AS selected GROUP BY ROLLUP (department_id)"
    )
    with connections[cases.db].cursor() as cursor:
        cursor.execute(sql, params)
        return {
            None if total else department: (first_response, resolution)
            for department, total, first_response, resolution in cursor.fetchall()
        }


def _ranked(field: str, *, by_department: bool) -> dict[str, Window]:
    name = f"{field}_{'department' if by_department else 'all'}"
    partition = [F("department_id")] if by_department else None
    return {
        f"{name}_rank": Window(
            RowNumber(), partition_by=partition, order_by=F(field).asc(nulls_last=True)
        ),
        f"{name}_count": Window(Count(field), partition_by=partition),
    }


def _p90s_portable(cases: QuerySet[Case]) -> P90s:
    """The same figures with window functions, for databases without percentile_disc.

    Only the rows at a nearest rank come back: at most four per department.
    """
    fields = ("first_response_seconds", "resolution_seconds")
    windows: dict[str, Window] = {}
    for field in fields:
        windows |= _ranked(field, by_department=True) | _ranked(field, by_department=False)
    hits = Q()
    for name in windows:
        if name.endswith("_rank"):
            count = F(name.removesuffix("_rank") + "_count")
            hits |= Q(**{name: (count * 9 + 9) / 10})
    rows = cases.annotate(**windows).filter(hits).values("department_id", *fields, *windows)
    found: dict[tuple[int | None, str], int] = {}
    for row in rows:
        for field in fields:
            for key, scope in ((row["department_id"], "department"), (None, "all")):
                name = f"{field}_{scope}"
                if row[f"{name}_rank"] == nearest_rank(row[f"{name}_count"]):
                    found[key, field] = row[field]
    keys = {key for key, _field in found}
    return {key: (found.get((key, fields[0])), found.get((key, fields[1]))) for key in keys}


def _p90s(cases: QuerySet[Case]) -> P90s:
    if connections[cases.db].vendor == "postgresql":
        return _p90s_postgresql(cases)
    return _p90s_portable(cases)


def _durations(tally: Mapping[str, int], clock: str, p90: int | None) -> Durations:
    count = tally[f"{clock}_count"]
    mean = int(tally[f"{clock}_sum"]) / count if count else None
    return Durations(count=count, mean=mean, p90=p90 if count else None)


def _compliance(tally: Mapping[str, int], clock: str) -> dict[str, int]:
    met, missed = tally[f"{clock}_met"], tally[f"{clock}_missed"]
    return {"met": met, "missed": missed, "pending": tally[f"{clock}_timed"] - met - missed}


def _sla(tally: Mapping[str, int]) -> SLACompliance:
    return SLACompliance(
        first_response=Compliance(**_compliance(tally, "first_response")),
        resolution=Compliance(**_compliance(tally, "resolution")),
    )


def _department(
    row: Mapping[str, Any], tally: Mapping[str, int], p90s: P90s
) -> DepartmentStatistics:
    first_response, resolution = p90s.get(row["id"], (None, None))
    return DepartmentStatistics(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        count=tally["cases"],
        first_response=_durations(tally, "first_response", first_response),
        resolution=_durations(tally, "resolution", resolution),
        sla=_sla(tally),
        legal=Compliance(**_compliance(tally, "legal")),
    )


@dataclass
class _Tally:
    """The groups of ``_grouped_counts`` added up by each dimension the report shows."""

    total: Counter[str] = dataclasses.field(default_factory=Counter)
    by_department: dict[int, Counter[str]] = dataclasses.field(default_factory=dict)
    by_type: Counter[str] = dataclasses.field(default_factory=Counter)
    # One row per case type (in the choices' order) of twelve monthly counts.
    by_month_type: dict[str, list[int]] = dataclasses.field(
        default_factory=lambda: {kind: [0] * len(MONTHS) for kind in CaseType.values}
    )
    by_rule: dict[str, Counter[str]] = dataclasses.field(default_factory=dict)

    def add(self, group: Mapping[str, Any]) -> None:
        keys = ("department_id", "type", "month", "legal_rule")
        counts = Counter({name: int(value) for name, value in group.items() if name not in keys})
        self.total.update(counts)
        self.by_department.setdefault(group["department_id"], Counter()).update(counts)
        self.by_type[group["type"]] += counts["cases"]
        months = self.by_month_type.setdefault(group["type"], [0] * len(MONTHS))
        months[group["month"] - 1] += counts["cases"]
        if counts["legal_timed"]:
            self.by_rule.setdefault(group["legal_rule"], Counter()).update(counts)


def _legal(tally: _Tally) -> LegalCompliance:
    return LegalCompliance(
        **_compliance(tally.total, "legal"),
        by_rule=[
            RuleCompliance(rule=rule, **_compliance(counts, "legal"))
            for rule, counts in sorted(tally.by_rule.items())
        ],
    )


def _activity(year: int, departments: Iterable[int] | None) -> list[ActivityCount]:
    """Counted events of the year on the cases of ``departments`` (all, for None), per kind:
    one grouped scan of the events index, whatever kinds the apps declare."""
    kinds = events.all_kinds(counted=True)
    start = timeutils.local_datetime(dt.date(year, 1, 1), dt.time(0))
    end = timeutils.local_datetime(dt.date(year + 1, 1, 1), dt.time(0))
    found = Event.objects.filter(
        verb__in=[kind.verb for kind in kinds],
        subject_type=ContentType.objects.get_for_model(Case),
        created_at__gte=start,
        created_at__lt=end,
    )
    if departments is not None:
        ids = Case.objects.filter(department_id__in=sorted(departments)).annotate(
            text_id=Cast("pk", CharField())
        )
        found = found.filter(subject_id__in=ids.values("text_id"))
    counts = dict(found.order_by().values("verb").annotate(n=Count("pk")).values_list("verb", "n"))
    return [ActivityCount(kind.verb, str(kind.label), counts.get(kind.verb, 0)) for kind in kinds]


def yearly_statistics(
    user: User, *, year: int, department: Department | None = None
) -> YearlyStatistics:
    """The yearly figures of ``department``, or of every department ``user`` may read.

    See the module's docstring for what each figure means. Raises ``Forbidden`` as
    ``permissions.statistics_scope`` says. At most five queries, however many cases: the
    reader's roles (none to two), the two scans, the departments' names, the activity.
    """
    scope = permissions.statistics_scope(user, department)
    cases = cases_of_year(year, scope)
    now = timeutils.now()
    tally = _Tally()
    for group in _grouped_counts(cases, now):
        tally.add(group)
    p90s = _p90s(cases)
    # Every department asked for appears, with zeros if it had no cases; asked for none, the
    # departments that had some.
    shown = scope if scope is not None else tally.by_department.keys()
    departments = [
        _department(row, tally.by_department.get(row["id"], Counter()), p90s)
        for row in Department.objects.filter(pk__in=sorted(shown)).values("id", "code", "name")
    ]
    overall = p90s.get(None, (None, None))
    return YearlyStatistics(
        year=year,
        department=department.pk if department else None,
        as_of=now,
        total=tally.total["cases"],
        by_type=[
            TypeCount(type=kind.value, label=str(kind.label), count=tally.by_type[kind.value])
            for kind in CaseType
        ],
        by_department=departments,
        by_month=[
            MonthCount(
                month=month, count=sum(row[month - 1] for row in tally.by_month_type.values())
            )
            for month in MONTHS
        ],
        by_month_type=tally.by_month_type,
        first_response=_durations(tally.total, "first_response", overall[0]),
        resolution=_durations(tally.total, "resolution", overall[1]),
        sla=_sla(tally.total),
        legal=_legal(tally),
        activity=_activity(year, scope),
    )
