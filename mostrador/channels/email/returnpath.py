"""Personal return paths (VERP): the envelope sender of each email names that email.

A mail system that cannot deliver an email reports it to the email's envelope sender (RFC 5321
§4.5.5, §6.1), and only mail systems write there: people answer the From or the Reply-To. So
every email Mostrador sends goes out with the envelope sender ``<local>+<token>@<domain>``,
made of ``EMAIL_BOUNCE_ADDRESS`` and a random token stored on the email
(``OutboundEmail.bounce_token``): a bounce that comes back to that address names this email
and no other, whatever the reporting server kept of the original. The headers the customer
sees (From, Reply-To) do not change.

The token is random, not derived: it proves nothing (a bounce is no privilege) and only has to
be unguessable enough that nobody marks someone else's email as bounced, and to survive the
mail systems that change the case of addresses, hence lower-case base32. With
``EMAIL_BOUNCE_ADDRESS`` empty, mail goes out with its From address as envelope sender, as
before, and bounces are matched by the Message-ID they quote only.

This module only reads settings and addresses; looking tokens up is ``reports``' work.
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Iterable, Sequence
from email.message import Message
from email.utils import getaddresses, parseaddr

from django.conf import settings

# 128 bits: 26 lower-case base32 characters, 34 with "bounces+", well within the 64 of a
# local part (RFC 5321 §4.5.3.1.1).
TOKEN_BYTES = 16
_TOKEN = re.compile(r"[a-z2-7]{26}")
# The headers a receiving server writes the envelope recipient into, then the To a mail system
# addresses its report to (the return path itself).
_RECIPIENT_HEADERS = ("delivered-to", "x-original-to", "to")
# More addresses than a report carries are not worth reading.
_MAX_ADDRESSES = 20
_MAX_HEADER = 8192


def new_token() -> str:
    """Return a fresh token for one email's return path."""
    return base64.b32encode(secrets.token_bytes(TOKEN_BYTES)).decode().rstrip("=").lower()


def bounce_address() -> tuple[str, str]:
    """Return the configured bounce address as (local part, domain), lower-case; ("", "")
    when return paths are not personal."""
    address = parseaddr(settings.EMAIL_BOUNCE_ADDRESS)[1].strip().lower()
    local, at, domain = address.rpartition("@")
    return (local, domain) if at and local and domain else ("", "")


def address_for(token: str) -> str:
    """Return the return path that names the email with ``token``; "" when return paths are
    not personal (no ``EMAIL_BOUNCE_ADDRESS``) or the email has no token."""
    local, domain = bounce_address()
    if not local or not token:
        return ""
    return f"{local}+{token}@{domain}"


def token_of(address: str) -> str:
    """Return the token in ``address`` when it is one of our return paths, else ""."""
    local, domain = bounce_address()
    candidate = parseaddr(address.strip())[1].strip().lower()
    their_local, _at, their_domain = candidate.rpartition("@")
    base, plus, token = their_local.partition("+")
    if not local or their_domain != domain or base != local or not plus:
        return ""
    return token if _TOKEN.fullmatch(token) else ""


def is_ours(address: str) -> bool:
    """Tell whether ``address`` is our bounce address, with or without a token."""
    local, domain = bounce_address()
    candidate = parseaddr(address.strip())[1].strip().lower()
    return bool(local) and (candidate == f"{local}@{domain}" or bool(token_of(candidate)))


def recipients(message: Message, envelope_to: Sequence[str] = ()) -> list[str]:
    """Return where ``message`` was sent: the envelope recipients the receiver was given,
    then those the receiving server wrote down, then To."""
    found = [str(address) for address in envelope_to]
    for name in _RECIPIENT_HEADERS:
        # A report names a few; a header of thousands is read no further than its start.
        values = [str(value)[:_MAX_HEADER] for value in message.get_all(name) or []]
        found += [address for _name, address in getaddresses(values)]
    return [address for address in found if address][:_MAX_ADDRESSES]


def tokens(addresses: Iterable[str]) -> list[str]:
    """Return the return-path tokens among ``addresses``, in order, each once."""
    return list(dict.fromkeys(token for address in addresses if (token := token_of(address))))


def to_bounce_address(message: Message, envelope_to: Sequence[str] = ()) -> bool:
    """Tell whether ``message`` came to our bounce address, where only mail systems write."""
    return any(is_ours(address) for address in recipients(message, envelope_to))
