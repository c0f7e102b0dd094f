"""A customer's journey through the portal in a real browser (Chromium), on a phone screen."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from mostrador.testing.browser import SCREENSHOTS
from mostrador.testing.personas import create_personas

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def seed_rules():
    """What data migrations seed: live-server tests flush those rows between tests."""
    from mostrador.cases.models import SLAPolicy
    from mostrador.compliance.models import DeadlineRule, DeadlineRuleText, RightsNotice

    SLAPolicy.objects.get_or_create(
        name="Default", defaults={"first_response_minutes": 480, "resolution_minutes": 2400}
    )
    rule, _created = DeadlineRule.objects.get_or_create(
        profile="es-ct",
        key="complaint.answer_deadline",
        defaults={
            "case_types": ["complaint", "claim"],
            "value": 1,
            "unit": "months",
            "certainty": "C",
            "source": "Llei 22/2010, del Codi de consum de Catalunya",
            "source_url": "http://consum.gencat.cat/",
        },
    )
    DeadlineRuleText.objects.get_or_create(
        rule=rule,
        language="ca",
        defaults={
            "name": "Resposta a queixes i reclamacions: un mes (Codi de consum de Catalunya)",
            "source": "Llei 22/2010, del Codi de consum de Catalunya",
        },
    )
    RightsNotice.objects.get_or_create(
        profile="es-ct",
        language="ca",
        defaults={
            "title": "Els vostres drets com a persona consumidora a Catalunya",
            "summary": "El Codi de consum de Catalunya s'aplica a totes les empreses.",
            "authority": "Agència Catalana del Consum",
            "authority_text": "Si en un mes no teniu resposta, adreceu-vos a l'Agència.",
            "authority_url": "http://consum.gencat.cat/",
            "certainty": "C",
            "sources": ["http://consum.gencat.cat/"],
        },
    )


def watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    return errors


def file_a_claim(page, url):
    page.goto(f"{url}/portal/")
    assert page.locator("html").get_attribute("lang") == "ca"
    page.click("#kind-claim")
    page.wait_for_url(f"{url}/portal/new/claim/")
    assert page.locator("#rights-link").get_attribute("href") == "/portal/rights/es-ct/"
    page.fill("#id_name", "Núria Puig")
    page.fill("#id_email", "nuria@example.cat")
    page.fill("#id_subject", "La rentadora va inundar la cuina")
    page.fill("#id_purchase_reference", "F-2026-0042")
    page.fill(
        "#id_body", "El primer dia d'ús la rentadora va perdre aigua i va fer malbé el parquet."
    )
    page.select_option("#id_remedy", "compensation")
    page.fill("#id_amount", "120.50")
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "factura.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}],
    )
    page.screenshot(path=SCREENSHOTS / "portal-claim-ca.png", full_page=True)
    # Sent from the keyboard, as someone without a mouse would.
    page.locator("#case-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/portal/receipt/[^/]+/$"))


def sign_in_by_email(page, url):
    page.click("header a[href='/portal/sign-in/']")
    page.fill("#id_email", "nuria@example.cat")
    page.click("#sign-in-form button[type=submit]")
    page.wait_for_url(f"{url}/portal/sign-in/sent/")
    body = mail.outbox[-1].body
    link = re.search(r"http://\S+/portal/sign-in/link/\?token=[\w-]+", body)[0]
    page.goto(link)
    page.click("#redeem")
    page.wait_for_url(f"{url}/portal/cases/")


def test_a_customer_files_a_claim_in_catalan_then_signs_in_and_replies(browser, live_server):
    from mostrador.cases.models import Case

    create_personas()
    seed_rules()
    page = browser.new_page(locale="ca-ES", viewport=PHONE)
    errors = watch_console(page)

    file_a_claim(page, live_server.url)
    case = Case.objects.get()
    assert (case.type, case.channel, case.language) == ("claim", "web", "ca")
    assert (case.claim.remedy, case.claim.amount_asked) == ("compensation", Decimal("120.50"))
    assert page.locator("#receipt-reference").inner_text() == case.reference
    assert "Codi de consum de Catalunya" in page.locator(".receipt").inner_text()
    assert page.locator(".print-button").is_visible()
    assert "/portal/rights/es-ct/" in page.locator(".receipt-rights a").get_attribute("href")
    page.screenshot(path=SCREENSHOTS / "portal-receipt-ca.png", full_page=True)

    sign_in_by_email(page, live_server.url)
    assert case.reference in page.locator("#my-cases").inner_text()
    page.click(f"#my-cases a[href='/portal/cases/{case.reference}/']")
    page.wait_for_url(f"{live_server.url}/portal/cases/{case.reference}/")
    page.fill("#id_body", "Us adjunto les fotos del parquet quan vingui el tècnic.")
    page.click("#reply-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/portal/cases/{case.reference}/")
    assert "Us adjunto les fotos del parquet" in page.locator("#thread").inner_text()
    assert case.messages.filter(kind="inbound", channel="web").count() == 2

    page.select_option("#language-select", "es")  # submits itself (app.js)
    page.wait_for_function("document.documentElement.lang === 'es'")
    assert page.locator("#case-reference").inner_text() == case.reference
    page.screenshot(path=SCREENSHOTS / "portal-case-es.png", full_page=True)
    assert errors == []


def test_the_portal_fits_a_phone_and_the_keyboard_reaches_the_content_first(browser, live_server):
    create_personas()
    seed_rules()
    page = browser.new_page(locale="es-ES", viewport=PHONE)

    page.goto(f"{live_server.url}/portal/rights/es-ct/")
    page.keyboard.press("Tab")

    assert page.locator("html").get_attribute("lang") == "es"
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"{live_server.url}/portal/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
