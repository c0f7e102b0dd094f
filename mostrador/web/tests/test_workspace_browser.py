"""Staff journeys in a real browser (Chromium): intake at the phone, the case page, approvals."""

from decimal import Decimal

import pytest

from mostrador.testing.browser import SCREENSHOTS, signed_in_page
from mostrador.testing.personas import create_personas
from mostrador.testing.reference_data import restore_reference_data

pytestmark = pytest.mark.browser


def _errors(page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def test_an_operator_logs_a_phone_call_in_catalan_and_reads_back_the_reference(
    browser, live_server
):
    from mostrador.cases.models import Case
    from mostrador.cases.tests.factories import make_customer

    restore_reference_data()
    people = create_personas()
    caller = make_customer(name="Jordi Vila", email="jordi@example.cat")
    caller.contacts.create(kind="phone", value="+34612345678", is_primary=True)
    page = signed_in_page(
        browser,
        live_server.url,
        people.operator,
        locale="ca-ES",
        viewport={"width": 1200, "height": 900},
    )
    errors = _errors(page)

    page.goto(f"{live_server.url}/")
    page.keyboard.press("i")  # the shortcut to the intake form
    page.wait_for_url(f"{live_server.url}/intake/")
    assert page.locator("h1").inner_text() == "Registra un contacte"
    page.fill("#find", "612 34")  # found as the operator types, in any written form
    page.locator(".customer-choice", has_text="Jordi Vila").locator("input").check()
    page.select_option("#id_type", "complaint")
    page.fill("#id_subject", "El tècnic no va venir")
    page.fill("#id_body", "Havia de venir dimarts al matí i no va venir ningú.")
    page.screenshot(path=SCREENSHOTS / "intake-ca.png", full_page=True)
    page.click("text=Obre el cas")
    page.wait_for_url(f"{live_server.url}/intake/done/**")

    case = Case.objects.get()
    assert page.locator("#reference").inner_text() == case.reference
    assert (case.customer, case.channel, case.owner) == (caller, "phone", people.operator)
    page.screenshot(path=SCREENSHOTS / "readback-ca.png")
    assert errors == []


def test_an_operator_replies_from_the_case_page_with_the_keyboard(browser, live_server):
    from mostrador.cases import levels, presence
    from mostrador.cases.models import SavedReply
    from mostrador.cases.tests.factories import open_case

    restore_reference_data()
    people = create_personas()
    case = open_case(
        actor=people.operator,
        type="claim",
        remedy="compensation",
        amount=Decimal("120"),
        subject="La rentadora va inundar la cuina",
        body="La rentadora nova va perdre aigua i es va fer malbé el parquet de la cuina.",
    )
    levels.request_consultation(
        case,
        department=people.technical_service,
        question="Podeu revisar la rentadora?",
        actor=people.operator,
    )
    SavedReply.objects.create(
        name="Acusament",
        language="ca",
        body="Benvolguda {customer_name}, hem rebut la reclamació {reference}.",
    )
    presence.mark_viewing(case, people.head)
    page = signed_in_page(
        browser,
        live_server.url,
        people.operator,
        locale="en-GB",
        viewport={"width": 1280, "height": 1000},
    )
    errors = _errors(page)

    page.goto(f"{live_server.url}/cases/{case.reference}/")
    assert "also has this case open" in page.locator("#presence").inner_text()
    assert page.locator(".countdown").count() >= 1
    page.keyboard.press("?")
    assert page.locator("#shortcuts").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#shortcuts").is_visible()
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "id_message-body"
    page.select_option("#saved-reply", label="Acusament")
    assert "hem rebut la reclamació " + case.reference in page.input_value("#id_message-body")
    page.screenshot(path=SCREENSHOTS / "case.png", full_page=True)
    page.click("#reply-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/cases/{case.reference}/")

    assert page.locator(".entry.message-outbound").count() == 1
    assert "Reply sent." in page.locator(".messages").inner_text()

    # Single-key shortcuts can be turned off (WCAG 2.1.4), from the help the button opens.
    page.click("[data-open-shortcuts]")
    page.uncheck("#shortcuts-enabled")
    page.keyboard.press("Escape")
    page.reload()
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") != "id_message-body"
    assert errors == []


def test_a_head_approves_a_compensation_from_the_inbox_in_spanish(browser, live_server):
    from mostrador.cases import levels
    from mostrador.cases.tests.factories import open_case

    restore_reference_data()
    people = create_personas()
    case = open_case(
        actor=people.operator,
        type="claim",
        remedy="compensation",
        amount=Decimal("900"),
        subject="Danys per una fuita de la rentadora",
    )
    approval = levels.request_approval(
        case,
        action="compensation",
        amount=Decimal("900"),
        actor=people.operator,
        reason="Factura del parquet adjunta",
    )
    page = signed_in_page(
        browser,
        live_server.url,
        people.head,
        locale="es-ES",
        viewport={"width": 1200, "height": 800},
    )
    errors = _errors(page)

    page.goto(f"{live_server.url}/approvals/")
    assert page.locator("h1").inner_text() == "Autorizaciones"
    assert "Factura del parquet adjunta" in page.locator("main").inner_text()
    page.screenshot(path=SCREENSHOTS / "approvals-es.png", full_page=True)
    page.click("button:has-text('Autorizar')")
    page.wait_for_url(f"{live_server.url}/approvals/")

    assert "Autorizado." in page.locator(".messages").inner_text()
    approval.refresh_from_db()
    assert (approval.status, approval.decided_by) == ("approved", people.head)
    assert errors == []


def test_the_case_page_fits_a_phone_screen(browser, live_server):
    from mostrador.cases.tests.factories import open_case

    restore_reference_data()
    people = create_personas()
    case = open_case(actor=people.operator)
    page = signed_in_page(
        browser,
        live_server.url,
        people.operator,
        locale="es-ES",
        viewport={"width": 390, "height": 844},
    )
    for path in (f"/cases/{case.reference}/", "/intake/", "/queues/mine/", "/approvals/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    page.screenshot(path=SCREENSHOTS / "case-phone-es.png", full_page=True)
