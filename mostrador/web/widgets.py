"""Form widgets of the workspace's own."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    """A ``<select>`` written in Python, the same HTML as Django's template renders.

    Django renders every ``<option>`` through a template of its own (an include and an attrs
    loop per option); the case page carries a dozen selects (transfer to a person, assign,
    consult, priority...), and their options cost more than the rest of its forms. The
    context is Django's (``get_context``: ids, ``required``, the chosen option), only the
    writing out is ours."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [
            format_html("<select name={}{}>", _quoted(widget["name"]), _attrs(widget["attrs"]))
        ]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308  (every piece is format_html's)


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """``attrs`` as Django's ``attrs.html`` writes them, in their order: ``True`` bare, ``False``
    left out."""
    return mark_safe(  # noqa: S308  (every piece is format_html's)
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


def _quoted(value: str) -> SafeString:
    return format_html('"{}"', value)
