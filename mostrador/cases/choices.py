"""Closed lists of the cases domain, and the status workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseType(models.TextChoices):
    INFORMATION = "information", _("Information request")
    SUGGESTION = "suggestion", _("Suggestion")
    COMPLAINT = "complaint", _("Complaint")
    CLAIM = "claim", _("Claim")
    AUTHORITY_REPORT = "authority_report", _("Report to the authorities")
    TECHNICAL = "technical", _("Technical service request")
    COMPLIMENT = "compliment", _("Compliment")


class CaseStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("case status", "New")
    OPEN = "open", pgettext_lazy("case status", "Open")
    WAITING_CUSTOMER = "waiting_customer", _("Waiting for customer")
    WAITING_DEPARTMENT = "waiting_department", _("Waiting for another department")
    WAITING_AUTHORISATION = "waiting_authorisation", _("Waiting for authorisation")
    RESOLVED = "resolved", pgettext_lazy("case status", "Resolved")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


class Priority(models.TextChoices):
    LOW = "low", pgettext_lazy("priority", "Low")
    NORMAL = "normal", pgettext_lazy("priority", "Normal")
    HIGH = "high", pgettext_lazy("priority", "High")
    URGENT = "urgent", pgettext_lazy("priority", "Urgent")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WEB = "web", _("Web form")
    CHAT = "chat", _("Chat")
    PHONE = "phone", _("Phone")
    COUNTER = "counter", _("Counter")
    LETTER = "letter", _("Letter")
    SOCIAL = "social", _("Social media")
    API = "api", _("API")
    VISIT = "visit", _("Visit")
    # Not a way customers come: what staff write on the case page (notes, replies).
    WORKSPACE = "workspace", _("Staff workspace")


# The channels a case can come by: every one but the staff's own workspace.
CASE_CHANNELS = frozenset(Channel.values) - {Channel.WORKSPACE}


class Remedy(models.TextChoices):
    """What a claim asks for."""

    REFUND = "refund", _("Refund")
    REPAIR = "repair", _("Repair")
    REPLACEMENT = "replacement", _("Replacement")
    COMPENSATION = "compensation", _("Compensation")
    CONTRACT_TERMINATION = "contract_termination", _("Contract termination")
    DEBT_CANCELLATION = "debt_cancellation", _("Debt cancellation")
    OTHER = "other", pgettext_lazy("remedy", "Other")


class MessageKind(models.TextChoices):
    INBOUND = "inbound", _("From the customer")
    OUTBOUND = "outbound", _("To the customer")
    NOTE = "note", _("Internal note")


OPEN_STATUSES = frozenset(
    {
        CaseStatus.NEW,
        CaseStatus.OPEN,
        CaseStatus.WAITING_CUSTOMER,
        CaseStatus.WAITING_DEPARTMENT,
        CaseStatus.WAITING_AUTHORISATION,
    }
)

# Which status may follow which. Every change of status goes through `services.set_status`,
# which refuses anything not listed here.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.NEW: frozenset(
        OPEN_STATUSES - {CaseStatus.NEW} | {CaseStatus.RESOLVED, CaseStatus.CLOSED}
    ),
    CaseStatus.OPEN: frozenset(
        OPEN_STATUSES - {CaseStatus.NEW, CaseStatus.OPEN} | {CaseStatus.RESOLVED, CaseStatus.CLOSED}
    ),
    CaseStatus.WAITING_CUSTOMER: frozenset(
        {CaseStatus.OPEN, CaseStatus.RESOLVED, CaseStatus.CLOSED}
    ),
    CaseStatus.WAITING_DEPARTMENT: frozenset({CaseStatus.OPEN, CaseStatus.RESOLVED}),
    CaseStatus.WAITING_AUTHORISATION: frozenset({CaseStatus.OPEN}),
    CaseStatus.RESOLVED: frozenset({CaseStatus.OPEN, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.OPEN}),
}


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHIN_LIMIT = "within_limit", _("Granted within the authority limit")


class FollowUpReason(models.TextChoices):
    CONFIRM_AFTER_TRANSFER = (
        "confirm_after_transfer",
        _("Confirm with the customer that it was solved"),
    )
    OTHER = "other", pgettext_lazy("follow-up reason", "Other")


class SLAState(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")


class ClaimOutcome(models.TextChoices):
    """How a claim ended, as the department decided it."""

    PENDING = "pending", pgettext_lazy("claim outcome", "Pending")
    GRANTED = "granted", pgettext_lazy("claim outcome", "Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    REJECTED = "rejected", pgettext_lazy("claim outcome", "Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the customer")
