"""Shapes of the report endpoints: what they accept and what they answer."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from mostrador.api.schemas import Id
from mostrador.cases.choices import CaseType


class StatisticsQuery(Schema):
    year: int = Field(
        ge=2000, le=2100, description="Calendar year, in the business time zone (TIME_ZONE)."
    )
    department: Id | None = Field(
        None,
        description="One department's id. Without it: every department for administrators, "
        "the departments they head for department heads.",
    )


class DurationsOut(Schema):
    count: int = Field(description="Cases where this time was measured (the clock stopped).")
    mean: float | None = Field(description="Mean, in business seconds; null if none measured.")
    p90: int | None = Field(
        description="90th percentile by nearest rank (the value at rank ⌈0.9·n⌉ of the sorted "
        "values), in business seconds; null if none measured."
    )


class ComplianceOut(Schema):
    met: int = Field(description="Clocks that stopped at or before their due time.")
    missed: int = Field(
        description="Clocks that stopped after their due time, or still run past it."
    )
    pending: int = Field(description="Clocks still running and not due yet (not in the rate).")
    compliance: float | None = Field(
        description="met / (met + missed), from 0 to 1; null when nothing was measured."
    )


class SLAComplianceOut(Schema):
    first_response: ComplianceOut = Field(description="Against the first-response due time.")
    resolution: ComplianceOut = Field(description="Against the resolution due time.")


class RuleComplianceOut(ComplianceOut):
    rule: str = Field(
        description="The legal rule that set the deadline, e.g. es:complaint.answer_deadline."
    )


class LegalComplianceOut(ComplianceOut):
    by_rule: list[RuleComplianceOut] = Field(description="The same, per legal rule, by rule.")


class TypeCountOut(Schema):
    type: CaseType
    label: str = Field(description="The type's name in the request's language.")
    count: int


class MonthCountOut(Schema):
    month: int = Field(ge=1, le=12)
    count: int


class DepartmentStatisticsOut(Schema):
    id: int
    code: str
    name: str
    count: int = Field(description="Cases created in the year.")
    first_response: DurationsOut
    resolution: DurationsOut
    sla: SLAComplianceOut
    legal: ComplianceOut


class ActivityOut(Schema):
    verb: str = Field(description="The kind of event, as the app that records it declares it.")
    label: str = Field(description="Its name, in the request's language.")
    count: int = Field(description="How often it happened in the year.")


class YearlyStatisticsOut(Schema):
    year: int
    department: int | None = Field(description="The department asked for, if any.")
    as_of: datetime = Field(
        description="When the figures were taken: what is missed or pending depends on it."
    )
    total: int = Field(description="Cases created in the year (merged cases not counted).")
    by_type: list[TypeCountOut] = Field(description="Every case type, zeros included.")
    by_department: list[DepartmentStatisticsOut] = Field(
        description="The department asked for, or those read (with cases, for administrators "
        "reading all), by name."
    )
    by_month: list[MonthCountOut] = Field(description="Months 1 to 12, zeros included.")
    by_month_type: dict[str, list[int]] = Field(
        description="Per case type, twelve monthly counts (January first)."
    )
    first_response: DurationsOut = Field(description="Business time to the first reply.")
    resolution: DurationsOut = Field(description="Business time to resolution.")
    sla: SLAComplianceOut = Field(description="Service-level compliance.")
    legal: LegalComplianceOut = Field(
        description="Compliance with the legal answer deadline (complaints, claims…): the "
        "clock stops when the case is resolved, or closed unresolved."
    )
    activity: list[ActivityOut] = Field(
        description="The work done on the cases in the year (transfers, consultations, "
        "approvals, escalations, follow-ups…), every kind the apps count, zeros included."
    )
