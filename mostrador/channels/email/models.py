"""Mailboxes, every message received (raw, kept first), every message sent, delivery reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mostrador.accounts.models import Department
from mostrador.cases.models import Case, Message
from mostrador.channels.email.choices import (
    AfterFetch,
    InboundStatus,
    OutboundStatus,
    Outcome,
    Protocol,
    Quarantine,
    Security,
    Source,
    StaffSender,
)
from mostrador.core import notices
from mostrador.core.models import Notice


class Mailbox(models.Model):
    """An address customers write to, and how its mail reaches Mostrador.

    IMAP mailboxes are polled (and watched with IDLE where the server offers it); SMTP mailboxes
    receive what a mail server delivers to ``manage.py receive_email``. The password is read
    from the environment variable named in ``imap_password_env`` or stored encrypted (see
    ``credentials``); it is never shown again once saved.
    """

    name = models.CharField(_("name"), max_length=100)
    address = models.EmailField(_("address"), unique=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="mailboxes",
        help_text=_("New cases go here when no routing rule sends them elsewhere."),
    )
    protocol = models.CharField(
        _("how mail arrives"), max_length=10, choices=Protocol.choices, default=Protocol.IMAP
    )
    is_active = models.BooleanField(_("active"), default=True)
    imap_host = models.CharField(_("IMAP server"), max_length=200, blank=True)
    imap_port = models.PositiveIntegerField(
        _("IMAP port"), null=True, blank=True, help_text=_("Empty: 993 with TLS, 143 otherwise.")
    )
    imap_security = models.CharField(
        _("connection security"), max_length=10, choices=Security.choices, default=Security.TLS
    )
    imap_username = models.CharField(_("IMAP user"), max_length=200, blank=True)
    imap_password_env = models.CharField(
        _("password variable"),
        max_length=100,
        blank=True,
        help_text=_("Name of the environment variable that holds the password, if it is there."),
    )
    imap_password_encrypted = models.TextField(_("stored password"), blank=True, editable=False)
    imap_folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    after_fetch = models.CharField(
        _("after storing a message"),
        max_length=10,
        choices=AfterFetch.choices,
        default=AfterFetch.MOVE,
    )
    processed_folder = models.CharField(
        _("processed folder"), max_length=200, default="Mostrador", blank=True
    )
    use_idle = models.BooleanField(
        _("wait with IDLE"),
        default=True,
        help_text=_("Fetch new mail as soon as it arrives, where the server supports it."),
    )
    uidvalidity = models.PositiveBigIntegerField(_("UIDVALIDITY"), null=True, blank=True)
    last_uid = models.PositiveBigIntegerField(_("last UID stored"), default=0)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"


class InboundEmail(models.Model):
    """One message as it arrived, stored before anything reads it, and what became of it.

    The raw bytes are committed first (``inbound.receive``); a task then processes the message
    exactly once (``inbound.process``). Nothing is ever dropped: a message that cannot be
    processed is quarantined with its reason and can be processed again.
    """

    mailbox = models.ForeignKey(
        Mailbox, verbose_name=_("mailbox"), on_delete=models.PROTECT, related_name="inbound"
    )
    raw = models.BinaryField(_("original message"))
    size = models.PositiveIntegerField(_("size"))
    raw_sha256 = models.CharField(_("SHA-256"), max_length=64)
    source = models.CharField(_("received by"), max_length=10, choices=Source.choices)
    envelope_from = models.CharField(_("envelope sender"), max_length=254, blank=True)
    envelope_to = models.JSONField(_("envelope recipients"), default=list, blank=True)
    imap_uid = models.PositiveBigIntegerField(_("IMAP UID"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"))
    status = models.CharField(
        _("status"), max_length=15, choices=InboundStatus.choices, default=InboundStatus.PENDING
    )
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    quarantine = models.CharField(
        _("quarantine reason"), max_length=15, choices=Quarantine.choices, blank=True
    )
    detail = models.TextField(_("detail"), blank=True)
    released = models.BooleanField(
        _("released"),
        default=False,
        help_text=_("Released from quarantine by an administrator: not rate-limited again."),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued for processing"), null=True, blank=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    from_address = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    # Set only on the first copy of a message processed (same message, two deliveries): the
    # unique constraint is what makes a second copy a duplicate, even under concurrency.
    dedupe_key = models.CharField(
        _("content fingerprint"), max_length=64, null=True, blank=True, unique=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_emails",
    )
    case_message = models.OneToOneField(
        Message,
        verbose_name=_("message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_email",
    )
    # Set for a message whose From is a staff member's address: how it proved to be theirs,
    # or that it did not (then it is an outside message, flagged on the case page).
    staff_sender = models.CharField(
        _("staff sender"), max_length=20, choices=StaffSender.choices, blank=True
    )
    # Why processing classified it as it did: [{"verdict", "signal", "detail"}], e.g.
    # {"verdict": "bounce", "signal": "dsn", "detail": "message/delivery-status part"}.
    reasons = models.JSONField(_("why"), default=list, blank=True)
    spam_score = models.FloatField(_("spam score"), null=True, blank=True)

    class Meta:
        verbose_name = _("received email")
        verbose_name_plural = _("received emails")
        ordering = ["-received_at", "-id"]
        constraints = [
            # The same bytes delivered again to the same mailbox (an IMAP re-fetch after a
            # crash, an SMTP retry after a lost answer) are the same delivery: stored once.
            models.UniqueConstraint(fields=["mailbox", "raw_sha256"], name="inbound_raw_unique")
        ]
        indexes = [
            models.Index(fields=["status", "received_at"], name="inbound_status"),
            models.Index(fields=["from_address", "received_at"], name="inbound_sender"),
            models.Index(fields=["message_id"], name="inbound_message_id"),
        ]

    def __str__(self) -> str:
        return f"{self.from_address or '?'}: {self.subject or self.pk}"[:200]


class OutboundEmail(models.Model):
    """One email Mostrador sends, with its Message-ID, the exact bytes sent and its state.

    The delivery of a ``core.Notice`` by email: created in the same transaction as the notice
    (a reply, a receipt), so it can never be forgotten; a task composes and sends it, retrying
    with backoff. A notice that carries a secret (a sign-in link), and an email to a staff member
    with its own reply address (``ReplyToken``), is composed afresh at each attempt and its bytes
    are never kept.
    """

    notice = models.ForeignKey(
        Notice,
        verbose_name=_("notice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="emails",
    )
    # The notice's kind (``core.notices``), kept here for lists and filters of the log.
    kind = models.CharField(_("kind"), max_length=60)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbound_emails",
    )
    case_message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbound_emails",
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    to_address = models.CharField(_("to"), max_length=254)
    from_address = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    # The token of its own return path (VERP), bounces+<token>@…: a bounce sent there names
    # this email and no other. Empty for emails sent before return paths were personal.
    bounce_token = models.CharField(_("return path token"), max_length=40, blank=True)
    raw = models.BinaryField(_("message as sent"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbound_status"),
            models.Index(fields=["case", "created_at"], name="outbound_case"),
            models.Index(fields=["to_address", "created_at"], name="outbound_recipient"),
            models.Index(
                fields=["bounce_token"],
                name="outbound_bounce_token",
                condition=~models.Q(bounce_token=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} → {self.to_address}"

    @property
    def kind_label(self) -> str:
        """What the email is, in the reader's language (the notice kind's label)."""
        return notices.label(self.kind)


class DeliveryReport(models.Model):
    """What a bounce said about one recipient of a message we sent."""

    inbound = models.ForeignKey(
        InboundEmail,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="delivery_reports",
    )
    outbound = models.ForeignKey(
        OutboundEmail,
        verbose_name=_("email reported on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delivery_reports",
    )
    recipient = models.CharField(_("recipient"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=20)
    status = models.CharField(_("status code"), max_length=20, blank=True)
    diagnostic = models.TextField(_("diagnostic"), blank=True)
    permanent = models.BooleanField(_("permanent"))
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("delivery report")
        verbose_name_plural = _("delivery reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.action} {self.status}"


class ReplyToken(models.Model):
    """The secret in the reply address of one email to a staff member about a case.

    A reply sent to ``<mailbox>+s-<token>@<domain>`` by that staff member is theirs (their
    From alone proves nothing): see ``replytokens``. Only the token's SHA-256 is stored; the
    token is derived from ``salt`` and the ``SECRET_KEY`` when the email is composed, so every
    attempt at sending it carries the same address. Never shown in the admin.
    """

    outbound = models.OneToOneField(
        OutboundEmail,
        verbose_name=_("email"),
        on_delete=models.CASCADE,
        related_name="reply_token",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="+"
    )
    # The mailbox address the token is added to, with its display name: fixed when the email
    # is logged, so a resend after the case moved to another department says the same.
    address = models.CharField(_("reply to"), max_length=254)
    salt = models.CharField(_("salt"), max_length=64)
    token_sha256 = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply token")
        verbose_name_plural = _("reply tokens")
        indexes = [models.Index(fields=["user", "revoked_at"], name="reply_token_user")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.case_id}"
