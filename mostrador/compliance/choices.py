from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.TextChoices):
    EU = "eu", _("European Union")
    ES = "es", _("Spain")
    ES_CT = "es-ct", _("Catalonia")


class DeadlineUnit(models.TextChoices):
    BUSINESS_DAYS = "business_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    MONTHS = "months", _("months")
    HOURS = "hours", _("hours")


class Certainty(models.TextChoices):
    """How well the rule is sourced (shared/docs/regulation.md): unconfirmed rules ship disabled."""

    CONFIRMED = "C", _("Confirmed by two sources or an official agency")
    SINGLE_SOURCE = "S", _("One secondary source")
    UNCONFIRMED = "U", _("Unconfirmed")
