"""Bounces: what a delivery report says about mail we sent, recorded on its case.

A bounce names the message it reports on by Message-ID (in the returned message or its
headers) when the reporting server is kind; otherwise by the recipient, and then the latest
message we sent to that address is the one meant. The report is recorded, the email marked,
and the case shows it as a delivery failure, never as something the customer said.
"""

from __future__ import annotations

import datetime as dt

from mostrador.cases.models import Case
from mostrador.channels.email import bounces
from mostrador.channels.email.choices import OutboundStatus
from mostrador.channels.email.models import DeliveryReport, InboundEmail, OutboundEmail
from mostrador.channels.email.parsing import ParsedEmail
from mostrador.core import timeutils
from mostrador.core.services import record_event

# How far back a report naming only a recipient may refer.
_RECIPIENT_MATCH_WINDOW = dt.timedelta(days=14)


def record_bounce(inbound: InboundEmail, parsed: ParsedEmail) -> Case | None:
    """Record what the bounce ``parsed`` reports; return the case it concerns, if found."""
    bounce = bounces.read_bounce(parsed.legacy)
    if bounce is None:
        return None
    by_id = list(
        OutboundEmail.objects.filter(message_id__in=bounce.original_message_ids).select_related(
            "case"
        )
    )
    failures = bounce.failures or (bounces.Failure(recipient="", action="failed"),)
    case = None
    now = timeutils.now()
    for failure in failures:
        outbound = _reported(by_id, failure.recipient, now)
        DeliveryReport.objects.create(
            inbound=inbound,
            outbound=outbound,
            recipient=failure.recipient[:254],
            action=failure.action[:20],
            status=failure.status[:20],
            diagnostic=failure.diagnostic,
            permanent=failure.permanent,
            created_at=now,
        )
        if outbound is not None:
            _mark(outbound, failure, permanent=failure.permanent)
            case = case or outbound.case
    return case


def _reported(by_id: list[OutboundEmail], recipient: str, now: dt.datetime) -> OutboundEmail | None:
    for outbound in by_id:
        if not recipient or outbound.to_address.lower() == recipient:
            return outbound
    if by_id:
        return by_id[0]
    if not recipient:
        return None
    return (
        OutboundEmail.objects.filter(
            to_address__iexact=recipient, created_at__gte=now - _RECIPIENT_MATCH_WINDOW
        )
        .select_related("case")
        .order_by("-created_at", "-id")
        .first()
    )


def _mark(outbound: OutboundEmail, failure: bounces.Failure, *, permanent: bool) -> None:
    diagnostic = " ".join(part for part in (failure.status, failure.diagnostic) if part)
    if permanent:
        outbound.status = OutboundStatus.BOUNCED
        outbound.failed_at = timeutils.now()
    outbound.last_error = diagnostic[:2000]
    outbound.save(update_fields=["status", "failed_at", "last_error"])
    if outbound.case is not None:
        record_event(
            outbound.case,
            "channels.email.bounced" if permanent else "channels.email.delayed",
            data={
                "to": outbound.to_address,
                "kind": outbound.kind,
                "status": failure.status,
                "diagnostic": failure.diagnostic[:300],
            },
        )
