"""Closed lists of the accounts domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DepartmentKind(models.TextChoices):
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    AFTER_SALES = "after_sales", _("After-sales service")
    TECHNICAL = "technical", _("Technical assistance service")
    BILLING = "billing", _("Billing")
    COMMERCIAL = "commercial", _("Commercial")
    LOGISTICS = "logistics", _("Logistics")
    WAREHOUSE = "warehouse", _("Warehouse")
    OTHER = "other", pgettext_lazy("department kind", "Other")


class Role(models.TextChoices):
    HEAD = "head", _("Department head")
    TECHNICIAN = "technician", _("Technician")
    OPERATOR = "operator", _("Operator")
    ADMIN = "admin", _("Administrator")


class ApprovalAction(models.TextChoices):
    """Actions that may need a superior's authorisation above an amount (level 3)."""

    REFUND = "refund", _("Refund")
    COMPENSATION = "compensation", _("Compensation")
    REPLACEMENT = "replacement", _("Replacement")
    GOODWILL_CREDIT = "goodwill_credit", _("Goodwill credit")
    CONTRACT_TERMINATION = "contract_termination", _("Contract termination")
    DEBT_CANCELLATION = "debt_cancellation", _("Debt cancellation")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class AssignmentPolicy(models.TextChoices):
    """How a department gives new cases to its people when no one logged or claimed them."""

    MANUAL = "manual", _("Manual (the queue)")
    ROUND_ROBIN = "round_robin", _("Round robin")
    FEWEST_OPEN = "fewest_open", _("Fewest open cases")


class TokenLifetime(models.TextChoices):
    """How long a new API token works, as the forms offer it (the API takes any number of days).

    Ninety days unless the person chooses: a token forgotten in a script stays a key to their
    account, so "never" must be asked for.
    """

    DAYS_30 = "30", _("30 days")
    DAYS_90 = "90", _("90 days")
    DAYS_365 = "365", _("365 days")
    NEVER = "never", _("Never expires")

    @property
    def days(self) -> int | None:
        """The lifetime in days, None for a token that never expires."""
        return None if self is TokenLifetime.NEVER else int(self.value)


DEFAULT_TOKEN_LIFETIME = TokenLifetime.DAYS_90


class TwoFactorScope(models.TextChoices):
    """Who must use two-step sign-in (the TWO_FACTOR_REQUIRED_FOR setting)."""

    NONE = "none", _("Nobody: each person chooses")
    ADMINS = "admins", _("Administrators")
    STAFF = "staff", _("All staff")
