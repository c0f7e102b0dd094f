"""Finding the caller as the operator types: the best match first, and a cheap "more"."""

import pytest

from mostrador.customers import selectors, services
from mostrador.customers.normalisation import phone_prefix

pytestmark = pytest.mark.django_db


def customer(name, *, emails=(), phones=()):
    return services.create_customer(name=name, emails=emails, phones=phones, actor=None)


def test_a_partly_typed_number_reads_as_the_start_of_a_stored_one():
    assert phone_prefix("612 34") == "+3461234"
    assert phone_prefix("+33 6 12") == "+33612"
    assert phone_prefix("0033 612") == "+33612"
    assert phone_prefix("(93) 1") == "+34931"
    assert phone_prefix("61") is None
    assert phone_prefix("Jordi 612") is None


def test_the_exact_phone_comes_first_even_when_another_name_holds_its_digits(
    django_assert_num_queries,
):
    shop = customer("Botiga 612345678", phones=["+34 699 000 111"])
    partial = customer("Aina Bosch", phones=["+34 661 234 567"])  # holds "612345" only
    caller = customer("Zoe Vidal", phones=["612 34 56 78"])

    with django_assert_num_queries(2):  # the customers, then their contacts
        found = selectors.search_customers("612 345 678")

    assert found[0] == caller
    assert shop in found
    assert partial not in found  # "612345678" is not inside +3466123456
    assert selectors.search_customers("+34612345678")[0] == caller
    assert selectors.search_customers("0034 612-34-56-78")[0] == caller


def test_the_exact_email_comes_first_then_those_starting_with_it():
    alias = customer("Anna Vidal", emails=["jordi@example.cat.old.example.com"])
    named = customer("Jordi Vila", emails=["jvila@example.cat"])
    exact = customer("Xavier Puig", emails=["jordi@example.cat"])

    assert selectors.search_customers("JORDI@example.cat") == [exact, alias]
    # Starting with it, a name and an address are equals: by name.
    assert selectors.search_customers("jordi") == [alias, named, exact]


def test_what_starts_with_the_text_comes_before_a_word_then_a_part_of_it():
    inside = customer("Mariona Puig")  # "rion" inside a word: last
    word = customer("Anna Riona")  # a word of the name starts with it
    start = customer("Rionet Serra")  # the name starts with it
    by_phone = customer("Zeta", phones=["+34 612 11 22 33"])

    assert selectors.search_customers("rion") == [start, word, inside]
    assert selectors.search_customers("612 11") == [by_phone]


def test_equal_matches_keep_a_stable_order_by_name_then_age():
    second = customer("Pere Soler")
    first = customer("Anna Soler")
    twin = customer("Pere Soler")

    assert selectors.search_customers("soler") == [first, second, twin]


def test_every_word_of_a_name_counts_in_any_order():
    jordi = customer("Jordi Vila Puig")
    customer("Jordi Serra")

    assert selectors.search_customers("vila jordi") == [jordi]


def test_more_matches_than_shown_are_counted_only_when_there_are_more(
    django_assert_num_queries,
):
    for number in range(12):
        customer(f"Soler {number:02d}")

    with django_assert_num_queries(2):
        few = selectors.search_customers_counted("soler", limit=12)
    with django_assert_num_queries(3):  # one count more, bounded
        many = selectors.search_customers_counted("soler", limit=10)

    assert (len(few.customers), few.total, few.more) == (12, 12, False)
    assert (len(many.customers), many.total, many.capped, many.more) == (10, 12, False, True)
    assert [c.name for c in many.customers] == [f"Soler {n:02d}" for n in range(10)]


def test_the_count_stops_at_its_cap(monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    for number in range(8):
        customer(f"Soler {number}")

    found = selectors.search_customers_counted("soler", limit=3)

    assert (len(found.customers), found.total, found.capped, found.more) == (3, 5, True, True)


def test_too_short_a_text_finds_nobody(django_assert_num_queries):
    customer("Anna")
    with django_assert_num_queries(0):
        assert selectors.search_customers_counted(" a ", limit=10).customers == []
