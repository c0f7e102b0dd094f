"""Real spam filters on loopback for tests: rspamd (its HTTP API) and SpamAssassin's spamd (SPAMC).

Each runs as a child process from a temporary folder, on a free loopback port, with no network
tests (the test machine may have no DNS), and is stopped with TERM, then KILL, on exit. As root
both run as nobody, as Dovecot does in ``mailservers``.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Self

from mostrador.testing.mailservers import HOST, SETPRIV, free_ports, process_tree, running

RSPAMD = os.environ.get("RSPAMD") or shutil.which("rspamd") or "/usr/bin/rspamd"
SPAMD = os.environ.get("SPAMD") or shutil.which("spamd") or "/usr/sbin/spamd"
# Debian's rspamd package: its stock rules and modules, which our configuration includes.
RSPAMD_CONFDIR = Path("/etc/rspamd")
RSPAMD_SHAREDIR = Path("/usr/share/rspamd")
# The rules SpamAssassin ships (Debian: /usr/share/spamassassin), and where sa-update puts newer
# ones (spamd prefers those); spamd without either finds nothing to test.
SPAMASSASSIN_RULES = (Path("/usr/share/spamassassin"), Path("/var/lib/spamassassin"))
# rspamd starts in about 2 s, spamd in about 1 s here; spamd compiles its rules on start, slow
# on a loaded machine.
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
# The standard test string every filter calls spam (https://spamassassin.apache.org/gtube/).
GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"

# rspamd's modules that ask the network (DNS lists, SPF/DKIM/DMARC keys, fuzzy hashes, URLs)
# or need redis (none here): off, so that a scan never waits on a lookup that cannot answer.
RSPAMD_OFF = (  # noqa: SIM905  (a list of names reads better as words)
    "antivirus arc asn bimi dcc dkim dkim_signing dmarc emails external_relay"
    " external_services fuzzy_check greylist hfilter history_redis http_headers mx_check"
    " neural p0f phishing ratelimit rbl replies reputation rspamd_update spamtrap spf surbl"
    " url_redirector whitelist"
).split()
# Self-contained: Debian's rules, but options, logging, workers and local.d/override.d of our
# own, everything written in the temporary folder. Any DNS query goes to a port nobody answers
# on (refused at once). Only the top-level suffixes of the public suffix list: compiling all
# 9600 takes rspamd 9 s on start, and the tests need no more.
RSPAMD_CONFIG = """\
.include "$CONFDIR/common.conf"
options {{
  pidfile = "$RUNDIR/rspamd.pid";
  filters = "chartable,regexp";
  cache_file = "$DBDIR/symbols.cache";
  dynamic_conf = "$DBDIR/rspamd_dynamic";
  history_file = "$DBDIR/rspamd.history";
  hs_cache_dir = "$DBDIR/";
  tempdir = "$DBDIR";
  control_socket = "$RUNDIR/rspamd.sock mode=0600";
  url_tld = "{dir}/tld.dat";
  dns {{ nameserver = ["{host}:{dns_port}"]; timeout = 0.5s; retransmits = 1; }}
  allow_raw_input = true;
  task_timeout = 8s;
}}
logging {{
  type = "file";
  filename = "$LOGDIR/rspamd.log";
  level = "info";
}}
worker "normal" {{
  bind_socket = "{host}:{port}";
  mime = true;
  count = 1;
}}
"""
TOP_LEVEL_DOMAINS = "cat\ncom\nes\nexample\nnet\norg\ntest\n"


def rspamd_available() -> bool:
    """Tell whether rspamd and the stock configuration it is started with are installed."""
    return os.access(RSPAMD, os.X_OK) and (RSPAMD_CONFDIR / "common.conf").exists()


def spamd_available() -> bool:
    """Tell whether spamd and some SpamAssassin rules to test with are installed."""
    rules = (
        path for folder in SPAMASSASSIN_RULES if folder.is_dir() for path in folder.rglob("*.cf")
    )
    return os.access(SPAMD, os.X_OK) and next(rules, None) is not None


def _identity() -> tuple[list[str], str | None]:
    """The command prefix and the user the filters run as: never root."""
    if os.geteuid() == 0:
        return [*SETPRIV, "--reuid=nobody", "--regid=nogroup", "--clear-groups"], "nobody"
    return list(SETPRIV), None


class _Daemon:
    """A filter started from a temporary folder, ready once ``_answers`` says so."""

    name = ""
    host = HOST

    def __init__(self) -> None:
        self._prefix, self._user = _identity()
        # As root the folder must be reachable by nobody: not under a private TMPDIR.
        parent = "/tmp" if self._user else None  # noqa: S108
        self.directory = Path(tempfile.mkdtemp(prefix=f"mostrador-{self.name}-", dir=parent))
        self.port = 0
        self.startup_seconds = 0.0
        self._last_log = ""
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def start(cls) -> Self:
        """Start the filter; return it once it answers (raise RuntimeError if it does not)."""
        daemon = cls()
        try:
            daemon._launch()
        except BaseException:
            daemon.stop()
            raise
        return daemon

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def processes(self) -> set[int]:
        """Return the PIDs of the filter's processes (none once stopped)."""
        return process_tree(self._process.pid) if self._process else set()

    def log(self) -> str:
        """Return what the filter logged and printed (still there after ``stop``)."""
        paths = (self.directory / name for name in ("command.log", self._log_name()))
        text = "".join(path.read_text(errors="replace") for path in paths if path.exists())
        return text or self._last_log

    def stop(self) -> None:
        """Stop the filter (TERM, then KILL), make sure its processes are gone, remove the folder."""
        if not self.directory.exists():
            return
        self._shutdown()
        self._last_log = self.log()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _launch(self) -> None:
        # Another test process may take the port between our choosing it and the filter binding it.
        for _attempt in range(3):
            self.port = free_ports(1)[0]
            self._prepare()
            began = time.monotonic()
            self._process = self._spawn(self._command())
            if self._wait_ready():
                self.startup_seconds = time.monotonic() - began
                return
            self._shutdown()
            report = "\n".join(self.log().splitlines()[-30:])
            if "in use" not in report:
                break
        raise RuntimeError(f"{self.name} did not start (in {START_TIMEOUT}s at most):\n{report}")

    def _spawn(self, command: list[str]) -> subprocess.Popen[bytes]:
        # Output to a file, not to a pipe that nobody reads.
        with (self.directory / "command.log").open("ab") as output:
            return subprocess.Popen(  # noqa: S603  (our own fixed command line)
                [*self._prefix, *command],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=output,
                cwd=self.directory,
                env={**os.environ, "HOME": str(self.directory)},
            )

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while self._process is not None and self._process.poll() is None:
            with contextlib.suppress(OSError):
                if self._answers():
                    return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return False

    def _own(self) -> None:
        if self._user:  # the filter runs as nobody and must read and write its folder
            for path in [self.directory, *self.directory.rglob("*")]:
                shutil.chown(path, self._user, "nogroup")

    def _shutdown(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        processes = process_tree(process.pid)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        deadline = time.monotonic() + STOP_TIMEOUT
        while (alive := {pid for pid in processes if running(pid)}) and time.monotonic() < deadline:
            time.sleep(0.02)
        for pid in alive:  # workers the master left behind
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def _prepare(self) -> None:
        raise NotImplementedError

    def _command(self) -> list[str]:
        raise NotImplementedError

    def _answers(self) -> bool:
        raise NotImplementedError

    def _log_name(self) -> str:
        raise NotImplementedError


class Rspamd(_Daemon):
    """A real rspamd: one normal worker (``url``, for POST /checkv2), no controller, no proxy."""

    name = "rspamd"

    @property
    def url(self) -> str:
        """The base URL of its HTTP API, as EMAIL_SPAM_SCANNER_URL takes it."""
        return f"http://{self.host}:{self.port}"

    def _prepare(self) -> None:
        for folder in ("db", "run", "log", "local/local.d", "local/override.d"):
            (self.directory / folder).mkdir(parents=True, exist_ok=True)
        for module in RSPAMD_OFF:
            (self.directory / "local/override.d" / f"{module}.conf").write_text(
                "enabled = false;\n"
            )
        suffixes = RSPAMD_SHAREDIR / "effective_tld_names.dat"
        lines = suffixes.read_text().splitlines() if suffixes.exists() else []
        tlds = "".join(
            f"{line}\n" for line in lines if line and "." not in line and "/" not in line
        )
        (self.directory / "tld.dat").write_text(tlds or TOP_LEVEL_DOMAINS)
        # A port picked now and left unbound: DNS queries are refused there at once.
        dns_port = free_ports(1)[0]
        values = {"dir": self.directory, "host": self.host, "port": self.port}
        config = RSPAMD_CONFIG.format(**values, dns_port=dns_port)
        (self.directory / "rspamd.conf").write_text(config)
        self._own()

    def _command(self) -> list[str]:
        folders = {"DBDIR": "db", "RUNDIR": "run", "LOGDIR": "log", "LOCAL_CONFDIR": "local"}
        variables = [f"--var={name}={self.directory / path}" for name, path in folders.items()]
        # -f: in the foreground, our child. Started as nobody already, it needs no -u/-g.
        conf = str(self.directory / "rspamd.conf")
        return [RSPAMD, "-f", "-c", conf, f"--var=CONFDIR={RSPAMD_CONFDIR}", *variables]

    def _answers(self) -> bool:
        # http.client, as spam.py asks it: no proxy from the environment in between.
        connection = http.client.HTTPConnection(self.host, self.port, timeout=1)
        try:
            connection.request("GET", "/ping")
            return connection.getresponse().read().strip() == b"pong"
        finally:
            connection.close()

    def _log_name(self) -> str:
        return "log/rspamd.log"


class Spamd(_Daemon):
    """A real spamd (SpamAssassin's daemon) answering SPAMC at ``address``, local tests only."""

    name = "spamd"

    @property
    def address(self) -> str:
        """host:port, as EMAIL_SPAM_SCANNER_URL takes it for spamd."""
        return f"{self.host}:{self.port}"

    def _prepare(self) -> None:
        self._own()

    def _command(self) -> list[str]:
        # Not -d: in the foreground, our child. -L: no DNS or network tests; -x: no per-user
        # configuration (nobody has no home); no Bayes, which would learn from the tests.
        return [
            SPAMD,
            f"--listen={self.address}",
            f"--pidfile={self.directory / 'spamd.pid'}",
            "--local",
            "--nouser-config",
            f"--allowed-ips={self.host}",
            f"--helper-home-dir={self.directory}",
            f"--syslog={self.directory / 'spamd.log'}",
            *("--max-children=2", "--min-children=1", "--min-spare=0", "--max-spare=1"),
            *("--cf=use_bayes 0", "--cf=bayes_auto_learn 0"),
        ]

    def _answers(self) -> bool:
        with socket.create_connection((self.host, self.port), timeout=1) as sock:
            sock.sendall(b"PING SPAMC/1.5\r\n\r\n")
            return b" PONG" in sock.recv(100)

    def _log_name(self) -> str:
        return "spamd.log"
