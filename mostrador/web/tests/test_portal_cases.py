"""The portal's signed-in side and the rights pages: sign-in by link, my cases, a case, replies."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mostrador.cases import services
from mostrador.cases.models import Message
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.compliance.models import DeadlineRule
from mostrador.testing.portal import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def nuria(people):
    return make_customer()


@pytest.fixture
def oriol(people):
    return make_customer(name="Oriol Vidal", email="oriol@example.cat")


def ask_for_link(client, email, capture):
    with capture(execute=True):
        return client.post("/portal/sign-in/", {"email": email})


# ---------------------------------------------------------------- signing in


def test_a_customer_signs_in_with_the_emailed_link(
    client, nuria, django_capture_on_commit_callbacks
):
    response = ask_for_link(client, "nuria@example.cat", django_capture_on_commit_callbacks)
    assert response["location"] == "/portal/sign-in/sent/"
    [message] = mail.outbox
    link = re.search(r"http://testserver(/portal/sign-in/link/\?token=[\w-]+)", message.body)[1]

    confirm = client.get(link)
    assert 'id="redeem"' in confirm.content.decode()
    assert client.get("/portal/cases/").status_code == 302  # opening the link is not enough

    token = link.split("token=")[1]
    signed = client.post("/portal/sign-in/link/", {"token": token})
    assert signed["location"] == "/portal/cases/"
    assert signed.cookies["mostrador_language"].value == "ca"
    assert client.get("/portal/cases/").status_code == 200

    again = Client().post("/portal/sign-in/link/", {"token": token})
    assert again.status_code == 400
    assert "already been used" in again.content.decode()


def test_known_and_unknown_addresses_get_the_same_answer(
    client, nuria, django_capture_on_commit_callbacks
):
    known = ask_for_link(client, "nuria@example.cat", django_capture_on_commit_callbacks)
    unknown = ask_for_link(client, "nobody@example.cat", django_capture_on_commit_callbacks)

    assert (known.status_code, known["location"]) == (unknown.status_code, unknown["location"])
    assert len(mail.outbox) == 1


def test_a_malformed_address_is_a_form_error(client):
    response = client.post("/portal/sign-in/", {"email": "nuria"})

    assert response.status_code == 422
    assert 'href="#id_email"' in response.content.decode()


def test_a_made_up_link_signs_nobody_in(client, nuria):
    response = client.post("/portal/sign-in/link/", {"token": "made-up"})

    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert client.get("/portal/cases/").status_code == 302


def test_after_sign_in_the_customer_returns_where_they_were_going(
    client, nuria, django_capture_on_commit_callbacks
):
    case = open_case(customer=nuria)
    assert client.get(f"/portal/cases/{case.reference}/")["location"] == "/portal/sign-in/"
    ask_for_link(client, "nuria@example.cat", django_capture_on_commit_callbacks)
    token = re.search(r"token=([\w-]+)", mail.outbox[0].body)[1]

    response = client.post("/portal/sign-in/link/", {"token": token})

    assert response["location"] == f"/portal/cases/{case.reference}/"


def test_staff_sign_in_is_untouched_by_the_portal(
    client, nuria, people, django_capture_on_commit_callbacks
):
    client.force_login(people.operator)
    ask_for_link(client, "nuria@example.cat", django_capture_on_commit_callbacks)
    token = re.search(r"token=([\w-]+)", mail.outbox[0].body)[1]

    client.post("/portal/sign-in/link/", {"token": token})
    assert client.get("/").status_code == 200
    assert client.get("/portal/cases/").status_code == 200

    signed_out = client.post("/portal/sign-out/", follow=True)
    # Signing in switched the interface to Núria's own language, Catalan.
    assert "Heu tancat la sessió." in signed_out.content.decode()
    assert client.get("/portal/cases/").status_code == 302
    assert client.get("/").status_code == 200


def test_a_staff_member_is_no_customer(client, people):
    client.force_login(people.head)

    assert client.get("/portal/cases/").status_code == 302


# ---------------------------------------------------------------- my cases


def test_my_cases_lists_mine_with_status_and_due_date(nuria, oriol):
    mine = open_case(customer=nuria, type="claim", remedy="refund", subject="Factura duplicada")
    theirs = open_case(customer=oriol, subject="El forn no escalfa")

    content = signed_in(nuria).get("/portal/cases/").content.decode()

    assert f'href="/portal/cases/{mine.reference}/"' in content
    assert "Factura duplicada" in content
    assert "Received" in content
    assert 'data-label="Answer due by"' in content
    assert theirs.reference not in content
    assert "El forn no escalfa" not in content


@pytest.mark.parametrize("count", [1, 8])
def test_my_cases_costs_the_same_queries_however_many_cases(
    nuria, count, django_assert_max_num_queries
):
    for number in range(count):
        open_case(customer=nuria, subject=f"Consulta {number}")
    client = signed_in(nuria)

    with django_assert_max_num_queries(3):
        response = client.get("/portal/cases/")

    assert response.content.decode().count('href="/portal/cases/SAC-') == count


def test_my_cases_says_so_when_there_are_none(nuria):
    assert (
        "You have no cases with us yet." in signed_in(nuria).get("/portal/cases/").content.decode()
    )


# ---------------------------------------------------------------- a case


def test_the_case_page_shows_what_we_wrote_and_never_an_internal_note(nuria, people):
    case = open_case(customer=nuria, subject="La rentadora no centrifuga")
    services.add_message(
        case,
        kind="outbound",
        body="Us enviem un tècnic.",
        actor=people.operator,
        channel="workspace",
    )
    services.add_message(
        case, kind="note", body="Client conflictiu", actor=people.operator, channel="workspace"
    )

    response = signed_in(nuria).get(f"/portal/cases/{case.reference}/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Us enviem un tècnic." in content
    assert "Client conflictiu" not in content
    assert 'id="case-status">In progress<' in content
    assert "Answer due by" in content
    assert "/portal/receipt/" in content
    assert "no-store" in response["cache-control"]


def test_another_customers_case_and_files_are_not_found(nuria, oriol):
    case = open_case(
        customer=oriol, attachments=[SimpleUploadedFile("a.pdf", b"%PDF-1.4", "application/pdf")]
    )
    file = case.messages.get().attachments.get()
    client = signed_in(nuria)

    assert client.get(f"/portal/cases/{case.reference}/").status_code == 404
    assert client.post(f"/portal/cases/{case.reference}/", {"body": "hola"}).status_code == 404
    assert client.get(f"/portal/attachments/{file.pk}/").status_code == 404
    assert case.messages.count() == 1


def test_a_message_hidden_from_the_customer_and_its_files_are_not_shown(nuria, people):
    case = open_case(customer=nuria)
    hidden = services.add_message(
        case,
        kind="inbound",
        body="Tanqueu-lo: ja li hem tornat els diners.",
        actor=None,
        attachments=[SimpleUploadedFile("rebut.txt", b"x\n", "text/plain")],
        channel="email",
        hidden_from_customer=True,
    )
    client = signed_in(nuria)

    content = client.get(f"/portal/cases/{case.reference}/").content.decode()

    assert "ja li hem tornat els diners" not in content
    assert "rebut.txt" not in content
    file = hidden.attachments.get()
    assert client.get(f"/portal/attachments/{file.pk}/").status_code == 404
    staff = Client()
    staff.force_login(people.operator)
    page = staff.get(f"/cases/{case.reference}/").content.decode()
    assert "ja li hem tornat els diners" in page
    assert "Not shown to the customer." in page


def test_only_an_outside_message_can_be_hidden_from_the_customer(nuria, people):
    case = open_case(customer=nuria)

    with pytest.raises(ValueError, match="only an outside message"):
        services.add_message(
            case,
            kind="outbound",
            body="Hola",
            actor=people.operator,
            channel="web",
            hidden_from_customer=True,
        )


@pytest.mark.parametrize("count", [1, 6])
def test_the_case_page_costs_the_same_queries_however_many_messages(
    nuria, people, count, django_assert_max_num_queries
):
    case = open_case(customer=nuria)
    for number in range(count):
        services.add_message(
            case,
            kind="inbound",
            body=f"Missatge {number}",
            actor=None,
            attachments=[SimpleUploadedFile(f"{number}.txt", b"x\n", "text/plain")],
            channel="email",
        )
    client = signed_in(nuria)

    with django_assert_max_num_queries(5):
        response = client.get(f"/portal/cases/{case.reference}/")

    assert response.content.decode().count('href="/portal/attachments/') == count


def test_a_reply_with_a_file_reaches_the_case_from_the_web(nuria, people):
    case = open_case(customer=nuria)
    services.set_status(case, "waiting_customer", actor=people.operator)
    photo = SimpleUploadedFile("placa.jpg", b"\xff\xd8\xff jpeg", content_type="image/jpeg")

    response = signed_in(nuria).post(
        f"/portal/cases/{case.reference}/",
        {"body": "Adjunto la foto de la placa.", "attachments": [photo]},
        follow=True,
    )

    reply = Message.objects.filter(case=case).latest("id")
    assert (reply.kind, reply.channel, reply.author) == ("inbound", "web", None)
    assert reply.attachments.get().filename == "placa.jpg"
    case.refresh_from_db()
    assert case.status == "open"
    content = response.content.decode()
    assert "Your reply has been sent." in content
    assert "Adjunto la foto de la placa." in content


def test_an_empty_reply_is_a_form_error(nuria):
    case = open_case(customer=nuria)

    response = signed_in(nuria).post(f"/portal/cases/{case.reference}/", {"body": ""})

    assert response.status_code == 422
    assert 'href="#id_body"' in response.content.decode()
    assert case.messages.count() == 1


def test_a_case_closed_long_ago_takes_no_reply(nuria, people, settings):
    settings.CASE_REOPEN_WINDOW_DAYS = 0
    case = open_case(customer=nuria)
    services.close_case(case, actor=people.operator)
    client = signed_in(nuria)

    page = client.get(f"/portal/cases/{case.reference}/").content.decode()
    posted = client.post(f"/portal/cases/{case.reference}/", {"body": "Encara hi sou?"})

    assert 'id="reply-form"' not in page
    assert "This case is closed" in page
    assert posted.status_code == 422
    assert case.messages.count() == 1


def test_a_merged_case_leads_to_the_one_it_was_merged_into(nuria, people):
    from mostrador.cases import relations

    kept = open_case(customer=nuria)
    duplicate = open_case(customer=nuria)
    relations.merge_cases(duplicate, into=kept, actor=people.operator)

    response = signed_in(nuria).get(f"/portal/cases/{duplicate.reference}/")

    assert response["location"] == f"/portal/cases/{kept.reference}/"


def test_files_download_from_own_cases_never_inline(nuria, people):
    case = open_case(
        customer=nuria, attachments=[SimpleUploadedFile("f.pdf", b"%PDF-1", "application/pdf")]
    )
    note = services.add_message(
        case,
        kind="note",
        body="intern",
        actor=people.operator,
        attachments=[SimpleUploadedFile("intern.pdf", b"%PDF-2", "application/pdf")],
        channel="workspace",
    )
    client = signed_in(nuria)

    mine = client.get(
        f"/portal/attachments/{case.messages.get(kind='inbound').attachments.get().pk}/"
    )
    internal = client.get(f"/portal/attachments/{note.attachments.get().pk}/")

    assert b"".join(mine.streaming_content) == b"%PDF-1"
    assert mine["content-disposition"].startswith("attachment")
    assert "sandbox" in mine["content-security-policy"]
    assert internal.status_code == 404
    assert Client().get("/portal/attachments/1/").status_code == 302


def test_a_signed_in_customer_files_without_giving_their_address_again(nuria, client):
    client = signed_in(nuria)
    form = client.get("/portal/new/complaint/").content.decode()
    assert 'id="id_email"' not in form

    client.post(
        "/portal/new/complaint/",
        {"subject": "Tracte", "body": "Em van penjar el telèfon.", "place": "Botiga de Gràcia"},
    )

    case = nuria.cases.get()
    assert "Where it happened: Botiga de Gràcia" in case.messages.get().body


# ---------------------------------------------------------------- your rights


def test_the_rights_index_lists_each_profile_and_marks_ours(client):
    content = client.get("/portal/rights/", headers={"accept-language": "es"}).content.decode()

    for profile in ("eu", "es", "es-ct"):
        assert f'href="/portal/rights/{profile}/"' in content
    assert "Sus derechos como persona consumidora en Cataluña" in content


def test_the_catalan_rights_page_gives_deadline_forms_and_authority_with_sources(client):
    response = client.get("/portal/rights/es-ct/", headers={"accept-language": "ca"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Els vostres drets com a persona consumidora a Catalunya" in content
    assert "Codi de consum" in content  # the deadline rule's source
    assert 'href="http://consum.gencat.cat/ca/el-consum/despres-de-la-compra/' in content
    assert "fulls oficials" in content
    assert "Agència Catalana del Consum" in content
    assert 'href="/portal/rights/es/"' in content


def test_the_spanish_page_shows_deadlines_to_come_with_their_date(client):
    content = client.get("/portal/rights/es/").content.decode()

    assert "15 calendar days" in content
    assert "15 working days" in content
    assert "5 calendar days" in content
    assert "for Billing" in content
    assert "from 28 December 2026" in content


def test_the_catalan_page_also_shows_the_spanish_deadline_and_which_binds(client):
    content = client.get("/portal/rights/es-ct/").content.decode()

    assert "1 month</strong> · Catalonia" in content
    assert "15 calendar days</strong> · Spain" in content
    assert "the shortest one binds us" in content


def test_a_disabled_rule_is_not_shown(client):
    DeadlineRule.objects.filter(profile="es-ct").update(enabled=False)

    assert "1 month" not in client.get("/portal/rights/es-ct/").content.decode()


def test_an_unknown_profile_has_no_rights_page(client):
    assert client.get("/portal/rights/fr/").status_code == 404


def test_a_source_that_is_not_a_web_address_is_not_a_link(client):
    from mostrador.compliance.models import RightsNotice

    RightsNotice.objects.filter(profile="eu").update(sources=["javascript:alert(1)"])

    assert "javascript:" not in client.get("/portal/rights/eu/").content.decode()
