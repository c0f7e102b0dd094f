import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from mostrador.cases import counts, levels, queues
from mostrador.cases.models import Case
from mostrador.cases.tests.factories import open_case
from mostrador.core import timeutils

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(people):
    client = Client()
    client.force_login(people.operator)
    return client


def test_personal_queues_hold_the_right_cases_and_count_them(people):
    open_case(actor=people.operator, subject="El meu cas")
    open_case(subject="Ningú encara")
    breached = open_case(actor=people.operator, subject="Fora de termini")
    Case.objects.filter(pk=breached.pk).update(
        resolution_due=timeutils.now() - dt.timedelta(hours=1)
    )
    asked = open_case(actor=people.head, subject="Cal autorització")
    levels.request_approval(asked, action="refund", amount=Decimal("900"), actor=people.operator)

    def subjects(user, name):
        return sorted(case.subject for case in queues.queue_cases(user, name))

    assert subjects(people.operator, "mine") == ["El meu cas", "Fora de termini"]
    assert subjects(people.operator, "unassigned") == ["Ningú encara"]
    assert subjects(people.operator, "breached") == ["Fora de termini"]
    assert subjects(people.head, "waiting_on_me") == ["Cal autorització"]
    found = counts.queue_counts(people.operator)
    assert (found["mine"], found["unassigned"], found["breached"], found["waiting_on_me"]) == (
        2,
        1,
        1,
        0,
    )
    assert counts.department_counts(people.technician) == [
        (people.technical_service.pk, "Servei d'Assistència Tècnica", 0)
    ]


def test_counts_take_in_followed_cases_of_other_departments_and_everything_for_admins(people):
    open_case(subject="Del SAC")
    elsewhere = open_case(subject="Del SAT", department=people.technical_service)
    soon = timeutils.now() + dt.timedelta(minutes=5)
    Case.objects.filter(pk=elsewhere.pk).update(
        first_response_due=soon, resolution_due=soon, legal_due=None
    )
    closed = open_case(subject="Tancat", department=people.technical_service)
    Case.objects.filter(pk=closed.pk).update(status="closed")

    before = counts.queue_counts(people.operator)
    elsewhere.followers.add(people.operator)
    after = counts.queue_counts(people.operator)

    assert (before["unassigned"], before["at_risk"]) == (1, 0)
    assert (after["unassigned"], after["at_risk"]) == (2, 1)
    assert [n for _pk, _name, n in counts.department_counts(people.operator)] == [1]
    admin = counts.queue_counts(people.admin)
    assert (admin["unassigned"], admin["at_risk"]) == (2, 1)


def test_department_figures_are_kept_briefly_and_the_users_own_counted_live(people, settings):
    open_case(subject="Ningú encara")
    first = counts.queue_counts(people.operator)
    open_case(subject="Tampoc ningú")
    open_case(actor=people.operator, subject="El meu cas")

    again = counts.queue_counts(people.operator)
    assert again["unassigned"] == first["unassigned"] == 1
    assert (first["mine"], again["mine"]) == (0, 1)
    settings.QUEUE_COUNTS_CACHE_SECONDS = 0
    cache.clear()
    assert counts.queue_counts(people.operator)["unassigned"] == 2
    assert [n for _pk, _name, n in counts.department_counts(people.operator)] == [3]


def test_a_queue_page_lists_by_due_time_with_counts_in_a_fixed_number_of_queries(
    people, operator_client, django_assert_max_num_queries
):
    for n in range(30):
        open_case(actor=people.operator, subject=f"Cas {n:02d}")

    # Session and user 2, the navigation's counts 6, the page 1, the people to assign to 1,
    # the saved views 1, the departments one may share a view with 1, is_admin 1.
    with django_assert_max_num_queries(13):
        response = operator_client.get("/queues/mine/")

    content = response.content.decode()
    assert content.count("<tr class=") == 25
    assert "Next page" in content
    next_url = content.split('href="?cursor=')[1].split('"')[0]
    rest = operator_client.get(f"/queues/mine/?cursor={next_url}").content.decode()
    assert rest.count("<tr class=") == 5
    assert operator_client.get("/queues/mine/?cursor=garbage").status_code == 200


def test_department_queues_are_for_members_only(people, operator_client):
    open_case(subject="Del SAC")

    assert (
        "Del SAC"
        in operator_client.get(f"/queues/department/{people.customer_service.pk}/").content.decode()
    )
    assert (
        operator_client.get(f"/queues/department/{people.technical_service.pk}/").status_code == 404
    )
    assert operator_client.get("/queues/everything/").status_code == 404
    assert Client().get("/queues/mine/").status_code == 302
