"""Human references for cases: PREFIX-YEAR-NNNNNN, a gap-free sequence per prefix and year."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from mostrador.cases.models import ReferenceSequence
from mostrador.core import timeutils


def _increment(prefix: str, year: int) -> int:
    # The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite, IMMEDIATE
    # transactions) and holds it until the case is committed, so concurrent creators queue
    # here and every one reads back its own number.
    updated = ReferenceSequence.objects.filter(prefix=prefix, year=year).update(
        last_value=F("last_value") + 1
    )
    if updated:
        return ReferenceSequence.objects.values_list("last_value", flat=True).get(
            prefix=prefix, year=year
        )
    try:
        with transaction.atomic():
            ReferenceSequence.objects.create(prefix=prefix, year=year, last_value=1)
    except IntegrityError:
        # Another transaction created this year's row first: take the next number after it.
        return _increment(prefix, year)
    return 1


def next_reference(at: dt.datetime) -> str:
    """Issue the next reference for a case created at ``at`` (local year). Needs a transaction."""
    prefix = settings.CASE_REFERENCE_PREFIX
    year = timeutils.local_date(at).year
    return f"{prefix}-{year}-{_increment(prefix, year):06d}"
