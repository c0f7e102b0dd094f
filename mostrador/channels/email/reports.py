"""Bounces: what a delivery report says about mail we sent, recorded on its case.

A bounce is attributed only to the email it names: by the personal return path it came back
to (``returnpath``: the envelope recipient, Delivered-To, X-Original-To or To, or the
Return-Path kept in the returned message), else by our Message-ID in the returned message or
its quoted headers. Never by its recipient alone: we may have written to that address twice,
or about another case, and marking the wrong email as undelivered tells staff that a customer
did not get what they did. A bounce that names no email of ours is kept, with what it said,
for administrators (``DeliveryReport`` rows without an email). An attributed one marks the
email and shows on the case as a delivery failure, never as something the customer said.
"""

from __future__ import annotations

from collections.abc import Sequence

from mostrador.cases.models import Case
from mostrador.channels.email import bounces, returnpath
from mostrador.channels.email.choices import OutboundStatus
from mostrador.channels.email.models import DeliveryReport, InboundEmail, OutboundEmail
from mostrador.channels.email.parsing import ParsedEmail
from mostrador.core import timeutils
from mostrador.core.services import record_event


def record_bounce(inbound: InboundEmail, parsed: ParsedEmail) -> Case | None:
    """Record what the bounce ``parsed`` reports; return the case of the email it names.

    Writes one ``DeliveryReport`` per failed recipient (at least one), attributed or not; the
    email it names, if any, is marked bounced (or delayed) and its case gets an event.
    """
    envelope_to = [str(address) for address in inbound.envelope_to or []]
    bounce = bounces.read_bounce(
        parsed.legacy, envelope_from=inbound.envelope_from, envelope_to=envelope_to
    )
    if bounce is None:
        return None
    outbound = identified_email(parsed, bounce, envelope_to=envelope_to)
    failures = bounce.failures or (bounces.Failure(recipient="", action="failed"),)
    now = timeutils.now()
    DeliveryReport.objects.bulk_create(
        DeliveryReport(
            inbound=inbound,
            outbound=outbound,
            recipient=failure.recipient[:254],
            action=failure.action[:20],
            status=failure.status[:20],
            diagnostic=failure.diagnostic,
            permanent=failure.permanent,
            created_at=now,
        )
        for failure in failures
    )
    if outbound is None:
        return None
    _mark(outbound, _failure_of(outbound, failures))
    return outbound.case


def identified_email(
    parsed: ParsedEmail, bounce: bounces.Bounce, *, envelope_to: Sequence[str] = ()
) -> OutboundEmail | None:
    """Return the email ``bounce`` names, or None when it names none of ours.

    The return path comes first: it is the delivery's own address, which the reporting server
    had to use, while a returned copy may be of another message (a gateway wrapping a report).
    """
    addresses = [*returnpath.recipients(parsed.legacy, envelope_to), *bounce.original_return_paths]
    tokens = returnpath.tokens(addresses)
    if tokens:
        by_token = {
            row.bounce_token: row
            for row in OutboundEmail.objects.filter(bounce_token__in=tokens).select_related("case")
        }
        if found := next((by_token[t] for t in tokens if t in by_token), None):
            return found
    if not bounce.original_message_ids:
        return None
    return (
        OutboundEmail.objects.filter(message_id__in=bounce.original_message_ids)
        .select_related("case")
        .first()
    )


def _failure_of(outbound: OutboundEmail, failures: Sequence[bounces.Failure]) -> bounces.Failure:
    """The failure that concerns ``outbound``: the one for its address, else (an alias or a
    forward reported under another name) the first permanent one, else the first."""
    address = outbound.to_address.lower()
    for failure in failures:
        if failure.recipient == address:
            return failure
    return next((failure for failure in failures if failure.permanent), failures[0])


def _mark(outbound: OutboundEmail, failure: bounces.Failure) -> None:
    diagnostic = " ".join(part for part in (failure.status, failure.diagnostic) if part)
    if failure.permanent:
        outbound.status = OutboundStatus.BOUNCED
        outbound.failed_at = timeutils.now()
    outbound.last_error = diagnostic[:2000]
    outbound.save(update_fields=["status", "failed_at", "last_error"])
    if outbound.case is not None:
        record_event(
            outbound.case,
            "channels.email.bounced" if failure.permanent else "channels.email.delayed",
            data={
                "to": outbound.to_address,
                "kind": outbound.kind,
                "status": failure.status,
                "diagnostic": failure.diagnostic[:300],
            },
        )
