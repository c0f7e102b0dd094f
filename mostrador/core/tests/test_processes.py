"""Real processes against the real test database: task workers, one killed mid-task, and
competing schedulers."""

import signal
import time

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from mostrador.core import selectors, tasks
from mostrador.core.models import Event, SchedulerLease, WorkerLease
from mostrador.core.tests import blocking_tasks
from mostrador.testing.processes import ProcessOutput, start_manage

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except Exception:
            process.kill()
            raise


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_a_real_worker_runs_queued_tasks_and_health_sees_it():
    tasks.record_worker_heartbeat.enqueue()
    assert selectors.get_system_health().worker.detail["pending"] == 1

    worker = start_manage("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    output, _ = worker.communicate(timeout=60)

    assert worker.returncode == 0, output
    health = selectors.get_system_health()
    assert health.worker.status == "ok"
    assert health.worker.detail["pending"] == 0


def test_only_one_of_two_schedulers_leads_and_the_other_takes_over_when_it_dies():
    processes = {
        name: start_manage("scheduler", "--tick", "0.2", "--lease", "2", "--holder", name)
        for name in ("alpha", "beta")
    }
    try:
        outputs = {name: ProcessOutput(process) for name, process in processes.items()}
        states = {name: outputs[name].wait_for(f"scheduler {name} is") for name in processes}
        leaders = [name for name, line in states.items() if line.endswith("leader")]
        assert len(leaders) == 1, states
        leader = leaders[0]
        standby = "beta" if leader == "alpha" else "alpha"
        assert SchedulerLease.objects.get().holder == leader

        # The leader dies without a chance to release its lease.
        processes[leader].send_signal(signal.SIGKILL)
        processes[leader].wait(timeout=10)

        outputs[standby].wait_for(f"scheduler {standby} is leader", timeout=15)
        assert SchedulerLease.objects.get().holder == standby

        stop(processes[standby])
        assert processes[standby].returncode == 0
        assert SchedulerLease.objects.get().holder == "", "a clean stop releases the lease"
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait()


def wait_until(condition, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not {what} within {timeout}s")
        time.sleep(0.05)


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
    WORKER_LEASE_SECONDS=2,
)
def test_a_task_whose_worker_was_killed_runs_again_once_and_health_recovers(tmp_path, monkeypatch):
    """SIGKILL a real worker mid-task: its lease expires, health says so, the scheduler queues
    the task again, and another worker runs it to success, its side effect done once."""
    monkeypatch.setenv("WORKER_LEASE_SECONDS", "2")
    row = DBTaskResult.objects.get(
        pk=blocking_tasks.hold_then_tally.enqueue(folder=str(tmp_path)).id
    )
    started = []

    def start(*args):
        started.append(start_manage(*args))
        return started[-1]

    doomed = start(
        "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", "--worker-id", "doomed"
    )  # fmt: skip
    try:
        wait_until(lambda: any(tmp_path.glob("started-*")), "started")
        row.refresh_from_db()
        assert (row.status, row.worker_ids) == (TaskResultStatus.RUNNING, ["doomed"])
        assert WorkerLease.objects.filter(worker_id="doomed").exists()

        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
        wait_until(
            lambda: selectors.get_system_health().worker.detail["abandoned"] == 1,
            "seen abandoned once the lease expired",
        )
        assert selectors.get_system_health().status == "degraded"

        scheduler = start("scheduler", "--once", "--holder", "reclaimer")
        output, _ = scheduler.communicate(timeout=60)
        assert scheduler.returncode == 0, output
        row.refresh_from_db()
        assert row.status == TaskResultStatus.READY
        assert Event.objects.filter(verb="core.task.reclaimed", subject_id=str(row.pk)).exists()
        assert not WorkerLease.objects.exists(), "the dead worker's lease is gone"

        (tmp_path / "gate").touch()
        rescuer = start(
            "db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--worker-id", "rescuer"
        )  # fmt: skip
        output, _ = rescuer.communicate(timeout=60)
        assert rescuer.returncode == 0, output
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
                process.wait()

    row.refresh_from_db()
    assert (row.status, row.worker_ids) == (TaskResultStatus.SUCCESSFUL, ["doomed", "rescuer"])
    assert (tmp_path / "tally").read_text().count("\n") == 1, "the side effect happened once"
    assert not WorkerLease.objects.exists(), "a worker that stops gives its lease up"
    health = selectors.get_system_health()
    assert health.status == "ok", health
    assert (health.worker.detail["abandoned"], health.worker.detail["pending"]) == (0, 0)
