"""Full-text search on the database the tests run on (SQLite FTS5 or PostgreSQL tsvector)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from mostrador.cases import levels, search, services
from mostrador.cases.search import search_cases
from mostrador.cases.tests.factories import make_customer, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(people):
    washer = open_case(
        subject="La rentadora no centrifuga", body="Fa un soroll estrany quan centrifuga."
    )
    oven = open_case(
        subject="El horno no calienta", body="Desde ayer el horno no calienta nada.", language="es"
    )
    invoice = open_case(
        subject="Invoice twice",
        body="You charged my card twice for the same repair.",
        language="en",
        customer=make_customer(name="Ann Smith", email="ann@example.co.uk", language="en"),
    )
    services.add_message(
        washer,
        kind="note",
        body="Revisar el motor de la rentadora i la corretja.",
        actor=people.operator,
        channel="workspace",
    )
    return {"washer": washer, "oven": oven, "invoice": invoice}


def refs(found):
    return [case.reference for case in found]


def test_words_in_subjects_and_messages_are_found(people, cases):
    assert refs(search_cases(people.operator, "corretja")) == [cases["washer"].reference]
    assert refs(search_cases(people.operator, "horno")) == [cases["oven"].reference]
    assert refs(search_cases(people.operator, "card twice")) == [cases["invoice"].reference]
    assert search_cases(people.operator, "frigorífic") == []


def test_accents_and_case_do_not_matter(people, cases):
    assert refs(search_cases(people.operator, "RENTADORA")) == [cases["washer"].reference]
    assert refs(search_cases(people.operator, "estrany")) == [cases["washer"].reference]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_postgres_stems_each_language(people, cases):
    assert refs(search_cases(people.operator, "hornos")) == [cases["oven"].reference]
    assert refs(search_cases(people.operator, "charges")) == [cases["invoice"].reference]


def test_a_subject_match_ranks_above_a_message_match(people, cases):
    other = open_case(subject="Soroll del motor", body="El motor fa soroll.")

    assert refs(search_cases(people.operator, "motor")) == [
        other.reference,
        cases["washer"].reference,
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the window is PostgreSQL's")
def test_a_word_in_more_texts_than_are_ranked_finds_the_newest(people, cases, monkeypatch):
    older = open_case(subject="Motor 1", body="Motor.")
    newer = open_case(subject="Motor 2", body="Motor.")
    monkeypatch.setattr(search, "RANKED", 2)

    assert refs(search_cases(people.operator, "motor")) == [newer.reference]
    monkeypatch.setattr(search, "RANKED", 100)
    assert set(refs(search_cases(people.operator, "motor"))) == {
        older.reference,
        newer.reference,
        cases["washer"].reference,
    }


def test_words_that_are_never_indexed_find_nothing(people, cases):
    assert search_cases(people.operator, "the of and") == []
    assert search_cases(people.operator, "!!") == []


def test_exact_reference_and_customer_email(people, cases):
    assert refs(search_cases(people.operator, cases["oven"].reference.lower())) == [
        cases["oven"].reference
    ]
    assert refs(search_cases(people.operator, "ANN@example.co.uk")) == [cases["invoice"].reference]


def test_only_cases_the_searcher_may_see(people, cases):
    assert search_cases(people.technician, "rentadora") == []
    assert refs(search_cases(people.admin, "rentadora")) == [cases["washer"].reference]


def test_visible_cases_are_found_past_many_the_reader_may_not_see(people, cases, monkeypatch):
    for n in range(3):
        open_case(subject=f"Rentadora {n}", department=people.technical_service)
    monkeypatch.setattr(search, "VISIBILITY_CHUNK", 2)

    assert refs(search_cases(people.operator, "rentadora")) == [cases["washer"].reference]
    assert len(search_cases(people.admin, "rentadora")) == 4


def test_operators_typed_by_users_are_taken_literally(people, cases):
    assert search_cases(people.operator, '" OR NEAR( * -') == []
    assert refs(search_cases(people.operator, "rentadora OR horno")) != []


def test_consultation_answers_are_searchable(people, cases):
    consultation = levels.request_consultation(
        cases["washer"], department=people.technical_service, question="?", actor=people.operator
    )
    levels.answer_consultation(
        consultation, answer="Cal canviar el rodament", actor=people.technician
    )

    assert refs(search_cases(people.operator, "rodament")) == [cases["washer"].reference]


def test_reindexing_rebuilds_the_same_results(people, cases):
    out = StringIO()
    call_command("reindex_search", stdout=out)

    assert "Indexed 3 cases and 4 messages." in out.getvalue()
    assert refs(search_cases(people.operator, "corretja")) == [cases["washer"].reference]


def test_the_search_endpoint(api_client, cases, django_assert_max_num_queries):
    # Token, roles, (PostgreSQL: the query as a tsquery), the ranking, which candidates the
    # reader sees, the cases shown and their tags, prefetched; their details (claim, report to
    # the authorities, technical request), one query each.
    with django_assert_max_num_queries(11):
        response = api_client.get("/api/v1/search", {"q": "rentadora"})

    assert [c["reference"] for c in response.json()["items"]] == [cases["washer"].reference]
    assert api_client.get("/api/v1/search", {"q": ""}).status_code == 422
