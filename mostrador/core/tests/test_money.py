"""Amounts of money as people of each language write and type them."""

from decimal import Decimal

import pytest
from django.utils import translation

from mostrador.core.money import amount_example, format_eur, parse_eur


@pytest.mark.parametrize(
    ("language", "small", "large"),
    [
        ("ca", "250,50 €", "1.250,50 €"),
        ("es", "250,50 €", "1.250,50 €"),
        ("en", "€250.50", "€1,250.50"),
    ],
)
def test_an_amount_reads_as_the_readers_language_writes_money(language, small, large):
    with translation.override(language):
        assert format_eur(Decimal("250.5")) == small
        assert format_eur("1250.50") == large
        assert format_eur(None) == ""


@pytest.mark.parametrize("language", ["ca", "es"])
@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("250,50", "250.50"),
        ("1.250,50", "1250.50"),
        ("1.250", "1250"),
        ("1250", "1250"),
        ("250.50", "250.50"),  # a point before two digits cannot group thousands
        ("1.250.000,5", "1250000.5"),
        ("1 250,50 €", "1250.50"),
        ("€30", "30"),
        ("-5", "-5"),
    ],
)
def test_catalan_and_spanish_amounts_take_the_decimal_comma(language, typed, amount):
    with translation.override(language):
        assert parse_eur(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("250.50", "250.50"), ("1,250.50", "1250.50"), ("1,250", "1250"), ("250,50", "250.50")],
)
def test_english_amounts_take_the_decimal_point(typed, amount):
    with translation.override("en"):
        assert parse_eur(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("ca", "12abc"),
        ("ca", "1.25.0"),
        ("ca", "1.2345,00"),
        ("ca", "250,5,0"),
        ("ca", "1,250.50"),
        ("ca", ""),
        ("ca", "--5"),
        ("en", "1.250,50"),
        ("en", "1,25,0"),
        ("en", "NaN"),
        ("en", "1e5"),
    ],
)
def test_what_is_no_amount_is_refused(language, typed):
    with translation.override(language):
        assert parse_eur(typed) is None


def test_the_example_an_error_gives_is_typed_as_the_reader_types_money():
    with translation.override("ca"):
        assert amount_example() == "1.250,50"
    with translation.override("en"):
        assert amount_example() == "1,250.50"
