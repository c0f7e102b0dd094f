"""A case message as it came by email: the original to download, the formatted version to read."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.csp import csp_override

from mostrador.accounts.models import User
from mostrador.cases import selectors
from mostrador.channels.email import htmlmail, replytokens
from mostrador.channels.email import selectors as email_selectors
from mostrador.core.errors import NotFound


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def original(request: HttpRequest, reference: str, message_id: int) -> HttpResponse:
    """The message exactly as it was received, as an .eml file; only the tokens of our reply
    addresses in it are blanked out, or a colleague could write notes in its sender's name."""
    email = email_selectors.original_email_for_user(message_id, _user(request))
    if email.case_message is None or email.case_message.case.reference != reference:
        raise NotFound()
    raw = replytokens.redacted_bytes(bytes(email.raw))
    response = HttpResponse(raw, content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="{reference}-{message_id}.eml"'
    # As for attachments: whatever the customer sent never renders in our origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The customer's HTML runs nothing and reaches nothing: no scripts, no remote images, no
# forms; its own inline styles only. Links open outside the sandbox, in a new tab.
_SANDBOXED = {
    "default-src": ["'none'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
    "sandbox": ["allow-popups", "allow-popups-to-escape-sandbox"],
}


@login_required
@csp_override(_SANDBOXED)
def formatted(request: HttpRequest, reference: str, message_id: int) -> HttpResponse:
    """The sanitised HTML of a message, with its inline images, in a sandboxed page."""
    case = selectors.get_case_for_user(reference, _user(request))
    message = case.messages.filter(pk=message_id).exclude(html="").first()
    if message is None:
        raise NotFound()
    images = {
        a.content_id: reverse("api:download_attachment", args=[a.pk])
        for a in message.attachments.exclude(content_id="")
    }

    def inline(match: re.Match[str]) -> str:
        return f'src="{images.get(match.group(1), "")}"'

    html = re.sub(r'src="cid:([^"]+)"', inline, htmlmail.sanitise(message.html))
    context = {"case": case, "message": message, "html": mark_safe(html)}  # noqa: S308  (sanitised just above)
    return render(request, "web/cases/formatted.html", context)
