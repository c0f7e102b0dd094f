"""Quick intake in a real browser: the caller search takes the keyboard at once, lists the
best match first and says when there are more; a reference typed in the top bar opens it."""

import re

import pytest

from mostrador.testing.browser import signed_in_page
from mostrador.testing.personas import create_personas
from mostrador.testing.reference_data import restore_reference_data

pytestmark = pytest.mark.browser


def _errors(page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def _callers():
    """Twelve customers whose numbers start 612 000 0…, and a shop with one in its name."""
    from mostrador.customers import services

    services.create_customer(name="Botiga 612000005", actor=None)
    for number in range(12):
        services.create_customer(
            name=f"Client {number:02d}", phones=[f"612 000 0{number:02d}"], actor=None
        )


def test_an_operator_finds_the_caller_at_once_and_opens_a_case_by_its_reference_in_spanish(
    browser, live_server
):
    from playwright.sync_api import expect

    from mostrador.cases.tests.factories import open_case

    restore_reference_data()
    people = create_personas()
    _callers()
    case = open_case(actor=people.operator, subject="La lavadora pierde agua", language="es")
    page = signed_in_page(
        browser,
        live_server.url,
        people.operator,
        locale="es-ES",
        viewport={"width": 1440, "height": 900},
    )
    errors = _errors(page)

    page.goto(f"{live_server.url}/")
    page.keyboard.press("i")
    page.wait_for_url(f"{live_server.url}/intake/")
    assert page.evaluate("document.activeElement.id") == "find"
    page.keyboard.type("612")  # no click: the box already has the keyboard
    more = page.locator("#customer-more")
    more.wait_for()
    # 10 shown of 13, in whatever words the Spanish translation puts them.
    assert re.search(r"\b10\b.*\b13\b", more.inner_text())
    choices = page.locator(".customer-choice strong")
    assert choices.count() == 10
    assert choices.first.inner_text() == "Client 00"  # numbers starting so, before the shop

    page.keyboard.type(" 000 005")  # the whole number: that caller first, then the shop
    expect(more).to_have_count(0)
    expect(choices).to_have_text(["Client 05", "Botiga 612000005"])

    page.fill("#topbar-q", f"  {case.reference.lower()} ")
    page.press("#topbar-q", "Enter")
    page.wait_for_url(f"{live_server.url}/cases/{case.reference}/")
    expect(page.locator("main")).to_contain_text(case.reference)
    assert errors == []


def test_the_intake_screen_fits_a_phone_in_english(browser, live_server):
    restore_reference_data()
    people = create_personas()
    _callers()
    page = signed_in_page(
        browser,
        live_server.url,
        people.operator,
        locale="en-GB",
        viewport={"width": 390, "height": 844},
    )
    errors = _errors(page)

    page.goto(f"{live_server.url}/intake/")
    assert page.locator("h1").inner_text() == "Log a contact"
    assert page.evaluate("document.activeElement.id") == "find"
    page.keyboard.type("612")
    page.locator("#customer-more").wait_for()

    assert page.locator("#customer-more").inner_text() == ("Showing 10 of 13 — type more to narrow")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert errors == []
