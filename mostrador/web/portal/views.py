"""The customer portal: file a case and keep its receipt, sign in by email, follow your cases,
read your rights. Thin: a form, one service or selector call, a template.

Customers are not staff users. The portal keeps the signed-in customer's id under its own
session key, so a member of staff signed in on the same browser stays signed in and never
becomes a customer, nor a customer staff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mostrador.accounts.choices import DepartmentKind
from mostrador.cases import details, intake, receipts, selectors, selectors_customer, services
from mostrador.cases.choices import Channel, MessageKind
from mostrador.cases.models import Case
from mostrador.compliance import selectors as compliance_selectors
from mostrador.compliance.choices import DeadlineUnit
from mostrador.compliance.models import DeadlineRule
from mostrador.core import timeutils
from mostrador.core.errors import DomainError
from mostrador.customers import signin
from mostrador.customers.models import Customer
from mostrador.web.common import add_domain_error, safe_next, set_language_cookie
from mostrador.web.portal.forms import (
    CASE_KINDS,
    CaseForm,
    CaseKind,
    ReplyForm,
    SignInForm,
)

SESSION_KEY = "portal_customer_id"
NEXT_KEY = "portal_next"
WEB_SCHEMES = ("https://", "http://")


def _signed_in(request: HttpRequest) -> Customer | None:
    return signin.signed_in_customer(request.session.get(SESSION_KEY))


def _render(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    customer: Customer | None,
    status: int = 200,
) -> HttpResponse:
    base = {"portal_customer": customer, "rights_profile": compliance_selectors.default_profile()}
    return render(request, template, {**base, **context}, status=status)


def customer_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Give the view the signed-in customer; send anyone else to sign in first."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        customer = _signed_in(request)
        if customer is None:
            request.session[NEXT_KEY] = request.get_full_path()
            return redirect("portal:sign-in")
        return view(request, customer, *args, **kwargs)

    return wrapper


def home(request: HttpRequest) -> HttpResponse:
    context = {"kinds": CASE_KINDS.values()}
    return _render(request, "portal/home.html", context, customer=_signed_in(request))


# ---------------------------------------------------------------- filing a case


def new_case(request: HttpRequest, case_type: str) -> HttpResponse:
    """The form of one kind of case; on success, the receipt."""
    kind = CASE_KINDS.get(case_type)
    if kind is None:
        raise Http404
    customer = _signed_in(request)
    form = kind.form(request.POST or None, request.FILES or None, signed_in=customer is not None)
    if request.method == "POST" and form.is_valid():
        try:
            case = _file_case(kind, form, customer)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("portal:receipt", token=receipts.receipt_token(case))
    context = {"kind": kind, "form": form}
    status = 422 if form.errors else 200
    return _render(request, "portal/new_case.html", context, customer=customer, status=status)


def _file_case(kind: CaseKind, form: CaseForm, customer: Customer | None) -> Case:
    data = form.cleaned_data
    # A signed-in customer files as themselves; anyone else is found, or made, by their email.
    who = intake.Who(
        customer=customer,
        name=data.get("name", ""),
        emails=[data["email"]] if customer is None else [],
        language=get_language(),
    )
    filing = intake.Filing(
        channel=Channel.WEB,
        type=kind.case_type,
        subject=data["subject"],
        body=form.case_body(),
        details=form.details(),
        language=get_language(),
        attachments=data["attachments"],
    )
    return intake.file_case(who, filing, actor=None)


def _rights_url(request: HttpRequest) -> str:
    profile = compliance_selectors.default_profile()
    return request.build_absolute_uri(reverse("portal:rights", args=[profile]))


@never_cache
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The receipt, to print or keep; opens with the signed link given after filing."""
    case = receipts.get_case_for_receipt(token)
    context = {
        "receipt": receipts.build_receipt(case),
        "token": token,
        "rights_url": _rights_url(request),
    }
    return _render(request, "portal/receipt.html", context, customer=_signed_in(request))


@never_cache
def receipt_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The same receipt as a PDF file (a durable medium)."""
    case = receipts.get_case_for_receipt(token)
    context = {"receipt": receipts.build_receipt(case), "rights_url": _rights_url(request)}
    html = render_to_string("portal/receipt_pdf.html", context, request=request)
    # WeasyPrint loads Pango when imported: only when a PDF is asked for, so every other page
    # works on a machine without it.
    from mostrador.web.portal import pdf  # noqa: PLC0415

    response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{case.reference}.pdf"
    )
    return response


# ---------------------------------------------------------------- signing in


def sign_in(request: HttpRequest) -> HttpResponse:
    """Ask for a sign-in link; the answer is the same whoever the address belongs to."""
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        link_url = request.build_absolute_uri(reverse("portal:sign-in-link"))
        try:
            signin.request_sign_in_link(email=form.cleaned_data["email"], link_url=link_url)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("portal:sign-in-sent")
    status = 422 if form.errors else 200
    return _render(request, "portal/sign_in.html", {"form": form}, customer=None, status=status)


def sign_in_sent(request: HttpRequest) -> HttpResponse:
    context = {"minutes": settings.PORTAL_SIGN_IN_LINK_MINUTES}
    return _render(request, "portal/sign_in_sent.html", context, customer=None)


@never_cache
def sign_in_link(request: HttpRequest) -> HttpResponse:
    """Opening the emailed link asks for a press of a button, and only that signs in: mail
    scanners that open every link in a message must not use up the customer's link."""
    token = request.POST.get("token") or request.GET.get("token", "")
    if request.method != "POST":
        return _render(request, "portal/sign_in_link.html", {"token": token}, customer=None)
    try:
        customer = signin.redeem(token)
    except DomainError as error:
        context = {"error": error.message}
        return _render(request, "portal/sign_in_link.html", context, customer=None, status=400)
    target = request.session.pop(NEXT_KEY, "")
    # A new session key on sign-in, so a key planted before it is worth nothing after.
    request.session.cycle_key()
    request.session[SESSION_KEY] = customer.pk
    response = redirect(safe_next(request, target, reverse("portal:cases")))
    set_language_cookie(response, customer.language)
    return response


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign the customer out; a staff sign-in in the same browser stays."""
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    messages.success(request, _("You have signed out."))
    return redirect("portal:home")


# ---------------------------------------------------------------- my cases


@customer_required
def my_cases(request: HttpRequest, customer: Customer) -> HttpResponse:
    context = {"cases": selectors_customer.list_case_summaries(customer.pk)}
    return _render(request, "portal/my_cases.html", context, customer=customer)


@never_cache
@customer_required
def case_detail(request: HttpRequest, customer: Customer, reference: str) -> HttpResponse:
    """One of the customer's cases: status, due date, the messages they may read, a reply."""
    case = selectors_customer.get_case_of_customer(reference, customer.pk)
    if case.merged_into is not None and case.merged_into.customer_id == customer.pk:
        return redirect("portal:case", reference=case.merged_into.reference)
    can_reply = case.merged_into_id is None and services.can_reopen_by_reply(case)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and _reply(case, form, can_reply=can_reply):
        messages.success(request, _("Your reply has been sent."))
        return redirect("portal:case", reference=case.reference)
    context = {
        "case": case,
        "status": selectors_customer.customer_status(case),
        "answer_due": selectors_customer.answer_due(case),
        "facts": details.facts(case),
        "case_messages": selectors.public_messages(case),
        "form": form,
        "can_reply": can_reply,
        "receipt_token": receipts.receipt_token(case),
    }
    status = 422 if form.errors else 200
    return _render(request, "portal/case_detail.html", context, customer=customer, status=status)


def _reply(case: Case, form: ReplyForm, *, can_reply: bool) -> bool:
    if not can_reply:
        form.add_error(None, _("This case is closed. To follow it up, open a new one."))
        return False
    if not form.is_valid():
        return False
    try:
        services.add_message(
            case,
            kind=MessageKind.INBOUND,
            body=form.cleaned_data["body"],
            actor=None,
            channel=Channel.WEB,
            attachments=form.cleaned_data["attachments"],
        )
    except DomainError as error:
        add_domain_error(form, error)
        return False
    return True


@customer_required
def attachment(request: HttpRequest, customer: Customer, attachment_id: int) -> FileResponse:
    """A file of the customer's own case, never one of an internal note."""
    found = selectors_customer.get_attachment_of_customer(attachment_id, customer.pk)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.filename,
        content_type=found.content_type,
    )
    # Never rendered inline: no HTML or SVG a customer sent runs in our origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# ---------------------------------------------------------------- your rights


def rights_index(request: HttpRequest) -> HttpResponse:
    context = {"notices": compliance_selectors.list_rights_notices(get_language())}
    return _render(request, "portal/rights_index.html", context, customer=_signed_in(request))


def rights(request: HttpRequest, profile: str) -> HttpResponse:
    """What a customer can expect under one jurisdiction, with the deadlines and sources."""
    notice = compliance_selectors.get_rights_notice(profile, get_language())
    today = timeutils.local_date(timeutils.now())
    context = {
        "notice": notice,
        "deadlines": [
            _deadline(rule, today)
            for rule in compliance_selectors.list_answer_deadlines(profile, today)
        ],
        # Only web addresses become links: the list is free text in the admin.
        "sources": [
            url for url in notice.sources if isinstance(url, str) and url.startswith(WEB_SCHEMES)
        ],
        "others": [
            other
            for other in compliance_selectors.list_rights_notices(get_language())
            if other.profile != notice.profile
        ],
    }
    return _render(request, "portal/rights.html", context, customer=_signed_in(request))


def _duration(unit: str, count: int) -> str:
    texts = {
        DeadlineUnit.BUSINESS_DAYS: ngettext(
            "%(count)d working day", "%(count)d working days", count
        ),
        DeadlineUnit.CALENDAR_DAYS: ngettext(
            "%(count)d calendar day", "%(count)d calendar days", count
        ),
        DeadlineUnit.MONTHS: ngettext("%(count)d month", "%(count)d months", count),
        DeadlineUnit.HOURS: ngettext("%(count)d hour", "%(count)d hours", count),
    }
    return texts[DeadlineUnit(unit)] % {"count": count}


def _deadline(rule: DeadlineRule, today: dt.date) -> dict[str, Any]:
    text = compliance_selectors.rule_text(f"{rule.profile}:{rule.key}")
    return {
        "name": text.name if text else "",
        "duration": _duration(rule.unit, rule.value),
        "jurisdiction": rule.get_profile_display(),
        "departments": [DepartmentKind(kind).label for kind in rule.department_kinds],
        "from": rule.valid_from if rule.valid_from and rule.valid_from > today else None,
        "source": text.source if text else rule.source,
        "source_url": rule.source_url,
        "certainty": rule.certainty,
    }
