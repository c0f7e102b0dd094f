"""SLA and legal clocks on real calendars (Catalonia, split day) and the seeded legal rules."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings

from mostrador.accounts.models import Department
from mostrador.cases import services
from mostrador.cases.models import SLAPolicy
from mostrador.cases.tests.factories import open_case
from mostrador.testing.calendars import catalan_split_day

pytestmark = pytest.mark.django_db
MADRID = ZoneInfo("Europe/Madrid")


def at(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=MADRID)


@pytest.fixture
def sac(people):
    """Customer service in Catalonia, Monday to Friday 9-14 and 15-18."""
    calendar = catalan_split_day("SAC")
    people.customer_service.calendar = calendar
    people.customer_service.save()
    return people.customer_service


def test_a_complaint_on_a_friday_evening_before_a_regional_holiday(sac):
    # Good Friday 3 April 2026 at 19:00; Monday 6 April is Easter Monday, a holiday in Catalonia.
    with time_machine.travel(at(2026, 4, 3, 19), tick=False):
        case = open_case(type="complaint", channel="phone")

    # The complaints policy answers within 4 business hours: Tuesday 9:00 + 4h = 13:00.
    assert case.first_response_due == at(2026, 4, 7, 13)
    # 40 business hours (8 a day, from Tuesday 9:00) end on Monday 13 April at closing time.
    assert case.resolution_due == at(2026, 4, 13, 18)
    # Legal: 15 days (TRLGDCU) beats the Catalan month; Ley 10/2025 is not in force yet.
    assert case.legal_due == at(2026, 4, 19)
    assert case.legal_rule == "es:complaint.answer_deadline"
    assert "TRLGDCU" in case.legal_source


def test_once_ley_10_2025_is_in_force_the_strictest_rule_still_wins(sac):
    with time_machine.travel(at(2027, 3, 26, 19), tick=False):
        case = open_case(type="claim", remedy="refund")

    assert case.legal_due == at(2027, 4, 11)  # 15 calendar days < 15 working days < 1 month
    assert case.legal_rule == "es:complaint.answer_deadline"


def test_billing_complaints_get_five_days_under_ley_10_2025(sac):
    billing = Department.objects.create(
        name="Facturació", code="fac", kind="billing", calendar=sac.calendar
    )
    with time_machine.travel(at(2027, 1, 11, 10), tick=False):
        case = open_case(type="complaint", department=billing)

    assert case.legal_due == at(2027, 1, 17)
    assert case.legal_rule == "es:complaint.billing_deadline"
    assert "17.3" in case.legal_source


@override_settings(COMPLIANCE_PROFILES=["eu", "es-ct"])
def test_only_the_installations_profiles_apply(sac):
    with time_machine.travel(at(2026, 4, 3, 19), tick=False):
        case = open_case(type="complaint")

    assert case.legal_due == at(2026, 5, 4)  # one month, to the end of 3 May
    assert case.legal_rule == "es-ct:complaint.answer_deadline"


def test_information_requests_have_no_legal_deadline(sac):
    case = open_case(type="information")

    assert (case.legal_due, case.legal_rule) == (None, "")


def test_the_most_specific_policy_wins(sac):
    SLAPolicy.objects.create(
        name="Urgent phone complaints",
        case_type="complaint",
        priority="urgent",
        channel="phone",
        first_response_minutes=15,
        resolution_minutes=120,
    )
    with time_machine.travel(at(2026, 3, 3, 10), tick=False):
        urgent = open_case(type="complaint", priority="urgent", channel="phone")
        urgent_email = open_case(type="complaint", priority="urgent", channel="email")

    assert urgent.first_response_due == at(2026, 3, 3, 10, 15)
    assert urgent_email.first_response_due == at(2026, 3, 3, 11)  # "Urgent": 60 minutes


def test_waiting_for_the_customer_pauses_the_sla_clocks(sac, people):
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        case = open_case(type="information")  # default policy: 8h first response, 40h resolution
    assert case.resolution_due == at(2026, 3, 9, 18)

    with time_machine.travel(at(2026, 3, 3, 17), tick=False):
        services.set_status(case, "waiting_customer", actor=people.operator)
    # The customer answers on Wednesday at 10:00: two business hours of waiting (17-18, 9-10).
    with time_machine.travel(at(2026, 3, 4, 10), tick=False):
        services.add_message(
            case, kind="inbound", body="Aquí teniu el número de sèrie.", actor=None, channel="email"
        )

    case.refresh_from_db()
    assert case.status == "open"
    assert case.sla_paused_seconds == 2 * 3600
    assert case.resolution_due == at(2026, 3, 10, 11)


def test_first_response_and_resolution_times_are_stored_in_business_seconds(sac, people):
    with time_machine.travel(at(2026, 3, 6, 17), tick=False):  # Friday, one hour before closing
        case = open_case()
    with time_machine.travel(at(2026, 3, 9, 10), tick=False):  # Monday 10:00
        services.add_message(
            case, kind="outbound", body="Ho mirem.", actor=people.operator, channel="workspace"
        )
    with time_machine.travel(at(2026, 3, 9, 16), tick=False):  # Monday 16:00, after the lunch break
        services.resolve_case(case, actor=people.operator)

    case.refresh_from_db()
    assert case.first_response_seconds == 2 * 3600
    assert case.resolution_seconds == 7 * 3600
    services.reopen_case(case, actor=people.operator)
    assert case.resolution_seconds is None


def test_a_department_without_a_calendar_runs_around_the_clock(people):
    with time_machine.travel(at(2026, 3, 7, 22), tick=False):  # Saturday night
        case = open_case()

    assert case.first_response_due == at(2026, 3, 8, 6)


def test_changing_a_calendar_recomputes_the_due_times_of_open_cases(
    sac, people, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        open_case_ = open_case(type="information")
        done = open_case(type="information")
        services.resolve_case(done, actor=people.operator)
    before = done.resolution_due
    assert open_case_.resolution_due == at(2026, 3, 9, 18)

    # The department announces it closes on Friday 6 March.
    with django_capture_on_commit_callbacks(execute=True):
        sac.calendar.closed_days.create(date=dt.date(2026, 3, 6), reason="Inventari")

    open_case_.refresh_from_db()
    done.refresh_from_db()
    assert open_case_.resolution_due == at(2026, 3, 10, 18)
    assert done.resolution_due == before, "resolved cases keep the clocks they were measured by"
