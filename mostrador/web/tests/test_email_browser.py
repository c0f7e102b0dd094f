"""A customer's email on the case page, in a real browser: folded quotes, the formatted
version in its sandbox, a reply and whether it reached the customer."""

import pytest

from mostrador.testing.browser import SCREENSHOTS, signed_in_page
from mostrador.testing.personas import create_personas
from mostrador.testing.reference_data import restore_reference_data

pytestmark = pytest.mark.browser

QUOTED_REPLY = (
    "Bon dia,\n\nEl tècnic va venir però la rentadora continua sense centrifugar. Us adjunto "
    "una foto de la pantalla.\n\nNúria\n\n"
    "El dv., 5 de des. 2026, a les 10:03, Atenció al Client <atencio@example.com> va escriure:\n"
    "> Benvolguda Núria,\n> Dijous us visitarà un tècnic.\n"
)


def test_an_operator_reads_a_customers_email_and_answers_it(browser, live_server):
    from mostrador.cases.models import Case
    from mostrador.channels.email import inbound
    from mostrador.channels.email.models import OutboundEmail
    from mostrador.channels.email.tests.factories import make_mailbox, write_email

    restore_reference_data()
    people = create_personas()
    mailbox = make_mailbox(people.customer_service)
    inbound.receive(
        write_email(
            subject="La rentadora continua igual",
            body=QUOTED_REPLY,
            html="<p>Bon dia,</p><p>El tècnic va venir però la rentadora <b>continua</b> "
            "sense centrifugar.</p><script>alert(1)</script>",
        ),
        mailbox,
        source="smtp",
    )
    case = Case.objects.get()
    page = signed_in_page(
        browser,
        live_server.url,
        people.operator,
        locale="ca-ES",
        viewport={"width": 1200, "height": 900},
    )
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server.url}/cases/{case.reference}/")
    entry = page.locator(".entry.message-inbound")
    assert "continua sense centrifugar" in entry.locator(".entry-body").first.inner_text()
    assert not entry.locator(".quoted .entry-body").is_visible()
    entry.locator("summary", has_text="Mostra el text citat").click()
    assert "Dijous us visitarà un tècnic." in entry.locator(".quoted .entry-body").inner_text()

    with page.expect_popup() as popup:
        entry.locator("a", has_text="Versió amb format").click()
    formatted = popup.value
    formatted.wait_for_load_state()
    assert formatted.locator("b").inner_text() == "continua"
    assert formatted.locator("script").count() == 0
    formatted.close()

    page.fill("#id_message-body", "Benvolguda Núria, us tornem a enviar el tècnic dilluns.")
    page.click("#reply-form button[type=submit]")
    page.wait_for_load_state()

    reply = OutboundEmail.objects.get(case=case, kind="cases.reply")
    assert reply.status == "sent"
    delivery = page.locator(".entry.message-outbound .delivery")
    assert "nuria@example.cat" in delivery.inner_text()
    assert "Enviat" in delivery.inner_text()
    page.locator("summary", has_text="Mostra el text citat").click()
    page.screenshot(path=SCREENSHOTS / "case-email-ca.png", full_page=True)
    assert errors == []
