"""Real processes against the real test database: a task worker and competing schedulers."""

import signal

import pytest
from django.test import override_settings

from mostrador.core import selectors, tasks
from mostrador.core.models import SchedulerLease
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
