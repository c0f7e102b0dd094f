"""Start real Mostrador processes (worker, scheduler, web server) against the test database."""

from __future__ import annotations

import http.client
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def test_database_url() -> str:
    """A DATABASE_URL naming the database this test process is using."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def process_environment() -> dict[str, str]:
    """The environment of a process started on the test database, tasks in the database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": test_database_url(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONUNBUFFERED": "1",
    }


def start_manage(*args: str) -> subprocess.Popen[str]:
    """Start ``manage.py <args>`` on the test database, with output piped as text."""
    return subprocess.Popen(  # noqa: S603  (our own manage.py, fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=process_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


class WebServer:
    """gunicorn serving the application on loopback, as ``make serve`` does, on the test
    database. Its output goes to ``log`` (a full pipe would stop it), and each answer, with
    the pid of the worker that gave it, to ``<log>.access``. ``preload`` loads the application
    and its URLs once in the master, so a worker killed is replaced by one ready to answer."""

    HOST = "127.0.0.1"

    def __init__(self, log: Path, *, workers: int = 2, preload: bool = False) -> None:
        self.workers = workers
        self.log = log
        with socket.socket() as probe:
            probe.bind((self.HOST, 0))
            self.port = int(probe.getsockname()[1])
        gunicorn = Path(sys.executable).with_name("gunicorn")
        app = "mostrador.testing.wsgi" if preload else "config.wsgi"
        command = [str(gunicorn), app, "--bind", f"{self.HOST}:{self.port}"]
        command += ["--workers", str(workers), "--timeout", "30", "--graceful-timeout", "5"]
        self.access_log = log.with_name(f"{log.name}.access")
        command += [
            "--access-logfile",
            str(self.access_log),
            "--access-logformat",
            "%(p)s %(s)s %(L)s %(r)s",
        ]
        # Several servers may run at once (tests in parallel): none needs the control socket,
        # whose default path is one per user.
        command += ["--no-control-socket", *(["--preload"] if preload else [])]
        with log.open("ab") as output:
            self.process = subprocess.Popen(  # noqa: S603  (our own gunicorn, our arguments)
                command, cwd=ROOT, env=process_environment(), stdout=output, stderr=output
            )

    def worker_pids(self) -> list[int]:
        """The worker processes the gunicorn master runs now (it replaces the dead ones)."""
        found = []
        for task in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            found += [int(child) for child in task.read_text().split()]
        return found

    def served_by(self) -> set[int]:
        """The pids of the workers that have answered a request: booted, and serving."""
        if not self.access_log.exists():
            return set()
        lines = self.access_log.read_text().splitlines()
        return {int(line.split()[0].strip("<>")) for line in lines if line.startswith("<")}

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Return once every worker runs and the server answers; fail after ``timeout``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            if len(self.worker_pids()) >= self.workers and self.get("/api/v1/health")[0] == 200:
                return
            time.sleep(0.1)
        raise AssertionError(f"gunicorn not ready in {timeout}s:\n{self.log.read_text()[-3000:]}")

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """Send one request; (0, b"") when no answer came (refused, reset, timed out)."""
        connection = http.client.HTTPConnection(self.HOST, self.port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            return 0, b""
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, bytes]:
        return self.request("GET", path)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class ProcessOutput:
    """A process's output lines, read on a thread, so waiting for one never blocks forever."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        if self.process.stdout is not None:
            for line in self.process.stdout:
                self.lines.put(line.rstrip())

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        """Return the first line containing ``text``; fail, saying what was seen, after
        ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                raise AssertionError(
                    f"no line with {text!r} in {timeout}s; saw {self.seen}"
                ) from None
            self.seen.append(line)
            if text in line:
                return line

    def text(self) -> str:
        """Everything the process has said so far."""
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return "\n".join(self.seen)
