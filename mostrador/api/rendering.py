"""How the API writes JSON: one form for every value, whichever way an answer was made.

Answers replayed for an Idempotency-Key are serialised by pydantic; the others by Ninja's
renderer, whose Django encoder cuts times to milliseconds. Both write times as pydantic does
(microseconds, ``Z`` for UTC), so a case reads the same on create and on read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder


class _Encoder(NinjaJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


class Renderer(JSONRenderer):
    encoder_class = _Encoder
