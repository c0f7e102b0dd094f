"""Work in flight for the demo: saved replies, and requests waiting in the inboxes, made through
the same services people use, so the demo's head and technician have something to decide."""

from __future__ import annotations

from decimal import Decimal

from mostrador.accounts.models import Department, User
from mostrador.cases import levels
from mostrador.cases.choices import CaseStatus
from mostrador.cases.models import Case, SavedReply

SAVED_REPLIES = {
    "ca": [
        (
            "Acusament de recepció",
            "Benvolgut/da {customer_name},\n\nHem rebut la vostra "
            "sol·licitud {reference} i us respondrem abans del {due_date}.\n\nAtentament,\n{agent_name}",
        ),
        (
            "Demanar factura",
            "Benvolgut/da {customer_name},\n\nPer continuar amb {reference}, "
            "ens podeu enviar una còpia de la factura de compra?\n\nGràcies,\n{agent_name}",
        ),
    ],
    "es": [
        (
            "Acuse de recibo",
            "Estimado/a {customer_name}:\n\nHemos recibido su solicitud "
            "{reference} y le responderemos antes del {due_date}.\n\nAtentamente,\n{agent_name}",
        ),
        (
            "Pedir factura",
            "Estimado/a {customer_name}:\n\nPara continuar con {reference}, "
            "¿nos puede enviar una copia de la factura de compra?\n\nGracias,\n{agent_name}",
        ),
    ],
    "en": [
        (
            "Acknowledgement",
            "Dear {customer_name},\n\nWe have received your request "
            "{reference} and will answer by {due_date}.\n\nKind regards,\n{agent_name}",
        ),
    ],
}
PENDING = 4


def _open_cases_of(user: User) -> list[Case]:
    departments = user.memberships.values("department_id")
    return list(
        Case.objects.filter(department_id__in=departments, status=CaseStatus.OPEN)
        .select_related("department")
        .order_by("-created_at")[: PENDING * 2]
    )


def seed_workflow(operator: User, technical: Department) -> None:
    """Saved replies in the three languages; approvals for the head and consultations for the
    technical service, asked by the demo operator on their own open cases."""
    for language, replies in SAVED_REPLIES.items():
        for name, body in replies:
            SavedReply.objects.get_or_create(name=name, language=language, defaults={"body": body})
    cases = _open_cases_of(operator)
    for case in cases[:PENDING]:
        levels.request_approval(
            case,
            action="compensation",
            amount=Decimal("450"),
            actor=operator,
            reason="Danys documentats amb fotografies i factura.",
        )
    for case in cases[PENDING:]:
        levels.request_consultation(
            case,
            department=technical,
            question="Podeu confirmar si l'avaria és de fabricació?",
            actor=operator,
        )
