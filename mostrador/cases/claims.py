"""Writes on the detail of claims and reports to the authorities: what is asked, how it ended,
where it was taken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostrador.cases import details, permissions
from mostrador.cases.choices import CaseType, ClaimOutcome
from mostrador.cases.models import AuthorityReport, Case, Claim
from mostrador.core import timeutils
from mostrador.core.errors import Conflict, InvalidInput
from mostrador.core.services import record_event


def _claim_of(case: Case) -> Claim:
    claim = details.get_row(case, details.CLAIM, Claim)
    if claim is None:
        raise Conflict(_("This case has no claim."), code="not_a_claim")
    return claim


def set_claim(case: Case, clean: Mapping[str, Any]) -> dict[str, Any]:
    """Set what the claim of ``case`` asks (``clean`` as ``details.check`` gives it), creating
    its row if it has none; return what changed. Part of ``services.update_case``."""
    claim = details.get_row(case, details.CLAIM, Claim)
    if claim is None:
        created = Claim.objects.create(
            case=case, remedy=clean["remedy"], amount_asked=clean.get("amount_asked")
        )
        case._state.fields_cache["claim"] = created
        return {"claim": [None, {"remedy": created.remedy, "amount_asked": created.amount_asked}]}
    changes: dict[str, Any] = {}
    for field in ("remedy", "amount_asked"):
        if getattr(claim, field) != clean.get(field):
            changes[f"claim.{field}"] = [getattr(claim, field), clean.get(field)]
            setattr(claim, field, clean.get(field))
    if changes:
        claim.save(update_fields=["remedy", "amount_asked"])
    return changes


@transaction.atomic
def settle_claim(
    case: Case, *, outcome: str, actor: Any, amount_granted: Decimal | str | None = None
) -> Claim:
    """Record how the claim of ``case`` ended and, when money was granted, how much.

    Raises ``Forbidden``, ``Conflict`` (not a claim) or ``InvalidInput``: a rejected or withdrawn
    claim grants nothing; a granted one may say how much. Records ``cases.claim.settled``.
    """
    staff = permissions.require_worker(actor, case)
    claim = _claim_of(case)
    if outcome not in ClaimOutcome.values:
        raise InvalidInput(
            fields={"outcome": [_("“%(value)s” is not a valid choice.") % {"value": outcome}]}
        )
    granted = details.amount(amount_granted, "amount_granted")
    if granted is not None and outcome in (ClaimOutcome.REJECTED, ClaimOutcome.WITHDRAWN):
        raise InvalidInput(
            fields={"amount_granted": [_("A rejected or withdrawn claim grants nothing.")]}
        )
    claim.outcome = outcome
    claim.amount_granted = granted
    claim.decided_at = None if outcome == ClaimOutcome.PENDING else timeutils.now()
    claim.save(update_fields=["outcome", "amount_granted", "decided_at"])
    record_event(
        case,
        "cases.claim.settled",
        actor=staff,
        data={"outcome": outcome, "amount_granted": granted},
    )
    return claim


@transaction.atomic
def refer_claim(
    case: Case, *, to: str, actor: Any, referred_at: dt.datetime | None = None
) -> Claim:
    """Record that the customer took the claim of ``case`` to ``to`` (a consumer authority, an
    arbitration board). Records ``cases.claim.referred``."""
    staff = permissions.require_worker(actor, case)
    claim = _claim_of(case)
    if not to.strip():
        raise InvalidInput(fields={"referred_to": [_("Say where the customer took it.")]})
    claim.referred_to = to.strip()[:200]
    claim.referred_at = referred_at or timeutils.now()
    claim.save(update_fields=["referred_to", "referred_at"])
    record_event(
        case,
        "cases.claim.referred",
        actor=staff,
        data={"to": claim.referred_to, "at": claim.referred_at},
    )
    return claim


@transaction.atomic
def record_authority_forwarding(
    case: Case, *, authority: str, actor: Any, forwarded_at: dt.datetime | None = None
) -> AuthorityReport:
    """Record that a report to the authorities was forwarded to ``authority`` (and when).

    Only for cases of type authority_report. Records ``cases.case.forwarded_to_authority``.
    """
    staff = permissions.require_worker(actor, case)
    if case.type != CaseType.AUTHORITY_REPORT:
        raise Conflict(
            _("Only reports to the authorities are forwarded."), code="not_authority_report"
        )
    if not authority.strip():
        raise InvalidInput(fields={"authority": [_("Name the administration.")]})
    report, _created = AuthorityReport.objects.get_or_create(case=case)
    report.authority = authority.strip()[:200]
    report.forwarded_at = forwarded_at or timeutils.now()
    report.save(update_fields=["authority", "forwarded_at"])
    case._state.fields_cache["authority_report"] = report
    record_event(
        case,
        "cases.case.forwarded_to_authority",
        actor=staff,
        data={"authority": report.authority, "at": report.forwarded_at},
    )
    return report
