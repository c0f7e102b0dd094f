"""W7: email ingestion of a maildir of real-shaped MIME messages, 40% of them replies.

The maildir is generated deterministically: new matters from new senders in the shapes mail
clients send (plain UTF-8, quoted-printable Latin-1, base64, multipart/alternative with
HTML, attachments); half the replies answer a seeded case by the reference in the subject,
from one of the customer's addresses, and half answer an earlier message of the maildir by
In-Reply-To and References. ``manage.py import_email`` stores them as a mail server would
deliver them, while one ``db_worker`` processes them (threading, cases, receipts sent to a
real SMTP server); the figure is messages processed per second by that one worker.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import subprocess
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from bench.database import manage
from bench.fixtures import ReplyTarget
from bench.operations import text
from bench.server import ROOT, children, peak_rss_mib, run_measured

NEW_SHARE = 0.6
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
ATTACHMENT = bytes(range(256)) * 64  # 16 KiB that no charset decodes


@dataclass(frozen=True)
class Maildir:
    path: Path
    messages: int
    replies: int


def _body(message: EmailMessage, shape: int, body: str) -> None:
    if shape == 0:
        message.set_content(body, charset="utf-8", cte="8bit")
    elif shape == 1:
        message.set_content(body, charset="iso-8859-1", cte="quoted-printable")
    elif shape == 2:
        message.set_content(body, charset="utf-8", cte="base64")
    else:
        message.set_content(body, charset="utf-8", cte="quoted-printable")
        paragraphs = "".join(f"<p>{line}</p>" for line in body.split(". "))
        message.add_alternative(f"<html><body>{paragraphs}</body></html>", subtype="html")
        if shape == 4:
            message.add_attachment(
                ATTACHMENT, maintype="application", subtype="pdf", filename="factura.pdf"
            )


def _message(
    index: int, sender: str, to: str, subject: str, body: str, shape: int, run: str
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(START + dt.timedelta(seconds=7 * index))
    message["Message-ID"] = f"<bench-{run}-{index}@client.example>"
    _body(message, shape, body)
    return message


def generate(
    path: Path, count: int, mailbox: str, targets: list[ReplyTarget], *, run: str
) -> Maildir:
    """Write ``count`` messages into a new maildir at ``path``, in delivery order.

    ``run`` makes the Message-IDs new, so that a second run on the same database stores its
    messages instead of recognising them as already received.
    """
    rng = random.Random(count)
    for folder in ("new", "cur", "tmp"):
        (path / folder).mkdir(parents=True, exist_ok=True)
    for old in (path / "new").iterdir():
        old.unlink()
    sent: list[tuple[int, str, str]] = []  # earlier new messages: (index, sender, subject)
    replies = 0
    for index in range(count):
        language = rng.choice(("ca", "es", "en"))
        body = text(rng, language, 20, 200)
        shape = index % 5
        draw = rng.random()
        if draw < NEW_SHARE or not sent:
            sender = f"client{index}@correu.example"
            subject = text(rng, language, 4, 12)
            message = _message(index, sender, mailbox, subject, body, shape, run)
            sent.append((index, sender, subject))
        elif draw < NEW_SHARE + (1 - NEW_SHARE) / 2 and targets:
            target = targets[replies % len(targets)]
            subject = f"Re: [{target.reference}] {target.subject}"
            message = _message(index, target.address, mailbox, subject, body, shape, run)
            replies += 1
        else:
            parent, sender, subject = sent.pop(rng.randrange(len(sent)))
            message = _message(index, sender, mailbox, f"Re: {subject}", body, shape, run)
            message["In-Reply-To"] = message["References"] = (
                f"<bench-{run}-{parent}@client.example>"
            )
            replies += 1
        name = f"{1_780_000_000 + index:010d}.M{index}P1.bench"
        (path / "new" / name).write_bytes(message.as_bytes())
    return Maildir(path, count, replies)


def _drop_backlog() -> int:
    """Tasks the write operations queued (receipts, notifications) are not W7's: drop them."""
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    deleted, _kinds = DBTaskResult.objects.all().delete()
    return deleted


def _outcomes() -> dict[str, int]:
    from django.db.models import Count  # noqa: PLC0415

    from mostrador.channels.email.models import InboundEmail  # noqa: PLC0415

    rows = InboundEmail.objects.values("status", "outcome").annotate(n=Count("pk"))
    return {f"{row['status']}:{row['outcome'] or '-'}": row["n"] for row in rows}


def _pending() -> int:
    from mostrador.channels.email.models import InboundEmail  # noqa: PLC0415

    return InboundEmail.objects.filter(status="pending").count()


def _queued() -> int:
    """Tasks still to run: the receipts and notices the ingested messages queued."""
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    return (DBTaskResult.objects.ready() | DBTaskResult.objects.running()).count()


def _drain(worker: TaskWorker, seconds: float = 120) -> None:
    """Let the worker send what the ingestion queued (after the clock stopped), within a limit."""
    deadline = time.monotonic() + seconds
    while _queued() and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.1)


class TaskWorker:
    """One ``db_worker`` process, as production runs it beside the server, sending what it
    sends to a real SMTP server (a sink on loopback) that counts it."""

    def __init__(self, environment: dict[str, str], log_name: str) -> None:
        self.environment = environment
        self.log = Path(environment["MOSTRADOR_VAR_DIR"]) / log_name
        self.sink: Any = None
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> TaskWorker:
        from mostrador.testing.mailservers import SMTPSink  # noqa: PLC0415

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: a line per command
        self.sink = SMTPSink().start()
        environment = {**self.environment, "EMAIL_HOST": self.sink.host}
        environment["EMAIL_PORT"] = str(self.sink.port)
        command = manage(
            "db_worker", "--queue-name", "*", "--interval", "0.1", "--no-startup-delay"
        )
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(  # noqa: S603  (our own manage.py)
                command,
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=output,
            )
        return self

    @property
    def pid(self) -> int:
        return self.process.pid if self.process else 0

    @property
    def sent(self) -> int:
        return len(self.sink.messages) if self.sink else 0

    def poll(self) -> int | None:
        return self.process.poll() if self.process else 0

    def peak_rss_mib(self) -> float:
        return max([peak_rss_mib(self.pid), *map(peak_rss_mib, children(self.pid))])

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()  # it finishes the task in hand first
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:  # a long one (due times of a whole calendar)
                self.process.kill()
                self.process.wait()
        if self.sink is not None:
            self.sink.stop()


def backlog() -> int:
    """Tasks queued and not yet run."""
    return _queued()


def drop_backlog() -> int:
    """Drop every task queued so far (the load's own: due times recomputed for its calendars)."""
    return _drop_backlog()


def ingest(maildir: Maildir, mailbox: str, environment: dict[str, str]) -> dict[str, Any]:
    """Import the maildir beside one worker; time until the worker has processed it all."""
    _drop_backlog()
    log = Path(environment["MOSTRADOR_VAR_DIR"]) / "ingestion.log"
    before = _outcomes()
    with TaskWorker(environment, "ingestion.log") as worker:
        began = time.perf_counter()
        command = manage("import_email", "--mailbox", mailbox, str(maildir.path))
        imported, import_rss = run_measured(command, environment, log)
        while _pending():
            if worker.poll() is not None:
                raise RuntimeError(f"the worker exited; see {log}")
            time.sleep(0.05)
        took = time.perf_counter() - began
        worker_rss = worker.peak_rss_mib()
        _drain(worker)
        receipts = worker.sent
    after = _outcomes()
    outcomes = {
        key: after[key] - before.get(key, 0) for key in after if after[key] - before.get(key, 0)
    }
    return {
        "messages": maildir.messages,
        "stored": sum(outcomes.values()),
        "seconds": round(took, 3),
        "import_seconds": round(imported, 3),
        "rate": round(maildir.messages / took, 1),
        "replies": maildir.replies,
        "outcomes": outcomes,
        "receipts_sent": receipts,
        "worker_rss_mib": round(worker_rss, 1),
        "import_rss_mib": round(import_rss, 1),
    }
