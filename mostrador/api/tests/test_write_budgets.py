"""The write paths' query budgets: opening a case, a reply, the receipt's email, an ingested
message. Each is counted once the process has read its configuration (a server's steady
state: calendars, policies, rules and mailboxes are kept per process, ``core.configcache``);
in a test each runs inside the test's transaction, so a service's own transaction shows as
a savepoint pair. A new query on these paths fails here first: say why in the budget."""

import pytest
from django.test import TestCase

from mostrador.api.tests.test_cases_api import NEW_CASE
from mostrador.cases.choices import CaseStatus
from mostrador.cases.models import Case
from mostrador.cases.tests.factories import open_case
from mostrador.channels.email import inbound, outbound
from mostrador.channels.email.choices import Source
from mostrador.channels.email.models import OutboundEmail
from mostrador.channels.email.tests.factories import make_mailbox, write_email
from mostrador.core import configcache

pytestmark = pytest.mark.django_db


def _open(api_client, email):
    response = api_client.post(
        "/api/v1/cases", {**NEW_CASE, "customer": {"email": email}}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["reference"]


def test_opening_a_case_for_a_known_customer(api_client, people, django_assert_max_num_queries):
    _open(api_client, "nuria@example.cat")  # the customer now known; the configuration read
    # Token; the customer by their email; a savepoint pair (the case's transaction); the
    # reference (one UPDATE...RETURNING); the case, with its due times (one INSERT); the
    # configuration's stamp; the assignee's department members; the message; its two search
    # rows (one statement); the event; the receipt's notice and its logged email; the case's
    # first message and its files, read for the receipt the answer carries.
    with django_assert_max_num_queries(15):
        _open(api_client, "nuria@example.cat")


def test_a_reply(api_client, people, django_assert_max_num_queries):
    case = open_case()
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.OPEN)
    url = f"/api/v1/cases/{case.reference}/messages"

    def reply():
        response = api_client.post(
            url, {"kind": "reply", "body": "Hi anirem dijous."}, content_type="application/json"
        )
        assert response.status_code == 201, response.content

    reply()
    # Token; the case; the reader's roles (once, for every check); a savepoint pair; the
    # message; its search row; the event; the case's last activity; the notice; the customer's
    # contact; the configuration's stamp; the logged email.
    with django_assert_max_num_queries(13):
        reply()


def test_sending_the_receipt(api_client, people, django_assert_max_num_queries):
    _open(api_client, "nuria@example.cat")
    receipt = OutboundEmail.objects.latest("pk")
    # The claim (a conditional UPDATE); the email with its case, customer, contact, message
    # and notice; the case's first message and its files; its three details; the stamp and
    # the legal rules' words; the thread (what was received and sent on the case); the bytes
    # kept; the outcome.
    with django_assert_max_num_queries(13):
        assert outbound.send(receipt.pk) == "sent"


def test_an_ingested_message_that_opens_a_case(people, django_assert_max_num_queries):
    mailbox = make_mailbox(people.customer_service)

    def arrive(n):
        raw = write_email(subject=f"Consulta {n}", sender=f"client{n}@example.cat")
        with TestCase.captureOnCommitCallbacks(execute=False):
            return inbound.receive(raw, mailbox, source=Source.FILE, queued=False)

    inbound.process(arrive(0).pk)
    stored = arrive(1)
    # In a task (the stamp read once): a savepoint pair (the message's transaction); the
    # row, locked; the stamp; is it a loop (our own Message-ID); the dedupe key (a savepoint
    # pair: a twin may hold it); how many from this sender lately; a savepoint pair (the
    # placement); whether a member of staff wrote it; whether the address is a customer's;
    # the intake's savepoint pair; the customer (looked up, then created with their address
    # and its event in a savepoint pair, read back); the department's members; the case as
    # the API opens it; the receipt's notice and email; the first message, to link the row
    # to it; the row's outcome.
    with configcache.scope(), django_assert_max_num_queries(32):
        assert inbound.process(stored.pk) == "case_opened"
