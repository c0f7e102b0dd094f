"""Cases background tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

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
