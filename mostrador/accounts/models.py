"""Staff, departments, business calendars, authority limits and API tokens."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import holidays
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from mostrador.accounts.choices import (
    ApprovalAction,
    AssignmentPolicy,
    DepartmentKind,
    Role,
    Weekday,
)
from mostrador.core import timeutils

SESSION_HASH_SALT = "mostrador.accounts.User.session_hash"


class User(AbstractUser):
    """A member of staff who signs in to Mostrador (customers are ``customers.Customer``)."""

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Language of the interface and of the notifications this person receives."),
    )
    absent_until = models.DateTimeField(
        _("absent until"),
        null=True,
        blank=True,
        help_text=_("While absent, automatic assignment skips this person."),
    )
    two_factor_changed_at = models.DateTimeField(
        _("two-step sign-in changed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When two-step sign-in was last set up, replaced, turned off or reset. Every "
            "session opened before then has ended."
        ),
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    # Django ends every session whose stored hash no longer matches (as on a password change).
    # Adding when two-step sign-in last changed ends the sessions opened before someone set it
    # up, replaced the phone, or had it reset: they would otherwise go on without a code.
    def get_session_auth_hash(self) -> str:
        if self.two_factor_changed_at is None:  # the sessions of before this field stay valid
            return str(super().get_session_auth_hash())
        return self._session_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        if self.two_factor_changed_at is None:
            yield from super().get_session_auth_fallback_hash()
            return
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    def _session_hash(self, secret: str | bytes) -> str:
        changed = self.two_factor_changed_at.isoformat() if self.two_factor_changed_at else ""
        value = f"{self.password}|{changed}"
        return salted_hmac(SESSION_HASH_SALT, value, secret=secret, algorithm="sha256").hexdigest()


class BusinessCalendar(models.Model):
    """When a department attends: weekly hours, public holidays of a region, extra closed days."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    country = models.CharField(
        _("country"), max_length=2, default="ES", help_text=_("ISO 3166 code, e.g. ES.")
    )
    subdivision = models.CharField(
        _("region"),
        max_length=10,
        blank=True,
        help_text=_("Region whose public holidays apply, e.g. CT for Catalonia."),
    )

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        supported = holidays.list_supported_countries()
        if self.country not in supported:
            raise ValidationError({"country": _("No public-holiday data for this country.")})
        if self.subdivision and self.subdivision not in supported[self.country]:
            raise ValidationError({"subdivision": _("Unknown region for this country.")})


class BusinessHours(models.Model):
    """One opening period on a weekday; several per day make a split day (9-14, 16-19)."""

    calendar = models.ForeignKey(
        BusinessCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["calendar", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="hours_open_before_close"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class ClosedDay(models.Model):
    """A day the calendar is closed beyond public holidays (local festivity, company closure)."""

    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("calendar"),
        on_delete=models.CASCADE,
        related_name="closed_days",
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="closed_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.reason}"


class Department(models.Model):
    """A department that receives and handles cases: customer service, SAT, billing..."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(
        _("code"), max_length=20, unique=True, help_text=_("Short code, e.g. SAC or SAT.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DepartmentKind.choices)
    inbound_email = models.EmailField(
        _("inbound address"),
        blank=True,
        help_text=_("Address customers write to; mail received there is routed here."),
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("business calendar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
    )
    description = models.TextField(_("description"), blank=True)
    approver = models.ForeignKey(
        User,
        verbose_name=_("approver"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Decides this department's approval requests. Empty: its heads."),
    )
    assignment_policy = models.CharField(
        _("assignment"),
        max_length=20,
        choices=AssignmentPolicy.choices,
        default=AssignmentPolicy.MANUAL,
    )
    is_active = models.BooleanField(_("active"), default=True)
    members = models.ManyToManyField(
        User, through="Membership", related_name="departments", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["inbound_email"],
                condition=~Q(inbound_email=""),
                name="department_inbound_email_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in one department; a person may belong to several departments."""

    user = models.ForeignKey(
        User, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="memberships"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["department", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "department"], name="membership_unique")
        ]
        indexes = [models.Index(fields=["department", "role"], name="membership_dept_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.department} · {self.get_role_display()}"


class AuthorityLimit(models.Model):
    """The largest amount a role may grant for an action without a superior's approval."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    action = models.CharField(_("action"), max_length=30, choices=ApprovalAction.choices)
    max_amount = models.DecimalField(
        _("maximum amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("authority limit")
        verbose_name_plural = _("authority limits")
        ordering = ["role", "action"]
        constraints = [
            models.UniqueConstraint(fields=["role", "action"], name="authority_limit_unique"),
            models.CheckConstraint(condition=Q(max_amount__gte=0), name="authority_limit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.get_action_display()} ≤ {self.max_amount} EUR"


class ApiToken(models.Model):
    """A secret that lets a program act as a staff member through the REST API.

    Only a SHA-256 of the secret is stored: the secret itself is shown once, at creation.
    """

    user = models.ForeignKey(
        User, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(
        _("expires"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("From this moment the token authenticates nobody. Empty: it never expires."),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timeutils.now()

    @property
    def is_active(self) -> bool:
        """Whether the token still authenticates (its owner's account aside): ``working``."""
        return self.revoked_at is None and not self.is_expired

    @staticmethod
    def working() -> Q:
        """The condition of ``is_active``, for queries."""
        return Q(revoked_at__isnull=True) & (
            Q(expires_at__isnull=True) | Q(expires_at__gt=timeutils.now())
        )
