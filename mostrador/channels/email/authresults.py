"""What our own receiving server found about an email's sender: its Authentication-Results.

A receiving server records what it checked (SPF, DKIM, DMARC) in Authentication-Results
headers named by its authserv-id (RFC 8601), on top of the message it received. Anybody can
write such a header into a message before sending it, so only the topmost ones are read (the
run of them above every other kind of header that follows the first), and of those only the
ones whose authserv-id the install trusts (``EMAIL_TRUSTED_AUTHSERV_IDS``, empty by default).
The server must also remove the headers bearing its id from the mail it receives (RFC 8601
section 5): otherwise, on a message it did not stamp, a forged one would be on top.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from email.message import Message
from typing import Any

import authres
import authres.dmarc
from django.conf import settings

from mostrador.channels.email.parsing import ParsedEmail, addresses

logger = logging.getLogger(__name__)

_HEADER = "authentication-results"
_PARSER = authres.FeatureContext(authres.dmarc)


def vouches_for(parsed: ParsedEmail) -> bool:
    """Whether a trusted receiving server found ``parsed``'s From domain authentic: dmarc=pass
    for it, or dkim=pass by a signer aligned with it; never when it reports dmarc=fail."""
    trusted = {item.lower() for item in settings.EMAIL_TRUSTED_AUTHSERV_IDS}
    senders = addresses(parsed.message, "From")
    if not trusted or len(senders) != 1 or "@" not in senders[0].email:
        return False
    domain = senders[0].email.rpartition("@")[2]
    results = [
        result
        for header in _topmost(parsed.message)
        if str(header.authserv_id).lower() in trusted
        for result in header.results
    ]
    dmarc = {str(r.result).lower() for r in results if r.method == "dmarc" and _from(r) == domain}
    if "fail" in dmarc or "pass" in dmarc:
        return "fail" not in dmarc
    return any(
        r.method == "dkim" and str(r.result).lower() == "pass" and _aligned(_signer(r), domain)
        for r in results
    )


def dmarc_failure(parsed: ParsedEmail) -> str:
    """What a trusted receiving server said when ``parsed`` failed DMARC for its From domain
    (``"mx.example.com: dmarc=fail header.from=example.com"``), or "" when none said so.

    A failure is taken without ``header.from`` too: the server checked the one From there is.
    Only ever withholds an automatic answer, so it may err on the side of failure.
    """
    trusted = {item.lower() for item in settings.EMAIL_TRUSTED_AUTHSERV_IDS}
    if not trusted:
        return ""
    senders = addresses(parsed.message, "From")
    domain = senders[0].email.rpartition("@")[2] if len(senders) == 1 else ""
    for header in _topmost(parsed.message):
        server = str(header.authserv_id).lower()
        if server not in trusted:
            continue
        for result in header.results:
            failed = result.method == "dmarc" and str(result.result).lower() == "fail"
            if failed and _from(result) in ("", domain):
                return f"{server}: {' '.join(str(result).split())}"
    return ""


def _topmost(message: Message) -> Iterator[Any]:
    """The Authentication-Results headers on top: the first one and those right after it."""
    started = False
    for name, value in message.raw_items():
        if name.lower() != _HEADER:
            if started:
                return
            continue
        started = True
        try:
            yield _PARSER.parse_value(" ".join(str(value).split()))
        except Exception:  # noqa: BLE001  (a header we cannot read vouches for nothing)
            logger.info("unreadable Authentication-Results header ignored")


def _value(result: Any, kind: str, name: str) -> str:
    for prop in result.properties:
        if prop.type == kind and prop.name == name:
            return str(prop.value).strip().lower()
    return ""


def _from(result: Any) -> str:
    return _value(result, "header", "from")


def _signer(result: Any) -> str:
    # header.d is the signing domain; some servers give only header.i, an address within it.
    return _value(result, "header", "d") or _value(result, "header", "i").rpartition("@")[2]


def _aligned(signer: str, domain: str) -> bool:
    """DMARC's relaxed alignment, without a public suffix list: the signer is the From domain
    or a parent of it (never a bare top-level domain)."""
    return "." in signer and (domain == signer or domain.endswith(f".{signer}"))
