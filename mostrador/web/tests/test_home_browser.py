"""The home page and the approvals inbox in a real browser (Chromium)."""

import datetime as dt
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


def _approvals(people, subjects):
    from mostrador.cases import levels
    from mostrador.cases.tests.factories import open_case

    return [
        levels.request_approval(
            open_case(
                actor=people.operator,
                type="claim",
                remedy="compensation",
                amount=Decimal("900"),
                subject=subject,
            ),
            action="compensation",
            amount=Decimal("900"),
            actor=people.operator,
            reason="Factura adjunta",
        )
        for subject in subjects
    ]


def test_a_head_approves_one_request_and_rejects_another_in_place_in_spanish(
    browser, live_server, tmp_path
):
    restore_reference_data()
    people = create_personas()
    first, second = _approvals(people, ["Danys a la cuina", "Rentadora nova"])
    page = signed_in_page(
        browser,
        live_server.url,
        people.head,
        locale="es-ES",
        viewport={"width": 1440, "height": 900},
    )
    errors = _errors(page)

    page.goto(f"{live_server.url}/approvals/")
    assert page.locator("h1").inner_text() == "Autorizaciones"
    assert page.locator("#approvals tbody tr").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=tmp_path / "approvals-inbox-es.png", full_page=True)

    page.locator(f"#approval-{first.pk} button[value=yes]").click()
    page.wait_for_url(f"{live_server.url}/approvals/")
    assert "Autorizado." in page.locator(".messages").inner_text()
    assert page.locator("#approvals tbody tr").count() == 1

    # Rejecting without a comment is stopped in the browser, before anything is sent.
    row = page.locator(f"#approval-{second.pk}")
    row.locator("button[value=no]").click()
    assert page.evaluate(
        f"document.getElementById('decide-reason-{second.pk}').validationMessage"
    ) == ("Indique por qué se deniega la solicitud.")
    second.refresh_from_db()
    assert second.status == "pending"

    row.locator("input[name=decide-reason]").fill("No hi ha factura del parquet")
    row.locator("button[value=no]").click()
    page.wait_for_url(f"{live_server.url}/approvals/")
    assert "Denegado." in page.locator(".messages").inner_text()
    assert page.locator("#approvals").count() == 0

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.decided_by) == ("approved", people.head)
    assert (second.status, second.decision_reason) == ("rejected", "No hi ha factura del parquet")
    assert errors == []


def test_the_home_page_fits_a_phone_in_catalan(browser, live_server, tmp_path):
    from mostrador.cases import levels
    from mostrador.cases.models import Case
    from mostrador.cases.tests.factories import open_case
    from mostrador.core import timeutils

    restore_reference_data()
    people = create_personas()
    _approvals(people, ["Una reclamació amb un assumpte molt llarg que no cap en una línia"])
    for n in range(4):
        case = open_case(actor=people.head, subject=f"Cas de la cap número {n} " + "molt " * 20)
        Case.objects.filter(pk=case.pk).update(
            resolution_due=timeutils.now() + dt.timedelta(minutes=(-30 if n % 2 else 20))
        )
    levels.request_consultation(
        open_case(actor=people.technician, department=people.technical_service),
        department=people.customer_service,
        question="Quina data de compra consta a la factura? " * 5,
        actor=people.technician,
    )
    page = signed_in_page(
        browser,
        live_server.url,
        people.head,
        locale="ca-ES",
        viewport={"width": 390, "height": 844},
    )
    errors = _errors(page)

    page.goto(f"{live_server.url}/")

    assert page.locator("html").get_attribute("lang") == "ca"
    assert page.locator("#figures").count() == 1
    assert page.locator("#late tbody tr").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=tmp_path / "home-phone-ca.png", full_page=True)
    for path in ("/approvals/", "/consultations/", "/followups/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    assert errors == []


def test_the_home_page_at_1440_shows_everything_without_scrolling_sideways(
    browser, live_server, tmp_path
):
    restore_reference_data()
    people = create_personas()
    _approvals(people, ["Danys a la cuina"])
    page = signed_in_page(
        browser,
        live_server.url,
        people.admin,
        locale="en-GB",
        viewport={"width": 1440, "height": 900},
    )

    page.goto(f"{live_server.url}/")

    assert page.locator("#health").is_visible()
    assert page.locator("#queues .tile").count() == 5
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=SCREENSHOTS / "home-en.png", full_page=True)
