"""Template helpers of the staff workspace: event lines, business-time spans, highlights."""

from __future__ import annotations

import datetime as dt
import re
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


@register.filter
def highlight(text: str, query: str) -> SafeString:
    """``text`` escaped, with each word ``query`` looks for marked (case as written).

    The words are found in the text and each piece escaped after, so that a word is never
    found inside an escape ("&lt;") and an operator (OR, -word) is never marked.
    """
    words = sorted(search.sought_words(query or ""), key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("(" + "|".join(re.escape(word) for word in words) + ")", re.IGNORECASE)
    pieces = pattern.split(text)
    # split() with one group alternates: text, match, text, match, ..., text.
    marked = [
        format_html("<mark>{}</mark>", piece) if index % 2 else escape(piece)
        for index, piece in enumerate(pieces)
    ]
    return mark_safe("".join(marked))  # noqa: S308  (every piece escaped above)


@register.filter
def excerpt(text: str, query: str, width: int = 160) -> str:
    """The part of ``text`` around the first word of ``query`` it contains."""
    words = search.sought_words(query or "")
    lower = text.lower()
    hits = [lower.find(w.lower()) for w in words if w.lower() in lower]
    start = max(min(hits, default=0) - width // 3, 0)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
