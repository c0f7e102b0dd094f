"""A results page marks the words searched for in the text as written, escaped once."""

import pytest
from django.test import Client

from mostrador.cases.search import sought_words
from mostrador.cases.tests.factories import open_case
from mostrador.web.templatetags.workspace import highlight

pytestmark = pytest.mark.django_db


def test_a_word_is_marked_in_the_text_never_inside_an_escape():
    marked = highlight("Preu < 100 & lt", "lt")

    assert marked == "Preu &lt; 100 &amp; <mark>lt</mark>"


def test_operators_and_excluded_words_are_not_marked():
    assert sought_words("rentadora OR assecadora -forn") == ["rentadora", "assecadora"]
    marked = highlight("El motor del forn i la rentadora", "rentadora OR assecadora -forn")

    assert marked == "El motor del forn i la <mark>rentadora</mark>"


def test_marks_keep_the_case_as_written_and_escape_the_word_itself():
    assert highlight("L'Assecadora", "assecadora") == "L&#x27;<mark>Assecadora</mark>"
    assert highlight("a <b> c", "") == "a &lt;b&gt; c"


def test_the_search_page_marks_found_words_and_keeps_ampersands_whole(people):
    open_case(
        actor=people.operator,
        subject="Rentadora & assecadora <lt>",
        body="La rentadora & l'assecadora no funcionen.",
    )
    client = Client()
    client.force_login(people.operator)
    page = client.get("/search/", {"q": "rentadora OR lt"}).content.decode()

    assert "<mark>Rentadora</mark> &amp; assecadora &lt;<mark>lt</mark>&gt;" in page
    assert "&<mark>" not in page


def test_only_whole_words_are_marked_never_a_part_of_one():
    marked = highlight("Port: the portal and support of the PORT", "port")

    assert marked == "<mark>Port</mark>: the portal and support of the <mark>PORT</mark>"


def test_a_word_typed_without_its_accents_marks_it_as_written_as_the_index_matches_it():
    assert highlight("Reclamació rebuda", "reclamacio") == "<mark>Reclamació</mark> rebuda"
    assert highlight("reclamacio", "RECLAMACIÓ") == "<mark>reclamacio</mark>"


def test_marks_around_escaped_text_keep_it_escaped():
    marked = highlight('<b>port</b> & "port"', "port")

    assert marked == "&lt;b&gt;<mark>port</mark>&lt;/b&gt; &amp; &quot;<mark>port</mark>&quot;"


def test_words_the_engine_matched_by_their_stem_are_marked_on_postgresql(
    people, django_assert_max_num_queries
):
    from django.db import connection

    from mostrador.cases import search

    english = open_case(subject="The port and the portal", language="en")
    catalan = open_case(subject="El port i el portal", language="ca")
    search.marks_for_cases("port", [english], {})  # the configurations, looked up once

    with django_assert_max_num_queries(1 if connection.vendor == "postgresql" else 0):
        marks = search.marks_for_cases("ports", [english, catalan], {})

    if connection.vendor == "postgresql":
        # English stems "ports" and "port" alike, and "portal" apart; Catalan stems "portal"
        # as "port", so the search finds it there, and it is marked there only.
        assert highlight(english.subject, marks[english.pk]) == (
            "The <mark>port</mark> and the portal"
        )
        assert highlight(catalan.subject, marks[catalan.pk]) == (
            "El <mark>port</mark> i el <mark>portal</mark>"
        )
    else:
        # FTS5 here has no stemmer: "ports" finds only "ports", and only that is marked.
        assert highlight(catalan.subject, marks[catalan.pk]) == "El port i el portal"
        assert highlight(english.subject, marks[english.pk]) == "The port and the portal"
        assert highlight("Two ports", marks[english.pk]) == "Two <mark>ports</mark>"


def test_the_search_page_marks_whole_words_and_quotes_the_message_holding_one(
    people, django_assert_max_num_queries
):
    case = open_case(
        actor=people.operator,
        subject="Port USB trencat",
        body="Vaig trucar al suport i em van enviar al portal.",
    )
    from mostrador.cases import services

    services.add_message(
        case,
        kind="note",
        body="El port de darrere tampoc funciona.",
        actor=people.operator,
        channel="workspace",
    )
    client = Client()
    client.force_login(people.operator)

    # PostgreSQL looks up its text-search configurations once per process (3 queries) and
    # the stems of the words shown (1).
    with django_assert_max_num_queries(11):
        page = client.get("/search/", {"q": "port"}).content.decode()

    assert "<mark>Port</mark> USB trencat" in page
    assert "El <mark>port</mark> de darrere" in page  # not the first message, without "port"
    assert "<mark>port</mark>al" not in page
    assert "su<mark>" not in page
