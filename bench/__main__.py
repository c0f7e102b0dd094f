"""``python -m bench --size M --db postgres``: load, serve, drive, report.

The order: the data set is generated (W8; skipped with --reuse when the database is there),
the database's commit ceiling is measured, the production server starts, W6 is asked first
(cold: a fresh worker, nothing cached by the application), then the framework ceiling and
the reads (W2-W4), then the writes (W1, W5) with one task worker running beside the server,
as in production, sending the receipts and notices they queue to a real SMTP server (what the
load queued is dropped first); the
server stops and W7 runs with its own worker. What the writes left queued is dropped before
W7, so that W7 measures ingestion alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench import database, driver, fixtures, mail, operations, report
from bench.server import ROOT, Server

SMOKE = {"warmup": 0.5, "duration": 1.5, "mail": 100}


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--size", choices=("S", "M", "L"), default="S")
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--postgres-url", default=database.DEFAULT_POSTGRES)
    parser.add_argument("--name", help="Database name (default bench_<size>).")
    parser.add_argument("--reuse", action="store_true", help="Keep a database already loaded.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=30)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--mail", type=int, default=10_000, help="Messages in W7's maildir.")
    parser.add_argument("--smoke", action="store_true", help="Seconds per operation; no report.")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument(
        "--var-dir", type=Path, default=ROOT / "var" / "bench", help="Logs, files, results."
    )
    options = parser.parse_args(argv)
    if options.smoke:
        for name, value in SMOKE.items():
            setattr(options, name, value)
        options.report = None
    return options


def _data() -> dict[str, int]:
    from mostrador.cases.models import Case, Message  # noqa: PLC0415
    from mostrador.customers.models import Customer  # noqa: PLC0415

    return {
        "cases": Case.objects.count(),
        "messages": Message.objects.count(),
        "customers": Customer.objects.count(),
    }


def _row(operation: operations.Operation, result: driver.Result) -> dict[str, Any]:
    row = {"id": operation.id, "name": operation.name, **result.summary(), "unit": ""}
    if operation.id in ("W1", "W5"):
        row |= {"figure": row["rate"], "unit": "/s"}
    elif operation.id in ("W2", "W3", "W4"):
        row |= {"figure": row["p95_ms"], "unit": "ms p95"}
    return row


def _statistics(server: Server, fix: fixtures.Fixtures) -> dict[str, Any]:
    headers, call = operations.statistics(fix)
    cold, status, body = driver.once(server.address, headers, call)
    warm = driver.Result()
    for _repeat in range(5):
        took, again, _body = driver.once(server.address, headers, call)
        warm.latencies.append(took)
        warm.errors += again != 200
    warm.elapsed = sum(warm.latencies)
    row = {"id": "W6", "name": f"yearly statistics {fix.year} (API), cold", **warm.summary()}
    row |= {"figure": cold, "unit": "s cold", "errors": warm.errors + (status != 200)}
    if status != 200:
        row["error_samples"] = [f"{status}: {body[:300]!r}"]
    return row


def _drive(
    options: argparse.Namespace, server: Server, operation: operations.Operation
) -> dict[str, Any]:
    print(f"  {operation.id} {operation.name}…", flush=True)
    result = driver.load(
        server.address,
        operation.headers,
        operation.maker,
        clients=options.clients,
        warmup=options.warmup,
        duration=options.duration,
    )
    return _row(operation, result)


def _http(
    options: argparse.Namespace, server: Server, fix: fixtures.Fixtures
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rows = [_statistics(server, fix)]
    rows += [_drive(options, server, operation) for operation in operations.reads(fix)]
    mail.drop_backlog()  # the writes' worker runs what the writes queue, not the load's jobs
    with mail.TaskWorker(server.environment, "writes-worker.log") as worker:
        rows += [_drive(options, server, operation) for operation in operations.writes(fix)]
        writes: dict[str, Any] = {"tasks_left": mail.backlog(), "mail_sent": worker.sent}
        writes["worker_mib"] = round(worker.peak_rss_mib(), 1)
    return rows, writes


def run(options: argparse.Namespace) -> dict[str, Any]:
    name = options.name or f"bench_{options.size.lower()}"
    var_dir = options.var_dir / name
    var_dir.mkdir(parents=True, exist_ok=True)
    target = database.target(
        options.db, options.size, postgres=options.postgres_url, name=name, var_dir=var_dir
    )
    environment = database.environment(target)
    loaded: database.Load | None
    if not (options.reuse and database.exists(target)):
        print(f"Loading size {options.size} into {target.url}…", flush=True)
        database.recreate(target)
        loaded = database.load(target, environment, commit=report.commit())
    else:
        database.migrate(environment, var_dir)
        loaded = database.Load.saved(var_dir)
    fixtures.setup_django(environment)
    fix = fixtures.collect()
    data = _data()
    print("Database ceiling…", flush=True)
    ceiling = database.insert_ceiling(
        target, clients=options.clients, warmup=min(options.warmup, 5), duration=options.duration
    )
    server = Server(environment, workers=options.workers)
    server.start()
    try:
        rows, writes = _http(options, server, fix)
        server_rss = server.worker_peak_rss_mib()
        server_pss, server_private = server.worker_shares_mib()
    finally:
        server.stop()
    print("W7 email ingestion…", flush=True)
    maildir = mail.generate(
        var_dir / "maildir", options.mail, fix.mailbox, fix.reply_targets, run=str(int(time.time()))
    )
    ingestion = mail.ingest(maildir, fix.mailbox, environment)
    results = _results(options, target, rows, ceiling, ingestion, loaded, data, server_rss)
    results["writes"] = writes
    results["memory"] |= {
        "server_worker_pss_mib": server_pss,
        "server_worker_private_mib": server_private,
    }
    return results


def _results(
    options: argparse.Namespace,
    target: database.Target,
    rows: list[dict[str, Any]],
    ceiling: driver.Result,
    ingestion: dict[str, Any],
    loaded: database.Load | None,
    data: dict[str, int],
    server_rss: float,
) -> dict[str, Any]:
    http = next(row for row in rows if row["id"] == "C")
    db_row = {
        "id": "D",
        "name": "database ceiling: single-row INSERT commit",
        **ceiling.summary(),
        "unit": "",
    }
    rows = [http, db_row, *[row for row in rows if row["id"] != "C"]]
    rows.sort(key=lambda row: (row["id"] not in ("C", "D"), row["id"]))
    outcomes = ingestion["outcomes"]
    threaded = outcomes.get("processed:message_added", 0)
    rows.append(
        {
            "id": "W7",
            "name": f"email ingestion, {ingestion['messages']:,} messages, 1 worker",
            "rate": ingestion["rate"],
            "errors": ingestion["messages"]
            - sum(n for key, n in outcomes.items() if key.startswith("processed:")),
            "figure": ingestion["rate"],
            "unit": "msgs/s",
        }
    )
    if loaded is not None:
        reused = f" (loaded by {loaded.commit}, reused)" if loaded.reused else ""
        rows.append(
            {
                "id": "W8",
                "name": f"data set load, size {options.size}{reused}",
                "rate": (data["cases"] + data["messages"]) / loaded.seconds,
                "errors": 0,
                "figure": loaded.seconds,
                "unit": "s",
            }
        )
    return {
        "size": options.size,
        "database": options.db,
        "database_version": database.server_version(target),
        "date": report.today(),
        "commit": report.commit(),
        "machine": report.machine(),
        "workers": options.workers,
        "clients": options.clients,
        "warmup": options.warmup,
        "duration": options.duration,
        "data": data,
        "rows": rows,
        "ceilings": {"http": http, "database": db_row},
        "memory": {
            "server_worker_mib": server_rss,
            "ingestion_worker_mib": ingestion["worker_rss_mib"],
            "import_mib": ingestion["import_rss_mib"],
            "load_mib": loaded.peak_rss_mib if loaded else 0.0,
        },
        "w7": ingestion,
        "w7_detail": (
            f"{ingestion['replies']:,} replies in the maildir, {threaded:,} threaded onto cases; "
            f"{ingestion['receipts_sent']:,} receipts sent over SMTP; outcomes {outcomes}; "
            f"import alone {ingestion['import_seconds']:.1f} s"
        ),
    }


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    results = run(options)
    name = options.name or f"bench_{options.size.lower()}"
    (options.var_dir / name / "results.json").write_text(json.dumps(results, indent=2, default=str))
    print(report.printable(results))
    if options.report is not None:
        report.write(results, options.report)
        print(f"Written to {options.report}")
    errors = sum(row.get("errors", 0) for row in results["rows"])
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
