"""Report endpoints: the yearly statistics."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from mostrador.api.auth import current_user, department_or_invalid
from mostrador.api.report_schemas import StatisticsQuery, YearlyStatisticsOut
from mostrador.api.schemas import ErrorOut
from mostrador.reports import selectors

router = Router(tags=["reports"])


@router.get("/stats", response={200: YearlyStatisticsOut, 403: ErrorOut, 422: ErrorOut})
def yearly_statistics(
    request: HttpRequest, query: Query[StatisticsQuery]
) -> selectors.YearlyStatistics:
    """The year's figures: cases by type, department and month; mean and p90 first-response
    and resolution times; SLA and legal-deadline compliance.

    Cases count in the month of their creation in the business time zone; merged cases are
    left out. Durations are business seconds. Administrators read any department or all;
    department heads read the departments they head (all of them, without ``department``);
    anyone else gets 403. An unknown ``department`` is a 422 on that field.
    """
    return selectors.yearly_statistics(
        current_user(request), year=query.year, department=department_or_invalid(query.department)
    )
