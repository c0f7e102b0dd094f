"""Form fields the staff pages and the portal share."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from mostrador.core.money import amount_example, parse_eur


class AmountField(forms.DecimalField):
    """An amount of euros typed as the reader types money: "1.250,50" or "250,50" in Catalan
    and Spanish, "1,250.50" in English (``core.money.parse_eur``).

    A text box (``inputmode=decimal`` brings up a keyboard with the decimal mark on phones):
    ``<input type=number>`` refuses the decimal comma in many browsers. An amount given as the
    initial value is shown in the reader's format ("1.250,50"), one typed is shown as typed.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(localize=True, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        """An amount given as a number is shown as the reader writes it: "1.250,50"."""
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            places = self.decimal_places or 0
            return formats.number_format(value, places, use_l10n=True, force_grouping=True)
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # stubs: int
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        amount = parse_eur(str(value).strip())
        if amount is None:
            raise ValidationError(
                _("Enter an amount in euros, such as %(example)s.") % {"example": amount_example()},
                code="invalid",
            )
        return amount
