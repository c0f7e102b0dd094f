import datetime as dt
import threading

import pytest
import time_machine

from mostrador.core import selectors
from mostrador.core.models import Heartbeat, ScheduledJob, SchedulerLease
from mostrador.core.scheduler import Job, Scheduler, registered_jobs

T0 = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(seconds=30)


def make(holder, jobs=()):
    return Scheduler(holder=holder, lease=LEASE, jobs=list(jobs))


@pytest.mark.django_db
def test_the_first_scheduler_leads_and_a_second_stands_by():
    with time_machine.travel(T0, tick=False):
        assert make("a").try_acquire()
        assert not make("b").try_acquire()
        assert make("a").try_acquire(), "the leader renews its own lease"

    assert SchedulerLease.objects.get().holder == "a"


@pytest.mark.django_db
def test_a_standby_takes_over_once_the_leaders_lease_expires():
    with time_machine.travel(T0, tick=False):
        make("a").try_acquire()
    with time_machine.travel(T0 + LEASE - dt.timedelta(seconds=1), tick=False):
        assert not make("b").try_acquire()
    with time_machine.travel(T0 + LEASE, tick=False):
        assert make("b").try_acquire()
        assert not make("a").try_acquire(), "the old leader has lost the lease"


@pytest.mark.django_db
def test_releasing_the_lease_hands_over_at_once():
    with time_machine.travel(T0, tick=False):
        leader = make("a")
        leader.try_acquire()
        leader.release()
        assert make("b").try_acquire()


@pytest.mark.django_db
def test_due_jobs_run_once_per_interval():
    runs = []
    job = Job("test.job", dt.timedelta(minutes=1), lambda: runs.append(1))
    scheduler = make("a", [job])

    with time_machine.travel(T0, tick=False):
        assert scheduler.run_due_jobs() == ["test.job"]
    with time_machine.travel(T0 + dt.timedelta(seconds=59), tick=False):
        assert scheduler.run_due_jobs() == []
    with time_machine.travel(T0 + dt.timedelta(minutes=1), tick=False):
        assert scheduler.run_due_jobs() == ["test.job"]

    assert len(runs) == 2
    assert ScheduledJob.objects.get(name="test.job").last_holder == "a"


@pytest.mark.django_db
def test_a_new_leader_does_not_repeat_a_job_just_run():
    runs = []
    job = Job("test.job", dt.timedelta(minutes=5), lambda: runs.append(1))
    with time_machine.travel(T0, tick=False):
        make("a", [job]).run_due_jobs()
    with time_machine.travel(T0 + dt.timedelta(minutes=1), tick=False):
        make("b", [job]).run_due_jobs()

    assert len(runs) == 1


@pytest.mark.django_db
def test_a_failing_job_does_not_stop_the_others(caplog):
    def broken():
        raise RuntimeError("boom")

    ran = []
    jobs = [
        Job("a.broken", dt.timedelta(minutes=1), broken),
        Job("b.fine", dt.timedelta(minutes=1), lambda: ran.append(1)),
    ]

    assert make("a", jobs).run_due_jobs() == ["b.fine"]
    assert ran == [1]
    assert "a.broken failed" in caplog.text
    assert not ScheduledJob.objects.filter(name="a.broken").exists()


@pytest.mark.django_db
def test_a_leader_tick_beats_and_runs_jobs_a_standby_tick_does_nothing():
    ran = []
    job = Job("test.job", dt.timedelta(minutes=1), lambda: ran.append(1))

    assert make("a", [job]).tick() is True
    assert make("b", [job]).tick() is False

    assert ran == [1]
    assert Heartbeat.objects.get(name=selectors.SCHEDULER).detail == "a"


@pytest.mark.django_db
def test_run_reports_leadership_and_releases_on_stop():
    stop = threading.Event()
    changes = []

    def on_change(leading):
        changes.append(leading)
        stop.set()

    make("a").run(tick=0.01, stop=stop, on_change=on_change)

    assert changes == [True]
    assert SchedulerLease.objects.get().holder == ""


def test_the_worker_heartbeat_is_a_registered_job():
    assert "core.worker_heartbeat" in [job.name for job in registered_jobs()]


@pytest.mark.django_db
def test_the_scheduler_command_runs_one_tick_and_reports_its_state():
    from io import StringIO

    from django.core.management import call_command

    first, second = StringIO(), StringIO()
    call_command("scheduler", "--once", "--holder", "one", stdout=first)
    call_command("scheduler", "--once", "--holder", "two", stdout=second)

    assert first.getvalue().strip() == "scheduler one is leader"
    assert second.getvalue().strip() == "scheduler two is standby"
    assert ScheduledJob.objects.filter(name="core.worker_heartbeat").exists()


def test_the_scheduler_refuses_a_lease_shorter_than_its_tick():
    from django.core.management import call_command

    with pytest.raises(SystemExit):
        call_command("scheduler", "--tick", "10", "--lease", "5")
