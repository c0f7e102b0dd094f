import pytest
from django.core.exceptions import ValidationError

from mostrador.cases import relations, services
from mostrador.cases.models import SavedReply
from mostrador.cases.search import search_cases
from mostrador.cases.selectors import list_case_history
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.core.errors import Conflict, Forbidden, InvalidInput

pytestmark = pytest.mark.django_db


def test_merging_moves_messages_and_history_and_closes_the_duplicate(people, api_client):
    customer = make_customer()
    first = open_case(customer=customer, subject="La rentadora no centrifuga")
    duplicate = open_case(
        customer=customer, subject="Torno a escriure", body="Encara no funciona la corretja."
    )
    services.add_message(
        duplicate,
        kind="note",
        body="Duplicat del primer.",
        actor=people.operator,
        channel="workspace",
    )

    relations.merge_cases(duplicate, into=first, actor=people.operator)

    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == ("closed", first)
    assert first.messages.count() == 3
    verbs = [e.verb for e in list_case_history(first)]
    assert verbs.count("cases.case.opened") == 2, "the duplicate's history shows on the survivor"
    assert [c.reference for c in search_cases(people.operator, "corretja")] == [first.reference]
    with pytest.raises(Conflict):
        services.add_message(duplicate, kind="inbound", body="Hola?", actor=None, channel="email")
    body = api_client.get(f"/api/v1/cases/{duplicate.reference}").json()
    assert body["merged_into"] == first.reference


def test_merge_rules(people):
    customer = make_customer()
    a, b = open_case(customer=customer), open_case(customer=customer)
    other = open_case(customer=make_customer(name="Un altre", email="altre@example.cat"))

    with pytest.raises(InvalidInput):
        relations.merge_cases(a, into=a, actor=people.operator)
    with pytest.raises(Conflict):
        relations.merge_cases(a, into=other, actor=people.operator)
    with pytest.raises(Forbidden):
        relations.merge_cases(a, into=b, actor=people.technician)
    services.set_status(a, "waiting_authorisation", actor=people.operator)
    relations.merge_cases(a, into=b, actor=people.operator)
    with pytest.raises(Conflict):
        relations.merge_cases(a, into=b, actor=people.operator)


def test_links_are_symmetric_and_made_once(people, api_client):
    a, b = open_case(), open_case()

    response = api_client.post(
        f"/api/v1/cases/{b.reference}/links",
        {"reference": a.reference},
        content_type="application/json",
    )
    relations.link_cases(a, b, actor=people.operator)

    assert response.status_code == 200
    assert api_client.get(f"/api/v1/cases/{a.reference}").json()["linked"] == [b.reference]
    assert api_client.get(f"/api/v1/cases/{b.reference}").json()["linked"] == [a.reference]
    assert [e.verb for e in list_case_history(a)].count("cases.case.linked") == 1
    with pytest.raises(InvalidInput):
        relations.link_cases(a, a, actor=people.operator)


def test_saved_replies_in_the_case_language_with_placeholders(people, api_client):
    SavedReply.objects.create(
        name="Acusament",
        language="ca",
        body="Benvolgut/da {customer_name}, hem rebut el cas {reference}. Signat: {agent_name}. {unknown}",
    )
    SavedReply.objects.create(name="Acuse", language="es", body="Hola {customer_name}")
    SavedReply.objects.create(
        name="Tècnic", language="ca", body="SAT", department=people.technical_service
    )
    case = open_case()

    replies = api_client.get(f"/api/v1/cases/{case.reference}/saved-replies").json()

    assert [r["name"] for r in replies] == ["Acusament"]
    assert (
        replies[0]["text"]
        == f"Benvolgut/da Núria Puig, hem rebut el cas {case.reference}. Signat: Pau Serra. {{unknown}}"
    )


def test_saved_replies_check_their_placeholders():
    SavedReply(name="ok", language="ca", body="Hola {customer_name}, termini {due_date}").clean()
    with pytest.raises(ValidationError):
        SavedReply(name="x", language="ca", body="Hola {nom}").clean()
    with pytest.raises(ValidationError):
        SavedReply(name="y", language="ca", body="Hola {customer_name").clean()


def test_customers_see_their_own_cases_and_never_an_internal_note(people):
    from mostrador.cases import selectors

    customer = make_customer()
    mine = open_case(customer=customer)
    open_case(customer=make_customer(name="Altre", email="altre@example.cat"))
    services.add_message(
        mine, kind="note", body="Client difícil.", actor=people.operator, channel="workspace"
    )
    services.add_message(
        mine,
        kind="outbound",
        body="Ja està solucionat.",
        actor=people.operator,
        channel="workspace",
    )

    assert list(selectors.list_cases_for_customer(customer.pk)) == [mine]
    assert [m.kind for m in selectors.public_messages(mine)] == ["inbound", "outbound"]
