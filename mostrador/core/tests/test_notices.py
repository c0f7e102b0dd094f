"""Notices: the domain records what to tell whom; the channels deliver it after the commit."""

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from mostrador.cases import notices as case_notices
from mostrador.cases.tests.factories import open_case
from mostrador.channels.email.models import OutboundEmail
from mostrador.core import notices
from mostrador.core.models import Notice

pytestmark = pytest.mark.django_db


def test_a_kind_is_declared_once_by_its_app():
    with pytest.raises(ImproperlyConfigured, match="twice"):
        notices.declare(case_notices.RECEIPT)
    with pytest.raises(LookupError):
        notices.get_kind("cases.gossip")
    assert {kind.code for kind in notices.all_kinds()} >= {
        "cases.receipt",
        "cases.reply",
        "cases.resolution",
        "cases.assigned",
        "customers.sign_in_link",
    }


def test_the_receipt_is_a_notice_in_the_cases_language_delivered_by_email(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(body="Bon dia, la rentadora no centrifuga des de dimarts.")

    notice = Notice.objects.get(kind="cases.receipt")
    assert (notice.subject, notice.language, notice.recipient_user) == (case, "ca", None)
    [email] = notice.emails.all()
    assert (email.kind, email.case, email.to_address) == (
        "cases.receipt",
        case,
        "nuria@example.cat",
    )
    assert email.kind_label == "Receipt"
    assert [m.to for m in mail.outbox] == [["nuria@example.cat"]]


def test_staff_without_an_email_are_told_but_nothing_is_sent(people):
    case = open_case()
    people.technician.email = ""
    people.technician.save()

    told = case_notices.notify_staff([people.technician, people.head], "escalated", case)

    assert [notice.recipient_user for notice in told] == [people.head, people.technician]
    assert [notice.language for notice in told] == [people.head.language] * 2
    assert OutboundEmail.objects.filter(kind="cases.escalated").count() == 1


def test_a_rolled_back_change_tells_nobody(people):
    case = open_case()
    before = (Notice.objects.count(), OutboundEmail.objects.count())

    def tell_then_fail():
        with transaction.atomic():
            case_notices.send_resolution(case)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        tell_then_fail()

    assert (Notice.objects.count(), OutboundEmail.objects.count()) == before
