"""What only one type of case has: the claim and the report to the authorities.

Each is a one-to-one row beside its case, created with it by ``intake.file_case``. The
technical request is the after-sales app's (``aftersales.TechnicalRequest``), on the same
pattern: an app that knows a type of case owns its detail.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mostrador.cases.choices import ClaimOutcome, Remedy
from mostrador.cases.models.case import Case


class Claim(models.Model):
    """A written claim: what the customer asks for, how much, and how it ended.

    ``outcome`` and ``amount_granted`` are what the department decided (``services.settle_claim``);
    ``referred_to`` records that the customer took the claim to a consumer authority or to
    arbitration, as they may when the answer does not satisfy them.
    """

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="claim",
    )
    remedy = models.CharField(_("requested remedy"), max_length=25, choices=Remedy.choices)
    amount_asked = models.DecimalField(
        _("amount asked (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ClaimOutcome.choices, default=ClaimOutcome.PENDING
    )
    amount_granted = models.DecimalField(
        _("amount granted (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    referred_to = models.CharField(
        _("taken by the customer to"),
        max_length=200,
        blank=True,
        help_text=_("A consumer authority, an arbitration board, a court…"),
    )
    referred_at = models.DateTimeField(_("taken there on"), null=True, blank=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_asked__isnull=True) | Q(amount_asked__gte=0),
                name="claim_amount_asked_positive",
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True) | Q(amount_granted__gte=0),
                name="claim_amount_granted_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_remedy_display()} · {self.case_id}"


class AuthorityReport(models.Model):
    """A report to the authorities (denúncia): the administration it is for, and when it was
    forwarded there."""

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="authority_report",
    )
    authority = models.CharField(_("administration addressed"), max_length=200, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded to the administration"), null=True, blank=True)

    class Meta:
        verbose_name = _("report to the authorities")
        verbose_name_plural = _("reports to the authorities")

    def __str__(self) -> str:
        return f"{self.authority or '—'} · {self.case_id}"
