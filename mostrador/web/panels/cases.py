"""The cases app's panels: a claim's detail, approvals, consultations, the customer's other
and linked cases; on the customer page, their cases."""

from __future__ import annotations

from typing import Any

from mostrador.accounts.models import User
from mostrador.cases import casepage, details, levels, permissions, relations, selectors
from mostrador.cases.choices import ApprovalStatus, ClaimOutcome
from mostrador.cases.models import ApprovalRequest, Case, Claim, Consultation
from mostrador.core.money import format_eur
from mostrador.customers.models import Customer
from mostrador.web.panels import case_panel, customer_panel
from mostrador.web.panels.customers import reach


@case_panel("claim", "web/panels/claim.html", order=10)
def claim(case: Case, user: User) -> dict[str, Any] | None:
    row = details.get_row(case, details.CLAIM, Claim)
    if row is None:
        return None
    return {
        "claim": row,
        "facts": details.CLAIM.facts(case),
        "outcomes": ClaimOutcome.choices,
        "can_settle": permissions.can_work_on_case(user, case),
    }


@case_panel("approvals", "web/panels/approvals.html", order=20)
def approvals(case: Case, user: User) -> dict[str, Any] | None:
    found = list(
        ApprovalRequest.objects.filter(case=case)
        .select_related("requested_by", "approver", "decided_by")
        .order_by("-created_at")
    )
    if not found:
        return None
    decidable = set()
    for approval in found:
        if approval.status == ApprovalStatus.PENDING:
            approval.case = case  # the page's case, so the rule reads no row again
            if levels.can_decide(user, approval):
                decidable.add(approval.pk)
    amounts = {approval.pk: format_eur(approval.amount) for approval in found}
    return {"approvals": found, "decidable": decidable, "amounts": amounts}


@case_panel("consultations", "web/panels/consultations.html", order=30)
def consultations(case: Case, user: User) -> dict[str, Any] | None:
    found = list(
        Consultation.objects.filter(case=case)
        .select_related("department", "asked_by", "answered_by")
        .order_by("-created_at")
    )
    if not found:
        return None
    waiting = [consultation for consultation in found if consultation.answered_at is None]
    # Asked only when something waits: who may answer it here, on the case page.
    mine = set(user.memberships.values_list("department_id", flat=True)) if waiting else set()
    answerable = {c.pk for c in waiting if c.department_id in mine}
    return {"consultations": found, "answerable": answerable}


@case_panel("customer", "web/panels/customer.html", order=5)
def customer(case: Case, user: User) -> dict[str, Any]:
    """Who the customer is, how to write or call them, what they agreed to, and their other
    cases (open first). After-sales adds the customer's products with a panel of its own once
    customers have products; until then there is nothing to show, and nothing is shown."""
    return {
        **reach(case.customer),
        "other_cases": casepage.customer_other_cases(case, user),
        "linked": relations.linked_cases(case),
    }


@customer_panel("cases", "web/panels/customer_cases.html", order=20)
def customer_cases(customer: Customer, user: User) -> dict[str, Any]:
    """The customer's cases the reader may see, newest first."""
    cases = (
        selectors.with_related()
        .filter(customer=customer, merged_into__isnull=True)
        .filter(selectors.visible_to(user))
        .order_by("-created_at")
    )
    return {"cases": list(cases[:50])}
