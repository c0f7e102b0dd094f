"""Real mail servers on loopback for tests: Dovecot (IMAP and LMTP) and an SMTP sink (aiosmtpd)."""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import signal
import smtplib
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from imapclient import IMAPClient

HOST = "127.0.0.1"
DOVECOT = os.environ.get("DOVECOT") or shutil.which("dovecot") or "/usr/sbin/dovecot"
# Debian's dovecot-imapd and dovecot-lmtpd put these here; dovecot-core alone starts, then fails
# every IMAP or LMTP connection.
DOVECOT_SERVICES = Path("/usr/lib/dovecot")
START_TIMEOUT = STOP_TIMEOUT = 5.0
# --pdeathsig: Dovecot stops when the test process dies without tearing it down.
SETPRIV = ["setpriv", "--pdeathsig=TERM"]
# Self-contained: nothing from /etc/dovecot, nothing outside the temporary folder, no TLS (so no
# imaps listener either). No stats process: nothing reads it and it slows down shutdown.
CONFIG = """\
protocols = imap lmtp
listen = {host}
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = 1
stats_writer_socket_path =
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%n {dir}/passwd
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={dir}/mail/%n
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {host}
    port = {imap_port}
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = {host}
    port = {lmtp_port}
  }}
}}
service anvil {{
  chroot =
}}
"""


def dovecot_available() -> bool:
    """Tell whether Dovecot with its IMAP and LMTP services is installed."""
    services = (DOVECOT_SERVICES / name for name in ("imap", "imap-login", "lmtp"))
    return os.access(DOVECOT, os.X_OK) and all(path.exists() for path in services)


def free_ports(count: int) -> list[int]:
    """Return ``count`` distinct loopback ports that nothing listens on right now."""
    sockets = [socket.socket() for _ in range(count)]
    with contextlib.ExitStack() as stack:
        for sock in sockets:
            stack.enter_context(sock).bind((HOST, 0))
        return [sock.getsockname()[1] for sock in sockets]


def _identity() -> tuple[list[str], str, str]:
    """The command prefix, user and group Dovecot runs as: never root, which it would drop."""
    if os.geteuid() == 0:
        as_nobody = ["--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        return [*SETPRIV, *as_nobody], "nobody", "nogroup"
    return SETPRIV, pwd.getpwuid(os.geteuid()).pw_name, grp.getgrgid(os.getegid()).gr_name


def _stat(pid: int | str) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (state, parent...); [] if gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def process_tree(root: int) -> set[int]:
    """Return ``root`` and the PIDs of every process descending from it."""
    parents = {int(p.name): int(f[1]) for p in Path("/proc").glob("[0-9]*") if (f := _stat(p.name))}
    tree, grown = {root}, True
    while grown:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grown = bool(children)
    return tree


def running(pid: int) -> bool:
    """Tell whether ``pid`` still runs; a zombie that init has not reaped yet does not count."""
    return _stat(pid)[:1] not in ([], ["Z"])


def _wait_gone(pids: set[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while (alive := {pid for pid in pids if running(pid)}) and time.monotonic() < deadline:
        time.sleep(0.02)
    for pid in alive:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _reap(process: subprocess.Popen[bytes], timeout: float) -> None:
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class _Stoppable:
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        raise NotImplementedError


class Dovecot(_Stoppable):
    """A real Dovecot serving IMAP and LMTP on free loopback ports from a temporary folder."""

    host = HOST

    def __init__(self, users: dict[str, str]) -> None:
        self._users = dict(users)
        self._prefix, self._user, self._group = _identity()
        # As root the folder must be reachable by nobody: not under a private TMPDIR.
        parent = "/tmp" if os.geteuid() == 0 else None  # noqa: S108
        self.directory = Path(tempfile.mkdtemp(prefix="mostrador-dovecot-", dir=parent))
        self.imap_port = self.lmtp_port = 0
        self._passwd_stamp = 0
        self._last_log = ""
        self._master: subprocess.Popen[bytes] | None = None

    @classmethod
    def start(cls, users: dict[str, str]) -> Dovecot:
        """Start Dovecot with these users (name to plain password); wait until IMAP answers."""
        server = cls(users)
        try:
            server._launch()
        except BaseException:
            server.stop()
            raise
        return server

    def add_user(self, name: str, password: str) -> None:
        """Add a user or change a password; Dovecot re-reads the passwd file on its next lookup."""
        self._users[name] = password
        self._write_passwd()

    def deliver(self, raw: bytes, to: str, *, sender: str = "sender@example.test") -> None:
        """Deliver ``raw`` to the mailbox of ``to`` over LMTP, as a mail server would."""
        with smtplib.LMTP(self.host, self.lmtp_port, timeout=10) as lmtp:
            lmtp.sendmail(sender, [to], raw)

    def imap(self, user: str) -> IMAPClient:
        """Return an IMAP client logged in as ``user``; the caller logs out."""
        client = IMAPClient(self.host, port=self.imap_port, ssl=False, timeout=10)
        client.login(user, self._users[user])
        return client

    def processes(self) -> set[int]:
        """Return the PIDs of Dovecot's processes (none once stopped)."""
        return process_tree(self._master.pid) if self._master else set()

    def log(self) -> str:
        """Return Dovecot's log (still there after ``stop``)."""
        path = self.directory / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else self._last_log

    def stop(self) -> None:
        """Stop Dovecot, make sure its processes are gone and remove the folder."""
        if not self.directory.exists():
            return
        self._shutdown()
        self._last_log = self.log()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _launch(self) -> None:
        # Another test process may take a port between our choosing it and Dovecot binding it.
        for _attempt in range(3):
            self.imap_port, self.lmtp_port = free_ports(2)
            self._write_files()
            # In the foreground, as our child: we reap it the moment it exits, so `dovecot stop`
            # (which polls until the PID is gone) is not kept waiting by an unreaped zombie.
            self._master = self._dovecot("-F")
            if self._wait_ready():
                return
            report = self._diagnostics()
            self._shutdown()
            if "Address already in use" not in report:
                break
        raise RuntimeError(f"Dovecot did not start (in {START_TIMEOUT}s at most):\n{report}")

    def _write_files(self) -> None:
        values = {"host": self.host, "dir": self.directory, "user": self._user}
        values |= {"group": self._group, "imap_port": self.imap_port, "lmtp_port": self.lmtp_port}
        (self.directory / "dovecot.conf").write_text(CONFIG.format(**values))
        self._own(self.directory, self.directory / "dovecot.conf")
        self._write_passwd()

    def _write_passwd(self) -> None:
        if any(":" in item or "\n" in item for user in self._users.items() for item in user):
            raise ValueError("passwd-file names and passwords cannot hold ':' or newlines")
        path, draft = self.directory / "passwd", self.directory / "passwd.new"
        draft.write_text("".join(f"{name}:{password}\n" for name, password in self._users.items()))
        # Dovecot re-reads the file when its mtime or size changes: a same-size rewrite within
        # the same second must still count as a change.
        self._passwd_stamp = max(int(time.time()), self._passwd_stamp + 1)
        os.utime(draft, (self._passwd_stamp, self._passwd_stamp))
        self._own(draft)
        draft.replace(path)

    def _own(self, *paths: Path) -> None:
        if os.geteuid() == 0:  # Dovecot runs as nobody and must read and write its folder
            for path in paths:
                shutil.chown(path, self._user, self._group)

    def _dovecot(self, *args: str) -> subprocess.Popen[bytes]:
        command = [*self._prefix, DOVECOT, "-c", str(self.directory / "dovecot.conf"), *args]
        # Output to a file, not to a pipe that nobody reads.
        with (self.directory / "command.log").open("ab") as output:
            return subprocess.Popen(  # noqa: S603  (our own fixed command line)
                command, stdin=subprocess.DEVNULL, stdout=output, stderr=output, cwd=self.directory
            )

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while self._master is not None and self._master.poll() is None:
            try:
                with socket.create_connection((self.host, self.imap_port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return True
            except OSError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.02)
        return False

    def _diagnostics(self) -> str:
        command = self.directory / "command.log"
        output = command.read_text(errors="replace") if command.exists() else ""
        return output + "\n".join(self.log().splitlines()[-20:])

    def _shutdown(self) -> None:
        master, self._master = self._master, None
        if master is None:
            return
        processes = process_tree(master.pid)
        if master.poll() is None:
            stop = self._dovecot("stop")
            _reap(master, STOP_TIMEOUT)
            _reap(stop, STOP_TIMEOUT)
        _wait_gone(processes, STOP_TIMEOUT)


@dataclass(frozen=True)
class SinkMessage:
    """One message as the SMTP sink received it: the envelope and the raw bytes of DATA."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    # The client's end of the connection it came on: messages on one connection share it.
    peer: tuple[str, int] | None = None


class SMTPSink(_Stoppable):
    """A real SMTP server on a free loopback port that records what it receives."""

    host = HOST

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_ports(1)[0]
        self.messages: list[SinkMessage] = []
        self.replies: dict[str, str] = {}
        self._arrived = threading.Condition()
        self._controller: Controller | None = None

    def start(self) -> Self:
        """Start listening (again, on the same port after ``stop``)."""
        if self._controller is None:
            # A server_hostname spares aiosmtpd a getfqdn(), slow on machines without DNS.
            controller = Controller(self, self.host, self.port, server_hostname="sink.test")
            controller.start()
            self._controller = controller
        return self

    def stop(self) -> None:
        """Stop listening: connections are refused until ``start``."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def respond(self, recipient: str, reply: str) -> None:
        """Answer RCPT TO ``recipient`` with ``reply``, e.g. ``"550 5.1.1 No such user"``."""
        self.replies[recipient.lower()] = reply

    def wait_for(self, count: int, timeout: float = 10) -> list[SinkMessage]:
        """Return the messages once ``count`` have arrived; raise TimeoutError otherwise."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.messages) >= count, timeout):
                got = len(self.messages)
                raise TimeoutError(f"the SMTP sink got {got} of {count} messages in {timeout}s")
            return list(self.messages)

    async def handle_RCPT(  # noqa: N802  (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        """Accept the recipient, unless told to answer it otherwise."""
        if reply := self.replies.get(address.lower()):
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802  (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        """Record the message as received (dot-unstuffed, CRLF line ends)."""
        content = envelope.original_content or b""
        peer = tuple(session.peer[:2]) if isinstance(session.peer, tuple) else None
        message = SinkMessage(envelope.mail_from or "", list(envelope.rcpt_tos), content, peer)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 OK"
