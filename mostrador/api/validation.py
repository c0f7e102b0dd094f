"""What is wrong with a request's fields, said in the request's language.

Ninja checks requests with pydantic, whose messages are English; each error also carries a
stable ``type`` and its limits in ``ctx``, from which we say it again in Catalan, Spanish or
English. A type we do not know keeps a translated general message, never pydantic's English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _choices(ctx: Mapping[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace("'", "")


MESSAGES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "missing": lambda ctx: _("This field is required."),
    "extra_forbidden": lambda ctx: _("This field is not known: check its name."),
    "string_too_short": lambda ctx: (
        ngettext(
            "Write at least %(count)d character.",
            "Write at least %(count)d characters.",
            int(ctx.get("min_length", 1)),
        )
        % {"count": int(ctx.get("min_length", 1))}
    ),
    "string_too_long": lambda ctx: (
        ngettext(
            "Write at most %(count)d character.",
            "Write at most %(count)d characters.",
            int(ctx.get("max_length", 0)),
        )
        % {"count": int(ctx.get("max_length", 0))}
    ),
    "too_long": lambda ctx: (
        ngettext(
            "Give at most %(count)d item.",
            "Give at most %(count)d items.",
            int(ctx.get("max_length", 0)),
        )
        % {"count": int(ctx.get("max_length", 0))}
    ),
    "too_short": lambda ctx: (
        ngettext(
            "Give at least %(count)d item.",
            "Give at least %(count)d items.",
            int(ctx.get("min_length", 1)),
        )
        % {"count": int(ctx.get("min_length", 1))}
    ),
    "greater_than_equal": lambda ctx: _("It must be %(limit)s or more.") % {"limit": ctx.get("ge")},
    "greater_than": lambda ctx: _("It must be more than %(limit)s.") % {"limit": ctx.get("gt")},
    "less_than_equal": lambda ctx: _("It must be %(limit)s or less.") % {"limit": ctx.get("le")},
    "less_than": lambda ctx: _("It must be less than %(limit)s.") % {"limit": ctx.get("lt")},
    "int_parsing": lambda ctx: _("Write a whole number."),
    "int_type": lambda ctx: _("Write a whole number."),
    "int_from_float": lambda ctx: _("Write a whole number."),
    "decimal_parsing": lambda ctx: _("Write a number, such as 120.50."),
    "decimal_type": lambda ctx: _("Write a number, such as 120.50."),
    "float_parsing": lambda ctx: _("Write a number, such as 120.50."),
    "decimal_max_places": lambda ctx: (
        ngettext(
            "Use at most %(count)d decimal place.",
            "Use at most %(count)d decimal places.",
            int(ctx.get("decimal_places", 2)),
        )
        % {"count": int(ctx.get("decimal_places", 2))}
    ),
    "decimal_max_digits": lambda ctx: _("The number is too large."),
    "decimal_whole_digits": lambda ctx: _("The number is too large."),
    "bool_parsing": lambda ctx: _("Write true or false."),
    "bool_type": lambda ctx: _("Write true or false."),
    "date_parsing": lambda ctx: _("Write the date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda ctx: _("Write the date as YYYY-MM-DD."),
    "date_type": lambda ctx: _("Write the date as YYYY-MM-DD."),
    "datetime_parsing": lambda ctx: _(
        "Write the date and time as ISO 8601, such as 2026-03-04T10:00:00+01:00."
    ),
    "datetime_from_date_parsing": lambda ctx: _(
        "Write the date and time as ISO 8601, such as 2026-03-04T10:00:00+01:00."
    ),
    "datetime_type": lambda ctx: _(
        "Write the date and time as ISO 8601, such as 2026-03-04T10:00:00+01:00."
    ),
    "enum": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": _choices(ctx)},
    "literal_error": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": _choices(ctx)},
    "string_type": lambda ctx: _("Write a text."),
    "list_type": lambda ctx: _("Give a list."),
    "dict_type": lambda ctx: _("Give an object."),
    "model_type": lambda ctx: _("Give an object."),
    "model_attributes_type": lambda ctx: _("Give an object."),
    "json_invalid": lambda ctx: _("The request is not valid JSON."),
}


def message(error: Mapping[str, Any]) -> str:
    """One pydantic error, said in the active language."""
    say = MESSAGES.get(str(error.get("type", "")))
    if say is None:
        return _("This value is not valid.")
    return say(error.get("ctx") or {})
