"""Template helpers of the staff workspace: event lines, business-time spans, highlights."""

from __future__ import annotations

import datetime as dt
import re
from decimal import InvalidOperation
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostrador.accounts import audit
from mostrador.cases import search
from mostrador.core import events
from mostrador.core.models import Event
from mostrador.core.money import format_eur

register = template.Library()


@register.filter
def lookup(mapping: dict[Any, Any] | None, key: Any) -> Any:
    """``mapping[key]``, or None: a dictionary read in a template."""
    return (mapping or {}).get(key)


@register.filter
def describe(event: Event) -> str:
    """One line saying what happened, in the reader's language, as its app declares it."""
    return events.describe(event.verb, event.data)


@register.filter
def reads_security_log(user: Any) -> bool:
    """Whether ``user`` is an administrator, who reads the security log (the menu asks only
    of staff, beside the admin's link, so that other pages cost no query for it)."""
    return user.is_authenticated and audit.can_read_security_log(user)


@register.filter
def event_label(event: Event) -> str:
    """The name of the kind of ``event``, in the reader's language."""
    return events.label(event.verb)


@register.filter
def span(value: dt.timedelta | None) -> str:
    """A duration as people say it: "2 d 3 h", "3 h 20 min", "12 min"."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return ngettext("%(minutes)d min", "%(minutes)d min", minutes) % {"minutes": minutes}


def _marks(sought: str | search.Marks | None) -> search.Marks:
    """The marks a page computed (``search.marks_for``), or those of a query as typed."""
    return sought if isinstance(sought, search.Marks) else search.marks_for(sought or "")


@register.filter
def highlight(text: str, sought: str | search.Marks | None) -> SafeString:
    """``text`` escaped, with each whole word the search matched marked (case as written).

    ``sought`` is the query, or better the page's ``search.marks_for_cases`` (which knows the words
    the engine matched by their stem). The text is cut into words first and each piece escaped
    after, so that a word is never found inside an escape ("&lt;"), nor part of a word marked
    ("port" in "support"), nor an operator (OR, -word).
    """
    marks = _marks(sought)
    if not marks.sought:
        return escape(text)
    # split() with one group alternates: between words, word, between, word, ..., between.
    pieces = re.split(f"({search.WORD.pattern})", str(text))
    marked = [
        format_html("<mark>{}</mark>", piece) if index % 2 and marks.marks(piece) else escape(piece)
        for index, piece in enumerate(pieces)
    ]
    return mark_safe("".join(marked))  # noqa: S308  (every piece escaped above)


@register.filter
def excerpt(text: str, sought: str | search.Marks | None, width: int = 160) -> str:
    """The part of ``text`` around the first word it holds that ``highlight`` marks."""
    marks = _marks(sought)
    hits = (match.start() for match in search.WORD.finditer(text) if marks.marks(match.group()))
    start = max(next(hits, 0) - width // 3, 0)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


@register.filter
def eur(amount: Any) -> str:
    """An amount of euros as the reader writes money: "1.250,50 €", "€1,250.50"; "—" for none."""
    try:
        return format_eur(amount) or "—"
    except (InvalidOperation, ValueError, TypeError):  # not a number: shown as it is
        return str(amount)
