"""Plain text from templates: what a person reads outside a web page.

Email subjects, headers and text/plain bodies are rendered by the ``text`` template engine
(``TEMPLATES`` in settings), which never HTML-escapes: "L'assecadora & <forn>" stays as
written instead of arriving as "L&#x27;assecadora &amp; &lt;forn&gt;". A template need not
remember ``{% autoescape off %}``, and what it gives is never taken for safe HTML: HTML is
escaped where HTML is made.
"""

from __future__ import annotations

from typing import Any

from django.template import engines


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """Render ``template_name`` as plain text, without HTML escaping.

    A plain ``str``, not the ``SafeString`` a template gives: the text is not HTML, and an
    HTML part made from it must escape it (a customer's "<b>" is text, not markup).
    """
    return str.__str__(engines["text"].get_template(template_name).render(context))


def render_line(template_name: str, context: dict[str, Any]) -> str:
    """Render a one-line text (a subject): whitespace and line breaks folded to single spaces,
    so that no header is split by a template's newline."""
    return " ".join(render_text(template_name, context).split())
