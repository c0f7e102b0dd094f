"""The results: one table per size and database, with ceilings, ratios and budgets.

Each run replaces its own section of docs/benchmarks.md (between markers named after the size
and the database) and leaves the rest of the page, written by hand, as it is.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.operations import BUDGETS
from bench.server import ROOT


def machine() -> dict[str, str]:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    pages = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": f"{pages / 2**30:.0f} GiB",
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "django": metadata.version("django"),
        "gunicorn": metadata.version("gunicorn"),
    }


def commit() -> str:
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607  (git on PATH, as for every developer)
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or "unknown"


def _number(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _ratio(value: float, ceiling: float) -> str:
    """``value`` as a share of ``ceiling``: 0.5 is "50 %", 0.004 "0.4 %", 37.0 "37×"."""
    if not ceiling:
        return "–"
    share = value / ceiling
    if share >= 10:
        return f"{share:,.0f}×"
    if share >= 1:
        return f"{share:.1f}×"
    return f"{share * 100:.2g} %"


def _budget(row: dict[str, Any], size: str, database: str) -> str:
    budget = BUDGETS.get(row["id"])
    if budget is None:
        return ""
    figure = row.get("figure")
    applies = database == "postgres" and size in budget.sizes
    if not applies or figure is None:
        return f"({budget.describe()} at {'/'.join(budget.sizes)}, PostgreSQL)"
    return f"{budget.describe()}: {'met' if budget.met(figure) else '**missed**'}"


def _ratios(row: dict[str, Any], ceilings: dict[str, dict[str, Any]]) -> str:
    http, database = ceilings["http"], ceilings["database"]
    if row["id"] in ("W1", "W5"):
        return (
            f"rate {_ratio(row['rate'], http['rate'])} of C, "
            f"{_ratio(row['rate'], database['rate'])} of D"
        )
    if row["id"] in ("W2", "W3", "W4"):
        return (
            f"p95 {_ratio(row['p95_ms'], http['p95_ms'])} of C's, "
            f"rate {_ratio(row['rate'], http['rate'])} of C"
        )
    if row["id"] == "W6":
        return f"{_ratio(row['figure'] * 1000, http['p50_ms'])} C's p50"
    if row["id"] in ("W7", "W8"):
        return f"rate {_ratio(row['rate'], database['rate'])} of D"
    return ""


def table(results: dict[str, Any]) -> str:
    size, database = results["size"], results["database"]
    lines = [
        "| id | operation | p50 ms | p95 ms | p99 ms | per s | errors | figure | vs ceiling | budget |",
        "|----|-----------|-------:|-------:|-------:|------:|-------:|-------:|------------|--------|",
    ]
    for row in results["rows"]:
        figure = row.get("figure")
        cells = [
            row["id"],
            row["name"],
            _number(row["p50_ms"], 2) if row.get("p50_ms") is not None else "",
            _number(row["p95_ms"], 2) if row.get("p95_ms") is not None else "",
            _number(row["p99_ms"], 2) if row.get("p99_ms") is not None else "",
            _number(row["rate"]) if row.get("rate") is not None else "",
            str(row.get("errors", "")),
            f"{_number(figure, 2)} {row['unit']}" if figure is not None else "",
            _ratios(row, results["ceilings"]),
            _budget(row, size, database),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def section(results: dict[str, Any]) -> str:
    info = results["machine"]
    memory = results["memory"]
    return "\n".join(
        [
            f"### Size {results['size']}, {results['database_version']}",
            "",
            f"{results['date']}, commit `{results['commit']}`; {info['cpu']}, {info['memory']}, "
            f"{info['os']}; Python {info['python']}, Django {info['django']}, gunicorn "
            f"{info['gunicorn']} with {results['workers']} sync workers; {results['clients']} "
            f"clients; {results['warmup']:g} s warm-up then {results['duration']:g} s measured "
            f"per operation. Data: {results['data']['cases']:,} cases, "
            f"{results['data']['messages']:,} messages, {results['data']['customers']:,} "
            "customers.",
            "",
            table(results),
            "",
            f"Peak resident memory: server workers {memory['server_worker_mib']:.0f} MiB each at "
            f"most{_shares(memory)}; ingestion worker {memory['ingestion_worker_mib']:.0f} MiB, import process "
            f"{memory['import_mib']:.0f} MiB; data-set load {memory['load_mib']:.0f} MiB.",
            "",
            f"W7 detail: {results['w7_detail']}.",
            *_writes(results),
        ]
    )


def _shares(memory: dict[str, Any]) -> str:
    if "server_worker_pss_mib" not in memory:
        return ""
    return (
        f" (pages shared with the master counted in each; at the end, "
        f"{memory['server_worker_pss_mib']:.0f} MiB proportional, "
        f"{memory['server_worker_private_mib']:.0f} MiB its own)"
    )


def _writes(results: dict[str, Any]) -> list[str]:
    writes = results.get("writes")
    if not writes:
        return []
    return [
        "",
        f"W1 and W5 ran with one task worker beside the server: it sent "
        f"{writes['mail_sent']:,} emails over SMTP meanwhile, left {writes['tasks_left']:,} "
        f"tasks queued at the end, and peaked at {writes['worker_mib']:.0f} MiB.",
    ]


def write(results: dict[str, Any], page: Path) -> None:
    """Replace this size and database's section of ``page`` (append it the first time)."""
    key = f"{results['size']}-{results['database']}"
    start, end = f"<!-- bench:{key}:start -->", f"<!-- bench:{key}:end -->"
    block = f"{start}\n{section(results)}\n{end}"
    text = page.read_text() if page.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = (
        pattern.sub(lambda _match: block, text)
        if pattern.search(text)
        else f"{text.rstrip()}\n\n{block}\n"
    )
    page.write_text(text)


def today() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def printable(results: dict[str, Any]) -> str:
    return f"{section(results)}\n"
