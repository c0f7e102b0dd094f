"""Transfers, consultations (level 2), approval requests (level 3) and follow-ups."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from mostrador.accounts.models import User
from mostrador.api.auth import current_user, department_or_invalid
from mostrador.api.case_schemas import (
    ApprovalIn,
    ApprovalOut,
    AssignIn,
    CaseOut,
    ConsultationAnswerIn,
    ConsultationIn,
    ConsultationOut,
    DecisionIn,
    FollowUpDoneIn,
    FollowUpOut,
    LinkIn,
    MergeIn,
    SavedReplyOut,
    TransferIn,
)
from mostrador.api.cases import ERRORS
from mostrador.api.schemas import ErrorOut, Id
from mostrador.cases import levels, ownership, relations, selectors, selectors_levels
from mostrador.cases.choices import Channel
from mostrador.cases.models import ApprovalRequest, Case, Consultation, FollowUp
from mostrador.core.errors import InvalidInput

router = Router(tags=["levels"])


def _person(pk: int | None, *, field: str = "handler") -> User | None:
    if pk is None:
        return None
    person = User.objects.filter(pk=pk, is_active=True).first()
    if person is None:
        raise InvalidInput(fields={field: [_("Unknown person.")]})
    return person


@router.post("/cases/{reference}/transfer", response={200: CaseOut, **ERRORS})
def transfer_case(request: HttpRequest, reference: str, payload: TransferIn) -> Case:
    """Hand the case to another department and/or person; the owner stays responsible."""
    user = current_user(request)
    case = selectors.get_case_for_user(reference, user)
    ownership.transfer_case(
        case,
        actor=user,
        department=department_or_invalid(payload.department),
        handler=_person(payload.handler),
        note=payload.note,
    )
    return selectors.get_case(case.pk)


@router.post("/cases/{reference}/consultations", response={201: ConsultationOut, **ERRORS})
def request_consultation(
    request: HttpRequest, reference: str, payload: ConsultationIn
) -> Status[Consultation]:
    """Ask another department (level 2); the case waits on its answer."""
    user = current_user(request)
    case = selectors.get_case_for_user(reference, user)
    department = department_or_invalid(payload.department)
    assert department is not None  # noqa: S101  (an int was given, so a department or an error)
    return Status(
        201,
        levels.request_consultation(
            case, department=department, question=payload.question, actor=user
        ),
    )


@router.get("/consultations", response={200: list[ConsultationOut], 422: ErrorOut})
def list_consultations(
    request: HttpRequest, role: Literal["waiting", "asked"] = "waiting", limit: int = 100
) -> list[Consultation]:
    """What waits on you (``role=waiting``: open questions to your departments, oldest due
    first), or what you asked (``role=asked``: newest first)."""
    user = current_user(request)
    if role == "asked":
        found = selectors_levels.consultations_asked_by(user)
    else:
        found = selectors_levels.open_consultations_for(user)
    return list(found[: max(1, min(limit, 200))])


@router.post("/consultations/{consultation_id}/answer", response={200: ConsultationOut, **ERRORS})
def answer_consultation(
    request: HttpRequest, consultation_id: Id, payload: ConsultationAnswerIn
) -> Consultation:
    """Answer a consultation addressed to your department."""
    user = current_user(request)
    consultation = selectors_levels.get_consultation_for_user(consultation_id, user)
    return levels.answer_consultation(
        consultation, answer=payload.answer, actor=user, channel=Channel.API
    )


@router.post("/cases/{reference}/approvals", response={201: ApprovalOut, **ERRORS})
def request_approval(
    request: HttpRequest, reference: str, payload: ApprovalIn
) -> Status[ApprovalRequest]:
    """Ask to grant an action with an amount; within your authority limit it is granted at once."""
    user = current_user(request)
    case = selectors.get_case_for_user(reference, user)
    approval = levels.request_approval(
        case, action=payload.action, amount=payload.amount, reason=payload.reason, actor=user
    )
    return Status(201, approval)


@router.get("/approvals", response={200: list[ApprovalOut], 422: ErrorOut})
def list_approvals(
    request: HttpRequest, role: Literal["waiting", "asked"] = "waiting", limit: int = 100
) -> list[ApprovalRequest]:
    """What waits on your decision (``role=waiting``, oldest due first), or what you asked
    (``role=asked``, newest first)."""
    user = current_user(request)
    if role == "asked":
        found = selectors_levels.approvals_asked_by(user)
    else:
        found = selectors_levels.pending_approvals_for(user)
    return list(found[: max(1, min(limit, 200))])


@router.post("/approvals/{approval_id}/decision", response={200: ApprovalOut, **ERRORS})
def decide_approval(request: HttpRequest, approval_id: Id, payload: DecisionIn) -> ApprovalRequest:
    """Approve, or reject with a reason, a request addressed to you or your department."""
    user = current_user(request)
    approval = selectors_levels.get_approval_for_user(approval_id, user)
    return levels.decide_approval(
        approval, approve=payload.approve, reason=payload.reason, actor=user
    )


@router.get("/followups", response=list[FollowUpOut])
def list_followups(request: HttpRequest, done: bool = False) -> list[FollowUp]:
    """Your follow-ups: pending ones (default) or all with ?done=true."""
    return list(selectors_levels.list_followups_for(current_user(request), pending_only=not done))


@router.post("/followups/{followup_id}/done", response={200: FollowUpOut, **ERRORS})
def complete_followup(request: HttpRequest, followup_id: Id, payload: FollowUpDoneIn) -> FollowUp:
    """Mark one of your follow-ups done, with what the customer said."""
    user = current_user(request)
    followup = selectors_levels.get_followup_for_user(followup_id, user)
    return ownership.complete_followup(followup, actor=user, note=payload.note)


@router.post("/cases/{reference}/assign", response={200: CaseOut, **ERRORS})
def assign_case(request: HttpRequest, reference: str, payload: AssignIn) -> Case:
    """Give the case to a member of its department: they handle it (and own it, if nobody did)."""
    user = current_user(request)
    case = selectors.get_case_for_user(reference, user)
    assignee = _person(payload.assignee, field="assignee")
    assert assignee is not None  # noqa: S101  (an id was given: a person or an error)
    ownership.assign_case(case, assignee=assignee, actor=user)
    return selectors.get_case(case.pk)


@router.post("/cases/{reference}/take", response={200: CaseOut, **ERRORS})
def take_case(request: HttpRequest, reference: str) -> Case:
    """Take the case yourself: the same as assigning it to you."""
    user = current_user(request)
    case = selectors.get_case_for_user(reference, user)
    ownership.assign_case(case, assignee=user, actor=user)
    return selectors.get_case(case.pk)


@router.post("/cases/{reference}/merge", response={200: CaseOut, **ERRORS})
def merge_case(request: HttpRequest, reference: str, payload: MergeIn) -> Case:
    """Merge this case into another of the same customer; the other survives."""
    user = current_user(request)
    source = selectors.get_case_for_user(reference, user)
    target = selectors.get_case_for_user(payload.into, user)
    relations.merge_cases(source, into=target, actor=user)
    return selectors.get_case(target.pk)


@router.post("/cases/{reference}/links", response={200: CaseOut, **ERRORS})
def link_case(request: HttpRequest, reference: str, payload: LinkIn) -> Case:
    """Link a related case."""
    user = current_user(request)
    case = selectors.get_case_for_user(reference, user)
    relations.link_cases(case, selectors.get_case_for_user(payload.reference, user), actor=user)
    return case


@router.get("/cases/{reference}/saved-replies", response={200: list[SavedReplyOut], 404: ErrorOut})
def saved_replies(request: HttpRequest, reference: str) -> list[dict[str, object]]:
    """Saved replies in the case's language, filled in for this case."""
    user = current_user(request)
    case = selectors.get_case_for_user(reference, user)
    return [
        {
            "id": reply.pk,
            "name": reply.name,
            "text": relations.render_saved_reply(reply, case, agent=user),
        }
        for reply in relations.saved_replies_for(case)
    ]
