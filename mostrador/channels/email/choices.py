"""Closed lists of the email channel."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Protocol(models.TextChoices):
    """How mail sent to a mailbox reaches Mostrador."""

    IMAP = "imap", _("IMAP: Mostrador polls the mailbox")
    SMTP = "smtp", _("SMTP or LMTP: a mail server delivers to Mostrador")


class Security(models.TextChoices):
    TLS = "tls", _("TLS (usually port 993)")
    STARTTLS = "starttls", _("STARTTLS (usually port 143)")
    NONE = "none", _("None (only on a trusted network)")


class AfterFetch(models.TextChoices):
    """What the poller does with a message once it is stored."""

    MOVE = "move", _("Move it to the processed folder")
    FLAG = "flag", _("Leave it, marked as read and flagged")


class Source(models.TextChoices):
    IMAP = "imap", "IMAP"
    SMTP = "smtp", "SMTP"
    LMTP = "lmtp", "LMTP"
    FILE = "file", pgettext_lazy("email source", "File")


class InboundStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be processed")
    PROCESSED = "processed", pgettext_lazy("email status", "Processed")
    QUARANTINED = "quarantined", pgettext_lazy("email status", "Quarantined")


class Outcome(models.TextChoices):
    """What processing made of a stored message."""

    CASE_OPENED = "case_opened", _("Opened a case")
    MESSAGE_ADDED = "message_added", _("Added to a case")
    BOUNCE = "bounce", _("Delivery report")
    AUTO_REPLY = "auto_reply", _("Automatic reply")
    DUPLICATE = "duplicate", _("Duplicate of a message already processed")
    LOOP = "loop", _("Sent by Mostrador itself")


class Quarantine(models.TextChoices):
    """Why a message was put aside instead of processed; each can be reprocessed."""

    UNREADABLE = "unreadable", _("The message could not be read")
    NO_SENDER = "no_sender", _("The message has no sender address")
    RATE_LIMITED = "rate_limited", _("Too many messages from this sender")
    # The Spam folder: an administrator releases (then it is processed as usual) or deletes.
    SPAM = "spam", _("Suspected spam")
    REFUSED_SENDER = "refused_sender", _("The sender's address cannot be a customer's")
    FAILED = "failed", _("Processing failed")


class SpamVerdict(models.TextChoices):
    """What the spam checks concluded from one signal, as ``InboundEmail.reasons`` keeps it."""

    HAM = "ham", _("Not spam")
    SUSPICIOUS = "suspicious", _("Suspicious: no automatic receipt")
    SPAM = "spam", _("Suspected spam")
    UNSCANNED = "unscanned", _("Not scanned for spam")
    RELEASED = "released", _("Released by an administrator: not checked for spam")


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("email status", "Queued")
    SENDING = "sending", pgettext_lazy("email status", "Sending")
    RETRYING = "retrying", _("Waiting to retry")
    SENT = "sent", pgettext_lazy("email status", "Sent")
    FAILED = "failed", _("Could not be delivered")
    BOUNCED = "bounced", _("Bounced")
    # What it said no longer holds (a sign-in link used or expired before it could be sent).
    CANCELLED = "cancelled", _("Not needed any more")


# The statuses a sending task may still act on; the others are final.
UNSENT_STATUSES = frozenset(
    {OutboundStatus.QUEUED, OutboundStatus.SENDING, OutboundStatus.RETRYING}
)


class StaffSender(models.TextChoices):
    """What showed that a message from a staff member's address was written by them.

    The From address proves nothing (anyone can write it): only the reply address of an email
    we sent them (``replytokens``) or our own receiving server (``authresults``) does.
    """

    REPLY_ADDRESS = "reply_address", _("Proved by the reply address we sent them")
    RECEIVING_SERVER = "receiving_server", _("Proved by the receiving server (DMARC or DKIM)")
    UNPROVEN = "unproven", _("Sent from a staff address without proof of identity")
