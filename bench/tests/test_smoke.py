"""The benchmark runs, end to end, at size S for a few seconds per operation.

Not a measurement (``make bench`` is): it keeps the benchmark from rotting. Every operation
must answer without errors, W7 must thread every reply, and W8 must load the data set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_every_operation_of_the_workload_runs_without_errors(tmp_path: Path) -> None:
    url = os.environ.get("DATABASE_URL", "")
    kind = "postgres" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"bench_smoke_{worker}"
    command = [sys.executable, "-m", "bench", "--size", "S", "--db", kind, "--smoke"]
    command += ["--name", name, "--var-dir", str(tmp_path)]
    if kind == "postgres":
        command += ["--postgres-url", url]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]

    results = json.loads((tmp_path / name / "results.json").read_text())
    rows = {(row["id"], row["name"]): row for row in results["rows"]}
    by_id = {row["id"]: row for row in results["rows"]}
    assert {row_id for row_id, _name in rows} == {"C", "D", *(f"W{n}" for n in range(1, 9))}
    for (row_id, row_name), row in rows.items():
        assert row["errors"] == 0, (row_id, row_name, row.get("error_samples"))
        if row_id not in ("W6", "W7", "W8"):
            assert row["count"] > 0, (row_id, row_name)
            assert row["p95_ms"] > 0, (row_id, row_name)
    assert by_id["W6"]["figure"] > 0
    assert by_id["W8"]["figure"] > 0
    ingestion = results["w7"]
    assert ingestion["stored"] == ingestion["messages"] == 100
    assert ingestion["outcomes"]["processed:message_added"] == ingestion["replies"] > 0
    # Each case opened by email gets its receipt (sent after W7's clock stops).
    assert ingestion["receipts_sent"] == ingestion["outcomes"]["processed:case_opened"] > 0
    assert results["data"]["cases"] >= 10_000
    assert results["memory"]["server_worker_mib"] > 0
    if kind == "postgres":
        # The smoke database is the test run's to clean up, as the test databases are.
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
