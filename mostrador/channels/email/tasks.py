"""Email channel background tasks."""

from __future__ import annotations

from django.tasks import task

from mostrador.channels.email import outbound


@task()
def process_email(inbound_id: int) -> str:
    """Process one stored incoming email (see ``inbound.process``)."""
    from mostrador.channels.email import inbound  # noqa: PLC0415  (inbound queues this task)

    return inbound.process(inbound_id)


@task()
def process_emails(inbound_ids: list[int]) -> dict[str, int]:
    """Process stored incoming emails one after another, each in its own transaction, as
    ``process_email`` does one: run again (a worker lost), it skips those already done."""
    from mostrador.channels.email import inbound  # noqa: PLC0415  (inbound queues this task)

    outcomes: dict[str, int] = {}
    for inbound_id in inbound_ids:
        outcome = inbound.process(inbound_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@task()
def send_email(outbound_id: int) -> str:
    """Compose and send one logged email (see ``outbound.send``)."""
    return outbound.send(outbound_id)


@task()
def sweep() -> dict[str, int]:
    """Queue again what a dead worker left: pending messages, due and stale emails."""
    from mostrador.channels.email import inbound  # noqa: PLC0415

    return {"inbound": inbound.requeue_stale(), "outbound": outbound.requeue_due()}


@task()
def poll_mailbox(mailbox_id: int) -> int:
    """Fetch new mail from one IMAP mailbox; return how many messages were stored."""
    from mostrador.channels.email import imap  # noqa: PLC0415  (imap stores through inbound)

    return imap.poll(mailbox_id)
