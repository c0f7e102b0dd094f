"""A mail backend for fault tests: keeps the mail in memory, but each message takes a while.

A worker sending mail through it is mid-task most of the time, so a test that kills it catches
it holding a task. ``SLOW_EMAIL_SECONDS`` (default 0.2) is the time per message.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends import locmem


class SlowEmailBackend(locmem.EmailBackend):
    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "0.2")) * len(messages))
        return int(super().send_messages(messages))
