"""Real processes against the real test database: a task worker and competing schedulers."""

import queue
import signal
import threading

import pytest
from django.test import override_settings

from mostrador.core import selectors, tasks
from mostrador.core.models import SchedulerLease
from mostrador.core.testing.processes import start_manage

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


class Lines:
    """Collect a process's output lines on a thread, so waiting for one never blocks forever."""

    def __init__(self, process):
        self.process = process
        self.lines = queue.Queue()
        self.seen = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip())

    def wait_for(self, text, timeout=30.0):
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(
                    f"no line with {text!r} in {timeout}s; saw {self.seen}"
                ) from None
            self.seen.append(line)
            if text in line:
                return line


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
        outputs = {name: Lines(process) for name, process in processes.items()}
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
