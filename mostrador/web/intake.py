"""Quick intake at the phone or the counter: find or create the customer, log the contact as a
case, read the reference back. Thin: a form, the customers and cases services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mostrador.accounts.models import User
from mostrador.cases import intake as intake_service
from mostrador.cases import selectors
from mostrador.core.errors import DomainError
from mostrador.customers import selectors as customer_selectors
from mostrador.web.case_forms import IntakeForm
from mostrador.web.common import add_domain_error

# Customers listed while the operator types; past it the list says how many more match.
SHOWN = 10


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _open(form: IntakeForm, user: User) -> str:
    data = form.cleaned_data
    chosen = customer_selectors.get_customer(data["customer"]) if data.get("customer") else None
    who = intake_service.Who(
        customer=chosen,
        name=data["name"],
        phones=[data["phone"]] if data["phone"] and chosen is None else [],
        emails=[data["email"]] if data["email"] and chosen is None else [],
    )
    filing = intake_service.Filing(
        channel=data["channel"],
        type=data["type"],
        subject=data["subject"],
        body=data["body"],
        details=form.details(),
        attachments=data["attachments"],
    )
    return intake_service.file_case(who, filing, actor=user).reference


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    """The intake form; its customer search works as you type (htmx) and without JavaScript."""
    user = _user(request)
    if request.method == "POST":
        form = IntakeForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                reference = _open(form, user)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return redirect("web:intake-done", reference=reference)
        status = 422
    else:
        form = IntakeForm(initial=request.GET.dict())
        status = 200
    query = request.GET.get("find", "")[:200]
    context = {
        "form": form,
        "find": query,
        "found": customer_selectors.search_customers_counted(query, limit=SHOWN),
        "chosen": _chosen(form),
    }
    return render(request, "web/intake/form.html", context, status=status)


def _chosen(form: IntakeForm) -> int | None:
    raw = form.data.get("customer") if form.is_bound else form.initial.get("customer")
    try:
        return int(raw) if raw else None
    except (TypeError, ValueError):
        return None


@login_required
def find_customer(request: HttpRequest) -> HttpResponse:
    """The customers matching what the operator types (name, phone in any form, or email),
    best first, and how many more there are."""
    query = request.GET.get("find", "")[:200]
    context = {
        "find": query,
        "found": customer_selectors.search_customers_counted(query, limit=SHOWN),
        "chosen": None,
    }
    return render(request, "web/intake/customers.html", context)


@login_required
def intake_done(request: HttpRequest, reference: str) -> HttpResponse:
    """The reference, large and grouped for reading it back to the caller."""
    case = selectors.get_case_for_user(reference, _user(request))
    prefix, year, number = case.reference.split("-")
    spoken = " ".join(
        [*prefix, "·", year, "·", " ".join(number[i : i + 3] for i in range(0, len(number), 3))]
    )
    return render(request, "web/intake/done.html", {"case": case, "spoken": spoken})
