"""Telling Django what a related set holds when the code that just wrote it knows.

A service that has just created a case knows its messages (the one it wrote), their files
and its tags (none): recording them as ``prefetch_related`` would leaves the answer that
shows the case without three queries to read back what was just inserted. Only for sets
the caller has complete: the relation's ``.all()`` returns exactly ``objects`` afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


def remember(instance: models.Model, name: str, objects: Iterable[models.Model]) -> None:
    """Record ``objects`` as all of ``instance``'s related set ``name`` (a reverse foreign
    key or a many-to-many), as ``prefetch_related`` does."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = list(objects)  # noqa: SLF001  (what prefetch_related stores)
    queryset._prefetch_done = True  # noqa: SLF001
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[name] = queryset
