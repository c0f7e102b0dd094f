"""Run a task worker: django-tasks-db's ``db_worker``, holding a lease while it runs.

This command replaces the library's own because ``mostrador.core`` comes before
``django_tasks_db`` in INSTALLED_APPS (Django takes the command of the first app that has
one). Arguments and behaviour are the library's; the lease (``core.workers``) is added, so
that a task left RUNNING by a killed worker is known and run again.
"""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker

from mostrador.core.workers import LeaseKeeper


class Worker(db_worker.Worker):
    """The library's worker, alive in ``WorkerLease`` from its first claim to its exit."""

    def run(self) -> None:
        lease = LeaseKeeper(self.worker_id)
        lease.start()
        try:
            super().run()
        finally:
            lease.stop()


class Command(db_worker.Command):
    help = "Run a database background worker that holds a lease while it runs."

    def handle(self, *args: object, **options: object) -> None:
        # The library's handle builds its Worker by the module's name: hand it ours.
        original = db_worker.Worker
        db_worker.Worker = Worker  # type: ignore[misc]  # swapped back below
        try:
            super().handle(*args, **options)  # type: ignore[arg-type]  # the library's own options
        finally:
            db_worker.Worker = original  # type: ignore[misc]  # the library's class again
