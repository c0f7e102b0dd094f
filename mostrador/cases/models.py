"""Cases: one customer matter whatever the channel, its messages and attachments."""

from __future__ import annotations

import datetime as dt
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from mostrador.accounts.choices import ApprovalAction, AssignmentPolicy
from mostrador.accounts.models import Department
from mostrador.cases.choices import (
    OPEN_STATUSES,
    ApprovalStatus,
    CaseStatus,
    CaseType,
    Channel,
    FollowUpReason,
    MessageKind,
    Priority,
    Remedy,
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
    it now. Every change is recorded as an Event (see ``services``).
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
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="cases")
    remedy = models.CharField(
        _("requested remedy"), max_length=25, choices=Remedy.choices, blank=True
    )
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    authority = models.CharField(_("administration addressed"), max_length=200, blank=True)
    authority_forwarded_at = models.DateTimeField(
        _("forwarded to the administration"), null=True, blank=True
    )
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
            # The queues' navigation counts open cases per department and personal queue
            # from this index alone (benchmark W2).
            models.Index(
                fields=["department", "sla_state", "owner", "handler"],
                include=["id"],
                name="case_open_counts",
                condition=Q(status__in=sorted(OPEN_STATUSES)),
            ),
            _open_in_due_order("owner"),
            _open_in_due_order("handler"),
            models.Index(fields=["customer", "-created_at"], name="case_customer"),
            models.Index(fields=["status", "sla_state"], name="case_sla_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="case_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"[:200]


class SLAPolicy(models.Model):
    """Service targets in business time for the cases it matches; the most specific wins."""

    name = models.CharField(_("name"), max_length=100)
    case_type = models.CharField(_("type"), max_length=20, choices=CaseType.choices, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    first_response_minutes = models.PositiveIntegerField(
        _("first response within (business minutes)")
    )
    resolution_minutes = models.PositiveIntegerField(_("resolution within (business minutes)"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def specificity(self) -> int:
        return sum(1 for value in (self.case_type, self.priority, self.channel) if value)


class Message(models.Model):
    """Something said on a case: by the customer, to the customer, or an internal note.

    Internal notes are never shown to the customer, in any interface.
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

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="message_case_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.case_id}"

    @property
    def is_public(self) -> bool:
        return self.kind != MessageKind.NOTE

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


class FollowUp(models.Model):
    """A dated task for a person on a case, e.g. the owner checking back after a transfer.

    ``due_at`` may be empty until the event it waits for: a check-back after a transfer falls
    due once the case is resolved.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="followups"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="followups",
    )
    reason = models.CharField(_("reason"), max_length=30, choices=FollowUpReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["assignee", "done_at", "due_at"], name="followup_assignee")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.case_id}"


class Consultation(models.Model):
    """Level 2: a question from a case's handler to another department, with a due time.

    The answer comes back to the case; its owner stays responsible throughout.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="consultations"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department consulted"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField(_("question"))
    due_at = models.DateTimeField(_("due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["department", "answered_at", "due_at"], name="consultation_inbox")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.department_id}"


class ApprovalRequest(models.Model):
    """Level 3: an action with an amount that exceeds the requester's authority limit."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="approvals"
    )
    action = models.CharField(_("action"), max_length=30, choices=ApprovalAction.choices)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("justification"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approvals_to_decide",
    )
    status = models.CharField(_("status"), max_length=20, choices=ApprovalStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["approver", "status"], name="approval_inbox")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="approval_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.amount} EUR · {self.case_id}"


class RoutingRule(models.Model):
    """Where a new case goes: the first active rule, by position, whose conditions all match.

    Empty conditions match anything. A rule may also set the priority, name an owner, choose
    how the department assigns the case, and suggest a type for untyped contacts (email, chat).
    """

    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=100, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    case_type = models.CharField(_("type"), max_length=20, choices=CaseType.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    words = models.CharField(
        _("words"),
        max_length=500,
        blank=True,
        help_text=_(
            "Comma-separated; the rule matches when any of them is in the subject or text."
        ),
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="routing_rules",
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assignment_policy = models.CharField(
        _("assignment"),
        max_length=20,
        choices=AssignmentPolicy.choices,
        blank=True,
        help_text=_("Empty: the department's own policy."),
    )
    suggested_type = models.CharField(
        _("suggested type"),
        max_length=20,
        choices=CaseType.choices,
        blank=True,
        help_text=_("For contacts that come without a type (email, chat)."),
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def word_list(self) -> list[str]:
        return [word.strip().lower() for word in self.words.split(",") if word.strip()]


class CaseLink(models.Model):
    """Two cases that concern each other (the same fault, a repeat complaint). Symmetric."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="links_out"
    )
    other = models.ForeignKey(
        Case, verbose_name=_("related case"), on_delete=models.CASCADE, related_name="links_in"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("case link")
        verbose_name_plural = _("case links")
        constraints = [
            models.UniqueConstraint(fields=["case", "other"], name="case_link_unique"),
            # Stored once, lower id first, so a link has one row whichever side made it.
            models.CheckConstraint(
                condition=Q(case__lt=models.F("other")), name="case_link_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ↔ {self.other_id}"


SAVED_REPLY_PLACEHOLDERS = ("customer_name", "reference", "subject", "due_date", "agent_name")


class SavedReply(models.Model):
    """A reply text kept for reuse, per language, with placeholders filled from the case:
    {customer_name}, {reference}, {subject}, {due_date}, {agent_name}."""

    name = models.CharField(_("name"), max_length=100)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    body = models.TextField(_("text"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="saved_replies",
        help_text=_("Empty: every department."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("saved reply")
        verbose_name_plural = _("saved replies")
        ordering = ["name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "language", "department"], name="saved_reply_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

    def clean(self) -> None:
        try:
            fields = [
                name for _text, name, _spec, _conv in string.Formatter().parse(self.body) if name
            ]
        except ValueError:
            raise ValidationError(
                {"body": _("Unbalanced braces: write placeholders as {reference}.")}
            ) from None
        unknown = sorted(set(fields) - set(SAVED_REPLY_PLACEHOLDERS))
        if unknown:
            raise ValidationError(
                {"body": _("Unknown placeholders: %(names)s.") % {"names": ", ".join(unknown)}}
            )


class CaseViewer(models.Model):
    """Who has a case open right now: refreshed while their page is open, so two people working
    on one case see each other before their replies cross."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="viewers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    seen_at = models.DateTimeField(_("last seen"))
    composing = models.BooleanField(_("writing a reply"), default=False)

    class Meta:
        verbose_name = _("case viewer")
        verbose_name_plural = _("case viewers")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_viewer_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.case_id}"
