"""Amounts of money as a person reads them, in their language."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _


def format_eur(amount: Decimal | float | int | str | None) -> str:
    """``amount`` euros, written as the active language writes money: "1.234,50 €" in Catalan
    and Spanish, "€1,234.50" in English. Empty for no amount."""
    if amount is None or amount == "":
        return ""
    number = formats.number_format(Decimal(str(amount)), 2, use_l10n=True, force_grouping=True)
    return _("€%(amount)s") % {"amount": number}
