"""A case, its messages and attachments: one customer matter whatever the channel."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from mostrador.accounts.models import Department
from mostrador.cases.choices import (
    OPEN_STATUSES,
    CaseStatus,
    CaseType,
    Channel,
    MessageKind,
    Priority,
    SLAState,
)
from mostrador.customers.models import ContactPoint, Customer


class ReferenceSequence(models.Model):
    """The last number given for a reference prefix in a year (SAC-2026-000123)."""

    prefix = models.CharField(_("prefix"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last_value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_value}"


class Tag(models.Model):
    name = models.SlugField(_("name"), max_length=50, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Cases without a due time sort after every dated one.
NO_DUE = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)


def due_sort() -> Coalesce:
    """What queues sort by: the resolution due time, cases without one last."""
    return Coalesce("resolution_due", Value(NO_DUE, output_field=models.DateTimeField()))


def activity_sort() -> Coalesce:
    """What the queues' "waiting since / updated" column shows and sorts by: when the case
    began to wait on the customer while it waits (its SLA clocks stand still since), else
    when it last changed."""
    return Coalesce("sla_paused_at", "updated_at")


# Most pressing first when sorted ascending, as a person reads "by priority".
PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


def priority_rank() -> models.Case:
    """A case's priority as a number to sort by (the stored codes do not sort by urgency)."""
    return models.Case(
        *(models.When(priority=code, then=Value(rank)) for code, rank in PRIORITY_RANK.items()),
        default=Value(len(PRIORITY_RANK)),
        output_field=models.PositiveSmallIntegerField(),
    )


def _open_in_due_order(person: str) -> models.Index:
    """Someone's open cases (as owner or handler) in due order, for "next case"; with the
    department, so the navigation counts those outside the user's departments from it alone."""
    return models.Index(
        F(person),
        due_sort(),
        F("id"),
        F("department"),
        name=f"case_{person}",
        condition=Q(status__in=sorted(OPEN_STATUSES)),
    )


class Case(models.Model):
    """One customer matter: a question, a complaint, a claim, a repair...

    The owner answers for the case to the end, through transfers; the handler is who works on
    it now. Every change is recorded as an Event (see ``services``). What only one type of
    case has lives in its own one-to-one model, owned by the app that knows it: the ``claim``
    and the ``authority_report`` here, the technical request in ``aftersales``.
    """

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=CaseType.choices)
    status = models.CharField(
        _("status"), max_length=25, choices=CaseStatus.choices, default=CaseStatus.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="cases"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_cases",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_cases",
    )
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("followers"),
        blank=True,
        related_name="followed_cases",
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="cases"
    )
    contact = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who the case was filed as, in the filer's words: what its receipt shows. Not the
    # customer's stored name, which whoever typed their address on the portal must not see.
    filed_name = models.CharField(_("name given"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="cases")
    level = models.PositiveSmallIntegerField(_("attribution level"), default=1)
    created_at = models.DateTimeField(_("created"), db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    legal_due = models.DateTimeField(_("legal deadline"), null=True, blank=True)
    legal_rule = models.CharField(_("legal rule"), max_length=120, blank=True)
    legal_source = models.CharField(_("legal source"), max_length=300, blank=True)
    sla_state = models.CharField(
        _("deadline state"), max_length=10, choices=SLAState.choices, default=SLAState.ON_TIME
    )
    sla_paused_at = models.DateTimeField(_("clock paused since"), null=True, blank=True)
    sla_paused_seconds = models.PositiveBigIntegerField(_("business time paused (s)"), default=0)
    first_response_seconds = models.PositiveBigIntegerField(
        _("first response time (business seconds)"), null=True, blank=True
    )
    resolution_seconds = models.PositiveBigIntegerField(
        _("resolution time (business seconds)"), null=True, blank=True
    )
    first_responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_cases",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [
            # Queues: open cases of a department, by due time.
            models.Index(fields=["department", "status", "resolution_due"], name="case_queue"),
            # A department's queue, in the order it is read: the first page is the index's
            # first rows, however many cases are open (benchmark W2).
            models.Index(
                F("department"),
                due_sort(),
                F("id"),
                name="case_queue_due",
                condition=Q(status__in=sorted(OPEN_STATUSES)),
            ),
            # The queues' navigation counts open cases per department and shared queue from
            # this index alone (benchmark W2): what ``lateness`` asks of a case is included.
            models.Index(
                fields=["department", "owner", "handler"],
                include=[
                    "id",
                    "first_response_due",
                    "first_responded_at",
                    "resolution_due",
                    "legal_due",
                    "sla_paused_at",
                ],
                name="case_open_counts",
                condition=Q(status__in=sorted(OPEN_STATUSES)),
            ),
            # A department's queue sorted by "waiting since / updated" or by priority (then due
            # time), either way round: read from the index as the default order is.
            models.Index(
                F("department"),
                activity_sort(),
                F("id"),
                name="case_queue_activity",
                condition=Q(status__in=sorted(OPEN_STATUSES)),
            ),
            models.Index(
                F("department"),
                priority_rank(),
                due_sort(),
                F("id"),
                name="case_queue_priority",
                condition=Q(status__in=sorted(OPEN_STATUSES)),
            ),
            _open_in_due_order("owner"),
            _open_in_due_order("handler"),
            models.Index(fields=["customer", "-created_at"], name="case_customer"),
            models.Index(fields=["status", "sla_state"], name="case_sla_state"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"[:200]


class Message(models.Model):
    """Something said on a case: by the customer, to the customer, or an internal note.

    Internal notes are never shown to the customer, in any interface; nor is an outside
    message the customer did not write (``hidden_from_customer``).
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("text"))
    # Where the quoted history or signature at the end of ``body`` begins: shown folded, kept
    # whole. None when nothing is folded.
    fold_at = models.PositiveIntegerField(_("folded from"), null=True, blank=True)
    html = models.TextField(
        _("formatted version"), blank=True, help_text=_("Sanitised HTML, when it came with one.")
    )
    created_at = models.DateTimeField(_("time"))
    hidden_from_customer = models.BooleanField(
        _("hidden from the customer"),
        default=False,
        help_text=_(
            "An outside message the customer did not write and nobody proved to be the "
            "department's, such as mail from a staff address without proof: kept on the case "
            "for staff, never shown to the customer."
        ),
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="message_case_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.case_id}"

    @property
    def is_public(self) -> bool:
        return self.kind != MessageKind.NOTE and not self.hidden_from_customer

    @property
    def lead(self) -> str:
        """What is shown unfolded: the text before the quoted history or signature."""
        return self.body if self.fold_at is None else self.body[: self.fold_at].rstrip()

    @property
    def folded(self) -> str:
        """The quoted history or signature, shown on request."""
        return "" if self.fold_at is None else self.body[self.fold_at :].strip()


def attachment_path(instance: Attachment, filename: str) -> str:
    # The hash, not the customer's file name, names the stored file: no collisions, no
    # path tricks, and identical uploads are easy to spot.
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    """A file sent with a message, stored through Django's storage, served only to viewers."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    # An image shown inside the formatted version of an email ("cid:" in its HTML).
    content_id = models.CharField(_("content ID"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename
