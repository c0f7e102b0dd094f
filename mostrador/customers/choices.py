"""Closed lists of the customers domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class ContactKind(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")


class ConsentPurpose(models.TextChoices):
    """What a customer may agree to be contacted for, beyond handling their own cases."""

    SURVEYS = "surveys", _("Satisfaction surveys")
    MARKETING_EMAIL = "marketing_email", _("Offers and news by email")
    MARKETING_PHONE = "marketing_phone", _("Offers and news by phone")
    PROFILING = "profiling", _("Analysis of preferences")
