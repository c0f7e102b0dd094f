"""The queue page's set-up in its address: order, filters, columns and page size."""

import datetime as dt
import re

import pytest
from django.test import Client

from mostrador.cases.models import Case
from mostrador.cases.tests.factories import open_case
from mostrador.core import timeutils

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(people):
    client = Client()
    client.force_login(people.operator)
    return client


def _subjects(response):
    return re.findall(r'<td class="col-subject" title="([^"]*)"', response.content.decode())


def _cases(people, *specs):
    now = timeutils.now()
    made = []
    for subject, priority, due_hours in specs:
        case = open_case(actor=people.operator, subject=subject)
        Case.objects.filter(pk=case.pk).update(
            priority=priority, resolution_due=now + dt.timedelta(hours=due_hours)
        )
        made.append(case)
    return made


def test_a_queue_sorts_by_the_column_asked_for_either_way_and_marks_it(people, operator_client):
    _cases(people, ("Baixa", "low", 1), ("Urgent", "urgent", 30), ("Alta", "high", 20))

    assert _subjects(operator_client.get("/queues/mine/")) == ["Baixa", "Alta", "Urgent"]
    by_priority = operator_client.get("/queues/mine/?sort=priority")
    assert _subjects(by_priority) == ["Urgent", "Alta", "Baixa"]
    assert _subjects(operator_client.get("/queues/mine/?sort=-priority")) == [
        "Baixa",
        "Alta",
        "Urgent",
    ]
    content = by_priority.content.decode()
    assert 'class="col-priority" aria-sort="ascending"><a href="?sort=-priority"' in content
    assert 'aria-sort="descending"' not in content
    assert _subjects(operator_client.get("/queues/mine/?sort=nonsense")) == [
        "Baixa",
        "Alta",
        "Urgent",
    ]


def test_sorting_by_last_update_puts_the_longest_waiting_first(people, operator_client):
    old, new = _cases(people, ("Antic", "normal", 5), ("Nou", "normal", 1))
    Case.objects.filter(pk=old.pk).update(sla_paused_at=timeutils.now() - dt.timedelta(days=3))

    assert _subjects(operator_client.get("/queues/mine/?sort=updated")) == ["Antic", "Nou"]
    assert _subjects(operator_client.get("/queues/mine/?sort=-updated")) == ["Nou", "Antic"]
    assert "waiting 3" in operator_client.get("/queues/mine/").content.decode()


def test_filters_stay_in_the_address_and_in_the_sort_links(people, operator_client):
    _cases(people, ("Urgent", "urgent", 1), ("Normal", "normal", 2))

    response = operator_client.get("/queues/mine/?priority=urgent&size=50")

    assert _subjects(response) == ["Urgent"]
    content = response.content.decode()
    assert 'href="?priority=urgent&amp;size=50&amp;sort=reference"' in content
    assert '<option value="urgent" selected>' in content
    assert _subjects(operator_client.get("/queues/mine/?priority=bogus")) == ["Urgent", "Normal"]


def test_pages_are_of_the_size_asked_for_and_follow_in_any_order(
    people, operator_client, django_assert_max_num_queries
):
    for n in range(60):
        open_case(actor=people.operator, subject=f"Cas {n:02d}")

    with django_assert_max_num_queries(13):
        first = operator_client.get("/queues/mine/?size=50&sort=-reference")
    assert len(_subjects(first)) == 50
    assert _subjects(first)[0] == "Cas 59"
    following = re.search(r'href="\\?([^"]*cursor=[^"]*)" rel="next"', first.content.decode())
    rest = operator_client.get("/queues/mine/?" + following.group(1).replace("&amp;", "&"))
    assert _subjects(rest) == [f"Cas {n:02d}" for n in range(9, -1, -1)]
    assert len(_subjects(operator_client.get("/queues/mine/?size=7"))) == 25
    # A cursor of another order, or a mangled one, starts again at the first page.
    cursor = re.search(r"cursor=([^&]*)", following.group(1)).group(1)
    top = _subjects(operator_client.get("/queues/mine/?sort=reference"))[:3]
    assert (
        _subjects(operator_client.get(f"/queues/mine/?sort=reference&cursor={cursor}"))[:3] == top
    )
    assert _subjects(operator_client.get("/queues/mine/?cursor=e30="))[0] == "Cas 00"


def test_columns_are_chosen_in_the_address(people, operator_client):
    _cases(people, ("Un", "normal", 1))

    content = operator_client.get("/queues/mine/?col=&col=owner&col=bogus").content.decode()

    assert '<td class="col-owner"' in content
    assert '<td class="col-customer"' not in content
    assert '<td class="col-reference"' in content  # always shown
    everything = operator_client.get("/queues/mine/").content.decode()
    assert '<td class="col-customer"' in everything
    assert '<td class="col-level num">1</td>' in everything
