"""The queue page in a real browser: one line per case at 1440 px, usable at 390 px, sorted
by a click on a header, a view saved and opened."""

import pytest

from mostrador.testing.browser import SCREENSHOTS, signed_in_page
from mostrador.testing.personas import create_personas
from mostrador.testing.reference_data import restore_reference_data

pytestmark = pytest.mark.browser

LONG = (
    "La rentadora nova perd aigua per sota cada vegada que centrifuga i ja ha fet malbé el "
    "parquet de la cuina i del passadís"
)


def _queue_with_cases():
    from mostrador.cases.models import Case
    from mostrador.cases.tests.factories import open_case

    restore_reference_data()
    people = create_personas()
    for n in range(12):
        case = open_case(actor=people.operator, subject=f"{n:02d} {LONG}")
        Case.objects.filter(pk=case.pk).update(priority="urgent" if n % 3 == 0 else "normal")
    return people


def _check_layout(page):
    """Every reference on one line, and nothing wider than the screen."""
    heights = page.eval_on_selector_all(
        "td.col-reference", "cells => cells.map(c => c.getBoundingClientRect().height)"
    )
    line = page.eval_on_selector(
        "td.col-reference code",
        "c => parseFloat(getComputedStyle(c).lineHeight) || c.getBoundingClientRect().height",
    )
    padding = page.eval_on_selector(
        "td.col-reference",
        "c => parseFloat(getComputedStyle(c).paddingTop) + parseFloat(getComputedStyle(c).paddingBottom)",
    )
    assert heights
    assert max(heights) < 2 * line + padding
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _save_and_open_view(page, live_server, name):
    page.click(".save-view summary")
    page.fill("#view-name", name)
    page.click(".save-view button[type=submit]")
    page.wait_for_url(f"{live_server.url}/queues/views/**")
    page.goto(f"{live_server.url}/queues/mine/")
    page.locator(".saved-views a", has_text=name).click()
    page.wait_for_url(f"{live_server.url}/queues/views/**")


def test_the_queue_reads_one_line_per_case_on_a_wide_screen_in_catalan(browser, live_server):
    from mostrador.cases.models import SavedView

    people = _queue_with_cases()
    page = signed_in_page(
        browser,
        live_server.url,
        people.operator,
        locale="ca-ES",
        viewport={"width": 1440, "height": 900},
    )
    page.goto(f"{live_server.url}/queues/mine/")
    _check_layout(page)
    wrap = page.eval_on_selector(".table-wrap", "w => w.scrollWidth <= w.clientWidth")
    assert wrap  # every column fits at 1440 px: nothing is cut off at the side
    subject = page.locator("td.col-subject").first
    assert subject.get_attribute("title").endswith("passadís")
    assert subject.evaluate("c => c.scrollWidth > c.clientWidth")  # cut with an ellipsis

    page.click("th.col-priority a")
    page.wait_for_url("**sort=priority**")
    assert page.get_attribute("th.col-priority", "aria-sort") == "ascending"
    first = page.locator("tbody tr").first
    assert first.locator("td.col-priority .priority-urgent").count() == 1
    page.click("th.col-priority a")
    page.wait_for_url("**sort=-priority**")
    assert page.get_attribute("th.col-priority", "aria-sort") == "descending"

    _save_and_open_view(page, live_server, "Per prioritat")
    assert page.locator("h1").inner_text().startswith("Per prioritat")
    assert page.get_attribute("th.col-priority", "aria-sort") == "descending"
    assert SavedView.objects.get().sort == "-priority"
    _check_layout(page)
    page.screenshot(path=SCREENSHOTS / "queue-view-ca.png")


def test_the_queue_stays_usable_on_a_phone_in_english(browser, live_server):
    from mostrador.cases.models import SavedView

    people = _queue_with_cases()
    page = signed_in_page(
        browser,
        live_server.url,
        people.operator,
        locale="en-GB",
        viewport={"width": 390, "height": 844},
    )
    page.goto(f"{live_server.url}/queues/mine/")
    _check_layout(page)
    assert page.locator("td.col-customer").first.is_hidden()

    page.click("th.col-reference a")
    page.wait_for_url("**sort=reference**")
    assert page.get_attribute("th.col-reference", "aria-sort") == "ascending"
    references = page.locator("td.col-reference").all_inner_texts()
    assert references == sorted(references)
    page.keyboard.press("j")
    page.keyboard.press("Escape")
    page.keyboard.press("x")
    assert page.locator("tbody tr.selected input[type=checkbox]").is_checked()

    _save_and_open_view(page, live_server, "By reference")
    assert SavedView.objects.get().sort == "reference"
    assert page.get_attribute("th.col-reference", "aria-sort") == "ascending"
    _check_layout(page)
