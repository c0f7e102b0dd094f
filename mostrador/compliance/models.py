"""Legal rules as data: each deadline with its value, its validity dates and its source."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mostrador.compliance.choices import Certainty, DeadlineUnit, Profile


class DeadlineRule(models.Model):
    """A legal answer deadline: which cases it covers, how long, since when, and who says so."""

    profile = models.CharField(_("jurisdiction"), max_length=10, choices=Profile.choices)
    key = models.CharField(_("rule"), max_length=100)
    case_types = models.JSONField(_("case types"), default=list, help_text=_("Empty: every type."))
    department_kinds = models.JSONField(
        _("department kinds"), default=list, blank=True, help_text=_("Empty: every department.")
    )
    value = models.PositiveIntegerField(_("value"))
    unit = models.CharField(_("unit"), max_length=20, choices=DeadlineUnit.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    requires_ley10_scope = models.BooleanField(
        _("only for companies under Ley 10/2025"),
        default=False,
        help_text=_("Basic services, or 250+ staff, or turnover over 50 M EUR."),
    )
    source = models.CharField(_("source"), max_length=300)
    certainty = models.CharField(_("certainty"), max_length=1, choices=Certainty.choices)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("legal deadline rule")
        verbose_name_plural = _("legal deadline rules")
        ordering = ["profile", "key"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "key"], name="deadline_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.profile} · {self.key}: {self.value} {self.get_unit_display()}"
