"""One intake for every channel: the customer found or made with every contact point given, the
case opened with its details and files, or nothing at all."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from mostrador.accounts.choices import AssignmentPolicy
from mostrador.accounts.models import Department
from mostrador.cases import intake
from mostrador.cases.tests.factories import make_customer
from mostrador.core.errors import InvalidInput
from mostrador.core.notices import notice_recorded
from mostrador.customers.models import ContactPoint, Customer
from mostrador.testing.leftovers import Leftovers, stored_files

pytestmark = pytest.mark.django_db


def filing(**values):
    defaults = {
        "channel": "phone",
        "type": "information",
        "subject": "Horari de la botiga",
        "body": "Quin horari feu els dissabtes?",
    }
    return intake.Filing(**{**defaults, **values})


def test_a_new_customer_keeps_every_email_and_phone_given(people):
    who = intake.Who(
        name="Anna Puig",
        emails=["Anna@Example.cat", "anna.feina@example.com"],
        phones=["612 34 56 78", "+34 931 234 567"],
    )

    case = intake.file_case(who, filing(), actor=people.operator)

    values = sorted(case.customer.contacts.values_list("kind", "value"))
    assert values == [
        ("email", "anna.feina@example.com"),
        ("email", "anna@example.cat"),
        ("phone", "+34612345678"),
        ("phone", "+34931234567"),
    ]
    assert case.contact.value == "+34612345678", "a phone call is recorded on the phone"
    by_web = intake.file_case(
        intake.Who(emails=["anna@example.cat"]), filing(channel="web"), actor=None
    )
    assert by_web.customer == case.customer
    assert by_web.contact.value == "anna@example.cat"


def test_a_known_customer_gets_the_contact_points_they_lack_but_never_anothers(people):
    nuria = make_customer()
    other = make_customer(name="Pere Roca", email="pere@example.cat")
    who = intake.Who(phones=["612000111"], emails=["nuria@example.cat", "pere@example.cat"])

    case = intake.file_case(who, filing(), actor=people.operator)

    assert case.customer == nuria
    assert sorted(nuria.contacts.values_list("value", flat=True)) == [
        "+34612000111",
        "nuria@example.cat",
    ]
    assert list(other.contacts.values_list("value", flat=True)) == ["pere@example.cat"]
    assert Customer.objects.count() == 2


def test_someone_writing_in_from_a_known_address_changes_nothing_stored_about_its_holder(people):
    nuria = make_customer()  # Núria Puig, Catalan
    who = intake.Who(
        name="Impostor", emails=["nuria@example.cat"], phones=["612000111"], language="es"
    )

    case = intake.file_case(who, filing(channel="web", language="es"), actor=None)

    nuria.refresh_from_db()
    assert case.customer == nuria
    assert (nuria.name, nuria.language) == ("Núria Puig", "ca")
    assert list(nuria.contacts.values_list("value", flat=True)) == ["nuria@example.cat"]
    assert case.contact.value == "nuria@example.cat"
    assert case.filed_name == "Impostor"
    assert not ContactPoint.objects.filter(value="+34612000111").exists()


def test_the_name_filed_under_is_the_one_given_or_never_a_stored_one_to_an_unknown_filer(people):
    nuria = make_customer()

    def filed(who, actor):
        return intake.file_case(who, filing(channel="web"), actor=actor).filed_name

    by_address = intake.Who(emails=["Nuria@example.cat"])
    assert filed(by_address, actor=None) == "nuria@example.cat"
    assert filed(intake.Who(name=" Núria P. ", emails=["nuria@example.cat"]), None) == "Núria P."
    assert filed(by_address, actor=people.operator) == "Núria Puig", "staff know who it is"
    assert filed(intake.Who(customer=nuria), actor=None) == "Núria Puig", "signed in"


def test_a_customer_chosen_by_id_is_the_one_filed_for(people):
    nuria = make_customer()

    case = intake.file_case(intake.Who(customer=nuria), filing(), actor=people.operator)

    assert (case.customer, case.contact) == (nuria, None)


def test_every_wrong_field_is_named_at_once_and_nothing_is_kept(people):
    before = Leftovers.now()
    who = intake.Who(emails=["not an address"], phones=["12"])

    with pytest.raises(InvalidInput) as error:
        intake.file_case(who, filing(type="claim", subject=" "), actor=people.operator)

    assert set(error.value.fields) == {"email", "phone", "subject", "claim.remedy"}
    assert Leftovers.now() == before


def test_without_any_contact_or_customer_nothing_is_filed(people):
    with pytest.raises(InvalidInput) as error:
        intake.file_case(intake.Who(name="Ningú"), filing(), actor=people.operator)

    assert set(error.value.fields) == {"customer"}


def test_an_error_found_late_takes_the_new_customer_back_with_it():
    # No department at all: found only when the case is routed, after the customer was made.
    before = Leftovers.now()

    with pytest.raises(InvalidInput) as error:
        intake.file_case(intake.Who(emails=["nou@example.cat"]), filing(channel="web"), actor=None)

    assert error.value.code == "no_department"
    assert Leftovers.now() == before
    assert not ContactPoint.objects.exists()


@pytest.fixture
def failing_channel():
    """A channel whose delivery step fails inside the transaction, as a broken one would."""

    def fail(sender, notice, **kwargs):
        raise RuntimeError("the channel is broken")

    notice_recorded.connect(fail, dispatch_uid="failing-channel")
    yield
    notice_recorded.disconnect(dispatch_uid="failing-channel")


def test_a_failure_after_the_files_were_stored_deletes_them(people, failing_channel):
    before = Leftovers.now()
    photo = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0 a photo", content_type="image/jpeg")

    with pytest.raises(RuntimeError):
        intake.file_case(
            intake.Who(emails=["nou@example.cat"]),
            filing(channel="web", attachments=[photo]),
            actor=None,
        )

    assert Leftovers.now() == before
    assert stored_files() == before.files


@override_settings(ATTACHMENT_MAX_BYTES=10)
def test_an_oversized_file_refuses_the_filing_before_anything_is_written(people):
    before = Leftovers.now()
    big = SimpleUploadedFile("gran.pdf", b"x" * 11, content_type="application/pdf")

    with pytest.raises(InvalidInput) as error:
        intake.file_case(
            intake.Who(emails=["nou@example.cat"]), filing(attachments=[big]), actor=None
        )

    assert error.value.code == "invalid_attachment"
    assert Leftovers.now() == before


def test_the_types_details_are_stored_beside_the_case(people):
    claim = intake.file_case(
        intake.Who(emails=["nou@example.cat"]),
        filing(type="claim", details={"claim": {"remedy": "refund", "amount_asked": "49.9"}}),
        actor=people.operator,
    )
    technical = intake.file_case(
        intake.Who(emails=["nou@example.cat"]),
        filing(
            type="technical",
            details={"technical": {"product": "Rentadora X500", "serial_number": "SN-1"}},
        ),
        actor=people.operator,
    )

    assert (claim.claim.remedy, str(claim.claim.amount_asked)) == ("refund", "49.90")
    assert technical.technical_request.product == "Rentadora X500"


def test_every_case_has_an_owner_from_its_first_minute_whatever_the_channel(people):
    sac = people.customer_service
    assert sac.assignment_policy == AssignmentPolicy.MANUAL

    by_email = intake.file_case(
        intake.Who(emails=["nou@example.cat"]), filing(channel="email", type=None), actor=None
    )
    by_phone = intake.file_case(intake.Who(phones=["612000111"]), filing(), actor=people.operator)
    Department.objects.filter(pk=sac.pk).update(assignment_policy=AssignmentPolicy.FEWEST_OPEN)
    by_web = intake.file_case(
        intake.Who(emails=["nou@example.cat"]), filing(channel="web"), actor=None
    )

    # Manual assignment: the head answers for it until someone takes it from the queue.
    assert (by_email.owner, by_email.handler) == (people.head, None)
    assert (by_phone.owner, by_phone.handler) == (people.operator, people.operator)
    assert (by_web.owner, by_web.handler) == (people.operator, people.operator)
