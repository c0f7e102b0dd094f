"""The staff case page and its actions. Thin: forms in, one service call, back to the page.

A failed action shows the page again with that action's form open, what was typed kept and
what is wrong said; nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from mostrador.accounts.models import User
from mostrador.cases import (
    casepage,
    claims,
    details,
    levels,
    ownership,
    permissions,
    presence,
    relations,
    selectors,
    selectors_levels,
    services,
)
from mostrador.cases.choices import OPEN_STATUSES, CaseStatus, Channel, MessageKind
from mostrador.cases.models import ApprovalRequest, Case, Claim, Consultation
from mostrador.channels.email import selectors as email_selectors
from mostrador.core.errors import DomainError
from mostrador.web import case_forms as f
from mostrador.web import panels
from mostrador.web.common import add_domain_error, safe_next


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _case(request: HttpRequest, reference: str) -> Case:
    return selectors.get_case_for_user(reference, _user(request))


def _amount_asked(case: Case) -> Any:
    claim = details.get_row(case, details.CLAIM, Claim)
    return claim.amount_asked if claim else None


def _forms(page: casepage.CasePage, bound: dict[str, forms.Form]) -> dict[str, forms.Form]:
    initial = {"seen": page.last_message_id}
    made: dict[str, forms.Form] = {
        "message": f.MessageForm(initial=initial),
        "transfer": f.TransferForm(departments=page.departments, members=page.members),
        "consult": f.ConsultForm(),
        "approval": f.ApprovalForm(initial={"amount": _amount_asked(page.case)}),
        "claim": f.ClaimOutcomeForm(),
        "merge": f.ReferenceForm(prefix="merge"),
        "link": f.ReferenceForm(prefix="link"),
        "resolve": f.ResolveForm(),
        "priority": f.PriorityForm(initial={"priority": page.case.priority}),
        "answer": f.AnswerForm(),
        "decide": f.DecideForm(),
        "assign": f.AssignForm(members=page.assignees or []),
    }
    return made | bound


def _render(
    request: HttpRequest,
    case: Case,
    bound: dict[str, forms.Form] | None = None,
    *,
    status: int = 200,
    crossing: list[Any] | None = None,
) -> HttpResponse:
    user = _user(request)
    page = casepage.case_page(case, user)
    context = {
        "page": page,
        "panels": panels.for_case(case, user),
        "case": case,
        "forms": _forms(page, bound or {}),
        "open_form": next(iter(bound), None) if bound else None,
        "crossing": crossing or [],
        "next_case": casepage.next_in_queue(user, case),
        "is_open": case.status in OPEN_STATUSES,
        "can_reopen": case.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED),
        "email": email_selectors.case_email(case),
    }
    return render(request, "web/cases/detail.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _render(request, _case(request, reference))


@login_required
def case_presence(request: HttpRequest, reference: str) -> HttpResponse:
    """Checked in by the open page every 20 s: who else is on this case, and writing?"""
    case = _case(request, reference)
    user = _user(request)
    if request.method == "POST":
        presence.mark_viewing(case, user, composing=request.POST.get("composing") == "1")
    viewers = presence.others_viewing(case, user)
    return render(request, "web/cases/presence.html", {"viewers": viewers})


def _fail(
    request: HttpRequest, case: Case, name: str, form: forms.Form, error: DomainError | None = None
) -> HttpResponse:
    if error is not None:
        add_domain_error(form, error)
    return _render(request, case, {name: form}, status=422)


def _done(case: Case, text: str, request: HttpRequest) -> HttpResponse:
    messages.success(request, text)
    return redirect("web:case", reference=case.reference)


# What the page says once a reply or a note went, by the status it left the case in.
_SENT = {
    "": (_lazy("Reply sent."), _lazy("Note added.")),
    CaseStatus.WAITING_CUSTOMER: (
        _lazy("Reply sent. The case waits on the customer."),
        _lazy("Note added. The case waits on the customer."),
    ),
    CaseStatus.RESOLVED: (
        _lazy("Reply sent. Case resolved: the customer has been told."),
        _lazy("Note added. Case resolved: the customer has been told."),
    ),
}


@login_required
@require_POST
def add_message(request: HttpRequest, reference: str) -> HttpResponse:
    """A reply or a note, and with it, if a button says so, the status the case is left in
    (one service call: a status the case may not take sends nothing). If others wrote since
    the page was loaded, ask before a reply crosses them."""
    case = _case(request, reference)
    user = _user(request)
    form = f.MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return _fail(request, case, "message", form)
    data = form.cleaned_data
    crossing = presence.crossing_messages(case, user, seen_up_to=data["seen"])
    if crossing and data["kind"] == MessageKind.OUTBOUND and not data["send_anyway"]:
        bound = f.MessageForm(initial={**data, "attachments": None})
        return _render(request, case, {"message": bound}, status=409, crossing=crossing)
    try:
        services.add_message(
            case,
            kind=data["kind"],
            body=data["body"],
            actor=user,
            channel=Channel.WORKSPACE,
            attachments=data["attachments"],
            then_status=data["then"] or None,
        )
    except DomainError as error:
        return _fail(request, case, "message", form, error)
    presence.mark_viewing(case, user)
    reply, note = _SENT[data["then"]]
    return _done(case, str(reply if data["kind"] == MessageKind.OUTBOUND else note), request)


def _other_case(user: User, reference: str) -> Case:
    return selectors.get_case_for_user(reference.strip().upper(), user)


def _run(
    request: HttpRequest,
    case: Case,
    name: str,
    form: forms.Form,
    action: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    if not form.is_valid():
        return _fail(request, case, name, form)
    try:
        text = action(form.cleaned_data)
    except DomainError as error:
        return _fail(request, case, name, form, error)
    return _done(case, text, request)


def _transfer(request: HttpRequest, case: Case) -> HttpResponse:
    user = _user(request)
    page_lists = casepage.transfer_choices()
    form = f.TransferForm(request.POST, departments=page_lists[0], members=page_lists[1])

    def act(data: dict[str, Any]) -> str:
        ownership.transfer_case(
            case,
            actor=user,
            department=data["department"],
            handler=data["handler"],
            note=data["note"],
        )
        return _("Case transferred. You still own it, and will check back once it is solved.")

    return _run(request, case, "transfer", form, act)


def _consult(request: HttpRequest, case: Case) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        levels.request_consultation(
            case, department=data["department"], question=data["question"], actor=_user(request)
        )
        return _("Consultation sent to %(department)s.") % {"department": data["department"]}

    return _run(request, case, "consult", f.ConsultForm(request.POST), act)


def _approval(request: HttpRequest, case: Case) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        approval = levels.request_approval(
            case,
            action=data["action"],
            amount=data["amount"],
            reason=data["reason"],
            actor=_user(request),
        )
        if approval.approver_id:
            return _("Authorisation requested from %(approver)s.") % {"approver": approval.approver}
        return _("Granted: it is within your authority limit.")

    return _run(request, case, "approval", f.ApprovalForm(request.POST), act)


def _merge(request: HttpRequest, case: Case) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        into = _other_case(_user(request), data["reference"])
        relations.merge_cases(case, into=into, actor=_user(request))
        return _("Merged into %(reference)s.") % {"reference": into.reference}

    return _run(request, case, "merge", f.ReferenceForm(request.POST, prefix="merge"), act)


def _link(request: HttpRequest, case: Case) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        other = _other_case(_user(request), data["reference"])
        relations.link_cases(case, other, actor=_user(request))
        return _("Linked with %(reference)s.") % {"reference": other.reference}

    return _run(request, case, "link", f.ReferenceForm(request.POST, prefix="link"), act)


def _resolve(request: HttpRequest, case: Case) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        services.resolve_case(case, actor=_user(request), note=data["note"])
        return _("Case resolved. The customer has been told.")

    return _run(request, case, "resolve", f.ResolveForm(request.POST), act)


def _priority(request: HttpRequest, case: Case) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        services.update_case(case, actor=_user(request), priority=data["priority"])
        return _("Priority changed.")

    return _run(request, case, "priority", f.PriorityForm(request.POST), act)


def _claim(request: HttpRequest, case: Case) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        claims.settle_claim(
            case,
            outcome=data["outcome"],
            amount_granted=data["amount_granted"],
            actor=_user(request),
        )
        return _("The claim's outcome is recorded.")

    return _run(request, case, "claim", f.ClaimOutcomeForm(request.POST), act)


def _take(request: HttpRequest, case: Case) -> HttpResponse:
    user = _user(request)
    try:
        ownership.assign_case(case, assignee=user, actor=user)
    except DomainError as error:
        messages.error(request, error.explain())
        return redirect("web:case", reference=case.reference)
    return _done(case, _("The case is yours now."), request)


def _assign(request: HttpRequest, case: Case) -> HttpResponse:
    user = _user(request)
    form = f.AssignForm(request.POST, members=casepage.department_members(case))

    def act(data: dict[str, Any]) -> str:
        assignee: User = data["assignee"]
        ownership.assign_case(case, assignee=assignee, actor=user)
        name = assignee.get_full_name() or assignee.username
        return _("Assigned to %(person)s.") % {"person": name}

    return _run(request, case, "assign", form, act)


def _status(verb: str) -> Callable[[HttpRequest, Case], HttpResponse]:
    def view(request: HttpRequest, case: Case) -> HttpResponse:
        try:
            if verb == "close":
                services.close_case(case, actor=_user(request))
                text = _("Case closed.")
            else:
                services.reopen_case(case, actor=_user(request), reason="staff")
                text = _("Case reopened.")
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("web:case", reference=case.reference)
        return _done(case, text, request)

    return view


ACTIONS: dict[str, Callable[[HttpRequest, Case], HttpResponse]] = {
    "transfer": _transfer,
    "consult": _consult,
    "approval": _approval,
    "merge": _merge,
    "link": _link,
    "resolve": _resolve,
    "priority": _priority,
    "claim": _claim,
    "take": _take,
    "assign": _assign,
    "close": _status("close"),
    "reopen": _status("reopen"),
}


@login_required
@require_POST
def case_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    return ACTIONS[action](request, _case(request, reference))


def _back(request: HttpRequest, inbox: str, default: str) -> HttpResponse:
    """Where a decision or an answer posted from elsewhere returns: the page its ``next`` names
    (on this site only), the inbox for ``next=inbox``, else ``default``."""
    target = request.POST.get("next", "")
    if target == "inbox":
        return redirect(inbox)
    return redirect(safe_next(request, target, default))


@login_required
@require_POST
def decide(request: HttpRequest, approval_id: int) -> HttpResponse:
    """Approve or reject a request, from the case page or the approvals inbox (``next``)."""
    user = _user(request)
    approval: ApprovalRequest = selectors_levels.get_approval_for_user(approval_id, user)
    form = f.DecideForm(request.POST)
    if form.is_valid():
        try:
            levels.decide_approval(
                approval,
                approve=form.cleaned_data["approve"],
                actor=user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            messages.error(request, error.explain())
        else:
            messages.success(
                request, _("Approved.") if form.cleaned_data["approve"] else _("Rejected.")
            )
    page = reverse("web:case", args=[approval.case.reference])
    return _back(request, reverse("web:approvals"), page)


@login_required
@require_POST
def answer(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """Answer a consultation asked of one of my departments."""
    user = _user(request)
    consultation: Consultation = selectors_levels.get_consultation_for_user(consultation_id, user)
    form = f.AnswerForm(request.POST)
    if form.is_valid():
        try:
            levels.answer_consultation(consultation, answer=form.cleaned_data["answer"], actor=user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Answer sent back to %(person)s.") % {"person": consultation.asked_by}
            )
    else:
        messages.error(request, _("Write the answer."))
    inbox = reverse("web:consultations")
    # A department consulted on the case reads it only while its question is open.
    can_read = permissions.can_view_case(user, consultation.case)
    page = reverse("web:case", args=[consultation.case.reference]) if can_read else inbox
    return _back(request, inbox, page)
