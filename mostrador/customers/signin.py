"""Signing customers in to the portal with one-time links sent by email: no password.

The request for a link answers nothing: the same for an address no customer has, one a
customer has, and one that already asked too often, so the portal never tells anyone who our
customers are. The link is a notice (``notices.SIGN_IN_LINK``) delivered like every email, with
its log, retries and bounces; only the SHA-256 of its token is stored, and the token is made
when the email is composed, so it never rests in the database, the task queue or the log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from mostrador.core import notices, timeutils
from mostrador.core.errors import InvalidInput
from mostrador.core.services import record_event
from mostrador.customers.models import Customer, SignInLink
from mostrador.customers.normalisation import normalise_email
from mostrador.customers.selectors import customer_with_email

# 256 bits from the system's CSPRNG, as URL-safe text.
TOKEN_BYTES = 32
# Longer than any token we make: anything longer is not worth hashing.
MAX_TOKEN_LENGTH = 100


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signed_in_customer(customer_id: object) -> Customer | None:
    """The customer a portal session names, or None if it names none (or one since deleted)."""
    if not isinstance(customer_id, int):
        return None
    return Customer.objects.filter(pk=customer_id).first()


@transaction.atomic
def request_sign_in_link(*, email: str, link_url: str) -> None:
    """Email a one-time sign-in link to ``email`` if it is a customer's address.

    ``link_url`` is the absolute URL of the page that redeems links; the token goes in its
    ``token`` query parameter. At most ``PORTAL_SIGN_IN_LINKS_PER_HOUR`` links per address and
    hour; past that, requests are dropped silently. Raises ``InvalidInput`` only for a malformed
    address. Records ``customers.sign_in_link.requested`` and the notice ``customers.sign_in_link``
    in the customer's language; the email channel makes the token when it composes the email.
    """
    address = normalise_email(email)
    found = customer_with_email(address)
    if found is None:
        return
    # Requests for one customer queue here (PostgreSQL; SQLite serialises every write), so two
    # at once cannot both slip under the limit.
    customer = Customer.objects.select_for_update().get(pk=found.pk)
    now = timeutils.now()
    recent = SignInLink.objects.filter(email=address, created_at__gt=now - dt.timedelta(hours=1))
    if recent.count() >= settings.PORTAL_SIGN_IN_LINKS_PER_HOUR:
        return
    link = SignInLink.objects.create(
        customer=customer,
        email=address,
        created_at=now,
        expires_at=now + dt.timedelta(minutes=settings.PORTAL_SIGN_IN_LINK_MINUTES),
    )
    record_event(
        customer, "customers.sign_in_link.requested", data={"link": link.pk, "email": address}
    )
    notices.record_notice(
        "customers.sign_in_link",
        about=link,
        language=customer.language,
        data={"link_url": link_url},
    )


def issue_token(link_id: int) -> tuple[SignInLink, str] | None:
    """Make a new token for a link and keep its hash; return both.

    Called each time the link's email is composed: a new attempt after a failed one gets a new
    token, and the token of the attempt before stops working. None when the link was used or
    has expired: nothing is worth sending then.
    """
    token = secrets.token_urlsafe(TOKEN_BYTES)
    issued = SignInLink.objects.filter(
        pk=link_id, used_at__isnull=True, expires_at__gt=timeutils.now()
    ).update(token_sha256=_sha256(token))
    if not issued:
        return None
    return SignInLink.objects.select_related("customer").get(pk=link_id), token


def _invalid(code: str) -> InvalidInput:
    messages = {
        "sign_in_link_unknown": _("This sign-in link is not valid."),
        "sign_in_link_used": _("This sign-in link has already been used."),
        "sign_in_link_expired": _("This sign-in link has expired."),
    }
    return InvalidInput(messages[code], code=code)


@transaction.atomic
def redeem(token: str) -> Customer:
    """Return the customer a sign-in link was sent for, and make the link unusable.

    Raises ``InvalidInput`` with the code ``sign_in_link_unknown``, ``sign_in_link_used`` or
    ``sign_in_link_expired``. One conditional UPDATE marks the link used, so of two redemptions
    at once exactly one succeeds. Records ``customers.customer.signed_in``.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise _invalid("sign_in_link_unknown")
    link = SignInLink.objects.select_related("customer").filter(token_sha256=_sha256(token)).first()
    if link is None:
        raise _invalid("sign_in_link_unknown")
    now = timeutils.now()
    if link.used_at is not None:
        raise _invalid("sign_in_link_used")
    if link.expires_at <= now:
        raise _invalid("sign_in_link_expired")
    won = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(
        used_at=now
    )
    if not won:
        raise _invalid("sign_in_link_used")
    record_event(
        link.customer,
        "customers.customer.signed_in",
        data={"link": link.pk, "email": link.email},
    )
    return link.customer
