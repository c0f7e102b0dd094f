"""One canonical form for every email address and phone number, so lookups find duplicates."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from mostrador.core.errors import InvalidInput

DEFAULT_PHONE_REGION = "ES"


def normalise_email(value: str) -> str:
    """Return the address trimmed and lower-cased, or raise ``InvalidInput``.

    The local part is case-sensitive in theory, but no mail provider customers use treats it so,
    and two cases from "Anna@x.cat" and "anna@x.cat" are the same person.
    """
    address = value.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidInput(
            _("“%(value)s” is not a valid email address.") % {"value": value},
            code="invalid_email",
            fields={"email": [_("Enter a valid email address.")]},
        ) from None
    return address


def normalise_phone(value: str, *, region: str = DEFAULT_PHONE_REGION) -> str:
    """Return the number in E.164 (+34931234567), or raise ``InvalidInput``.

    Numbers without a country prefix are read as numbers of ``region``.
    """
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise InvalidInput(
            _("“%(value)s” is not a valid phone number.") % {"value": value},
            code="invalid_phone",
            fields={"phone": [_("Enter a valid phone number.")]},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_contact(kind: str, value: str) -> str:
    """Normalise ``value`` as an email or a phone number according to ``kind``."""
    return normalise_email(value) if kind == "email" else normalise_phone(value)


def phone_prefix(value: str, *, region: str = DEFAULT_PHONE_REGION) -> str | None:
    """The start of an E.164 number an operator is typing ("612 34" → "+3461234"), or None
    when ``value`` is not the start of a phone number (letters, fewer than three digits).

    A leading "+" or "00" gives the country code; without one, the number is of ``region``.
    """
    if not re.fullmatch(r"[\d\s+().-]+", value):
        return None
    digits = re.sub(r"\D", "", value)
    if len(digits) < 3:
        return None
    written = value.strip()
    if written.startswith("+"):
        return f"+{digits}"
    if digits.startswith("00"):
        return f"+{digits[2:]}"
    return f"+{phonenumbers.country_code_for_region(region)}{digits}"
