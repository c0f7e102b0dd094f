"""How cases and people relate: links between cases, and who has a case open now."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mostrador.cases.models.case import Case


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
