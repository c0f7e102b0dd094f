"""The technical request: the per-type detail of a technical case (see ``cases.details``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from mostrador.aftersales.models import TechnicalRequest
from mostrador.cases.choices import CaseType
from mostrador.cases.details import CaseDetail, Data, Facts, declare, get_row
from mostrador.cases.models import Case
from mostrador.core import timeutils
from mostrador.core.errors import InvalidInput


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        found = value
    else:
        try:
            found = dt.date.fromisoformat(str(value))
        except ValueError:
            raise InvalidInput(
                fields={"technical.purchase_date": [_("Write the date as YYYY-MM-DD.")]}
            ) from None
    if found > timeutils.to_zone(timeutils.now()).date():
        raise InvalidInput(
            fields={"technical.purchase_date": [_("The purchase date cannot be in the future.")]}
        )
    return found


def _check(data: Data) -> dict[str, Any]:
    product = str(data.get("product") or "").strip()
    serial = str(data.get("serial_number") or "").strip()
    errors: dict[str, list[str]] = {}
    if not product:
        errors["technical.product"] = [_("Say which product: brand and model.")]
    elif len(product) > 200:
        errors["technical.product"] = [_("At most 200 characters.")]
    if len(serial) > 100:
        errors["technical.serial_number"] = [_("At most 100 characters.")]
    try:
        purchase_date = _date(data.get("purchase_date"))
    except InvalidInput as error:
        errors.update(error.fields)
    if errors:
        raise InvalidInput(fields=errors)
    return {"product": product, "serial_number": serial, "purchase_date": purchase_date}


def _create(case: Case, data: Data) -> TechnicalRequest:
    return TechnicalRequest.objects.create(
        case=case,
        product=data["product"],
        serial_number=data.get("serial_number", ""),
        purchase_date=data.get("purchase_date"),
    )


def _row(case: Case) -> TechnicalRequest | None:
    return get_row(case, TECHNICAL, TechnicalRequest)


def _read(case: Case) -> dict[str, Any] | None:
    request = _row(case)
    if request is None:
        return None
    return {
        "product": request.product,
        "serial_number": request.serial_number,
        "purchase_date": request.purchase_date,
    }


def _facts(case: Case) -> Facts:
    request = _row(case)
    if request is None:
        return []
    found = [(_("Product"), request.product)]
    if request.serial_number:
        found.append((_("Serial number"), request.serial_number))
    if request.purchase_date:
        found.append((_("Purchase date"), formats.date_format(request.purchase_date)))
    return found


TECHNICAL = declare(
    CaseDetail(
        name="technical",
        case_types=frozenset({CaseType.TECHNICAL}),
        related_name="technical_request",
        check=_check,
        create=_create,
        read=_read,
        facts=_facts,
    )
)
