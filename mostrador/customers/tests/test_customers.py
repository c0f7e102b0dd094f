import pytest

from mostrador.core.errors import Conflict, InvalidInput, NotFound
from mostrador.core.selectors import list_events_for
from mostrador.customers import selectors, services
from mostrador.customers.choices import ConsentPurpose, ContactKind
from mostrador.customers.models import ContactPoint
from mostrador.customers.normalisation import normalise_email, normalise_phone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("93 123 45 67", "+34931234567"),
        ("+34 931-234-567", "+34931234567"),
        ("0034 612 345 678", "+34612345678"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phones_are_stored_in_e164_whatever_their_written_form(written, canonical):
    assert normalise_phone(written) == canonical


@pytest.mark.parametrize("bad", ["12", "not a phone", "+34 1"])
def test_malformed_phones_are_refused_with_a_field_error(bad):
    with pytest.raises(InvalidInput) as error:
        normalise_phone(bad)
    assert error.value.code == "invalid_phone"
    assert "phone" in error.value.fields


def test_emails_are_trimmed_and_lower_cased_and_malformed_ones_refused():
    assert normalise_email("  Anna.Vidal@Example.CAT ") == "anna.vidal@example.cat"
    with pytest.raises(InvalidInput) as error:
        normalise_email("anna@")
    assert error.value.code == "invalid_email"


def test_create_a_customer_with_contacts_the_first_of_each_kind_primary(people):
    customer = services.create_customer(
        name=" Jordi Puig ",
        language="es",
        actor=people.operator,
        emails=["jordi@example.cat", "JORDI@example.cat", "j.puig@example.com"],
        phones=["612345678"],
    )

    contacts = {(c.kind, c.value, c.is_primary) for c in customer.contacts.all()}
    assert customer.name == "Jordi Puig"
    assert contacts == {
        (ContactKind.EMAIL, "jordi@example.cat", True),
        (ContactKind.EMAIL, "j.puig@example.com", False),
        (ContactKind.PHONE, "+34612345678", True),
    }
    assert [e.verb for e in list_events_for(customer)] == ["customers.customer.created"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": " "}, "name"),
        ({"name": "A", "kind": "alien"}, "kind"),
        ({"name": "A", "language": "fr"}, "language"),
        ({"name": "A", "emails": ["bad"]}, "email"),
    ],
)
def test_invalid_customers_are_refused_and_nothing_is_kept(people, kwargs, field):
    with pytest.raises(InvalidInput) as error:
        services.create_customer(actor=people.operator, **kwargs)
    assert field in error.value.fields


def test_add_a_contact_point_and_move_the_primary_flag(people):
    customer = services.create_customer(
        name="Anna", emails=["anna@example.cat"], actor=people.operator
    )

    new = services.add_contact_point(
        customer, kind="email", value="Anna@Work.example", primary=True, actor=people.operator
    )

    assert new.is_primary
    assert not customer.contacts.get(value="anna@example.cat").is_primary
    phone = services.add_contact_point(
        customer, kind="phone", value="931234567", actor=people.operator
    )
    assert phone.is_primary, "the first phone becomes primary"


def test_a_duplicate_contact_is_a_conflict_and_an_unknown_kind_invalid(people):
    customer = services.create_customer(
        name="Anna", emails=["anna@example.cat"], actor=people.operator
    )

    with pytest.raises(Conflict):
        services.add_contact_point(
            customer, kind="email", value="ANNA@example.cat", actor=people.operator
        )
    with pytest.raises(InvalidInput):
        services.add_contact_point(customer, kind="fax", value="1", actor=people.operator)
    assert customer.contacts.count() == 1


def test_find_a_customer_by_email_or_phone_in_any_written_form(people):
    anna = services.create_customer(
        name="Anna", emails=["anna@example.cat"], phones=["+34 612 345 678"], actor=people.operator
    )

    assert list(selectors.find_customers_by_contact("ANNA@example.cat")) == [anna]
    assert list(selectors.find_customers_by_contact("612 34 56 78")) == [anna]
    assert list(selectors.find_customers_by_contact("nobody@example.cat")) == []


def test_search_by_name_email_fragment_or_phone(people, django_assert_num_queries):
    anna = services.create_customer(
        name="Anna Vidal",
        emails=["avidal@example.cat"],
        phones=["612345678"],
        actor=people.operator,
    )
    pere = services.create_customer(
        name="Pere Soler", emails=["pere@example.es"], actor=people.operator
    )

    with django_assert_num_queries(2):
        assert selectors.search_customers("vidal") == [anna]
    assert selectors.search_customers("example") == [anna, pere]
    assert selectors.search_customers("612 345 678") == [anna]
    assert selectors.search_customers("a") == []


def test_get_customer_or_not_found(people):
    anna = services.create_customer(name="Anna", actor=people.operator)
    assert selectors.get_customer(anna.pk) == anna
    with pytest.raises(NotFound):
        selectors.get_customer(999_999)


def test_consent_history_is_kept_and_the_latest_decision_counts(people):
    anna = services.create_customer(name="Anna", actor=people.operator)
    assert selectors.current_consents(anna)[ConsentPurpose.SURVEYS] is False

    services.record_consent(
        anna, purpose=ConsentPurpose.SURVEYS, granted=True, source="web", actor=None
    )
    services.record_consent(
        anna, purpose=ConsentPurpose.SURVEYS, granted=False, source="phone", actor=people.operator
    )
    services.record_consent(
        anna, purpose=ConsentPurpose.MARKETING_EMAIL, granted=True, actor=people.operator
    )

    consents = selectors.current_consents(anna)
    assert consents[ConsentPurpose.SURVEYS] is False
    assert consents[ConsentPurpose.MARKETING_EMAIL] is True
    assert anna.consents.count() == 3
    with pytest.raises(InvalidInput):
        services.record_consent(anna, purpose="spam", granted=True, actor=people.operator)


def test_change_the_language_a_customer_is_answered_in(people):
    anna = services.create_customer(name="Anna", language="ca", actor=people.operator)

    services.set_customer_language(anna, language="es", actor=people.operator)
    services.set_customer_language(anna, language="es", actor=people.operator)

    assert anna.language == "es"
    assert [e.data for e in list_events_for(anna)][-1] == {"from": "ca", "to": "es"}
    assert len(list_events_for(anna)) == 2
    with pytest.raises(InvalidInput):
        services.set_customer_language(anna, language="de", actor=people.operator)


def test_the_model_form_path_normalises_too():
    from django.core.exceptions import ValidationError

    contact = ContactPoint(kind="phone", value="93 123 45 67")
    contact.clean()
    assert contact.value == "+34931234567"
    with pytest.raises(ValidationError):
        ContactPoint(kind="email", value="nope").clean()
