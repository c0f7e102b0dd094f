"""``python -m bench.profile --name bench_s W1``: one write path, in-process, measured.

Runs W1 (open a case), W5 (a reply) or W7 (an ingested message) ``--count`` times against a
database the benchmark loaded, in the server's own settings (DEBUG off), one at a time, and
prints per operation the queries and the milliseconds of the request and of the tasks it
queued (run afterwards by the task worker's own code, in this process). ``--profile`` adds
cProfile's heaviest functions; ``--sql`` the queries of the last operation. This is the tool
the figures of docs/benchmarks.md's "where the time goes" come from.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import logging
import os
import pstats
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import database, fixtures, operations
from bench.driver import Call
from bench.server import ROOT


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("operation", choices=("W1", "W5", "W7"))
    parser.add_argument("--name", default="bench_s", help="A database the benchmark loaded.")
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--postgres-url", default=database.DEFAULT_POSTGRES)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--var-dir", type=Path, default=ROOT / "var" / "bench")
    return parser.parse_args()


class Counter:
    """Queries run while it is installed (Django's execute wrapper, DEBUG off)."""

    def __init__(self) -> None:
        self.queries: list[str] = []

    def __call__(self, execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        self.queries.append(sql)
        return execute(sql, *args)


def _run_tasks() -> int:
    """What the request queued, run by the worker's own code until none is ready."""
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    from mostrador.core.management.commands.db_worker import Worker  # noqa: PLC0415

    worker = Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="profile",
    )
    ran = 0
    while True:
        task = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if task is None:
            return ran
        task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1


def _request(client: Any, call: Call, headers: dict[str, str]) -> None:
    method, path, payload, _extra = call
    response = client.generic(
        method,
        path,
        json.dumps(payload),
        content_type="application/json",
        headers=headers,
        secure=True,
    )
    if response.status_code >= 300:
        raise RuntimeError(f"{path}: {response.status_code} {response.content[:300]!r}")


def _operation(name: str, fix: fixtures.Fixtures, var_dir: Path) -> Callable[[int], None]:
    from django.db import close_old_connections  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    if name == "W7":
        return _ingestion(fix, var_dir)
    client = Client(SERVER_NAME="localhost")
    headers = {"Authorization": f"Bearer {fix.operator_token}", "Accept": "application/json"}
    maker = operations.writes(fix)[0 if name == "W1" else 1].maker
    rng = random.Random(1)

    def one(_index: int) -> None:
        close_old_connections()
        _request(client, maker(rng), headers)

    return one


def _ingestion(fix: fixtures.Fixtures, var_dir: Path) -> Callable[[int], None]:
    """Each call stores one generated message as the import does and leaves its processing
    to the task run that follows."""
    from bench import mail  # noqa: PLC0415
    from mostrador.channels.email import inbound  # noqa: PLC0415
    from mostrador.channels.email.choices import Source  # noqa: PLC0415
    from mostrador.channels.email.models import Mailbox  # noqa: PLC0415

    maildir = mail.generate(
        var_dir / "profile-maildir", 5_000, fix.mailbox, fix.reply_targets, run=str(time.time())
    )
    files = sorted((maildir.path / "new").iterdir())
    mailbox = Mailbox.objects.get(address=fix.mailbox)

    def one(index: int) -> None:
        inbound.receive(files[index % len(files)].read_bytes(), mailbox, source=Source.FILE)

    return one


def _measure(one: Callable[[int], None], start: int, count: int) -> dict[str, float]:
    from django.db import connection  # noqa: PLC0415

    request, tasks = Counter(), Counter()
    spent = {"request": 0.0, "tasks": 0.0}
    for index in range(start, start + count):
        began = time.perf_counter()
        with connection.execute_wrapper(request):
            one(index)
        middle = time.perf_counter()
        with connection.execute_wrapper(tasks):
            _run_tasks()
        spent["request"] += middle - began
        spent["tasks"] += time.perf_counter() - middle
    return {
        "request_queries": len(request.queries) / count,
        "request_ms": spent["request"] * 1000 / count,
        "task_queries": len(tasks.queries) / count,
        "task_ms": spent["tasks"] * 1000 / count,
        "last": request.queries[-60:] + ["-- tasks --"] + tasks.queries[-60:],  # type: ignore[dict-item]
    }


def main() -> None:
    options = _arguments()
    var_dir = options.var_dir / options.name
    target = database.target(
        options.db, "S", postgres=options.postgres_url, name=options.name, var_dir=var_dir
    )
    from mostrador.testing.mailservers import SMTPSink  # noqa: PLC0415

    sink = SMTPSink().start()  # where the receipts go, as in W7
    environment = database.environment(target)
    fixtures.setup_django(environment | {"EMAIL_HOST": sink.host, "EMAIL_PORT": str(sink.port)})
    logging.disable(logging.INFO)
    fix = fixtures.collect()
    one = _operation(options.operation, fix, var_dir)
    _measure(one, 0, options.warmup)
    profiler = cProfile.Profile() if options.profile else None
    if profiler:
        profiler.enable()
    figures = _measure(one, options.warmup, options.count)
    if profiler:
        profiler.disable()
    last = figures.pop("last")
    print(json.dumps({"operation": options.operation, "count": options.count} | figures))
    if options.sql:
        print("\n".join(str(query)[:240] for query in last))  # type: ignore[attr-defined]
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
            int(os.environ.get("PROFILE_LINES", "45"))
        )
        print(out.getvalue())
    sink.stop()


if __name__ == "__main__":
    main()
