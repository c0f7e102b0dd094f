"""What administrators do with the email channel: passwords, quarantine, failed sends."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostrador.accounts import permissions as account_permissions
from mostrador.channels.email import credentials, inbound, outbound
from mostrador.channels.email.choices import InboundStatus, OutboundStatus, Quarantine
from mostrador.channels.email.models import InboundEmail, Mailbox, OutboundEmail
from mostrador.core import timeutils
from mostrador.core.errors import Conflict, Forbidden
from mostrador.core.services import record_event


def _require_admin(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not account_permissions.is_admin(actor):
        raise Forbidden()


@transaction.atomic
def set_mailbox_password(mailbox: Mailbox, *, password: str, actor: Any) -> Mailbox:
    """Store ``password`` encrypted for ``mailbox`` (empty: forget it). Records
    ``channels.mailbox.password_changed`` (never the password)."""
    _require_admin(actor)
    mailbox.imap_password_encrypted = credentials.encrypt(password) if password else ""
    mailbox.save(update_fields=["imap_password_encrypted"])
    record_event(mailbox, "channels.mailbox.password_changed", actor=actor)
    return mailbox


@transaction.atomic
def reprocess_email(email: InboundEmail, *, actor: Any) -> InboundEmail:
    """Process a quarantined message again, as if it had just arrived, but released: from the
    rate limit and from the spam checks (a DMARC failure still withholds its receipt). Raises
    ``Conflict`` for a message that is not quarantined. Records
    ``channels.inbound_email.released``."""
    _require_admin(actor)
    if email.status != InboundStatus.QUARANTINED:
        raise Conflict(_("Only quarantined messages are processed again."), code="not_quarantined")
    reason = email.quarantine
    email.status = InboundStatus.PENDING
    email.released = True
    email.queued_at = timeutils.now()
    email.save(update_fields=["status", "released", "queued_at"])
    record_event(email, "channels.inbound_email.released", actor=actor, data={"reason": reason})
    inbound.queue([email.pk])
    return email


@transaction.atomic
def delete_spam(email: InboundEmail, *, actor: Any) -> None:
    """Delete a message from the Spam folder for good (an administrator judged it spam).

    Raises ``Conflict`` for any other message: what was received is evidence, kept. Records
    ``channels.inbound_email.deleted`` with its sender, subject and reasons (never its text).
    """
    _require_admin(actor)
    if email.status != InboundStatus.QUARANTINED or email.quarantine != Quarantine.SPAM:
        raise Conflict(_("Only messages in the Spam folder can be deleted."), code="not_spam")
    data = {"from": email.from_address, "subject": email.subject, "reasons": email.reasons}
    record_event(email, "channels.inbound_email.deleted", actor=actor, data=data)
    email.delete()


@transaction.atomic
def retry_email(email: OutboundEmail, *, actor: Any) -> OutboundEmail:
    """Send a failed or bounced email again now, with the same Message-ID, from a fresh count
    of attempts. Records ``channels.outbound_email.retried``."""
    _require_admin(actor)
    if email.status not in (
        OutboundStatus.FAILED,
        OutboundStatus.BOUNCED,
        OutboundStatus.RETRYING,
    ):
        raise Conflict(_("This email is not waiting to be sent again."), code="not_failed")
    email.status = OutboundStatus.RETRYING
    email.attempts = 0
    email.next_attempt_at = None
    email.save(update_fields=["status", "attempts", "next_attempt_at"])
    record_event(email, "channels.outbound_email.retried", actor=actor)
    outbound.queue_send([email.pk])
    return email


def original_of(email: InboundEmail | OutboundEmail, *, actor: Any) -> bytes:
    """The message exactly as received or sent, for an administrator to download: everything
    in it, addresses and attachments, leaves the system, so it is recorded
    (``channels.<model>.original_downloaded``). Raises ``Forbidden`` for anyone else."""
    _require_admin(actor)
    kind = "inbound_email" if isinstance(email, InboundEmail) else "outbound_email"
    verb = f"channels.{kind}.original_downloaded"
    record_event(email, verb, actor=actor)
    return bytes(email.raw or b"")
