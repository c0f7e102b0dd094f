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
