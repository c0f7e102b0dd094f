from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mostrador.accounts.choices import DEFAULT_TOKEN_LIFETIME, TokenLifetime


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Reporting script”."),
    )
    lifetime = forms.TypedChoiceField(
        label=_("Expires after"),
        choices=TokenLifetime.choices,
        initial=DEFAULT_TOKEN_LIFETIME,
        coerce=lambda value: TokenLifetime(value).days,
        help_text=_("After that the token stops working and you create a new one."),
    )


class CodeForm(forms.Form):
    """A code from the authenticator app, or (where ``backup`` is allowed) a backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )
