"""Journeys in a real browser (Chromium) against the live server."""

import datetime as dt

import pytest
from django.utils import timezone

from mostrador.testing.browser import SCREENSHOTS, signed_in_page
from mostrador.testing.personas import create_personas

pytestmark = pytest.mark.browser


def test_a_head_signs_in_switches_to_spanish_and_reads_the_departments(browser, live_server):
    people = create_personas()
    people.head.language = "ca"  # her saved language: the interface follows it after sign-in
    people.head.save()
    page = browser.new_page(locale="ca-ES", viewport={"width": 1200, "height": 800})
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )

    page.goto(f"{live_server.url}/login/")
    assert page.locator("h1").inner_text() == "Iniciar sessió"
    page.fill("#id_username", "montserrat")
    page.fill("#id_password", "secret-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Hola, Montserrat"

    page.select_option("#language-select", "es")  # submits itself (app.js)
    page.wait_for_load_state()
    page.click("text=Departamentos")
    page.wait_for_url(f"{live_server.url}/departments/")

    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Departamentos"
    assert page.locator("tbody tr").count() == 2
    page.screenshot(path=SCREENSHOTS / "departments-es.png", full_page=True)
    assert errors == []


def test_the_keyboard_reaches_the_content_first(browser, live_server):
    people = create_personas()
    page = signed_in_page(browser, live_server.url, people.operator, locale="en-GB")
    page.goto(f"{live_server.url}/departments/")

    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()


def test_an_operator_works_from_the_queue_in_catalan(browser, live_server):
    from mostrador.cases.models import Case, SLAPolicy
    from mostrador.cases.tests.factories import make_customer, open_case

    people = create_personas()
    # Live-server tests flush the database between tests, data migrations' rows included.
    SLAPolicy.objects.get_or_create(
        name="Default", defaults={"first_response_minutes": 480, "resolution_minutes": 2400}
    )
    customer = make_customer()
    for subject in ("La rentadora no centrifuga", "Factura duplicada", "El forn no escalfa"):
        open_case(actor=people.operator, customer=customer, subject=subject)
    past = timezone.now() - dt.timedelta(hours=1)  # really late, as the queue works it out
    Case.objects.filter(subject="Factura duplicada").update(resolution_due=past)
    page = signed_in_page(
        browser,
        live_server.url,
        people.operator,
        locale="ca-ES",
        viewport={"width": 1200, "height": 700},
    )

    page.goto(f"{live_server.url}/queues/unassigned/")
    page.click("text=Els meus casos")  # Catalan, from the browser's language
    page.wait_for_url(f"{live_server.url}/queues/mine/")

    assert page.locator("tbody tr").count() == 3
    assert page.locator("tr.sla-breached").count() == 1
    page.screenshot(path=SCREENSHOTS / "queue.png", full_page=True)
