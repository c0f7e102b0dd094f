"""Template helpers of the staff workspace: event lines, business-time spans, highlights."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mostrador.cases.choices import CaseStatus
from mostrador.core.models import Event

register = template.Library()


def _status(value: Any) -> str:
    return str(CaseStatus(value).label) if value in CaseStatus.values else str(value)


_LINK_REASONS = {
    "other_sender": gettext_lazy("a reply to it came from someone who is not part of it"),
    "after_reopen_window": gettext_lazy("the customer wrote again long after it ended"),
}


def _describe(verb: str, data: dict[str, Any]) -> str:  # noqa: C901, PLR0911  (one line per verb)
    if verb == "cases.case.opened":
        return _("opened the case")
    if verb == "cases.case.status_changed":
        return _("changed the status from “%(from)s” to “%(to)s”") % {
            "from": _status(data.get("from")),
            "to": _status(data.get("to")),
        }
    if verb == "cases.case.transferred":
        return _("transferred the case") + (f": {data['note']}" if data.get("note") else "")
    if verb == "cases.case.assigned":
        return _("assigned the case")
    if verb == "cases.case.updated":
        return _("changed %(fields)s") % {"fields": ", ".join(sorted(data))}
    if verb == "cases.case.merged":
        if data.get("into"):
            return _("merged this case into %(reference)s") % {"reference": data["into"]}
        return _("merged %(reference)s into this case") % {"reference": data.get("from", "")}
    if verb == "cases.case.linked":
        line = _("linked this case with %(reference)s") % {"reference": data.get("other", "")}
        reason = _LINK_REASONS.get(data.get("reason", ""))
        return f"{line}: {reason}" if reason else line
    if verb == "cases.consultation.requested":
        return _("asked another department")
    if verb == "cases.consultation.answered":
        return _("answered the consultation")
    if verb in ("cases.consultation.escalated", "cases.approval.escalated"):
        return _("escalated to the head: past its due time")
    if verb == "cases.approval.requested":
        return _("asked for authorisation: %(amount)s EUR") % {"amount": data.get("amount", "")}
    if verb == "cases.approval.granted_within_limit":
        return _("granted %(amount)s EUR within their authority limit") % {
            "amount": data.get("amount", "")
        }
    if verb == "cases.approval.approved":
        return _("approved the request")
    if verb == "cases.approval.rejected":
        return _("rejected the request: %(reason)s") % {"reason": data.get("reason", "")}
    if verb == "cases.case.at_risk":
        return _("a due time is close")
    if verb == "cases.case.breached":
        return _("a due time has passed")
    if verb == "cases.case.forwarded_to_authority":
        return _("forwarded to %(authority)s") % {"authority": data.get("authority", "")}
    if verb == "cases.followup.done":
        return _("checked back with the customer")
    return _describe_email(verb, data)


def _describe_email(verb: str, data: dict[str, Any]) -> str:
    to = data.get("to", "")
    if verb == "channels.email.failed":
        return _("an email to %(to)s could not be delivered: %(error)s") % {
            "to": to,
            "error": data.get("error", ""),
        }
    if verb == "channels.email.bounced":
        return _("an email to %(to)s bounced: %(reason)s") % {
            "to": to,
            "reason": " ".join(filter(None, [data.get("status"), data.get("diagnostic")])),
        }
    if verb == "channels.email.delayed":
        return _("an email to %(to)s is delayed; the mail server keeps trying") % {"to": to}
    if verb == "channels.email.auto_replied":
        return _("an automatic reply came from %(sender)s: %(subject)s") % {
            "sender": data.get("from", ""),
            "subject": data.get("subject", ""),
        }
    if verb == "channels.email.files_refused":
        return _("files not kept (the original email has them): %(problems)s") % {
            "problems": " ".join(data.get("problems", []))
        }
    return verb


@register.filter
def lookup(mapping: dict[Any, Any] | None, key: Any) -> Any:
    """``mapping[key]``, or None: a dictionary read in a template."""
    return (mapping or {}).get(key)


@register.filter
def describe(event: Event) -> str:
    """One line saying what happened, in the reader's language."""
    return _describe(event.verb, event.data or {})


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
    """``text`` escaped, with each word of ``query`` marked (case and accents as typed)."""
    words = sorted(set(re.findall(r"\w{2,}", query or "")), key=len, reverse=True)
    escaped = escape(text)
    if not words:
        return mark_safe(escaped)  # noqa: S308  (escaped above)
    pattern = re.compile("|".join(re.escape(escape(w)) for w in words), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))  # noqa: S308


@register.filter
def excerpt(text: str, query: str, width: int = 160) -> str:
    """The part of ``text`` around the first word of ``query`` it contains."""
    words = re.findall(r"\w{2,}", query or "")
    lower = text.lower()
    hits = [lower.find(w.lower()) for w in words if w.lower() in lower]
    start = max(min(hits, default=0) - width // 3, 0)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
