"""Filing cases through the real web server while its workers and the task worker are killed.

gunicorn (two workers, as ``make serve`` runs it) and a real ``db_worker`` serve the test
database. Twenty clients file a case each through ``POST /api/v1/cases``, each with its own
Idempotency-Key, while the test SIGKILLs gunicorn's workers (its master starts new ones) and
the task worker while it sends a receipt. Every request that failed or got no answer is sent
again with the same key until it gets its 201. Then another task worker starts, the lost task
is reclaimed, and the queue drains. Each key must have made one case, with one receipt, sent.
"""

from __future__ import annotations

import collections
import json
import os
import random
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from mostrador.cases.models import Case
from mostrador.channels.email import tasks as email_tasks
from mostrador.channels.email.choices import OutboundStatus
from mostrador.channels.email.models import OutboundEmail
from mostrador.core import selectors, services
from mostrador.core.models import IdempotencyRecord, Notice
from mostrador.testing.processes import WebServer, start_manage

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CASES = 20
CLIENTS = 4
WEB_KILLS = 3
DEADLINE = 45.0
SEND_EMAIL = "mostrador.channels.email.tasks.send_email"


@dataclass
class Filing:
    """One client's case: what it sends, and how its attempts went."""

    key: str
    attempts: int = 0
    failures: list[int] = field(default_factory=list)  # each failure's status; 0: no answer
    reference: str = ""

    @property
    def payload(self) -> bytes:
        return json.dumps(
            {
                "type": "complaint",
                "channel": "phone",
                "subject": f"Avaria {self.key}",
                "body": f"La rentadora de la comanda {self.key} no centrifuga.",
                "customer": {"email": f"{self.key}@example.cat", "name": f"Client {self.key}"},
            }
        ).encode()


def file_until_created(server: WebServer, secret: str, filing: Filing, busy: list[int]) -> None:
    """Send the filing, again with the same key after every failure, until a 201."""
    headers = {
        "Authorization": f"Bearer {secret}",
        "Content-Type": "application/json",
        "Idempotency-Key": filing.key,
    }
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        filing.attempts += 1
        busy.append(1)
        try:
            status, body = server.request("POST", "/api/v1/cases", filing.payload, headers)
        finally:
            busy.pop()
        if status == 201:
            filing.reference = json.loads(body)["reference"]
            return
        if 400 <= status < 500:
            raise AssertionError(f"{filing.key}: {status} {body[:300]!r}")
        filing.failures.append(status)
        time.sleep(0.05)
    raise AssertionError(f"{filing.key}: no 201 in {DEADLINE}s after {filing.attempts} attempts")


def kill_web_workers(server: WebServer, busy: list[int], done: threading.Event) -> list[int]:
    """SIGKILL a gunicorn worker while requests are in flight, ``WEB_KILLS`` times, each time
    once the master's replacement of the last one killed answers; return the pids killed."""
    killed: list[int] = []
    while len(killed) < WEB_KILLS and not done.is_set():
        alive = sorted(set(server.worker_pids()) - set(killed))
        if len(alive) < server.workers or not set(alive) <= server.served_by() or not busy:
            time.sleep(0.01)
            continue
        # Somewhere within a request: a case takes some tens of milliseconds to open, and the
        # twenty are filed in about a second, so the kill comes at once or never meets one.
        time.sleep(random.uniform(0.0, 0.03))  # noqa: S311  (a moment, not a secret)
        victim = random.choice(alive)  # noqa: S311
        os.kill(victim, signal.SIGKILL)
        killed.append(victim)
    return killed


def kill_task_worker_mid_send(worker, name: str) -> str:
    """SIGKILL the task worker while it holds a receipt's sending task; return the task id.

    The worker is stopped (SIGSTOP) before its tasks are read, so the one it holds cannot
    finish between the reading and the kill."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        assert worker.poll() is None, "the task worker died on its own"
        worker.send_signal(signal.SIGSTOP)
        held = [
            str(pk)
            for pk, ids in DBTaskResult.objects.filter(
                status=TaskResultStatus.RUNNING, task_path=SEND_EMAIL
            ).values_list("pk", "worker_ids")
            if ids[-1:] == [name]
        ]
        if held:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            return held[0]
        worker.send_signal(signal.SIGCONT)
        time.sleep(0.01)
    raise AssertionError(f"the task worker never held a sending task in {DEADLINE}s")


def drain(worker) -> None:
    """Wait until no task is left to run and every receipt is sent, sweeping up the email the
    killed worker was sending (its claim expired) as the scheduler would."""
    deadline = time.monotonic() + DEADLINE
    while True:
        assert worker.poll() is None, "the second task worker died"
        queued = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        ).exists()
        unsent = OutboundEmail.objects.exclude(status=OutboundStatus.SENT).exists()
        if not queued and not unsent:
            return
        if time.monotonic() > deadline:
            raise AssertionError(
                f"not drained in {DEADLINE}s: tasks "
                f"{list(DBTaskResult.objects.values_list('task_path', 'status'))[-10:]}, emails "
                f"{list(OutboundEmail.objects.values_list('pk', 'status', 'attempts'))}"
            )
        if unsent and not queued:
            email_tasks.sweep.enqueue()
        time.sleep(0.2)


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
    WORKER_LEASE_SECONDS=2,
)
def test_cases_filed_while_web_and_task_workers_are_killed_exist_once_each(
    people, token_for, monkeypatch, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: on SQLite every write takes the one database lock, so killed "
            "web workers only test the lock's timeout, not concurrent transactions"
        )
    started = time.monotonic()
    monkeypatch.setenv("WORKER_LEASE_SECONDS", "2")
    # The task worker's sending task takes a while, so it is killed holding one; the claim on
    # the email it was sending expires a second later, and the sweep sends it again.
    monkeypatch.setenv("EMAIL_BACKEND", "mostrador.testing.slowmail.SlowEmailBackend")
    monkeypatch.setenv("SLOW_EMAIL_SECONDS", "0.1")
    monkeypatch.setenv("EMAIL_STALE_SECONDS", "1")
    secret = token_for(people.operator)
    filings = [Filing(key=f"k{n:02}-{os.getpid()}") for n in range(CASES)]
    # Preloaded: each killed worker is replaced at once (a fork) rather than after the seconds
    # an import of the application takes, so that several kills fit in a short test.
    server = WebServer(tmp_path / "gunicorn.log", workers=2, preload=True)
    doomed = rescuer = None
    try:
        server.wait_ready()
        doomed = start_manage(
            "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05",
            "--worker-id", "doomed",
        )  # fmt: skip
        busy = []  # one item per request in flight
        done = threading.Event()
        with ThreadPoolExecutor(CLIENTS + 1) as pool:
            killer = pool.submit(kill_web_workers, server, busy, done)
            filed = [pool.submit(file_until_created, server, secret, f, busy) for f in filings]
            lost_task = kill_task_worker_mid_send(doomed, "doomed")
            rescuer = start_manage(
                "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05",
                "--worker-id", "rescuer",
            )  # fmt: skip
            for future in filed:
                future.result()
            done.set()
            killed = killer.result()

        deadline = time.monotonic() + DEADLINE
        while not services.reclaim_abandoned_tasks()["reclaimed"]:
            assert time.monotonic() < deadline, "the lost task was never reclaimed"
            time.sleep(0.2)
        drain(rescuer)
        replay = server.request(
            "POST",
            "/api/v1/cases",
            filings[0].payload,
            {
                "Authorization": f"Bearer {secret}",
                "Content-Type": "application/json",
                "Idempotency-Key": filings[0].key,
            },
        )
    finally:
        server.stop()
        for process in (doomed, rescuer):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()

    report = (
        f"{CASES} cases in {time.monotonic() - started:.1f}s; web workers killed {killed}; "
        f"failed attempts {sum(len(f.failures) for f in filings)}; "
        f"retried keys {[f.key for f in filings if f.failures]}"
    )
    # The filings may all be answered before the last kill (a fast machine): at least one kill,
    # and one that met a request, is what the guarantees below are tested under.
    assert 1 <= len(killed) <= WEB_KILLS, report
    assert any(f.failures for f in filings), f"no kill met a request: {report}"
    cases = {case.subject.removeprefix("Avaria "): case for case in Case.objects.all()}
    assert sorted(cases) == sorted(f.key for f in filings), report
    assert Case.objects.count() == CASES, report
    for filing in filings:
        assert cases[filing.key].reference == filing.reference, report
        record = IdempotencyRecord.objects.get(key=filing.key)
        assert record.response["reference"] == filing.reference
    receipts = collections.Counter(
        Notice.objects.filter(kind="cases.receipt").values_list("subject_id", flat=True)
    )
    assert receipts == {case.pk: 1 for case in cases.values()}, report
    emails = collections.Counter(
        OutboundEmail.objects.filter(kind="cases.receipt", status=OutboundStatus.SENT).values_list(
            "case_id", flat=True
        )
    )
    assert emails == {case.pk: 1 for case in cases.values()}, report
    lost = DBTaskResult.objects.get(pk=lost_task)
    assert (lost.status, lost.worker_ids) == (TaskResultStatus.SUCCESSFUL, ["doomed", "rescuer"])
    assert not DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).exists()
    assert replay[0] == 201
    assert json.loads(replay[1])["reference"] == filings[0].reference
    assert selectors.get_system_health().worker.detail["abandoned"] == 0
