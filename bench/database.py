"""The database under test: its environment, its loading (W8) and its ceiling.

The data set is the demo's own (``manage.py seed``, mostrador.demo): the benchmark and the
demo load the same generator, so what is measured is what users see in ``make demo``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from bench.driver import Result
from bench.server import ROOT, run_measured

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Target:
    """One database: ``kind`` is "postgres" or "sqlite"; ``url`` what DATABASE_URL says."""

    kind: str
    size: str
    url: str
    var_dir: Path

    @property
    def name(self) -> str:
        return f"{self.size}-{self.kind}"


def target(kind: str, size: str, *, postgres: str, name: str, var_dir: Path) -> Target:
    if kind == "sqlite":
        return Target(kind, size, f"sqlite:///{var_dir / (name + '.sqlite3')}", var_dir)
    parts = urlsplit(postgres)
    return Target(kind, size, urlunsplit(parts._replace(path="/" + name)), var_dir)


def environment(target: Target) -> dict[str, str]:
    """The production configuration, on the benchmark's database and folder."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": target.url,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # As behind the TLS proxy of a real deployment: the driver sends X-Forwarded-Proto.
        "TRUST_PROXY_HEADERS": "true",
        "MOSTRADOR_VAR_DIR": str(target.var_dir),
        "PYTHONUNBUFFERED": "1",
    }


def _maintenance(target: Target) -> str:
    return urlunsplit(urlsplit(target.url)._replace(path="/postgres"))


def recreate(target: Target) -> None:
    """An empty database (dropped first if it was there)."""
    if target.kind == "sqlite":
        path = Path(urlsplit(target.url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = urlsplit(target.url).path.lstrip("/")
    with psycopg.connect(_maintenance(target), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def exists(target: Target) -> bool:
    if target.kind == "sqlite":
        return Path(urlsplit(target.url).path).exists()
    name = urlsplit(target.url).path.lstrip("/")
    with psycopg.connect(_maintenance(target), autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


def manage(*arguments: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *arguments]


@dataclass(frozen=True)
class Load:
    """W8: how long the data set took to load, at what peak memory, by which commit."""

    seconds: float
    peak_rss_mib: float
    commit: str = ""
    reused: bool = False  # read back from the record of an earlier run

    def save(self, var_dir: Path) -> None:
        record = asdict(self)
        del record["reused"]
        (var_dir / LOAD_RECORD).write_text(json.dumps(record))

    @classmethod
    def saved(cls, var_dir: Path) -> Load | None:
        """The load recorded beside a database a run reuses (None when there is no record)."""
        try:
            return cls(**json.loads((var_dir / LOAD_RECORD).read_text()), reused=True)
        except (OSError, ValueError, TypeError):
            return None


LOAD_RECORD = "load.json"


def migrate(environment: dict[str, str], var_dir: Path) -> None:
    """Bring the schema up to date and collect the static files the pages link to."""
    log = var_dir / "load.log"
    run_measured(manage("collectstatic", "--no-input", "-v0"), environment, log)
    run_measured(manage("migrate", "--no-input", "-v0"), environment, log)


def load(target: Target, environment: dict[str, str], *, commit: str) -> Load:
    """Migrate (not timed), then generate the data set: W8, timed with its peak memory.

    Recorded beside the database, so that a later run reusing it still reports its load.
    """
    migrate(environment, target.var_dir)
    log = target.var_dir / "load.log"
    seconds, rss = run_measured(manage("seed", "--size", target.size), environment, log)
    loaded = Load(seconds, rss, commit)
    loaded.save(target.var_dir)
    return loaded


def server_version(target: Target) -> str:
    if target.kind == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with psycopg.connect(target.url) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return f"PostgreSQL {row[0] if row else '?'}"


# ------------------------------------------------------------------ the database's ceiling
def _postgres_inserts(url: str, window: tuple[float, float], result: Result) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        while (began := time.perf_counter()) < window[1]:
            connection.execute(
                "INSERT INTO bench_ceiling (payload, created_at) VALUES (%s, now())", ["x" * 200]
            )
            if began >= window[0]:
                with result.lock:
                    result.latencies.append(time.perf_counter() - began)


def _sqlite_inserts(path: str, window: tuple[float, float], result: Result) -> None:
    # As the application opens SQLite: WAL, synchronous NORMAL, immediate transactions.
    connection = sqlite3.connect(path, timeout=20, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    while (began := time.perf_counter()) < window[1]:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO bench_ceiling (payload, created_at) VALUES (?, datetime('now'))",
            ["x" * 200],
        )
        connection.execute("COMMIT")
        if began >= window[0]:
            with result.lock:
                result.latencies.append(time.perf_counter() - began)
    connection.close()


Inserter = Callable[[str, tuple[float, float], Result], None]


def insert_ceiling(target: Target, *, clients: int, warmup: float, duration: float) -> Result:
    """Single-row INSERTs, each its own committed transaction, from ``clients`` connections:
    as fast as this database commits on this machine."""
    create = "CREATE TABLE bench_ceiling (id {} PRIMARY KEY, payload text, created_at {})"
    drop = "DROP TABLE IF EXISTS bench_ceiling"
    if target.kind == "sqlite":
        path = urlsplit(target.url).path
        with sqlite3.connect(path) as connection:
            connection.execute(drop)
            connection.execute(create.format("INTEGER", "text"))
        worker: Inserter = _sqlite_inserts
        where = path
    else:
        with psycopg.connect(target.url, autocommit=True) as connection:
            connection.execute(drop)
            connection.execute(create.format("bigserial", "timestamptz"))
        worker, where = _postgres_inserts, target.url
    result = Result()
    now = time.perf_counter()
    window = (now + warmup, now + warmup + duration)
    threads = [
        threading.Thread(target=worker, args=(where, window, result)) for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - window[0]
    if target.kind == "sqlite":
        with sqlite3.connect(urlsplit(target.url).path) as connection:
            connection.execute(drop)
    else:
        with psycopg.connect(target.url, autocommit=True) as connection:
            connection.execute(drop)
    return result
