"""Late, at risk and breached: the Python predicate and the SQL condition say the same of every
case, and so do the queues, the API filter, the watch and the statistics that use them."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from mostrador.cases import lateness, queues, selectors
from mostrador.cases.choices import SLAState
from mostrador.cases.models import Case
from mostrador.cases.tests.factories import open_case

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 5, 6, 10, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)

# (first response due, answered?, resolution due, legal due, paused since, status) -> state
CASES = {
    "on time": ((NOW + 5 * H, False, NOW + 9 * H, None, None, "open"), SLAState.ON_TIME),
    "first response late": ((NOW - H, False, NOW + 9 * H, None, None, "open"), SLAState.BREACHED),
    "answered after its due time": (
        (NOW - H, True, NOW + 9 * H, None, None, "open"),
        SLAState.ON_TIME,
    ),
    "resolution soon": (
        (None, True, NOW + dt.timedelta(minutes=20), None, None, "open"),
        SLAState.AT_RISK,
    ),
    "late but ended": ((NOW - H, False, NOW - H, NOW - H, None, "resolved"), SLAState.ON_TIME),
    "paused in time": (
        (None, True, NOW - H, None, NOW - 2 * H, "waiting_customer"),
        SLAState.ON_TIME,
    ),
    "paused when late": (
        (None, True, NOW - 3 * H, None, NOW - 2 * H, "waiting_customer"),
        SLAState.BREACHED,
    ),
    "legal runs while paused": (
        (None, True, NOW - H, NOW - H, NOW - 2 * H, "waiting_customer"),
        SLAState.BREACHED,
    ),
    "legal soon while paused": (
        (None, True, NOW + 9 * H, NOW + dt.timedelta(minutes=10), NOW - 2 * H, "waiting_customer"),
        SLAState.AT_RISK,
    ),
}


def _make(name, first_due, answered, resolution_due, legal_due, paused_at, status):
    case = open_case(subject=name)
    Case.objects.filter(pk=case.pk).update(
        first_response_due=first_due,
        first_responded_at=NOW - 3 * H if answered else None,
        resolution_due=resolution_due,
        legal_due=legal_due,
        sla_paused_at=paused_at,
        status=status,
    )
    return Case.objects.get(pk=case.pk)


@override_settings(SLA_AT_RISK_MINUTES=30)
def test_python_and_sql_agree_on_every_case(people):
    made = {name: (_make(name, *values), state) for name, (values, state) in CASES.items()}

    late_in_sql = set(Case.objects.filter(lateness.late(NOW)).values_list("subject", flat=True))
    risk_in_sql = set(Case.objects.filter(lateness.at_risk(NOW)).values_list("subject", flat=True))
    states_in_sql = dict(
        Case.objects.annotate(state=lateness.state(NOW)).values_list("subject", "state")
    )

    for name, (case, expected) in made.items():
        assert lateness.state_of(case, NOW) == expected, name
        assert states_in_sql[name] == expected, name
        assert (name in late_in_sql) == lateness.is_late(case, NOW) == (expected == "breached"), (
            name
        )
        assert (name in risk_in_sql) == lateness.is_at_risk(case, NOW) == (expected == "at_risk"), (
            name
        )


@override_settings(SLA_AT_RISK_MINUTES=30)
def test_the_queues_and_the_api_filter_read_the_same_definition(people):
    for name, (values, _state) in CASES.items():
        _make(name, *values)

    with time_machine.travel(NOW, tick=False):
        past_deadline = {c.subject for c in queues.queue_cases(people.operator, "breached")}
        at_risk = {c.subject for c in queues.queue_cases(people.operator, "at_risk")}
        overdue = {
            c.subject
            for c in selectors.list_cases_for_user(
                people.operator, selectors.CaseFilters(overdue=True)
            )
        }

    expected_late = {name for name, (_v, state) in CASES.items() if state == SLAState.BREACHED}
    expected_risk = {name for name, (_v, state) in CASES.items() if state == SLAState.AT_RISK}
    assert past_deadline == overdue == expected_late
    assert at_risk == expected_risk
