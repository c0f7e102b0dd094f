"""The production server under test: gunicorn with its workers, on loopback.

Started as ``make serve`` starts it (``config.wsgi`` with ``config/gunicorn_settings.py``: sync
workers forked from a master that loaded the application), with DEBUG off and the
benchmark's settings module, which only adds the framework ceiling's URL. Memory is read
from /proc: VmHWM is a process's peak resident set since it started.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def peak_rss_mib(pid: int) -> float:
    """The peak resident set of ``pid`` in MiB, 0 if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def shares_mib(pid: int) -> tuple[float, float]:
    """(proportional, private) resident memory of ``pid`` now, in MiB: PSS counts a page
    shared by n processes as 1/n of it, private counts only its own pages (0, 0 if gone)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0, 0.0
    fields = {
        line.split(":")[0]: int(line.split()[1]) for line in rollup.splitlines()[1:] if ":" in line
    }
    private = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return fields.get("Pss", 0) / 1024, private / 1024


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


class Server:
    """gunicorn serving the application with ``workers`` worker processes."""

    def __init__(self, environment: dict[str, str], *, workers: int = 2) -> None:
        self.environment = environment
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = Path(environment["MOSTRADOR_VAR_DIR"]) / "gunicorn.log"

    @property
    def address(self) -> tuple[str, int]:
        return HOST, self.port

    def start(self) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "config.wsgi", "--config", "config/gunicorn_settings.py"]
        command += ["--bind", f"{HOST}:{self.port}"]
        command += ["--workers", str(self.workers), "--timeout", "300", "--backlog", "2048"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603  (our own gunicorn, our arguments)
                command, cwd=ROOT, env=self.environment, stdout=log, stderr=log
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            ready = len(children(self.process.pid)) >= self.workers if self.process else False
            if ready and self._healthy():
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log}")

    def _healthy(self) -> bool:
        try:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
            connection.request("GET", "/api/v1/health", headers={"X-Forwarded-Proto": "https"})
            healthy = connection.getresponse().status == 200
            connection.close()
        except OSError:
            return False
        return healthy

    def worker_peak_rss_mib(self) -> float:
        """The largest peak resident set among the workers, in MiB."""
        if self.process is None:
            return 0.0
        return max((peak_rss_mib(pid) for pid in children(self.process.pid)), default=0.0)

    def worker_shares_mib(self) -> tuple[float, float]:
        """The largest proportional and private memory among the workers now, in MiB."""
        pids = children(self.process.pid) if self.process else []
        shares = [shares_mib(pid) for pid in pids] or [(0.0, 0.0)]
        return max(pss for pss, _own in shares), max(own for _pss, own in shares)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def run_measured(command: list[str], environment: dict[str, str], log: Path) -> tuple[float, float]:
    """Run ``command`` to completion: (wall seconds, peak resident set in MiB)."""
    began = time.perf_counter()
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603  (our own manage.py, our arguments)
            command, cwd=ROOT, env=environment, stdout=output, stderr=output
        )
    _pid, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}); see {log}")
    return took, usage.ru_maxrss / 1024
