"""The yearly statistics, on small sets of cases whose figures are worked out by hand.

The departments have no calendar, so business time is wall-clock time in Madrid and the
default SLA policy reads plainly: an information request is answered within 8 hours and
resolved within 40.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mostrador.accounts.models import User
from mostrador.cases import relations, services
from mostrador.cases.models import Case
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.reports import selectors
from mostrador.reports.selectors import (
    Compliance,
    DepartmentStatistics,
    Durations,
    LegalCompliance,
    RuleCompliance,
    SLACompliance,
)

pytestmark = pytest.mark.django_db
MADRID = ZoneInfo("Europe/Madrid")
T = dt.datetime(2025, 6, 2, 8, 0, tzinfo=dt.UTC)  # a Monday
NOW = dt.datetime(2025, 6, 20, 12, 0, tzinfo=dt.UTC)
NO_CLOCKS = SLACompliance(first_response=Compliance(0, 0, 0), resolution=Compliance(0, 0, 0))


def hours(value: float) -> dt.datetime:
    return T + dt.timedelta(hours=value)


@pytest.fixture
def customer(db):
    return make_customer()


@pytest.fixture
def case_at(people, customer):
    """Open a case at ``when`` (in SAC unless told), then set any clock fields given."""

    def make(when, department=None, type="information", **fields):
        with time_machine.travel(when, tick=False):
            case = open_case(
                type=type, customer=customer, department=department or people.customer_service
            )
        if fields:
            Case.objects.filter(pk=case.pk).update(**fields)
        return case

    return make


def statistics(user, year=2025, department=None):
    with time_machine.travel(NOW, tick=False):
        return selectors.yearly_statistics(user, year=year, department=department)


def test_cases_count_in_the_year_and_month_of_their_creation_in_madrid(people, case_at):
    sac, sat = people.customer_service, people.technical_service
    case_at(dt.datetime(2024, 12, 31, 22, 30, tzinfo=dt.UTC))  # 23:30 in Madrid: 2024
    case_at(dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC), type="complaint")  # 1 January
    survivor = case_at(dt.datetime(2025, 3, 10, 10, 0, tzinfo=dt.UTC))
    # Summer time began on 30 March: 22:30 UTC is already 1 April in Madrid.
    case_at(dt.datetime(2025, 3, 31, 22, 30, tzinfo=dt.UTC), department=sat, type="technical")
    case_at(dt.datetime(2025, 12, 31, 22, 30, tzinfo=dt.UTC), type="complaint")  # 23:30 local
    case_at(dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC))  # New Year's Day 2026 in Madrid
    merged = case_at(dt.datetime(2025, 6, 15, 10, 0, tzinfo=dt.UTC), type="suggestion")
    relations.merge_cases(merged, into=survivor, actor=people.operator)

    stats = statistics(people.admin)

    assert stats.total == 4
    assert [(row.type, row.label, row.count) for row in stats.by_type] == [
        ("information", "Information request", 1),
        ("suggestion", "Suggestion", 0),
        ("complaint", "Complaint", 2),
        ("claim", "Claim", 0),
        ("authority_report", "Report to the authorities", 0),
        ("technical", "Technical service request", 1),
        ("compliment", "Compliment", 0),
    ]
    assert [(row.month, row.count) for row in stats.by_month] == [
        (1, 1),
        (2, 0),
        (3, 1),
        (4, 1),
        *((month, 0) for month in range(5, 12)),
        (12, 1),
    ]
    zeros = [0] * 12
    assert stats.by_month_type == {
        "information": [0, 0, 1, *[0] * 9],
        "suggestion": zeros,
        "complaint": [1, *[0] * 10, 1],
        "claim": zeros,
        "authority_report": zeros,
        "technical": [0, 0, 0, 1, *[0] * 8],
        "compliment": zeros,
    }
    assert [(row.id, row.code, row.name, row.count) for row in stats.by_department] == [
        (sac.pk, "sac", "Atenció al Client", 3),
        (sat.pk, "sat", "Servei d'Assistència Tècnica", 1),
    ]
    assert (stats.year, stats.department, stats.as_of) == (2025, None, NOW)
    assert statistics(people.admin, year=2024).total == 1
    assert statistics(people.admin, year=2026).total == 1


def test_mean_and_90th_percentile_by_nearest_rank(people, case_at):
    sac, sat = people.customer_service, people.technical_service
    for seconds in range(100, 1001, 100):
        case_at(T, first_response_seconds=seconds)
    for seconds in (3600, 7200, 10800):
        case_at(T, resolution_seconds=seconds)
    case_at(T)  # not answered yet: not measured
    case_at(T, department=sat, first_response_seconds=50)
    case_at(T, department=sat, first_response_seconds=70)
    survivor = case_at(T)
    case_at(T, first_response_seconds=99_999, resolution_seconds=99_999, merged_into=survivor)

    stats = statistics(people.admin)

    # Sorted: 50, 70, 100 … 1000 (12 values); rank ⌈0.9·12⌉ = 11 holds 900. Interpolating, or
    # rounding the rank down, would give something else.
    assert stats.first_response == Durations(count=12, mean=5620 / 12, p90=900)
    assert stats.resolution == Durations(count=3, mean=7200.0, p90=10800)
    by_department = {row.code: row for row in stats.by_department}
    # SAC: 100 … 1000, rank ⌈0.9·10⌉ = 9 holds 900 (linear interpolation would say 910).
    assert by_department["sac"].first_response == Durations(count=10, mean=550.0, p90=900)
    assert by_department["sac"].resolution == Durations(count=3, mean=7200.0, p90=10800)
    # SAT: 50, 70, rank ⌈1.8⌉ = 2 holds 70.
    assert by_department["sat"].first_response == Durations(count=2, mean=60.0, p90=70)
    assert by_department["sat"].resolution == Durations(count=0, mean=None, p90=None)

    expected = {None: (900, 10800), sac.pk: (900, 10800), sat.pk: (70, None)}
    cases = selectors.cases_of_year(2025)
    assert selectors._p90s(cases) == expected
    # The window-function path (SQLite's) agrees with percentile_disc on PostgreSQL.
    assert selectors._p90s_portable(cases) == expected


def test_nearest_rank_is_the_ceiling_of_nine_tenths():
    assert [selectors.nearest_rank(n) for n in (1, 2, 9, 10, 11, 12, 20, 21)] == [
        1,
        2,
        9,
        9,
        10,
        11,
        18,
        19,
    ]


def at(when, action, *args, **kwargs):
    with time_machine.travel(when, tick=False):
        action(*args, **kwargs)


def test_sla_clocks_are_met_missed_or_pending_as_the_deadline_check_sees_them(people, case_at):
    operator = people.operator

    def reply(case, when):
        at(
            when,
            services.add_message,
            case,
            kind="outbound",
            body="Ho mirem.",
            actor=operator,
            channel="workspace",
        )

    def move(case, when, status):
        at(when, services.set_status, case, status, actor=operator)

    answered_and_resolved = case_at(T)
    reply(answered_and_resolved, hours(1))
    move(answered_and_resolved, hours(10), "resolved")

    answered_on_the_dot_resolved_late = case_at(T)
    reply(answered_on_the_dot_resolved_late, hours(8))  # met: late means after the due time
    move(answered_on_the_dot_resolved_late, hours(41), "resolved")

    answered_late_still_open = case_at(T)  # resolution still running, past its due time
    reply(answered_late_still_open, hours(9))

    case_at(T)  # never answered: both clocks still running, late

    waiting_in_time = case_at(T)  # paused 35 hours before its resolution was due
    reply(waiting_in_time, hours(2))
    move(waiting_in_time, hours(5), "waiting_customer")

    waiting_when_late = case_at(T)  # was already late when it began waiting
    reply(waiting_when_late, hours(2))
    move(waiting_when_late, hours(45), "waiting_customer")

    waited_then_resolved = case_at(T)  # 20 hours waiting move the resolution due to 60 hours
    reply(waited_then_resolved, hours(1))
    move(waited_then_resolved, hours(10), "waiting_customer")
    move(waited_then_resolved, hours(30), "open")
    move(waited_then_resolved, hours(50), "resolved")

    closed_unanswered = case_at(T)  # the end of the case stops both clocks
    move(closed_unanswered, hours(3), "closed")

    answered_after_resolution = case_at(T)  # resolved in time; the later reply changes nothing
    move(answered_after_resolution, hours(5), "resolved")
    reply(answered_after_resolution, hours(12))

    case_at(NOW - dt.timedelta(hours=1))  # just opened: both pending
    case_at(T, first_response_due=None, resolution_due=None)  # no policy: not measured

    stats = statistics(people.admin)

    assert stats.sla == SLACompliance(
        first_response=Compliance(met=7, missed=2, pending=1),
        resolution=Compliance(met=4, missed=4, pending=2),
    )
    assert stats.sla.first_response.compliance == 7 / 9
    assert stats.sla.resolution.compliance == 0.5
    [sac] = stats.by_department
    assert sac.sla == stats.sla
    waited_then_resolved.refresh_from_db()
    assert waited_then_resolved.resolution_seconds == 30 * 3600  # the pause is not counted
    assert stats.legal == LegalCompliance(met=0, missed=0, pending=0, by_rule=[])


def test_legal_deadlines_by_rule_never_pause(people, case_at):
    answer, billing = "es:complaint.answer_deadline", "es:complaint.billing_deadline"
    due = hours(10 * 24)
    later = NOW + dt.timedelta(days=2)

    def complaint(rule, legal_due, **fields):
        return case_at(T, type="complaint", legal_rule=rule, legal_due=legal_due, **fields)

    complaint(answer, due, resolved_at=due - dt.timedelta(hours=1), status="resolved")
    complaint(answer, due, resolved_at=due, status="resolved")  # at the due time: met
    complaint(answer, due, closed_at=due + dt.timedelta(hours=1), status="closed")
    complaint(answer, due, status="open")  # running, past due
    complaint(answer, due, status="waiting_customer", sla_paused_at=hours(24))
    complaint(billing, later, status="open")
    complaint(billing, later, resolved_at=hours(1), closed_at=hours(2), status="closed")
    case_at(T, type="information")  # no legal deadline

    stats = statistics(people.admin)

    assert stats.legal == LegalCompliance(
        met=3,
        missed=3,
        pending=1,
        by_rule=[
            RuleCompliance(met=2, missed=3, pending=0, rule=answer),
            RuleCompliance(met=1, missed=0, pending=1, rule=billing),
        ],
    )
    assert stats.legal.compliance == 0.5
    assert stats.by_department[0].legal == Compliance(met=3, missed=3, pending=1)


def test_a_department_asked_for_shows_with_zeros_when_it_had_no_cases(people, case_at):
    case_at(T)  # in SAC

    stats = statistics(people.admin, department=people.technical_service)

    nothing = Durations(count=0, mean=None, p90=None)
    assert stats.department == people.technical_service.pk
    assert stats.total == 0
    assert stats.by_department == [
        DepartmentStatistics(
            id=people.technical_service.pk,
            code="sat",
            name="Servei d'Assistència Tècnica",
            count=0,
            first_response=nothing,
            resolution=nothing,
            sla=NO_CLOCKS,
            legal=Compliance(0, 0, 0),
        )
    ]
    assert [row.count for row in stats.by_month] == [0] * 12
    assert (stats.first_response, stats.resolution, stats.sla) == (nothing, nothing, NO_CLOCKS)
    assert stats.legal.compliance is None


def test_a_head_reads_only_the_departments_they_head(people, case_at):
    case_at(T)
    case_at(T, department=people.technical_service)

    stats = statistics(people.head)

    assert stats.total == 1
    assert [row.code for row in stats.by_department] == ["sac"]


@pytest.mark.parametrize(("reader", "queries"), [("admin", 5), ("head", 6)])
def test_the_figures_take_the_same_queries_however_many_cases(
    people, case_at, django_assert_num_queries, reader, queries
):
    def fresh():  # as each request loads its user, with no role looked up yet
        return User.objects.get(pk=getattr(people, reader).pk)

    case_at(T)
    # Roles (is_admin, then the headed departments), the two scans, the departments, the
    # activity (one grouped count of the events).
    user = fresh()
    with django_assert_num_queries(queries):
        statistics(user)

    for day in range(5):
        case_at(T + dt.timedelta(days=40 * day), type="complaint", first_response_seconds=day)
    case_at(T, department=people.technical_service)
    user = fresh()
    with django_assert_num_queries(queries):
        stats = statistics(user)
    assert stats.total == (7 if reader == "admin" else 6)
