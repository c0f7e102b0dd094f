"""An SMTP and LMTP server a mail server delivers to (aiosmtpd).

Recipients are accepted only for active mailboxes (550 otherwise, so the sending server tells
its sender at once). The message is answered with 250 only once ``inbound.receive`` has
committed it; if storing fails the answer is 451 and the sending server tries again later:
a message is never acknowledged and lost. LMTP gets one answer per recipient, as it expects.

Limits are announced and answered, never a silent loss: EHLO/LHLO advertise SIZE
(``EMAIL_MAX_BYTES``), and a message over it gets 552 after its data (or at MAIL FROM when the
client declares its size). Lines may be longer than RFC 5321's 1000 octets, as real mail's are,
up to ``EMAIL_RECEIVER_MAX_LINE``; a message with a longer line gets 500.
"""

from __future__ import annotations

import logging
import socket
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from mostrador.channels.email import inbound, replytokens
from mostrador.channels.email.choices import Source
from mostrador.channels.email.models import Mailbox

logger = logging.getLogger(__name__)


def mailbox_for(address: str) -> Mailbox | None:
    """The active mailbox mail to ``address`` is for ("sac+tag@x" counts as "sac@x")."""
    local, _at, domain = address.strip().strip("<>").lower().rpartition("@")
    local = local.split("+", 1)[0]
    return Mailbox.objects.filter(address__iexact=f"{local}@{domain}", is_active=True).first()


def _store(raw: bytes, envelope: Envelope, source: str) -> list[str]:
    close_old_connections()
    replies = []
    for recipient in envelope.rcpt_tos:
        mailbox = mailbox_for(recipient)
        try:
            if mailbox is None:
                raise LookupError(recipient)
            inbound.receive(
                raw,
                mailbox,
                source=source,
                envelope_from=envelope.mail_from or "",
                envelope_to=envelope.rcpt_tos,
            )
        except Exception:
            logger.exception("could not store a message for %s", replytokens.redacted(recipient))
            replies.append("451 4.3.0 Could not store the message now; try again later")
        else:
            replies.append("250 2.0.0 Stored")
    return replies


class Handler:
    """aiosmtpd hooks: accept our mailboxes' addresses, store what is delivered."""

    def __init__(self, *, source: str) -> None:
        self.source = source

    async def handle_RCPT(  # noqa: N802  (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if await sync_to_async(mailbox_for)(address) is None:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        raw = envelope.original_content or b""
        replies = await sync_to_async(_store)(bytes(raw), envelope, self.source)
        if self.source == Source.LMTP:
            return "\r\n".join(replies)
        # One SMTP answer for all: a temporary failure for one makes the sender retry all,
        # which is safe since storing is idempotent.
        failed = [reply for reply in replies if not reply.startswith("250")]
        return failed[0] if failed else replies[0]


class _SMTP(SMTP):
    """aiosmtpd's SMTP server, reading lines up to ``max_line`` bytes instead of 1001."""

    def __init__(self, handler: Any, *, max_line: int, **kwargs: Any) -> None:
        # aiosmtpd sizes its line reader from this attribute in __init__: set it first.
        self.line_length_limit = max_line
        super().__init__(handler, **kwargs)


class _LMTP(LMTP, _SMTP):
    """aiosmtpd's LMTP server, with the same line limit (LMTP adds no __init__ of its own)."""


class ReceiverController(Controller):
    """A threaded aiosmtpd server speaking SMTP or LMTP on a TCP port."""

    def __init__(self, *, lmtp: bool, hostname: str, port: int) -> None:
        self.lmtp = lmtp
        source = Source.LMTP if lmtp else Source.SMTP
        super().__init__(
            Handler(source=source),
            hostname=hostname,
            port=port,
            data_size_limit=settings.EMAIL_MAX_BYTES,
            enable_SMTPUTF8=True,
            # Naming the server spares aiosmtpd a getfqdn(), slow on machines without DNS.
            server_hostname=socket.gethostname(),
        )

    def factory(self) -> SMTP:
        server_class = _LMTP if self.lmtp else _SMTP
        return server_class(
            self.handler, max_line=settings.EMAIL_RECEIVER_MAX_LINE, **self.SMTP_kwargs
        )
