"""A task for tests only: it holds its worker until told to finish, and tallies each finish.

Real worker processes import it by its path, as they import any task.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.tasks import task

GATE_TIMEOUT = 30.0


@task()
def hold_then_tally(folder: str) -> int:
    """Say it started (``started-<pid>``), wait for the file ``gate``, then add a line to
    ``tally``; return how many lines it holds. Run again, it tallies again: the test counts."""
    here = Path(folder)
    (here / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + GATE_TIMEOUT
    while not (here / "gate").exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no gate in {folder} after {GATE_TIMEOUT}s")
        time.sleep(0.02)
    with (here / "tally").open("a") as tally:
        tally.write(f"{os.getpid()}\n")
    return len((here / "tally").read_text().splitlines())
