"""Customers, their contact points and their consents."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from mostrador.core.errors import InvalidInput
from mostrador.customers.choices import ConsentPurpose, ContactKind, CustomerKind
from mostrador.customers.normalisation import normalise_contact


class Customer(models.Model):
    """A person or an organisation that contacts the company."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=CustomerKind.choices, default=CustomerKind.PERSON
    )
    name = models.CharField(_("name"), max_length=200)
    tax_id = models.CharField(_("tax ID"), max_length=20, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The customer is answered in this language."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"], name="customer_name")]

    def __str__(self) -> str:
        return self.name


class ContactPoint(models.Model):
    """An email address or phone number of a customer, stored in canonical form."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    value = models.CharField(_("value"), max_length=254)
    label = models.CharField(_("label"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["customer", "kind", "-is_primary", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "kind", "value"], name="contact_point_unique"
            )
        ]
        # Finding the customer behind an incoming email or a caller's number.
        indexes = [models.Index(fields=["kind", "value"], name="contact_point_lookup")]

    def __str__(self) -> str:
        return self.value

    def clean(self) -> None:
        # Forms (the admin included) store the same canonical form the services do.
        try:
            self.value = normalise_contact(self.kind, self.value)
        except InvalidInput as exc:
            raise ValidationError({"value": exc.message}) from None


class Consent(models.Model):
    """A customer's yes or no to one purpose, when and how it was given.

    Rows are never changed: a new decision is a new row, so the history is the evidence.
    """

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("granted"))
    source = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("Where the customer gave it: web form, phone…"),
    )
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["customer", "purpose", "-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "purpose", "-recorded_at"], name="consent_latest")
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {'✓' if self.granted else '✗'}"


class SignInLink(models.Model):
    """A one-time link that signs a customer in to the portal, sent to one of their addresses.

    Only the SHA-256 of the token is kept, and only once the link has been emailed: the token
    itself is made by the task that sends it (see ``signin``), so it is never stored anywhere,
    not even in the task queue. A link works once (``used_at``) and until ``expires_at``.
    """

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="sign_in_links",
    )
    email = models.EmailField(_("sent to"), max_length=254)
    token_sha256 = models.CharField(
        _("token SHA-256"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("requested"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")
        ordering = ["-created_at", "-id"]
        # The rate limit counts an address's recent links.
        indexes = [models.Index(fields=["email", "created_at"], name="sign_in_link_recent")]

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%Y-%m-%d %H:%M}"
