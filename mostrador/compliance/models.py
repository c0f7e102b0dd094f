"""Legal rules as data: each deadline with its value, its validity dates and its source."""

from __future__ import annotations

from django.conf import settings
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
    source_url = models.URLField(
        _("source address"), max_length=500, blank=True, help_text=_("Where the source says so.")
    )
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


class DeadlineRuleText(models.Model):
    """A legal deadline rule as a reader says it in one language: its name and its source.

    Rules are data with a source (``shared/docs/regulation.md``); so are their words. A case,
    a receipt or the rights page shows the rule in its reader's language, from this row; the
    rule's own ``source`` is what shows where no row of that language exists.
    """

    rule = models.ForeignKey(
        DeadlineRule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("legal deadline rule text")
        verbose_name_plural = _("legal deadline rule texts")
        ordering = ["rule", "language"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "language"], name="deadline_rule_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} · {self.language}: {self.name}"


class RightsNotice(models.Model):
    """What customers can expect under one jurisdiction profile, in one language, with sources.

    The portal's "Your rights" page. The answer deadlines it shows are not written here: they
    are the profile's ``DeadlineRule`` rows, so the page and the case clocks never disagree.
    """

    profile = models.CharField(_("jurisdiction"), max_length=10, choices=Profile.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("Which law applies and to whom."))
    proof = models.TextField(
        _("proof of your request"), blank=True, help_text=_("The receipt customers are owed.")
    )
    deadline_note = models.TextField(
        _("about the answer deadline"),
        blank=True,
        help_text=_("Shown under the deadlines, which come from the legal deadline rules."),
    )
    official_forms = models.TextField(
        _("official complaint forms"), blank=True, help_text=_("Empty where there are none.")
    )
    official_forms_url = models.URLField(_("official forms address"), max_length=500, blank=True)
    authority = models.CharField(_("authority to turn to"), max_length=200)
    authority_text = models.TextField(_("when and how to turn to it"))
    authority_url = models.URLField(_("authority address"), max_length=500, blank=True)
    sources = models.JSONField(
        _("sources"), default=list, blank=True, help_text=_("Web addresses the text relies on.")
    )
    certainty = models.CharField(_("certainty"), max_length=1, choices=Certainty.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rights notice")
        verbose_name_plural = _("rights notices")
        ordering = ["profile", "language"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="rights_notice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.profile} · {self.language}: {self.title}"
