"""A case reference typed in the search box opens the case, if the reader may see it."""

import pytest
from django.test import Client

from mostrador.cases import search
from mostrador.cases.tests.factories import open_case

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(people):
    return open_case(actor=people.operator, subject="La rentadora perd aigua")


@pytest.mark.parametrize(
    "typed",
    [
        "{ref}",
        "{lower}",
        "  {ref}  ",
        "{spaced}",
        "{unpadded}",
    ],
)
def test_a_reference_the_reader_may_see_opens_its_case(
    people, case, typed, django_assert_max_num_queries
):
    prefix, year, number = case.reference.split("-")
    text = typed.format(
        ref=case.reference,
        lower=case.reference.lower(),
        spaced=f"{prefix.lower()} - {year} -{number}",
        unpadded=f"{prefix}-{year}-{int(number)}",
    )
    client = client_for(people.operator)

    # The session, the user, whether an administrator, the case among those the reader sees
    # and its tags (as every list of cases fetches them).
    with django_assert_max_num_queries(5):
        response = client.get("/search/", {"q": text})

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.reference}/"


def test_a_reference_the_reader_may_not_see_finds_nothing(people, case):
    response = client_for(people.technician).get("/search/", {"q": case.reference.lower()})

    page = response.content.decode()
    assert response.status_code == 200
    assert "0 cases found" in page
    assert "rentadora" not in page
    assert f"/cases/{case.reference}/" not in page


def test_an_unknown_reference_finds_nothing(people, case):
    response = client_for(people.operator).get("/search/", {"q": "SAC-1999-000001"})

    assert response.status_code == 200
    assert "0 cases found" in response.content.decode()


def test_part_of_a_reference_is_searched_as_words(people, case):
    prefix, year, _number = case.reference.split("-")
    response = client_for(people.operator).get("/search/", {"q": f"{prefix}-{year}"})

    assert response.status_code == 200
    assert "found" in response.content.decode()


def test_the_forms_of_a_reference_are_exact_values_for_the_unique_index(settings):
    settings.CASE_REFERENCE_PREFIX = "SAC"

    assert search.reference_forms(" sac-2026-123 ") == [
        "SAC-2026-000123",
        "SAC-2026-123",
        "sac-2026-000123",
        "sac-2026-123",
    ]
    assert search.reference_forms("SAC-2026-000123") == ["SAC-2026-000123"]
    assert search.reference_forms("SAC 2026 000123") == []
    assert search.reference_forms("rentadora") == []
