"""The WSGI application with what its first request would load loaded already, for a
preloading test server.

``gunicorn --preload`` imports the application once in its master and forks its workers from
it. Django imports the URL modules (the API and its schemas) only at the first request, and
the language detector loads its model at the first text: without this each worker a test
kills is replaced by one that takes seconds to answer its first request.
"""

from django.urls import get_resolver

from config.wsgi import application
from mostrador.core import language

get_resolver().url_patterns  # noqa: B018  (imports every URL module now)
language.detect_language("Bon dia, la comanda no ha arribat.", fallback="ca")

__all__ = ["application"]
