"""The HTML of an email: sanitised to keep, and turned into text to read and search."""

from __future__ import annotations

import re

import html2text
import nh3

# Scripts, styles and document furniture go with their content; other unknown tags go but
# keep their text.
_DROP_WITH_CONTENT = {"script", "style", "title", "head", "template", "noscript"}
_LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    lowered = value.strip().lower()
    if tag == "img" and attribute == "src":
        # Remote images are tracking pixels as often as content: only the message's own
        # images (cid:) and embedded ones are shown.
        return value if lowered.startswith(("cid:", "data:image/")) else None
    if attribute == "href":
        return value if lowered.startswith(_LINK_SCHEMES) else None
    return value


def sanitise(html: str) -> str:
    """Return ``html`` with everything that could run, track or restyle the page removed."""
    return nh3.clean(
        html,
        clean_content_tags=_DROP_WITH_CONTENT,
        url_schemes={"http", "https", "mailto", "tel", "cid", "data"},
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def to_text(html: str) -> str:
    """The readable text of ``html``: paragraphs, lists, links as "text (address)", quotes as ">".

    Quoted replies become ">" lines, so the same folding works for HTML-only mail.
    """
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.ignore_tables = True
    converter.single_line_break = True
    converter.unicode_snob = True
    converter.escape_snob = False
    converter.inline_links = False
    converter.ignore_links = True
    text = converter.handle(sanitise(html))
    # html2text marks every line break with trailing spaces and Markdown escapes.
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>])", r"\1", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
