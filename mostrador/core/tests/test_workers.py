"""Worker leases, and the tasks a lost worker left RUNNING: queued again, bounded, counted."""

import datetime as dt
import logging

import pytest
from django.core.management import get_commands, load_command_class
from django.db import DatabaseError
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.management.commands.db_worker import Worker as LibraryWorker
from django_tasks_db.models import DBTaskResult

from mostrador.core import events, selectors, services, timeutils, workers
from mostrador.core.management.commands import db_worker
from mostrador.core.models import Event, WorkerLease
from mostrador.core.scheduler import registered_jobs
from mostrador.core.tests import blocking_tasks

DATABASE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
    WORKER_LEASE_SECONDS=60,
)


@pytest.fixture
def folder(tmp_path):
    """Where the blocking task tallies its runs; its gate is open, so it runs straight."""
    (tmp_path / "gate").touch()
    return tmp_path


def lease(worker_id, *, expires_in):
    now = timeutils.now()
    return WorkerLease.objects.create(
        worker_id=worker_id,
        host="host",
        pid=1,
        started_at=now - dt.timedelta(minutes=5),
        renewed_at=now,
        expires_at=now + dt.timedelta(seconds=expires_in),
    )


def claimed(folder, *workers_in_turn, started_ago=0):
    """A blocking task claimed by each of ``workers_in_turn`` (the last one still holds it)."""
    result = blocking_tasks.hold_then_tally.enqueue(folder=str(folder))
    row = DBTaskResult.objects.get(pk=result.id)
    for worker_id in workers_in_turn:
        row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timeutils.now() - dt.timedelta(seconds=started_ago)
    )
    return row


def run_next(worker_id):
    """Claim and run the next ready task as the worker ``worker_id`` would; None if none."""
    row = DBTaskResult.objects.ready().get_locked()
    if row is None:
        return None
    row.claim(worker_id)
    worker = LibraryWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    worker.run_task(row)
    return DBTaskResult.objects.get(pk=row.pk)


def tallied(folder):
    tally = folder / "tally"
    return len(tally.read_text().splitlines()) if tally.exists() else 0


@pytest.mark.django_db
@DATABASE_TASKS
def test_a_task_whose_worker_lease_expired_is_queued_again_and_then_runs_once(folder):
    lease("dead", expires_in=-1)
    row = claimed(folder, "dead")

    assert services.reclaim_abandoned_tasks() == {"reclaimed": 1, "failed": 0}

    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert row.started_at is None
    assert row.worker_ids == ["dead"]
    event = Event.objects.get(verb="core.task.reclaimed")
    assert (event.subject_id, event.data) == (
        str(row.pk),
        {"task": row.task_path, "worker": "dead", "attempt": 1, "attempts": workers.MAX_ATTEMPTS},
    )
    assert "its worker dead stopped (attempt 1 of 3)" in events.describe(event.verb, event.data)
    assert not WorkerLease.objects.exists(), "an expired lease is deleted"

    finished = run_next("rescuer")
    assert finished.status == TaskResultStatus.SUCCESSFUL
    assert finished.worker_ids == ["dead", "rescuer"]
    assert run_next("rescuer") is None
    assert services.reclaim_abandoned_tasks() == {"reclaimed": 0, "failed": 0}
    assert tallied(folder) == 1


@pytest.mark.django_db
@DATABASE_TASKS
def test_a_task_whose_worker_holds_a_live_lease_is_left_running(folder):
    lease("alive", expires_in=30)
    row = claimed(folder, "alive", started_ago=3600)

    assert services.reclaim_abandoned_tasks() == {"reclaimed": 0, "failed": 0}

    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING
    assert WorkerLease.objects.filter(worker_id="alive").exists()
    assert not Event.objects.filter(verb__startswith="core.task.").exists()


@pytest.mark.django_db
@DATABASE_TASKS
def test_a_worker_without_any_lease_is_given_one_lease_period_from_the_start_of_its_task(
    folder,
):
    # A worker started before leases existed, or one unknown: only its task's age tells.
    recent = claimed(folder, "unknown", started_ago=59)
    old = claimed(folder, "older", started_ago=61)

    assert services.reclaim_abandoned_tasks() == {"reclaimed": 1, "failed": 0}

    recent.refresh_from_db()
    old.refresh_from_db()
    assert (recent.status, old.status) == (TaskResultStatus.RUNNING, TaskResultStatus.READY)


@pytest.mark.django_db
@DATABASE_TASKS
def test_a_task_that_lost_its_worker_three_times_fails_with_worker_lost(folder):
    row = claimed(folder, "first", "second", "third", started_ago=3600)

    assert services.reclaim_abandoned_tasks() == {"reclaimed": 0, "failed": 1}

    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.finished_at is not None
    assert row.exception_class_path == "mostrador.core.workers.WorkerLost"
    assert "worker lost" in row.traceback
    assert "first, second, third" in row.traceback
    event = Event.objects.get(verb="core.task.abandoned")
    assert event.data["attempt"] == 3
    assert str(row.task_result.errors[0].exception_class) == str(workers.WorkerLost)
    assert services.reclaim_abandoned_tasks() == {"reclaimed": 0, "failed": 0}
    assert tallied(folder) == 0


@pytest.mark.django_db
@DATABASE_TASKS
def test_a_task_lost_twice_is_still_queued_again(folder):
    lease("second", expires_in=-5)
    row = claimed(folder, "first", "second")

    assert services.reclaim_abandoned_tasks() == {"reclaimed": 1, "failed": 0}

    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY


@pytest.mark.django_db
@DATABASE_TASKS
def test_the_task_of_a_worker_reclaimed_before_is_judged_by_its_current_worker(folder):
    # Claimed by "gone", reclaimed, then claimed by "alive": it is alive's now.
    lease("alive", expires_in=30)
    row = claimed(folder, "gone", "alive", started_ago=3600)

    assert services.reclaim_abandoned_tasks() == {"reclaimed": 0, "failed": 0}
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
@DATABASE_TASKS
def test_health_counts_abandoned_tasks_and_live_workers_and_is_ok_again_once_reclaimed(
    folder,
):
    services.record_heartbeat(selectors.WORKER)
    services.record_heartbeat(selectors.SCHEDULER)
    lease("alive", expires_in=30)
    lease("dead", expires_in=-1)
    claimed(folder, "alive")
    claimed(folder, "dead")

    report = selectors.get_system_health()

    assert report.status == "degraded"
    assert report.worker.status == "ok"
    assert report.worker.detail["abandoned"] == 1
    assert report.worker.detail["workers"] == 1
    assert report.worker.detail["pending"] == 0

    services.reclaim_abandoned_tasks()
    report = selectors.get_system_health()

    assert report.status == "ok"
    assert report.worker.detail["abandoned"] == 0
    assert report.worker.detail["pending"] == 1
    assert report.worker.detail["workers"] == 1


@pytest.mark.django_db
@DATABASE_TASKS
def test_health_reads_the_queue_in_as_many_queries_whatever_is_in_it(
    folder, django_assert_num_queries
):
    # The database check, the heartbeats, the ready tasks, the leases, the running tasks.
    with django_assert_num_queries(5):
        selectors.get_system_health()
    for n in range(5):
        lease(f"alive-{n}", expires_in=30)
        lease(f"dead-{n}", expires_in=-1)
        claimed(folder, f"alive-{n}")
        claimed(folder, f"dead-{n}")
        blocking_tasks.hold_then_tally.enqueue(folder=str(folder))

    with django_assert_num_queries(5):
        report = selectors.get_system_health()
    assert (report.worker.detail["abandoned"], report.worker.detail["workers"]) == (5, 5)


@pytest.mark.django_db
def test_health_with_tasks_run_at_once_says_nothing_of_a_queue():
    assert "abandoned" not in selectors.get_system_health().worker.detail


@pytest.mark.django_db
@override_settings(WORKER_LEASE_SECONDS=30)
def test_renewing_pushes_the_expiry_and_takes_a_removed_lease_again(caplog):
    keeper = workers.LeaseKeeper("w1")
    keeper.renew()  # no row yet: as if reclaim had deleted it
    first = WorkerLease.objects.get(worker_id="w1")
    assert "lost its lease" in caplog.text
    WorkerLease.objects.filter(pk=first.pk).update(expires_at=timeutils.now())

    keeper.renew()

    renewed = WorkerLease.objects.get(worker_id="w1")
    assert renewed.expires_at > timeutils.now() + dt.timedelta(seconds=29)
    assert keeper.interval == 10


@pytest.mark.django_db
def test_a_renewal_that_fails_is_logged_and_never_raised(monkeypatch, caplog):
    keeper = workers.LeaseKeeper("w2")

    def broken():
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(keeper, "renew", broken)
    with caplog.at_level(logging.ERROR, logger="mostrador.core.workers"):
        assert keeper.renew_logging_errors() is False
    assert "w2 could not renew its lease" in caplog.text


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_our_worker_holds_a_lease_while_it_runs_and_gives_it_up_when_it_stops(folder):
    blocking_tasks.hold_then_tally.enqueue(folder=str(folder))
    seen = {}

    class Watched(db_worker.Worker):
        def run_task(self, db_task_result):
            seen["lease"] = WorkerLease.objects.filter(worker_id=self.worker_id).exists()
            super().run_task(db_task_result)

    Watched(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="in-process",
        excluded_queue_names=[],
    ).run()

    assert seen == {"lease": True}
    assert not WorkerLease.objects.exists()
    assert tallied(folder) == 1


def test_manage_py_db_worker_is_ours():
    assert get_commands()["db_worker"] == "mostrador.core"
    assert isinstance(load_command_class("mostrador.core", "db_worker"), db_worker.Command)


def test_the_reclaim_is_a_periodic_job_every_30_seconds():
    jobs = {job.name: job for job in registered_jobs()}
    assert jobs["core.reclaim_abandoned_tasks"].every == dt.timedelta(seconds=30)
