"""Customers background tasks."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from mostrador.core import timeutils
from mostrador.customers import signin


@task()
def send_sign_in_link(link_id: int, link_url: str) -> bool:
    """Make a sign-in link's token and email the link in the customer's language.

    False when the link was sent already, used or has expired (nothing is sent).
    """
    issued = signin.issue_token(link_id)
    if issued is None:
        return False
    link, token = issued
    context = {
        "customer": link.customer,
        "url": f"{link_url}?{urlencode({'token': token})}",
        "expires_local": timeutils.to_zone(link.expires_at),
        "minutes": settings.PORTAL_SIGN_IN_LINK_MINUTES,
    }
    with translation.override(link.customer.language):
        subject = render_to_string("customers/email/sign_in_link_subject.txt", context).strip()
        body = render_to_string("customers/email/sign_in_link_body.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[link.email]).send()
    return True
