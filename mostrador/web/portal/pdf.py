"""HTML to PDF with WeasyPrint, offline: only the project's own static files are ever loaded.

A receipt shows what a customer typed. Were any of it to name a remote resource, WeasyPrint
would fetch it; the fetcher here serves files under STATIC_URL from disk and refuses every
other address, so making a PDF never touches the network.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative links in the document resolve against this made-up origin; only its path matters.
BASE_URL = "https://static.invalid/"


def _static_file(url: str) -> Path | None:
    if not url.startswith(BASE_URL):
        return None
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    path = unquote(urlsplit(url).path)
    if not path.startswith(prefix) or ".." in path.split("/"):
        return None
    name = path.removeprefix(prefix)
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found)
    if staticfiles_storage.exists(name):  # collected (and hashed) in production
        return Path(staticfiles_storage.path(name))
    return None


class StaticFilesOnly(URLFetcher):
    """Serve the project's static files; refuse everything else (WeasyPrint skips it)."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = _static_file(url)
        if path is None:
            raise ValueError(f"not a static file of this project: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML document whose static files are linked with ``{% static %}``."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly())
    pdf: bytes = document.write_pdf()
    return pdf
