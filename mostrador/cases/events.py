"""The kinds of event the cases app records: what each is called and how its data reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostrador.cases.choices import CaseStatus, ClaimOutcome
from mostrador.core.events import declare
from mostrador.core.money import format_eur

Data = Mapping[str, Any]


def _status(value: Any) -> str:
    return str(CaseStatus(value).label) if value in CaseStatus.values else str(value)


_LINK_REASONS = {
    "other_sender": gettext_lazy("a reply to it came from someone who is not part of it"),
    "after_reopen_window": gettext_lazy("the customer wrote again long after it ended"),
}


# The reasons the workflow itself gives a change of status; any other reason is what a person
# wrote (how a case was solved), said as it is.
_STATUS_REASONS = {
    "customer_reply": gettext_lazy("the customer replied"),
    "merged": gettext_lazy("merged with another case"),
    "staff": "",
}


def _with_words(line: str, words: Any) -> str:
    return f"{line}: {words}" if words else line


def _status_changed(data: Data) -> str:
    line = _("changed the status from “%(from)s” to “%(to)s”") % {
        "from": _status(data.get("from")),
        "to": _status(data.get("to")),
    }
    reason = data.get("reason") or ""
    return _with_words(line, _STATUS_REASONS.get(reason, reason))


def _approved(data: Data) -> str:
    return _with_words(_("approved the request"), data.get("reason"))


def _transferred(data: Data) -> str:
    text = _("transferred the case")
    return f"{text}: {data['note']}" if data.get("note") else text


def _updated(data: Data) -> str:
    return _("changed %(fields)s") % {"fields": ", ".join(sorted(data))}


def _merged(data: Data) -> str:
    if data.get("into"):
        return _("merged this case into %(reference)s") % {"reference": data["into"]}
    return _("merged %(reference)s into this case") % {"reference": data.get("from", "")}


def _linked(data: Data) -> str:
    line = _("linked this case with %(reference)s") % {"reference": data.get("other", "")}
    reason = _LINK_REASONS.get(data.get("reason", ""))
    return f"{line}: {reason}" if reason else line


def _approval_requested(data: Data) -> str:
    return _("asked for authorisation: %(amount)s") % {"amount": format_eur(data.get("amount"))}


def _granted_within_limit(data: Data) -> str:
    return _("granted %(amount)s within their authority limit") % {
        "amount": format_eur(data.get("amount"))
    }


def _rejected(data: Data) -> str:
    return _("rejected the request: %(reason)s") % {"reason": data.get("reason", "")}


def _forwarded(data: Data) -> str:
    return _("forwarded to %(authority)s") % {"authority": data.get("authority", "")}


def _claim_settled(data: Data) -> str:
    outcome = data.get("outcome", "")
    label = ClaimOutcome(outcome).label if outcome in ClaimOutcome.values else outcome
    if data.get("amount_granted") is not None:
        return _("recorded the claim's outcome: %(outcome)s, %(amount)s granted") % {
            "outcome": label,
            "amount": format_eur(data["amount_granted"]),
        }
    return _("recorded the claim's outcome: %(outcome)s") % {"outcome": label}


def _referred(data: Data) -> str:
    return _("recorded that the customer took the claim to %(body)s") % {"body": data.get("to", "")}


declare(
    "cases.case.opened", label=gettext_lazy("Case opened"), sentence=gettext_lazy("opened the case")
)
declare("cases.case.status_changed", label=gettext_lazy("Status changed"), sentence=_status_changed)
declare(
    "cases.case.transferred", label=gettext_lazy("Transferred"), sentence=_transferred, counted=True
)
declare(
    "cases.case.assigned",
    label=gettext_lazy("Assigned"),
    sentence=gettext_lazy("assigned the case"),
)
declare("cases.case.updated", label=gettext_lazy("Changed"), sentence=_updated)
declare("cases.case.merged", label=gettext_lazy("Merged"), sentence=_merged, counted=True)
declare("cases.case.linked", label=gettext_lazy("Linked"), sentence=_linked)
declare(
    "cases.case.at_risk",
    label=gettext_lazy("At risk"),
    sentence=gettext_lazy("a due time is close"),
)
declare(
    "cases.case.breached",
    label=gettext_lazy("Past a due time"),
    sentence=gettext_lazy("a due time has passed"),
    counted=True,
)
declare(
    "cases.case.forwarded_to_authority",
    label=gettext_lazy("Forwarded to the authorities"),
    sentence=_forwarded,
    counted=True,
)
declare(
    "cases.claim.settled",
    label=gettext_lazy("Claim outcome"),
    sentence=_claim_settled,
    counted=True,
)
declare(
    "cases.claim.referred", label=gettext_lazy("Claim referred"), sentence=_referred, counted=True
)
declare(
    "cases.message.added",
    label=gettext_lazy("Message added"),
    sentence=gettext_lazy("added a message"),
)
declare(
    "cases.consultation.requested",
    label=gettext_lazy("Consultation"),
    sentence=gettext_lazy("asked another department"),
    counted=True,
)
declare(
    "cases.consultation.answered",
    label=gettext_lazy("Consultation answered"),
    sentence=gettext_lazy("answered the consultation"),
)
declare(
    "cases.consultation.escalated",
    label=gettext_lazy("Consultation escalated"),
    sentence=gettext_lazy("escalated to the head: past its due time"),
    counted=True,
)
declare(
    "cases.approval.requested",
    label=gettext_lazy("Approval requested"),
    sentence=_approval_requested,
    counted=True,
)
declare(
    "cases.approval.granted_within_limit",
    label=gettext_lazy("Granted within the authority limit"),
    sentence=_granted_within_limit,
    counted=True,
)
declare("cases.approval.approved", label=gettext_lazy("Approved"), sentence=_approved, counted=True)
declare("cases.approval.rejected", label=gettext_lazy("Rejected"), sentence=_rejected, counted=True)
declare(
    "cases.approval.escalated",
    label=gettext_lazy("Approval escalated"),
    sentence=gettext_lazy("escalated to the head: past its due time"),
    counted=True,
)
declare(
    "cases.followup.done",
    label=gettext_lazy("Follow-up done"),
    sentence=gettext_lazy("checked back with the customer"),
    counted=True,
)
