"""The intake screen's caller search: focused on arrival, best match first, "more" said."""

import re

import pytest
from django.test import Client

from mostrador.customers import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(people):
    client = Client()
    client.force_login(people.operator)
    return client


def names(page):
    return re.findall(r"<strong>([^<]+)</strong>", page)


def test_the_search_box_has_the_focus_when_the_screen_opens(operator):
    page = operator.get("/intake/").content.decode()

    assert re.search(r'<input type="search" id="find"[^>]* autofocus', page)


def test_a_form_sent_back_with_errors_leaves_the_focus_to_them(operator):
    page = operator.post("/intake/", {"channel": "phone"}).content.decode()

    assert "autofocus" not in page


def test_the_caller_with_that_exact_number_is_listed_first(operator, django_assert_max_num_queries):
    services.create_customer(name="Bar 612345678", actor=None)
    services.create_customer(name="Zoe Vidal", phones=["612345678"], actor=None)

    # The session, the user, the customers and their contacts.
    with django_assert_max_num_queries(4):
        page = operator.get("/intake/customers/", {"find": "612 34 56 78"}).content.decode()

    assert names(page) == ["Zoe Vidal", "Bar 612345678"]
    assert "type more to narrow" not in page


def test_more_customers_than_shown_are_announced(operator, django_assert_max_num_queries):
    for number in range(37):
        services.create_customer(name=f"Maria Garcia {number:02d}", actor=None)

    # One query more than a short list: how many there are, counted up to a cap.
    with django_assert_max_num_queries(5):
        page = operator.get("/intake/customers/", {"find": "garcia"}).content.decode()

    assert len(names(page)) == 10
    assert "Showing 10 of 37 — type more to narrow" in page
    narrowed = operator.get("/intake/customers/", {"find": "garcia 3"}).content.decode()
    assert "type more to narrow" not in narrowed
    # "garcia 3" as written first (30 to 36), then both words anywhere (03, 13, 23).
    assert names(narrowed) == [
        f"Maria Garcia {n}" for n in ("30", "31", "32", "33", "34", "35", "36", "03", "13", "23")
    ]


def test_the_page_without_javascript_lists_the_same_ranked_customers(operator):
    services.create_customer(name="Anna Jordana", actor=None)
    services.create_customer(name="Pere Puig", emails=["jordi@example.cat"], actor=None)

    page = operator.get("/intake/", {"find": "jordi@example.cat"}).content.decode()

    assert names(page)[:1] == ["Pere Puig"]
