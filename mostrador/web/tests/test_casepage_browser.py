"""The case page in a real browser: take a case and send-and-resolve on a desktop screen, and
the customer panel on a phone, in Catalan, without the page scrolling sideways."""

import pytest

from mostrador.testing.browser import SCREENSHOTS, signed_in_page
from mostrador.testing.personas import create_personas
from mostrador.testing.reference_data import restore_reference_data

pytestmark = pytest.mark.browser


def _errors(page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def _customer():
    from mostrador.customers import services as customer_services

    return customer_services.create_customer(
        name="Núria Puig i Ferrer",
        emails=["nuria.puig.ferrer.llarga@exemple-de-domini-llarg.cat"],
        phones=["+34 600 111 222"],
        language="ca",
        actor=None,
    )


def test_an_operator_takes_a_case_and_sends_and_resolves_it(browser, live_server):
    from mostrador.cases.models import Case
    from mostrador.cases.tests.factories import open_case

    restore_reference_data()
    people = create_personas()
    case = open_case(customer=_customer(), subject="La rentadora no centrifuga")
    Case.objects.filter(pk=case.pk).update(handler=None, owner=people.head)
    page = signed_in_page(
        browser,
        live_server.url,
        people.operator,
        locale="en-GB",
        viewport={"width": 1440, "height": 900},
    )
    errors = _errors(page)

    page.goto(f"{live_server.url}/cases/{case.reference}/")
    page.click("#take-case")
    page.wait_for_selector("text=The case is yours now.")
    assert page.locator("#take-case").count() == 0
    assert Case.objects.get(pk=case.pk).handler == people.operator

    page.fill("#id_message-body", "Hem canviat la peça: ja centrifuga.")
    page.get_by_role("button", name="Send and resolve").click()
    page.wait_for_selector("text=Reply sent. Case resolved: the customer has been told.")

    case.refresh_from_db()
    assert case.status == "resolved"
    assert case.messages.filter(kind="outbound").get().body.startswith("Hem canviat la peça")
    assert page.locator(".timeline").get_by_text("Hem canviat la peça").is_visible()
    page.screenshot(path=SCREENSHOTS / "case-resolved-en.png", full_page=True)
    assert errors == []


def test_the_customer_panel_on_a_phone_in_catalan(browser, live_server):
    from mostrador.cases.tests.factories import open_case

    restore_reference_data()
    people = create_personas()
    nuria = _customer()
    case = open_case(customer=nuria, actor=people.operator, subject="La rentadora no centrifuga")
    open_case(customer=nuria, actor=people.operator, subject="Una altra consulta sobre la factura")
    page = signed_in_page(
        browser,
        live_server.url,
        people.operator,
        locale="ca-ES",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    errors = _errors(page)

    page.goto(f"{live_server.url}/cases/{case.reference}/")

    assert page.locator("html").get_attribute("lang") == "ca"
    panel = page.locator("#customer-panel")
    panel.scroll_into_view_if_needed()
    assert panel.is_visible()
    mail_link = panel.locator('a[href^="mailto:"]')
    assert mail_link.is_visible()
    assert panel.locator('a[href="tel:+34600111222"]').is_visible()
    assert panel.get_by_text("Una altra consulta sobre la factura").is_visible()
    box = mail_link.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 390
    overflow = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert overflow, "the page does not scroll sideways"
    assert errors == []
