"""Mailboxes and emails for tests, written as mail clients write them."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.test import TestCase

from mostrador.accounts.models import Department
from mostrador.channels.email import inbound
from mostrador.channels.email.choices import Protocol, Source
from mostrador.channels.email.models import InboundEmail, Mailbox
from mostrador.core import timeutils


def make_mailbox(department: Department, **overrides: object) -> Mailbox:
    values: dict[str, object] = {
        "name": department.name,
        "address": department.inbound_email or f"{department.code}@example.com",
        "department": department,
        "protocol": Protocol.SMTP,
    }
    values.update(overrides)
    return Mailbox.objects.create(**values)


def write_email(
    *,
    sender: str = "Núria Puig <nuria@example.cat>",
    to: str = "Atenció al Client <atencio@example.com>",
    subject: str = "La rentadora no centrifuga",
    body: str = "Bon dia,\n\nDes de dimarts la rentadora no centrifuga i fa un soroll estrany.\n\nNúria",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    html: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
) -> bytes:
    """An email as a mail client sends it; ids are given without angle brackets."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timeutils.now())
    message["Message-ID"] = f"<{message_id}>" if message_id else make_msgid(domain="example.cat")
    if in_reply_to:
        message["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        message["References"] = " ".join(f"<{ref}>" for ref in references)
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, content_type, content in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def deliver(
    raw: bytes, mailbox: Mailbox, *, envelope_from: str = "", envelope_to: tuple[str, ...] = ()
) -> InboundEmail:
    """Receive ``raw`` as the SMTP receiver does and let the queued work run (tasks run at once
    in tests, and the commit hooks of the test's transaction are run here); return the stored
    row as processing left it. The envelope is unknown unless given ("<>": a null sender)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        stored = inbound.receive(
            raw, mailbox, source=Source.SMTP, envelope_from=envelope_from, envelope_to=envelope_to
        )
    stored.refresh_from_db()
    return stored
