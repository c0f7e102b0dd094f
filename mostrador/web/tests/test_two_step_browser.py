"""Two-step sign-in in a real browser (Chromium): set it up from the page, then sign in with it."""

import pytest

from mostrador.testing.personas import create_personas
from mostrador.testing.twofactor import code_for_secret

pytestmark = pytest.mark.browser


def _sign_in(page, url):
    page.goto(f"{url}/login/")
    page.fill("#id_username", "xavier")
    page.fill("#id_password", "secret-password")
    page.click("main button[type=submit]")


def test_an_administrator_sets_up_two_step_sign_in_and_signs_in_with_both_steps(
    browser, live_server
):
    create_personas()
    page = browser.new_page(locale="en-GB", viewport={"width": 1200, "height": 900})
    errors = []  # a refusal of the Content-Security-Policy shows here too
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _sign_in(page, live_server.url)
    page.wait_for_url(f"{live_server.url}/")

    page.click("header a:has-text('Two-step sign-in')")
    page.wait_for_url(f"{live_server.url}/two-step/")
    page.click("main button:has-text('Set up')")
    page.wait_for_url(f"{live_server.url}/two-step/confirm/")
    qr = page.locator("img.qr-code")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0"), "the QR code shows"
    secret = page.locator("#two-step-secret").inner_text()
    page.fill("#id_code", code_for_secret(secret))
    page.click("main button:has-text('Confirm')")

    assert page.locator("h1").inner_text() == "Two-step sign-in is on"
    assert page.locator(".backup-codes li").count() == 10
    page.click("main a:has-text('Continue')")
    page.wait_for_url(f"{live_server.url}/")
    page.click("header button:has-text('Sign out')")
    page.wait_for_url(f"{live_server.url}/login/")

    _sign_in(page, live_server.url)
    page.wait_for_url(f"{live_server.url}/login/code/")
    assert page.locator("h1").inner_text() == "Two-step sign-in"
    # The code of the next half-minute: the one just typed to confirm is taken.
    page.fill("#id_code", code_for_secret(secret, steps=1))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    assert page.locator("h1").inner_text() == "Hello, Xavier"
    assert errors == []
