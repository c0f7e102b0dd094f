"""Per-type detail of a case: what only a claim, a report or a technical request has.

Each kind of detail is declared once, by the app that knows it, with ``declare``: the types of
case that carry it, how its input is checked, how it is stored beside the case (a one-to-one
row) and how it reads (for the receipt, the case page and the API). The claim and the report
to the authorities are declared here; the technical request by ``aftersales.details``. The
intake creates a case's detail through this registry, so ``cases`` never imports the apps that
own one. Every installed app's ``details`` module is loaded when Django starts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostrador.cases.choices import CaseType, ClaimOutcome, Remedy
from mostrador.cases.models import AuthorityReport, Case, Claim
from mostrador.core.errors import InvalidInput

Data = Mapping[str, Any]
# (label, value) pairs, as a person reads them, in the active language.
Facts = list[tuple[str, str]]


@dataclass(frozen=True)
class CaseDetail:
    """One kind of per-type detail.

    ``check`` turns what a channel was given into clean values or raises ``InvalidInput``
    (fields named ``<name>.<field>``); ``create`` stores them beside a new case; ``read`` gives
    them back as plain data (None when the case has none); ``facts`` says them to a person.
    ``related_name`` is the reverse one-to-one name on ``Case``, so reads join it in.
    ``required`` details must come with a case of their type when the type is given (a claim
    says what it asks for); a type suggested for a free text (an email) waits for a person.
    """

    name: str
    case_types: frozenset[str]
    related_name: str
    check: Callable[[Data], dict[str, Any]]
    create: Callable[[Case, Data], models.Model]
    read: Callable[[Case], dict[str, Any] | None]
    facts: Callable[[Case], Facts]
    required: bool = False


_DETAILS: dict[str, CaseDetail] = {}


def declare(detail: CaseDetail) -> CaseDetail:
    _DETAILS[detail.name] = detail
    return detail


def all_details() -> list[CaseDetail]:
    return list(_DETAILS.values())


def related_names() -> list[str]:
    """The one-to-one rows every read of a case joins in."""
    return [detail.related_name for detail in _DETAILS.values()]


def for_type(case_type: str) -> list[CaseDetail]:
    return [detail for detail in _DETAILS.values() if case_type in detail.case_types]


def get_row[Row: models.Model](case: Case, detail: CaseDetail, model: type[Row]) -> Row | None:
    """The detail's row of ``case`` as a ``model``, or None when the case has none (no query
    when the read loaded its details)."""
    try:
        row = getattr(case, detail.related_name)
    except models.ObjectDoesNotExist:
        return None
    return row if isinstance(row, model) else None


def check(case_type: str, given: Data, *, type_given: bool = True) -> dict[str, dict[str, Any]]:
    """The clean details of a new case of ``case_type`` from ``given`` (name → data).

    Raises ``InvalidInput`` naming every field that is wrong: a detail the type does not carry,
    a required one missing, a value its app refuses.
    """
    errors: dict[str, list[str]] = {}
    clean: dict[str, dict[str, Any]] = {}
    applicable = {detail.name: detail for detail in for_type(case_type)}
    for name, data in given.items():
        if not data:
            continue
        if name not in applicable:
            label = CaseType(case_type).label if case_type in CaseType.values else case_type
            errors[name] = [
                _("A case of type “%(type)s” does not take these details.") % {"type": label}
            ]
            continue
        try:
            clean[name] = applicable[name].check(data)
        except InvalidInput as error:
            errors.update(error.fields)
    for name, detail in applicable.items():
        if detail.required and type_given and name not in clean and name not in errors:
            errors.update(_missing(detail))
    if errors:
        raise InvalidInput(fields=errors)
    return clean


def _missing(detail: CaseDetail) -> dict[str, list[str]]:
    try:
        detail.check({})
    except InvalidInput as error:
        return error.fields
    return {detail.name: [_("These details are required.")]}


def create(case: Case, clean: Mapping[str, Data]) -> None:
    """Store the details ``check`` cleaned beside the new ``case``."""
    for detail in _DETAILS.values():
        row = detail.create(case, clean[detail.name]) if detail.name in clean else None
        # The new case reads its details, and knows it has none of the others, without a query.
        case._state.fields_cache[detail.related_name] = row


def read(case: Case) -> dict[str, dict[str, Any] | None]:
    """Every declared detail of ``case`` as plain data, None where it has none."""
    return {detail.name: detail.read(case) for detail in _DETAILS.values()}


def facts(case: Case) -> Facts:
    """What the case's details say, for the receipt and the case pages."""
    return [fact for detail in _DETAILS.values() for fact in detail.facts(case)]


# ---------------------------------------------------------------- the claim


def amount(value: Any, field: str) -> Decimal | None:
    """An amount of euros from what was given, or ``InvalidInput`` naming ``field``."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput(fields={field: [_("Write an amount, such as 120.50.")]}) from None
    if not number.is_finite() or number < 0:
        raise InvalidInput(fields={field: [_("The amount cannot be negative.")]})
    if number != number.quantize(Decimal("0.01")) or number >= Decimal("1e10"):
        raise InvalidInput(fields={field: [_("Write an amount in euros and cents.")]})
    return number.quantize(Decimal("0.01"))


def _check_claim(data: Data) -> dict[str, Any]:
    remedy = data.get("remedy") or ""
    if not remedy:
        raise InvalidInput(
            fields={"claim.remedy": [_("A claim must say what the customer asks for.")]}
        )
    if remedy not in Remedy.values:
        raise InvalidInput(
            fields={"claim.remedy": [_("“%(value)s” is not a valid choice.") % {"value": remedy}]}
        )
    return {
        "remedy": remedy,
        "amount_asked": amount(data.get("amount_asked"), "claim.amount_asked"),
    }


def _create_claim(case: Case, data: Data) -> Claim:
    return Claim.objects.create(
        case=case, remedy=data["remedy"], amount_asked=data.get("amount_asked")
    )


def _claim(case: Case) -> Claim | None:
    return get_row(case, CLAIM, Claim)


def _read_claim(case: Case) -> dict[str, Any] | None:
    claim = _claim(case)
    if claim is None:
        return None
    return {
        "remedy": claim.remedy,
        "amount_asked": claim.amount_asked,
        "outcome": claim.outcome,
        "amount_granted": claim.amount_granted,
        "decided_at": claim.decided_at,
        "referred_to": claim.referred_to,
        "referred_at": claim.referred_at,
    }


def _claim_facts(case: Case) -> Facts:
    from mostrador.core.money import format_eur  # noqa: PLC0415  (money imports formats lazily)

    claim = _claim(case)
    if claim is None:
        return []
    found = [(_("Requested remedy"), str(claim.get_remedy_display()))]
    if claim.amount_asked is not None:
        found.append((_("Amount asked"), format_eur(claim.amount_asked)))
    if claim.outcome != ClaimOutcome.PENDING:
        found.append((_("Outcome"), str(claim.get_outcome_display())))
    if claim.amount_granted is not None:
        found.append((_("Amount granted"), format_eur(claim.amount_granted)))
    if claim.referred_to:
        found.append((_("Taken by the customer to"), claim.referred_to))
    return found


CLAIM = declare(
    CaseDetail(
        name="claim",
        case_types=frozenset({CaseType.CLAIM}),
        related_name="claim",
        check=_check_claim,
        create=_create_claim,
        read=_read_claim,
        facts=_claim_facts,
        required=True,
    )
)


# ---------------------------------------------------------------- the report to the authorities


def _check_report(data: Data) -> dict[str, Any]:
    authority = str(data.get("authority") or "").strip()
    if len(authority) > 200:
        raise InvalidInput(fields={"authority_report.authority": [_("At most 200 characters.")]})
    return {"authority": authority}


def _create_report(case: Case, data: Data) -> AuthorityReport:
    return AuthorityReport.objects.create(case=case, authority=data.get("authority", ""))


def _report(case: Case) -> AuthorityReport | None:
    return get_row(case, AUTHORITY_REPORT, AuthorityReport)


def _read_report(case: Case) -> dict[str, Any] | None:
    report = _report(case)
    if report is None:
        return None
    return {"authority": report.authority, "forwarded_at": report.forwarded_at}


def _report_facts(case: Case) -> Facts:
    report = _report(case)
    if report is None or not report.authority:
        return []
    return [(str(gettext_lazy("Administration addressed")), report.authority)]


AUTHORITY_REPORT = declare(
    CaseDetail(
        name="authority_report",
        case_types=frozenset({CaseType.AUTHORITY_REPORT}),
        related_name="authority_report",
        check=_check_report,
        create=_create_report,
        read=_read_report,
        facts=_report_facts,
    )
)
