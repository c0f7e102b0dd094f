"""A real browser for tests: Debian's Chromium driven by Playwright, against the live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the networking switches Chromium tries to reach Google's services, which this
# project's machines cannot, and is slow to start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


@contextmanager
def chromium() -> Iterator[object]:
    """Start headless Chromium, or skip the test loudly when it is not installed."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"BROWSER TEST SKIPPED: Chromium not found at {CHROMIUM} (make browser)")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's async-safety guard would misfire.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def signed_in_page(
    browser: object, live_server_url: str, user: object, **options: object
) -> object:
    """A new page whose browser already carries ``user``'s session (no login form typed)."""
    from django.conf import settings as django_settings  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    context = browser.new_context(**options)  # type: ignore[attr-defined]
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server_url,
            }
        ]
    )
    return context.new_page()
