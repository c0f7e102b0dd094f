"""FastSelect writes the HTML Django's own select template writes."""

import re

import pytest
from django import forms

from mostrador.web.widgets import FastSelect

pytestmark = pytest.mark.django_db


def _same(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


class Form(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "A & <b>"), ("b", "B")])
    grouped = forms.ChoiceField(
        choices=[("Group “1”", [("1", "One"), ("2", "Two")]), ("3", "Three")], required=False
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")])


def _fast(form_class):
    class Fast(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                widget = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
                widget.allow_multiple_selected = field.widget.allow_multiple_selected
                widget.is_required = field.widget.is_required
                field.widget = widget

    return Fast


@pytest.mark.parametrize(
    "data", [None, {"plain": "a", "grouped": "2", "many": ["x", "y"]}, {"plain": "zz"}]
)
def test_a_fast_select_writes_what_django_writes(data):
    django_form, fast_form = Form(data), _fast(Form)(data)
    for name in ("plain", "grouped", "many"):
        assert _same(str(fast_form[name])) == _same(str(django_form[name]))
    assert "A &amp; &lt;b&gt;" in str(fast_form["plain"])
