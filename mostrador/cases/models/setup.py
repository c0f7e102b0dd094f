"""How cases are handled: service targets, routing rules and saved replies."""

from __future__ import annotations

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from mostrador.accounts.choices import AssignmentPolicy
from mostrador.accounts.models import Department
from mostrador.cases.choices import CaseType, Channel, Priority
from mostrador.customers.models import Customer


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
