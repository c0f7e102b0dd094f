"""Amounts of money as a person reads and types them, in their language."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _

# What people put around or inside an amount that says nothing of its value: the euro sign or
# code, and spaces (ordinary, no-break and narrow no-break, as in "1 250,50").
_NOISE = re.compile(r"[\s\u00a0\u202f€]|EUR", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_GROUPED = r"\d{1,3}(?:%s\d{3})+"


def format_eur(amount: Decimal | float | int | str | None) -> str:
    """``amount`` euros, written as the active language writes money: "1.234,50 €" in Catalan
    and Spanish, "€1,234.50" in English. Empty for no amount."""
    if amount is None or amount == "":
        return ""
    number = formats.number_format(Decimal(str(amount)), 2, use_l10n=True, force_grouping=True)
    return _("€%(amount)s") % {"amount": number}


def amount_example() -> str:
    """An amount as the active language types it ("1.250,50", "1,250.50"), for messages."""
    return formats.number_format(Decimal("1250.50"), 2, use_l10n=True, force_grouping=True)


def parse_eur(text: str) -> Decimal | None:
    """The amount ``text`` says, typed as people of the active language type money; None when
    it is not one.

    Catalan and Spanish: "250,50", "1.250,50", "1250"; English: "250.50", "1,250.50". The
    other language's decimal mark is taken too when it cannot be a thousands separator
    ("250.50" in Catalan, "250,50" in English: not followed by three digits). Grouping must be
    by threes ("1.25.0" is no amount); a euro sign and spaces are ignored.
    """
    cleaned = _NOISE.sub("", text)
    sign = "-" if cleaned.startswith("-") else ""
    cleaned = cleaned.removeprefix("-") if sign else cleaned.removeprefix("+")
    decimal_mark = formats.get_format("DECIMAL_SEPARATOR")
    grouping_mark = "." if decimal_mark == "," else ","
    number = _plain_number(cleaned, decimal_mark, grouping_mark)
    if number is None:
        return None
    try:
        return Decimal(sign + number)
    except InvalidOperation:
        return None


def _plain_number(text: str, decimal_mark: str, grouping_mark: str) -> str | None:
    """``text`` as "1250.50", or None."""
    whole, mark, fraction = text.rpartition(decimal_mark)
    if not mark:
        whole, fraction = text, ""
        if text.count(grouping_mark) == 1 and not re.fullmatch(
            _GROUPED % re.escape(grouping_mark), text
        ):
            # "250.50" in Catalan: a single point not followed by three digits is a decimal mark.
            whole, _mark, fraction = text.partition(grouping_mark)
            mark = _mark
    if mark and not _DIGITS.fullmatch(fraction):
        return None
    if grouping_mark in whole:
        if not re.fullmatch(_GROUPED % re.escape(grouping_mark), whole):
            return None
        whole = whole.replace(grouping_mark, "")
    if not _DIGITS.fullmatch(whole):
        return None
    return f"{whole}.{fraction}" if fraction else whole
