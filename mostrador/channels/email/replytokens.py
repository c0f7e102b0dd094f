"""Reply addresses that prove a staff member's emailed reply is theirs.

A From address proves nothing: anyone can write a colleague's. So every email sent to a member
of staff about a case carries a Reply-To of its own, ``<mailbox>+s-<token>@<domain>``, whose
token is bound to that person and that case. A reply that comes back to it (in To, Cc,
Delivered-To, X-Original-To or the envelope) shows that they received our email, and becomes
their internal note; see ``placement``. A token expires after ``EMAIL_REPLY_TOKEN_DAYS`` and is
revoked for good when its holder is deactivated or loses access to the case.

Only the SHA-256 of a token is stored. The token itself (160 bits) is derived, each time the
email is composed, from a random salt kept with its hash and from the ``SECRET_KEY``: every
attempt at sending one email carries the same Reply-To (a resend is the same message), and the
database alone gives no token away. Such emails are composed afresh at each attempt, like the
sign-in links, and their bytes are never kept; the tokens in the replies that come back are
blanked out wherever stored mail is shown (``redacted``).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import re
import secrets
from collections.abc import Iterable
from email.headerregistry import Address
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils.crypto import constant_time_compare, salted_hmac

from mostrador.accounts.models import Membership, User
from mostrador.cases import permissions
from mostrador.cases.models import Case
from mostrador.channels.email import threads
from mostrador.channels.email.models import OutboundEmail, ReplyToken
from mostrador.core import timeutils

logger = logging.getLogger(__name__)

# Lower-case base32: survives servers and clients that change the case of addresses.
_TOKEN = re.compile(r"\+s-([a-z2-7]{32})@", re.IGNORECASE)
_TOKEN_BYTES = re.compile(rb"\+s-[a-z2-7]{32}@", re.IGNORECASE)
_KEY_SALT = "mostrador.channels.email.replytokens"
# More tokens than a genuine reply carries are not worth looking up.
_MAX_TOKENS = 10


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _derive(salt: str, key: str | bytes) -> str:
    digest = salted_hmac(_KEY_SALT, salt, secret=key, algorithm="sha256").digest()
    return base64.b32encode(digest[:20]).decode().lower()


def issue(outbound: OutboundEmail, *, reply_to: str) -> ReplyToken | None:
    """Give ``outbound``, an email to a staff member about a case, a reply address made of
    ``reply_to`` (the mailbox replies come back to, "Name <address>") and a new token.

    Call it in the transaction that logs the email. None for an email to anyone else.
    """
    if outbound.case_id is None or outbound.recipient_user_id is None:
        return None
    salt = secrets.token_hex(16)
    now = timeutils.now()
    return ReplyToken.objects.create(
        outbound=outbound,
        user_id=outbound.recipient_user_id,
        case_id=outbound.case_id,
        address=reply_to[:254],
        salt=salt,
        token_sha256=_sha256(_derive(salt, settings.SECRET_KEY)),
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.EMAIL_REPLY_TOKEN_DAYS),
    )


def reply_to(outbound: OutboundEmail) -> str | None:
    """The Reply-To of ``outbound``, the same at every attempt; None when it has no token."""
    row = ReplyToken.objects.filter(outbound=outbound).first()
    if row is None:
        return None
    name, address = parseaddr(row.address)
    local, _at, domain = address.rpartition("@")
    return str(Address(display_name=name, username=f"{local}+s-{_token_of(row)}", domain=domain))


def _token_of(row: ReplyToken) -> str:
    for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        token = _derive(row.salt, key)
        if constant_time_compare(_sha256(token), row.token_sha256):
            return token
    # The key the token was made with is gone: a new one with today's key (an earlier attempt's
    # address, if it was delivered, proves nothing any more).
    logger.warning("email %s: reply token made again, the SECRET_KEY changed", row.outbound_id)
    token = _derive(row.salt, settings.SECRET_KEY)
    row.token_sha256 = _sha256(token)
    row.save(update_fields=["token_sha256"])
    return token


def proves(addresses: Iterable[str], *, user: User, case: Case) -> bool:
    """Whether one of ``addresses`` carries a live token of ``user`` for ``case`` (or for a
    case merged into it)."""
    tokens = {match.group(1).lower() for value in addresses for match in _TOKEN.finditer(value)}
    if not tokens:
        return False
    live = ReplyToken.objects.filter(
        token_sha256__in=[_sha256(token) for token in sorted(tokens)[:_MAX_TOKENS]],
        user=user,
        revoked_at__isnull=True,
        expires_at__gt=timeutils.now(),
    )
    case_ids = live.values_list("case_id", flat=True)
    return any(threads.follow_merges(case_id).pk == case.pk for case_id in case_ids)


def redacted(value: str) -> str:
    """``value`` with the tokens of reply addresses blanked out, for logs and downloads."""
    return _TOKEN.sub("+s-REDACTED@", value)


def redacted_bytes(raw: bytes) -> bytes:
    """``raw`` (a stored email) with the tokens of reply addresses in it blanked out."""
    return _TOKEN_BYTES.sub(b"+s-REDACTED@", raw)


def revoke_lost(user: User) -> int:
    """Revoke ``user``'s live tokens for the cases they may no longer work on (all of them
    once they are deactivated); return how many. Revoked for good: getting access back
    later does not bring back a secret that may have leaked meanwhile."""
    now = timeutils.now()
    live = ReplyToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    if user.is_active:
        cases = Case.objects.filter(pk__in=live.values("case_id")).select_related("department")
        lost = [case.pk for case in cases if not permissions.can_work_on_case(user, case)]
        live = live.filter(case_id__in=lost)
    return live.update(revoked_at=now)


def _user_saved(sender: Any, instance: User, **kwargs: Any) -> None:
    if not instance.is_active:
        revoke_lost(instance)


def _membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    # A fresh copy: the one saved may carry roles cached before the change.
    user = User.objects.filter(pk=instance.user_id).first()
    if user is not None:
        revoke_lost(user)


def connect() -> None:
    """Revoke tokens as accounts change (called once, from ``ready()``)."""
    post_save.connect(_user_saved, sender=User, dispatch_uid="channels-reply-tokens-user")
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            _membership_changed,
            sender=Membership,
            dispatch_uid=f"channels-reply-tokens-membership-{name}",
        )
