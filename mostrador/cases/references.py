"""Human references for cases: PREFIX-YEAR-NNNNNN, a gap-free sequence per prefix and year."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from mostrador.cases.models import ReferenceSequence
from mostrador.core import timeutils


def _increment(prefix: str, year: int) -> int:
    # The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite, IMMEDIATE
    # transactions) and holds it until the case is committed, so concurrent creators queue
    # here and every one reads back its own number.
    # One round trip: both databases return the updated row (SQLite since 3.35).
    table = ReferenceSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_value = last_value + 1 "  # noqa: S608  (our own table)
            "WHERE prefix = %s AND year = %s RETURNING last_value",
            [prefix, year],
        )
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
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
