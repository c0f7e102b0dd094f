"""After-sales: the technical service (SAT). For now, what a technical request says."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mostrador.cases.models import Case


class TechnicalRequest(models.Model):
    """The product a technical case is about, as the customer describes it: brand and model,
    serial number and purchase date, as fields the technical service can search and check.

    The detail of a case of type technical (``cases.details``); the units of the installed
    base and the service orders will hang from it.
    """

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="technical_request",
    )
    product = models.CharField(_("product"), max_length=200, help_text=_("Brand and model."))
    serial_number = models.CharField(_("serial number"), max_length=100, blank=True)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)

    class Meta:
        verbose_name = _("technical request")
        verbose_name_plural = _("technical requests")
        indexes = [models.Index(fields=["serial_number"], name="technical_request_serial")]

    def __str__(self) -> str:
        return " · ".join(part for part in (self.product, self.serial_number) if part)
