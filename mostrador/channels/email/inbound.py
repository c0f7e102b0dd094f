"""Mail in: store the raw message first, then process it, exactly once, onto a case.

``receive`` is where every way in ends (IMAP polling, the SMTP/LMTP receiver, a file import):
it commits the bytes before anything reads them, so a message a server handed over is never
lost. ``process`` runs in a task: one transaction reads the message, finds or creates the
customer, threads it onto a case or opens one, and marks the stored row processed. A worker
killed half-way leaves nothing behind but the pending row, which ``requeue_stale`` queues
again; a row already processed is never processed twice.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import logging
import traceback
from collections.abc import Sequence
from email.parser import BytesHeaderParser
from email.utils import parseaddr

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from mostrador.accounts.models import Department
from mostrador.cases.choices import Channel
from mostrador.channels.email import bounces, noise, placement, reports, returnpath, spam
from mostrador.channels.email.choices import InboundStatus, Outcome, Quarantine
from mostrador.channels.email.decoding import decode_header
from mostrador.channels.email.models import InboundEmail, Mailbox, OutboundEmail
from mostrador.channels.email.parsing import ParsedEmail, message_ids, parse
from mostrador.core import configcache, timeutils, transactions
from mostrador.core.errors import InvalidInput
from mostrador.core.interface import through
from mostrador.customers.choices import ContactKind

logger = logging.getLogger(__name__)


def receive(
    raw: bytes,
    mailbox: Mailbox,
    *,
    source: str,
    envelope_from: str = "",
    envelope_to: Sequence[str] = (),
    imap_uid: int | None = None,
    queued: bool = True,
) -> InboundEmail:
    """Store ``raw`` as received by ``mailbox`` and queue its processing; return the row.
    ``queued=False`` leaves the queueing to the caller (``queue``, with others).

    Idempotent: the same bytes delivered again to the same mailbox return the row already
    stored. Call it outside a transaction: when it returns, the message is committed, and only
    then may the caller tell the server it has the message (an SMTP 250, an IMAP move).
    """
    digest = hashlib.sha256(raw).hexdigest()
    now = timeutils.now()
    with transaction.atomic():
        inbound, created = InboundEmail.objects.get_or_create(
            mailbox=mailbox,
            raw_sha256=digest,
            defaults={
                "raw": raw,
                "size": len(raw),
                "source": source,
                "envelope_from": envelope_from[:254],
                "envelope_to": list(envelope_to),
                "imap_uid": imap_uid,
                "received_at": now,
                "queued_at": now,
                # Known before processing, so that a reply processed first can find it.
                "message_id": _message_id_of(raw),
            },
        )
        if created and queued:
            queue([inbound.pk])
    return inbound


# Messages processed by one task when many are stored at once (an import, a sweep): one
# worker goes through them without a task's bookkeeping for each.
BATCH = 50


def queue(inbound_ids: Sequence[int]) -> None:
    """Process these stored messages in tasks once the current transaction commits: one
    message in a task of its own (a delivery), many in tasks of ``BATCH``, in this order."""
    from mostrador.channels.email import tasks  # noqa: PLC0415  (tasks imports this module)

    ids = list(inbound_ids)

    def enqueue() -> None:
        if len(ids) == 1:
            tasks.process_email.enqueue(inbound_id=ids[0])
            return
        for start in range(0, len(ids), BATCH):
            tasks.process_emails.enqueue(inbound_ids=ids[start : start + BATCH])

    if ids:
        transaction.on_commit(enqueue)


def requeue_stale() -> int:
    """Queue again the messages still pending long after they were queued (their worker died,
    or the queue lost them); return how many. Run by the scheduler."""
    cutoff = timeutils.now() - dt.timedelta(seconds=settings.EMAIL_STALE_SECONDS)
    with transaction.atomic():
        stale = list(
            InboundEmail.objects.filter(status=InboundStatus.PENDING)
            .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=cutoff))
            .order_by("received_at", "id")
            .values_list("pk", flat=True)[:1000]
        )
        InboundEmail.objects.filter(pk__in=stale).update(queued_at=timeutils.now())
        queue(stale)
    return len(stale)


@through(Channel.EMAIL)  # whatever a message does to a case, the timeline says: by email
def process(inbound_id: int) -> str:
    """Process one stored message, if it is still pending; return what it became.

    The row is locked for the whole transaction (PostgreSQL skips a row another worker holds;
    SQLite serialises writers), so concurrent or repeated tasks process it once.
    """
    with transaction.atomic():
        inbound = (
            InboundEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("mailbox__department")
            .filter(pk=inbound_id, status=InboundStatus.PENDING)
            .first()
        )
        if inbound is None:
            return "skipped"
        _process_locked(inbound, chain=frozenset())
    return inbound.outcome or inbound.quarantine


def _process_locked(inbound: InboundEmail, *, chain: frozenset[int]) -> None:
    """Process ``inbound``, locked by the caller; ``chain`` holds the messages being processed
    around it (its replies waiting for it), which it must not wait for in turn."""
    inbound.attempts += 1
    _handle(inbound, chain=chain | {inbound.pk})
    inbound.processed_at = timeutils.now()
    inbound.save(update_fields=_RESULT_FIELDS)


# How far back a reply waits for the messages it answers to be processed first; a longer
# chain of pending ancestors is settled by the replies in between.
_MAX_PENDING_ANCESTORS = 5


def _settle_pending_parents(parsed: ParsedEmail, *, chain: frozenset[int]) -> None:
    """Process first the stored messages this one answers that are still pending.

    Messages are not always processed in the order they came: a worker that died leaves its
    message to be queued again behind later ones, and two workers run side by side. A reply
    processed before the message it answers would find no case to thread onto. Locking the
    parent waits for a worker that holds it right now; one nobody holds is processed here.
    """
    if len(chain) > _MAX_PENDING_ANCESTORS or not parsed.thread_ids:
        return
    parents = (
        InboundEmail.objects.select_for_update(of=("self",))
        .select_related("mailbox__department")
        .filter(message_id__in=parsed.thread_ids, status=InboundStatus.PENDING)
        # Two messages that claim to answer each other must not wait for each other.
        .exclude(pk__in=chain)
        .order_by("received_at", "id")
    )
    for parent in parents:
        _process_locked(parent, chain=chain)


# What processing writes: never ``raw``, which is only ever written once, by ``receive``.
_RESULT_FIELDS = [
    "attempts",
    "processed_at",
    "status",
    "outcome",
    "quarantine",
    "detail",
    "message_id",
    "from_address",
    "subject",
    "dedupe_key",
    "duplicate_of",
    "case",
    "case_message",
    "staff_sender",
    "reasons",
    "spam_score",
]


def _handle(inbound: InboundEmail, *, chain: frozenset[int]) -> None:
    inbound.reasons, inbound.spam_score = [], None
    try:
        parsed = parse(bytes(inbound.raw))
    except Exception:  # noqa: BLE001  (whatever the reason, the message is kept and shown)
        _quarantine(inbound, Quarantine.UNREADABLE, traceback.format_exc())
        return
    inbound.message_id = parsed.message_id
    inbound.from_address = parsed.sender.email if parsed.sender else ""
    inbound.subject = parsed.subject[:300]
    if _is_loop(inbound, parsed):
        _done(inbound, Outcome.LOOP)
        return
    if _is_duplicate(inbound, parsed):
        return
    _settle_pending_parents(parsed, chain=chain)
    kind = noise.classify(
        parsed.legacy, envelope_from=inbound.envelope_from, envelope_to=_envelope_to(inbound)
    )
    inbound.reasons = [{"verdict": kind.kind, "signal": kind.reason, "detail": kind.detail}]
    if kind.kind == noise.NoiseKind.BOUNCE:
        inbound.case = reports.record_bounce(inbound, parsed)
        _done(inbound, Outcome.BOUNCE)
        return
    if not inbound.from_address:
        _quarantine(inbound, Quarantine.NO_SENDER, "")
        return
    verdict = _judge_spam(inbound, parsed)
    if verdict.spam:
        return
    if _over_rate_limit(inbound):
        _quarantine(inbound, Quarantine.RATE_LIMITED, inbound.from_address)
        return
    try:
        # A failure rolls the case back to the savepoint, and its files out of storage.
        with transactions.undone_on_error(), transaction.atomic():
            _place(inbound, parsed, kind, answer=verdict.answer)
    except InvalidInput as error:
        _refused(inbound, error)
    except Exception:  # noqa: BLE001  (a message that breaks processing is kept aside, not lost)
        logger.exception("email %s could not be processed", inbound.pk)
        _quarantine(inbound, Quarantine.FAILED, traceback.format_exc())


def _judge_spam(inbound: InboundEmail, parsed: ParsedEmail) -> spam.Verdict:
    """Record what the spam checks found; put suspected spam in the Spam folder (a quarantine
    an administrator releases or deletes). Released mail is not judged again."""
    verdict = spam.judge(
        parsed, raw=inbound.raw, envelope_from=inbound.envelope_from, released=inbound.released
    )
    inbound.reasons += verdict.reasons
    inbound.spam_score = verdict.score
    if verdict.spam:
        _quarantine(inbound, Quarantine.SPAM, verdict.summary())
    return verdict


def _place(
    inbound: InboundEmail, parsed: ParsedEmail, kind: noise.Noise, *, answer: bool = True
) -> None:
    """File ``parsed`` on a case; ``answer=False`` (suspicious mail) sends no receipt."""
    department: Department = inbound.mailbox.department
    if kind.kind == noise.NoiseKind.AUTO_REPLY:
        inbound.case = placement.record_auto_reply(parsed)
        _done(inbound, Outcome.AUTO_REPLY)
        return
    placed = placement.place(
        parsed,
        department=department,
        answer=answer and kind.kind == noise.NoiseKind.PERSONAL,
        envelope_to=[str(address) for address in inbound.envelope_to or []],
    )
    inbound.case, inbound.case_message = placed.case, placed.message
    inbound.staff_sender = placed.staff_sender
    _done(inbound, Outcome.CASE_OPENED if placed.opened else Outcome.MESSAGE_ADDED)


def _message_id_of(raw: bytes) -> str:
    try:
        headers = BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
        return next(iter(message_ids(decode_header(str(headers.get("Message-ID", ""))))), "")
    except Exception:  # noqa: BLE001  (processing reads it properly; this is only a head start)
        return ""


def _envelope_to(inbound: InboundEmail) -> list[str]:
    return [str(address) for address in inbound.envelope_to or []]


def _is_loop(inbound: InboundEmail, parsed: ParsedEmail) -> bool:
    """Our own mail coming back: from one of our addresses, or a copy of a message we sent.

    Our return paths never write, so mail from one is ours. A bounce sent to one is a mail
    system's report on our mail, which may quote it whole or even bear its From: never a loop.
    """
    sender = parsed.sender.email if parsed.sender else ""
    if sender and returnpath.is_ours(sender):
        return True
    envelope_to = _envelope_to(inbound)
    if returnpath.to_bounce_address(parsed.legacy, envelope_to) and bounces.read_bounce(
        parsed.legacy, envelope_from=inbound.envelope_from, envelope_to=envelope_to
    ):
        return False
    if sender and sender in _our_addresses():
        return True
    return bool(parsed.message_id) and (
        OutboundEmail.objects.filter(message_id=parsed.message_id).exists()
    )


def _our_addresses() -> set[str]:
    """The addresses mail from Mostrador itself comes from, read once per process until a
    mailbox or a department changes (``core.configcache``)."""
    return configcache.cached("channels.our-addresses", _read_our_addresses)


def _read_our_addresses() -> set[str]:
    addresses = {
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(),
        parseaddr(settings.SERVER_EMAIL)[1].lower(),
    }
    addresses.update(a.lower() for a in Mailbox.objects.values_list("address", flat=True))
    addresses.update(
        a.lower()
        for a in Department.objects.exclude(inbound_email="").values_list(
            "inbound_email", flat=True
        )
    )
    return addresses - {""}


def _is_duplicate(inbound: InboundEmail, parsed: ParsedEmail) -> bool:
    """Claim the message's content fingerprint; a second copy finds it taken."""
    if inbound.dedupe_key == parsed.fingerprint:
        return False  # reprocessing the first copy itself
    try:
        with transaction.atomic():
            InboundEmail.objects.filter(pk=inbound.pk).update(dedupe_key=parsed.fingerprint)
    except IntegrityError:
        original = InboundEmail.objects.filter(dedupe_key=parsed.fingerprint).first()
        inbound.duplicate_of = original
        inbound.case = original.case if original else None
        _done(inbound, Outcome.DUPLICATE)
        return True
    inbound.dedupe_key = parsed.fingerprint
    return False


def _over_rate_limit(inbound: InboundEmail) -> bool:
    """Whether the sender already sent the limit within the window before this message.

    Counted by when messages arrived, not when they are processed, so a backlog processed
    after an outage is judged as it came.
    """
    if inbound.released:
        return False
    window = dt.timedelta(minutes=settings.EMAIL_SENDER_WINDOW_MINUTES)
    earlier = (
        InboundEmail.objects.filter(
            from_address=inbound.from_address,
            received_at__gte=inbound.received_at - window,
            received_at__lte=inbound.received_at,
            pk__lt=inbound.pk,
        )
        .exclude(outcome__in=[Outcome.DUPLICATE, Outcome.LOOP])
        .count()
    )
    return earlier >= settings.EMAIL_SENDER_LIMIT


def _done(inbound: InboundEmail, outcome: str) -> None:
    inbound.status = InboundStatus.PROCESSED
    inbound.outcome = outcome
    inbound.quarantine = ""


def _refused(inbound: InboundEmail, error: InvalidInput) -> None:
    """Put aside a message whose sender the customers app refuses, saying why in words.

    A readable message from an address that cannot be a customer's ("user@mailhost", a quoted
    local part...) is no processing failure: it waits as ``REFUSED_SENDER``, where an
    administrator sees the address and the reason, can answer by hand, and can release it
    once the address can be accepted. Other refused input is a failure, with its traceback.
    Call it while handling ``error``.
    """
    reasons = error.fields.get(ContactKind.EMAIL)
    if not reasons:
        logger.exception("email %s could not be processed", inbound.pk)
        _quarantine(inbound, Quarantine.FAILED, traceback.format_exc())
        return
    logger.info("email %s: its sender cannot be a customer", inbound.pk)
    detail = _("The sender %(address)s cannot become a customer: %(reason)s") % {
        "address": inbound.from_address,
        "reason": " ".join(reasons),
    }
    _quarantine(inbound, Quarantine.REFUSED_SENDER, detail)


def _quarantine(inbound: InboundEmail, reason: str, detail: str) -> None:
    inbound.status = InboundStatus.QUARANTINED
    inbound.quarantine = reason
    inbound.outcome = ""
    inbound.detail = detail[-10000:]
