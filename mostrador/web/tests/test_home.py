"""The home page: the person's own work, their departments' figures for a head, and the
system's health for an administrator only."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mostrador.accounts.choices import Role
from mostrador.accounts.models import Department, Membership
from mostrador.cases import levels, ownership, services
from mostrador.cases.models import Case, FollowUp
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.core import timeutils

pytestmark = pytest.mark.django_db

# Session, user, the navigation counts (five), what waits (three lists, three counts at most),
# the late cases; for a head, their departments and this week's figures (the open figures
# come from the navigation's, or one more query when they head other departments than
# they belong to). None of them grows with the cases.
OPERATOR_QUERIES = 14
HEAD_QUERIES = 17


def client_for(user, language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def _late(case, *, minutes):
    """Make ``case``'s resolution due ``minutes`` from now (negative: already past)."""
    due = timeutils.now() + dt.timedelta(minutes=minutes)
    Case.objects.filter(pk=case.pk).update(resolution_due=due, first_response_due=None)


def _cases(people, how_many):
    customer = make_customer()
    return [
        open_case(actor=people.operator, customer=customer, subject=f"Cas número {n}")
        for n in range(how_many)
    ]


def _measure(client):
    cache.clear()  # the department figures are counted, not read from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _section(page, section_id):
    """The HTML of the section with ``section_id`` (empty if the page has none)."""
    found = re.search(rf'<(section|aside)[^>]*id="{section_id}".*?</\1>', page, re.DOTALL)
    return found.group(0) if found else ""


def test_an_operator_sees_their_queues_with_counts(people):
    cases = _cases(people, 3)
    _late(cases[0], minutes=-30)

    page = client_for(people.operator).get("/").content.decode()

    queues = _section(page, "queues")
    assert 'href="/queues/mine/"' in queues
    assert re.search(r'tile-mine[^"]*"[^>]*><span class="tile-count">3</span>', queues)
    assert re.search(r'tile-breached[^"]*"[^>]*><span class="tile-count">1</span>', queues)
    for label in ("My cases", "Unassigned", "Waiting on me", "At risk", "Past deadline"):
        assert label in queues
    assert "Atenció al Client" in queues


def test_an_operator_sees_their_cases_at_risk_and_past_deadline_only(people):
    breached, at_risk, on_time = _cases(people, 3)
    _late(breached, minutes=-30)
    _late(at_risk, minutes=10)
    _late(on_time, minutes=60 * 24 * 5)
    someone_elses = open_case(actor=people.head, subject="Un cas de la cap")
    _late(someone_elses, minutes=-30)

    late = _section(client_for(people.operator).get("/").content.decode(), "late")

    assert breached.reference in late
    assert at_risk.reference in late
    assert on_time.reference not in late
    assert someone_elses.reference not in late
    assert late.index(breached.reference) < late.index(at_risk.reference), "soonest due first"
    assert 'class="status status-error">Breached' in late
    assert 'class="status status-warn">At risk' in late


def test_what_waits_on_me_shows_the_first_few_and_links_to_each_inbox(people):
    cases = [open_case(actor=people.operator, subject=f"Reclamació {n}") for n in range(5)]
    for case in cases:
        levels.request_approval(
            case, action="compensation", amount=Decimal("1234.5"), actor=people.operator
        )
    sat_case = open_case(
        actor=people.technician, department=people.technical_service, subject="Peça"
    )
    levels.request_consultation(
        sat_case,
        department=people.customer_service,
        question="Quina data de compra consta?",
        actor=people.technician,
    )

    head_page = client_for(people.head).get("/").content.decode()
    waiting = _section(head_page, "waiting")
    assert waiting.count("Compensation") == 3, "the first few only"
    assert "€1,234.50" in waiting
    assert 'href="/approvals/">See all 5 approvals' in waiting
    assert "Quina data de compra consta?" in waiting
    assert 'href="/consultations/"' in waiting
    assert 'href="/followups/"' in waiting

    operator_waiting = _section(client_for(people.operator).get("/").content.decode(), "waiting")
    assert "Compensation" not in operator_waiting, "they asked; the head decides"
    assert "Nothing is waiting for your approval." in operator_waiting
    assert "Quina data de compra consta?" in operator_waiting, "asked of their department"


def test_follow_ups_due_are_on_the_home_page(people):
    case = open_case(actor=people.operator, subject="Rentadora transferida")
    ownership.transfer_case(case, department=people.technical_service, actor=people.operator)
    followup = FollowUp.objects.get(case=case)
    FollowUp.objects.filter(pk=followup.pk).update(due_at=timeutils.now() - dt.timedelta(hours=1))

    waiting = _section(client_for(people.operator).get("/").content.decode(), "waiting")

    assert case.reference in waiting
    assert "No follow-ups due." not in waiting
    ownership.complete_followup(followup, actor=people.operator, note="")
    waiting = _section(client_for(people.operator).get("/").content.decode(), "waiting")
    assert "No follow-ups due." in waiting


def test_an_operator_sees_no_department_figures(people):
    _cases(people, 3)

    page = client_for(people.operator).get("/").content.decode()

    assert 'id="figures"' not in page
    assert "Resolved this week" not in page


def test_a_head_sees_the_figures_of_the_departments_they_head_only(people):
    logistics = Department.objects.create(name="Logística", code="log")
    Membership.objects.create(user=people.head, department=logistics, role=Role.OPERATOR)
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC), tick=False):
        # Monday: resolved this week, not today.
        resolved_monday = open_case(actor=people.operator, subject="Resolt dilluns")
        services.resolve_case(resolved_monday, actor=people.operator)
    with time_machine.travel(dt.datetime(2026, 3, 11, 9, 0, tzinfo=dt.UTC), tick=False):
        open_case(actor=people.operator, subject="Obert dimecres, no assignat")
        resolved_today = open_case(actor=people.operator, subject="Resolt avui")
        services.resolve_case(resolved_today, actor=people.operator)
        late = open_case(actor=people.operator, subject="Fora de termini")
        _late(late, minutes=-5)
        open_case(actor=people.technician, department=people.technical_service)
        open_case(actor=people.operator, department=logistics)

        page = client_for(people.head).get("/").content.decode()

    figures = _section(page, "figures")
    assert "Atenció al Client" in figures
    assert "Servei d'Assistència Tècnica" not in figures, "not their department"
    assert "Logística" not in figures, "a member there, not its head"
    row = re.search(r'<tr data-department="\d+">(.*?)</tr>', figures, re.DOTALL).group(1)
    numbers = [int(n) for n in re.findall(r'<td class="num"[^>]*>(\d+)</td>', row)]
    # open, unassigned, at risk, past deadline, opened today, resolved today, this week
    assert numbers[0] == 2
    assert numbers[3] == 1
    assert numbers[4:] == [3, 1, 2]


def test_only_administrators_see_the_system_status_corner(people):
    admin_page = client_for(people.admin).get("/").content.decode()
    assert "System status" in _section(admin_page, "health")
    assert "Background worker" in admin_page

    for person in (people.operator, people.head, people.technician):
        page = client_for(person).get("/").content.decode()
        assert 'id="health"' not in page
        assert "System status" not in page


def test_someone_of_no_department_is_told_so(people):
    page = client_for(people.outsider).get("/").content.decode()

    assert "You do not belong to any department yet" in page


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_home_page_costs_the_same_queries_however_many_cases(people, how_many):
    cases = _cases(people, how_many)
    for case in cases[: how_many // 3]:
        _late(case, minutes=-10)
        levels.request_approval(
            case, action="compensation", amount=Decimal("900"), actor=people.operator
        )
    for case in cases[-(how_many // 3) :]:
        levels.request_consultation(
            case,
            department=people.technical_service,
            question="Podeu revisar-ho?",
            actor=people.operator,
        )

    operator, operator_page = _measure(client_for(people.operator))
    head, head_page = _measure(client_for(people.head))

    assert operator <= OPERATOR_QUERIES
    assert head <= HEAD_QUERIES
    assert cases[0].reference in _section(operator_page, "late")
    assert 'id="figures"' in head_page


def test_the_query_count_does_not_grow_with_the_cases(people):
    # Both above the few shown, so that both count what waits (with fewer, none is counted).
    def measured(how_many):
        for case in _cases(people, how_many):
            _late(case, minutes=-10)
            levels.request_approval(
                case, action="compensation", amount=Decimal("900"), actor=people.operator
            )
        return _measure(client_for(people.operator))[0], _measure(client_for(people.head))[0]

    assert measured(4) == measured(26)
