"""What a browser would submit from a page's form, read off the real page (the admin's own
forms in tests that post them back changed, or forged)."""

from html.parser import HTMLParser

from django.test import Client


class _FormReader(HTMLParser):
    """What a browser submits from the form with ``form_id``: enabled fields with their values."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
        if not self.inside or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            value = attributes.get("value")
            if value is None:
                value = "on" if kind in {"checkbox", "radio"} else ""
            self.data.setdefault(name, []).append(value)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.data.setdefault(self._select, []).append(attributes.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop the line break that follows the opening tag.
            text = self.data[self._textarea][0]
            self.data[self._textarea][0] = text.removeprefix("\n")
            self._textarea = None


def read_form(client: Client, url: str, form_id: str) -> dict[str, list[str]]:
    """The fields of the form ``form_id`` on the page at ``url``; fails the test when there is
    no such page or form."""
    page = client.get(url)
    if page.status_code != 200:
        raise AssertionError(f"{url} answered {page.status_code}")
    reader = _FormReader(form_id)
    reader.feed(page.content.decode())
    if not reader.data:
        raise AssertionError(f"no form {form_id} on {url}")
    return reader.data
