"""Exactly once across crashes: a real worker killed mid-task, restarted, killed again.

A batch of customer mail is stored with ``inbound.receive`` and queued on the database task
backend; real ``db_worker`` processes work through it and are killed with SIGKILL while one of
them holds a message in its transaction. The sweep (a real ``scheduler`` with
``EMAIL_STALE_SECONDS=1``) queues again what the dead worker held. At the end every stored
message must have been processed exactly once: one case message each, never two, copies
recognised as copies, replies on their thread's case.
"""

from __future__ import annotations

import collections
import datetime as dt
import signal
import threading
import time
from dataclasses import dataclass

import pytest
from django.db.models import Count
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from mostrador.cases.models import Case, Message
from mostrador.channels.email import inbound
from mostrador.channels.email.choices import InboundStatus, Outcome, Source
from mostrador.channels.email.models import InboundEmail, OutboundEmail
from mostrador.channels.email.tests.factories import make_mailbox, write_email
from mostrador.core import timeutils
from mostrador.core.models import ScheduledJob
from mostrador.testing.processes import start_manage

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PROCESS_TASK = "mostrador.channels.email.tasks.process_email"
SENDERS = [f"Client {n:02} <client{n:02}@example.net>" for n in range(20)]
STARTERS = 120
# Where in the arrival order a thread's later letters come, counted in starters: a reply
# arrives well after its starter, so a worker killed on the starter leaves the reply behind it.
REPLY_AFTER, SECOND_REPLY_AFTER, COPY_AFTER = 70.5, 140.7, 5.3
# Bounds on liveness, not timings: a loaded machine (the suite beside this test) is slow.
WAIT_SECONDS = 120.0


@dataclass
class Letter:
    """One delivery in the batch, and what processing must make of it."""

    key: str
    raw: bytes
    message_id: str
    starter: str  # the key of its thread's first letter
    parent: str | None = None  # the key of the letter it replies to
    copy_of: str | None = None  # a second delivery (to the second mailbox) of this letter
    pk: int | None = None


def write_batch() -> list[Letter]:
    """120 threads from 20 customers: every other one gets a reply, every fourth a reply to
    the reply, and every fourth (another set) is also delivered to the second mailbox."""
    timeline: list[tuple[float, Letter]] = []
    for i in range(STARTERS):
        sender = SENDERS[i % len(SENDERS)]
        key = f"m{i:03}"
        start_id = f"{key}.start@example.net"
        starter = Letter(
            key=key,
            message_id=start_id,
            starter=key,
            raw=write_email(
                sender=sender,
                subject=f"Consulta {key}",
                body=f"Bon dia,\n\nEs la consulta {key}: la comanda no ha arribat.\n",
                message_id=start_id,
            ),
        )
        timeline.append((i, starter))
        if i % 4 == 1:
            # The same message delivered to the second mailbox too: its server added a
            # trace header, so the bytes differ but the message is the same.
            copy_raw = b"Delivered-To: sat@example.com\r\n" + starter.raw
            timeline.append(
                (
                    i + COPY_AFTER,
                    Letter(
                        key=f"{key}.copy",
                        raw=copy_raw,
                        message_id=start_id,
                        starter=key,
                        copy_of=key,
                    ),
                )
            )
        if i % 2 == 0:
            reply_id = f"{key}.reply@example.net"
            reply = Letter(
                key=f"{key}.reply",
                message_id=reply_id,
                starter=key,
                parent=key,
                raw=write_email(
                    sender=sender,
                    subject=f"Re: Consulta {key}",
                    body=(
                        f"Afegeixo a {key}.reply: el número de comanda és {1000 + i}.\n\n"
                        f"> Es la consulta {key}: la comanda no ha arribat.\n"
                    ),
                    message_id=reply_id,
                    in_reply_to=start_id,
                    references=[start_id],
                ),
            )
            timeline.append((i + REPLY_AFTER, reply))
            if i % 4 == 0:
                second_id = f"{key}.reply2@example.net"
                timeline.append(
                    (
                        i + SECOND_REPLY_AFTER,
                        Letter(
                            key=f"{key}.reply2",
                            message_id=second_id,
                            starter=key,
                            parent=reply.key,
                            raw=write_email(
                                sender=sender,
                                subject=f"Re: Consulta {key}",
                                body=f"I a {key}.reply2: ja l'he rebut, gràcies.\n",
                                message_id=second_id,
                                in_reply_to=reply_id,
                                references=[start_id, reply_id],
                            ),
                        ),
                    )
                )
    return [letter for _at, letter in sorted(timeline, key=lambda item: item[0])]


class Output:
    """Drain a process's output on a thread (a full pipe would block it); keep the tail."""

    def __init__(self, process):
        self.process = process
        self.tail = collections.deque(maxlen=40)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.tail.append(line.rstrip())

    def __str__(self):
        return "\n".join(self.tail)


def start(*args):
    process = start_manage(*args)
    return process, Output(process)


def start_worker(name):
    return start(
        "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0", "--worker-id", name
    )


def running_process_tasks(worker_id=None) -> list[int]:
    """The inbound ids whose processing task a worker (this one) claimed and did not finish.

    A task whose worker was killed stays RUNNING for good, so the worker is told apart."""
    return [
        args["kwargs"]["inbound_id"]
        for args, workers in DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, task_path=PROCESS_TASK
        ).values_list("args_kwargs", "worker_ids")
        if worker_id is None or workers[-1:] == [worker_id]
    ]


def pending_pks() -> set[int]:
    return set(
        InboundEmail.objects.filter(status=InboundStatus.PENDING).values_list("pk", flat=True)
    )


def kill_mid_task(name, worker, output, *, after, replied) -> dict:
    """Once ``after`` messages are processed, SIGKILL ``worker`` while it runs the task of a
    message that a still-pending message replies to (the worst moment: its replies will be
    processed before it); return what the kill left behind."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if worker.poll() is not None:
            raise AssertionError(f"the worker died on its own ({worker.returncode}):\n{output}")
        if not _kill_targets_left(replied):
            raise AssertionError(f"the batch went by with no moment to kill:\n{output}")
        if time.monotonic() > deadline:
            raise AssertionError(
                f"no moment to kill within {WAIT_SECONDS}s: "
                f"{InboundEmail.objects.exclude(status=InboundStatus.PENDING).count()} processed, "
                f"running {running_process_tasks()}\n{output}"
            )
        if InboundEmail.objects.exclude(status=InboundStatus.PENDING).count() >= after:
            held = [pk for pk in running_process_tasks(name) if pk in replied]
            # Still pending while its task runs: the worker is inside the transaction, not in
            # what follows the commit (queueing the receipt, recording the result).
            if (
                held
                and InboundEmail.objects.filter(
                    pk__in=replied[held[0]], status=InboundStatus.PENDING
                ).exists()
                and InboundEmail.objects.filter(pk=held[0], status=InboundStatus.PENDING).exists()
            ):
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=10)
                break
        time.sleep(0.002)
    running = running_process_tasks(name)
    pending = pending_pks()
    return {
        "target": held[0],
        "left_running": [pk for pk in running if pk in pending],
        "pending": len(pending),
    }


def _kill_targets_left(replied) -> bool:
    """Whether a pending message is still to be processed before a pending reply to it."""
    pending = pending_pks()
    return any(pk in pending and pending & set(replies) for pk, replies in replied.items())


def wait_until_nothing_pending(processes, letters_by_pk) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while pending := pending_pks():
        for process, output in processes:
            assert process.poll() is None, f"a process died ({process.returncode}):\n{output}"
        if time.monotonic() > deadline:
            stuck = InboundEmail.objects.filter(pk__in=pending).values_list(
                "pk", "attempts", "queued_at"
            )
            tasks = (
                DBTaskResult.objects.filter(task_path=PROCESS_TASK)
                .values("status")
                .annotate(n=Count("id"))
            )
            raise AssertionError(
                f"{len(pending)} messages still pending after {WAIT_SECONDS}s: "
                + ", ".join(
                    f"{letters_by_pk[pk].key} (#{pk}, attempts {attempts}, queued {queued})"
                    for pk, attempts, queued in stuck
                )
                + f"; process tasks by status: {list(tasks)}\n"
                + "\n".join(str(output) for _process, output in processes)
            )
        time.sleep(0.1)


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_a_worker_killed_twice_mid_task_loses_nothing_and_doubles_nothing(people, monkeypatch):
    """Killing the worker while it holds a message, twice, and restarting it next to a
    scheduler whose sweep queues again what was held, leaves every stored message processed
    exactly once: one case message each, none twice on a case, the second delivery of a
    message recognised as a copy of the first, replies on the case of what they answer, and
    one case (with one receipt) per thread."""
    started = time.monotonic()
    # The sweep task runs in the worker, so the worker reads this too, not only the scheduler.
    monkeypatch.setenv("EMAIL_STALE_SECONDS", "1")
    # Receipts go nowhere: the console backend (DEBUG) would only flood the pipes.
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    main = make_mailbox(people.customer_service)
    second = make_mailbox(people.technical_service, address="sat@example.com")
    letters = write_batch()
    for letter in letters:
        stored = inbound.receive(letter.raw, second if letter.copy_of else main, source=Source.SMTP)
        letter.pk = stored.pk
    by_key = {letter.key: letter for letter in letters}
    by_pk = {letter.pk: letter for letter in letters}
    assert len(by_pk) == len(letters), "every delivery is stored as its own row"
    assert DBTaskResult.objects.filter(task_path=PROCESS_TASK).count() == len(letters)
    replied: dict[int, list[int]] = collections.defaultdict(list)
    for letter in letters:
        if letter.parent:
            replied[by_key[letter.parent].pk].append(letter.pk)
    stored_at = time.monotonic()

    processes = []
    kills = []
    try:
        worker, output = start_worker("first")
        processes.append((worker, output))
        kills.append(kill_mid_task("first", worker, output, after=40, replied=replied))

        scheduler = start("scheduler", "--tick", "0.2", "--lease", "2", "--holder", "crash")
        worker, output = start_worker("second")
        processes += [scheduler, (worker, output)]
        kills.append(kill_mid_task("second", worker, output, after=130, replied=replied))

        # The scheduler stays up. Its sweep already ran when it started and is due again
        # only 15 s later: rather than wait, the test makes it due at once.
        ScheduledJob.objects.filter(name="channels.email.sweep").update(
            last_run_at=timeutils.now() - dt.timedelta(hours=1)
        )
        worker, output = start_worker("third")
        processes.append((worker, output))
        wait_until_nothing_pending([scheduler, (worker, output)], by_pk)
    finally:
        for process, _output in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    finished = time.monotonic()

    rows = {row.pk: row for row in InboundEmail.objects.select_related("case_message")}
    problems = []
    # Exactly once: everything processed, once.
    for pk, row in rows.items():
        if row.status != InboundStatus.PROCESSED:
            problems.append(f"{by_pk[pk].key}: {row.status} {row.quarantine} {row.detail[:300]}")
    # The second delivery of a message is a copy of the first, on its case, with no message.
    # (The kills only ever land on messages someone replies to, never on these.)
    copies = {letter.pk for letter in letters if letter.copy_of}
    for letter in letters:
        if letter.copy_of:
            copy, first = rows[letter.pk], rows[by_key[letter.copy_of].pk]
            if not (
                copy.outcome == Outcome.DUPLICATE
                and copy.duplicate_of_id == first.pk
                and copy.case_message_id is None
                and copy.case_id == first.case_id
            ):
                problems.append(
                    f"{letter.key}: {copy.outcome}, duplicate of #{copy.duplicate_of_id}, "
                    f"case {copy.case_id}; {letter.copy_of} is #{first.pk}: {first.outcome}, "
                    f"case {first.case_id}"
                )
    # Every other delivery made exactly one case message, its own, and no message is twice.
    placed = [row for pk, row in rows.items() if pk not in copies]
    for row in placed:
        key = by_pk[row.pk].key
        if row.case_message is None or f"{key}:" not in row.case_message.body:
            problems.append(f"{key}: no case message of its own ({row.outcome})")
        elif row.case_message.case_id != row.case_id:
            problems.append(f"{key}: its message is on another case than the row says")
    message_ids = [row.case_message_id for row in placed if row.case_message_id]
    if len(set(message_ids)) != len(message_ids):
        problems.append("two stored messages share one case message")
    if Message.objects.count() != len(message_ids):
        problems.append(
            f"{Message.objects.count()} case messages for {len(message_ids)} processed messages"
        )
    bodies = collections.Counter(Message.objects.values_list("case_id", "body"))
    problems += [
        f"case {case} has this message {n} times: {body[:60]!r}"
        for (case, body), n in bodies.items()
        if n > 1
    ]
    receipts = collections.Counter(
        OutboundEmail.objects.filter(kind="cases.receipt").values_list("case_id", flat=True)
    )
    problems += [f"case {case} got {n} receipts" for case, n in receipts.items() if n != 1]
    if len(receipts) != Case.objects.count():
        problems.append(f"{len(receipts)} cases got a receipt, of {Case.objects.count()}")
    # Threads: replies on the case of what they answer, one case per thread.
    for letter in letters:
        row = rows[letter.pk]
        if letter.parent:
            parent = rows[by_key[letter.parent].pk]
            if row.case_id != parent.case_id or row.outcome != Outcome.MESSAGE_ADDED:
                problems.append(
                    f"{letter.key} ({row.outcome}, case {row.case_id}, processed "
                    f"{row.processed_at:%H:%M:%S.%f}) is not on the case of {letter.parent} "
                    f"(case {parent.case_id}, processed {parent.processed_at:%H:%M:%S.%f})"
                )
        elif not letter.copy_of and row.outcome != Outcome.CASE_OPENED:
            problems.append(f"{letter.key} did not open a case ({row.outcome})")
    if Case.objects.count() != STARTERS:
        problems.append(f"{Case.objects.count()} cases for {STARTERS} threads")

    report = (
        f"{len(letters)} deliveries stored in {stored_at - started:.1f}s, processed through "
        f"two kills in {finished - stored_at:.1f}s; kills: "
        + "; ".join(
            f"held {by_pk[kill['target']].key}, left running "
            f"{[by_pk[pk].key for pk in kill['left_running']]}, {kill['pending']} pending"
            for kill in kills
        )
    )
    assert not problems, f"{report}\n" + "\n".join(problems)
    # The kills did leave work half-done: a task claimed and never finished, its row pending.
    assert all(kill["left_running"] for kill in kills), report
