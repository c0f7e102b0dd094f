"""Cases background tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from mostrador.accounts.models import User
from mostrador.cases import selectors, services
from mostrador.core import timeutils


@task()
def send_customer_email(case_id: int, template: str, message_id: int | None = None) -> bool:
    """Email the customer of a case in the case's language; False when they have no address."""
    case = selectors.get_case(case_id)
    recipient = selectors.customer_email_for(case)
    if recipient is None:
        return False
    message = case.messages.get(pk=message_id) if message_id else case.messages.first()
    context = {
        "case": case,
        "message": message,
        "created_local": timeutils.to_zone(case.created_at),
        "customer": case.customer,
    }
    with translation.override(case.language):
        subject = render_to_string(f"cases/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"cases/email/{template}_body.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=case.department.inbound_email or settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    ).send()
    return True


@task()
def recompute_due_times(calendar_id: int) -> int:
    """Recompute the due times of open cases whose department uses the calendar."""
    return services.recompute_due_times(calendar_id=calendar_id)


@task()
def send_staff_email(user_ids: list[int], notice: str, case_id: int) -> int:
    """Email staff about a case, each in their own language; return how many were sent."""
    case = selectors.get_case(case_id)
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email=""):
        with translation.override(user.language):
            context = {"case": case, "notice": notice, "user": user, "due": case.resolution_due}
            subject = render_to_string("cases/email/staff_subject.txt", context).strip()
            body = render_to_string("cases/email/staff_body.txt", context)
        EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email]).send()
        sent += 1
    return sent


@task()
def escalate_overdue() -> int:
    """Escalate overdue consultations and approval requests (run by the scheduler)."""
    from mostrador.cases import levels  # noqa: PLC0415  (levels imports services, which imports tasks)

    return levels.escalate_overdue()


@task()
def check_deadlines() -> dict[str, int]:
    """Mark cases at risk and breached (run by the scheduler)."""
    from mostrador.cases import watch  # noqa: PLC0415  (watch imports levels, which imports services)

    return watch.check_deadlines()
