"""No serious or critical accessibility fault (axe-core, WCAG 2.1 A/AA) on the pages staff and
customers use most, in Catalan, on a desktop screen and on a phone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from mostrador.testing.accessibility import axe_violations, format_violations, require_axe
from mostrador.testing.browser import signed_in_page
from mostrador.testing.personas import Personas, create_personas
from mostrador.testing.reference_data import restore_reference_data

pytestmark = pytest.mark.browser
SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


@dataclass
class Story:
    people: Personas
    case: Any


def _story() -> Story:
    """A claim the operator answered, asked the technical service about, and sent to the head
    for an authorisation beyond their limit."""
    from mostrador.cases import levels, services
    from mostrador.cases.tests.factories import make_customer, open_case

    restore_reference_data()
    people = create_personas()
    customer = make_customer(name="Núria Puig", email="nuria@example.cat")
    customer.contacts.create(kind="phone", value="+34612345678", is_primary=True)
    case = open_case(
        actor=people.operator,
        customer=customer,
        type="claim",
        remedy="compensation",
        amount=Decimal("900"),
        subject="La rentadora va inundar la cuina",
        body="La rentadora nova va perdre aigua i es va fer malbé el parquet de la cuina.",
    )
    services.add_message(
        case,
        kind="outbound",
        body="Benvolguda Núria, hem rebut la reclamació i la revisarem aviat.",
        actor=people.operator,
        channel="workspace",
    )
    levels.request_consultation(
        case,
        department=people.technical_service,
        question="Podeu revisar la rentadora?",
        actor=people.operator,
    )
    levels.request_approval(
        case,
        action="compensation",
        amount=Decimal("900"),
        actor=people.operator,
        reason="Factura del parquet adjunta",
    )
    return Story(people=people, case=case)


@pytest.fixture
def axe_core():
    """Skip before Chromium starts when axe-core is not installed."""
    return require_axe()


def _check(page: Any, name: str, found: dict[str, str]) -> None:
    violations = axe_violations(page)
    if violations:
        found[name] = format_violations(violations)


def _report(found: dict[str, str]) -> str:
    return "\n".join(f"{name}:\n{text}" for name, text in found.items())


def _customer_page(browser: Any, live_server_url: str, customer: Any, **options: Any) -> Any:
    """A page whose browser carries ``customer``'s portal session (no sign-in link followed)."""
    from django.conf import settings

    from mostrador.testing.portal import signed_in

    client = signed_in(customer)
    context = browser.new_context(**options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server_url,
            }
        ]
    )
    return context.new_page()


@pytest.mark.parametrize("size", SIZES)
def test_the_staff_pages_have_no_serious_accessibility_fault(axe_core, browser, live_server, size):
    story = _story()
    people, url, found = story.people, live_server.url, {}
    options = {"locale": "ca-ES", "viewport": SIZES[size]}

    operator = signed_in_page(browser, url, people.operator, **options)
    operator.goto(f"{url}/queues/")
    assert operator.locator("html").get_attribute("lang") == "ca"
    _check(operator, "queue", found)
    operator.goto(f"{url}/cases/{story.case.reference}/")
    _check(operator, "case page", found)
    operator.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    _check(operator, "case page with every action open", found)
    operator.goto(f"{url}/intake/")
    operator.fill("#find", "612 34")
    operator.locator(".customer-choice", has_text="Núria Puig").wait_for()
    _check(operator, "intake with the caller found", found)

    head = signed_in_page(browser, url, people.head, **options)
    head.goto(f"{url}/approvals/")
    assert "Factura del parquet adjunta" in head.locator("main").inner_text()
    _check(head, "approvals inbox", found)

    technician = signed_in_page(browser, url, people.technician, **options)
    technician.goto(f"{url}/consultations/")
    assert "Podeu revisar la rentadora?" in technician.locator("main").inner_text()
    _check(technician, "consultations inbox", found)

    assert not found, f"Accessibility faults at {size} size:\n{_report(found)}"


@pytest.mark.parametrize("size", SIZES)
def test_the_portal_pages_have_no_serious_accessibility_fault(axe_core, browser, live_server, size):
    story = _story()
    url, found = live_server.url, {}
    options = {"locale": "ca-ES", "viewport": SIZES[size]}

    customer = _customer_page(browser, url, story.case.customer, **options)
    customer.goto(f"{url}/portal/cases/{story.case.reference}/")
    assert "hem rebut la reclamació" in customer.locator("main").inner_text()
    _check(customer, "portal case page", found)

    visitor = browser.new_page(**options)
    visitor.goto(f"{url}/portal/")
    assert visitor.locator("html").get_attribute("lang") == "ca"
    _check(visitor, "portal home", found)
    visitor.goto(f"{url}/portal/new/claim/")
    _check(visitor, "portal claim form", found)
    visitor.click("#case-form button[type=submit]")  # empty: the errors are listed
    visitor.locator(".form-errors").wait_for()
    _check(visitor, "portal claim form with errors", found)
    visitor.fill("#id_name", "Jordi Vila")
    visitor.fill("#id_email", "jordi@example.cat")
    visitor.fill("#id_subject", "El forn no escalfa")
    visitor.fill("#id_body", "El forn nou no arriba a la temperatura que marca.")
    visitor.select_option("#id_remedy", "repair")
    visitor.click("#case-form button[type=submit]")
    visitor.wait_for_url(re.compile(r".*/portal/receipt/[^/]+/$"))
    _check(visitor, "portal receipt", found)

    assert not found, f"Accessibility faults at {size} size:\n{_report(found)}"
