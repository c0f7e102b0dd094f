"""Portal forms: one per kind of case a customer can file, sign-in by email, replies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mostrador.cases.choices import CaseType, Remedy
from mostrador.web.fields import AmountField

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files from one ``<input type=file multiple>``; checked by the service."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


def _attachments() -> MultipleFileField:
    limit = filesizeformat(settings.ATTACHMENT_MAX_BYTES)
    return MultipleFileField(
        label=_("Attachments"),
        help_text=gettext("Photos, invoices or documents: optional, up to %(size)s each.")
        % {"size": limit},
    )


def _date(label: StrPromise) -> forms.DateField:
    # A date picker reads and sends ISO dates (2026-12-03), whatever the language.
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(label=label, required=False, widget=widget)


def _as_text(value: Any) -> str:
    """A detail's answer as the message says it: a date as the customer's language writes it."""
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


class CaseForm(forms.Form):
    """What every case asks: who you are (unless signed in), what about, and any files."""

    required_css_class = "required"
    body_label: ClassVar[StrPromise] = _("Your message")
    # Optional fields whose answers are added to the message, as "label: value" lines.
    detail_fields: ClassVar[Sequence[str]] = ()

    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("We send the receipt and our answers to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Your message"), max_length=10_000, widget=forms.Textarea)

    def __init__(self, *args: Any, signed_in: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = self.body_label
        self.fields["attachments"] = _attachments()
        if signed_in:
            # Signed-in customers file as themselves: their address is already known.
            del self.fields["name"], self.fields["email"]

    def details(self) -> dict[str, dict[str, Any]]:
        """The type's own details, as the intake takes them (``cases.details``)."""
        return {}

    def case_body(self) -> str:
        """The message as filed: what the customer wrote, then the details they gave."""
        lines = [
            f"{self.fields[name].label}: {_as_text(self.cleaned_data[name])}"
            for name in self.detail_fields
            if self.cleaned_data.get(name) not in (None, "")
        ]
        body: str = self.cleaned_data["body"]
        return "\n\n".join([body, "\n".join(lines)]) if lines else body


class InformationForm(CaseForm):
    body_label = _("Your question")


class SuggestionForm(CaseForm):
    body_label = _("Your suggestion")


class ComplaintForm(CaseForm):
    body_label = _("What happened")
    detail_fields = ("happened_on", "place")

    happened_on = _date(_("When it happened"))
    place = forms.CharField(
        label=_("Where it happened"),
        required=False,
        max_length=200,
        help_text=_("A shop, a service, a web page…"),
    )


class ClaimForm(CaseForm):
    body_label = _("What happened and why you claim")
    detail_fields = ("purchase_reference",)
    field_order = ["name", "email", "subject", "purchase_reference", "body", "remedy", "amount"]

    remedy = forms.ChoiceField(
        label=_("Requested remedy"),
        choices=[("", _("Choose what you ask for")), *Remedy.choices],
        help_text=_("A claim asks for something: a refund, a repair, compensation…"),
    )
    amount = AmountField(
        label=_("Amount (EUR)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("How much you claim, if it is money."),
    )
    purchase_reference = forms.CharField(
        label=_("Order, invoice or contract number"), required=False, max_length=100
    )

    def details(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {"claim": {"remedy": data.get("remedy", ""), "amount_asked": data.get("amount")}}


class TechnicalForm(CaseForm):
    body_label = _("Describe the fault")
    field_order = ["name", "email", "product", "serial_number", "purchase_date", "subject"]

    product = forms.CharField(label=_("Product"), max_length=200, help_text=_("Brand and model."))
    serial_number = forms.CharField(label=_("Serial number"), required=False, max_length=100)
    purchase_date = _date(_("Purchase date"))

    def details(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            "technical": {
                "product": data.get("product", ""),
                "serial_number": data.get("serial_number", ""),
                "purchase_date": data.get("purchase_date"),
            }
        }


class ComplimentForm(CaseForm):
    body_label = _("Your compliment")
    detail_fields = ("praised",)
    field_order = ["name", "email", "praised", "subject"]

    praised = forms.CharField(
        label=_("Who or what you want to compliment"), required=False, max_length=200
    )


@dataclass(frozen=True)
class CaseKind:
    """A kind of case the portal offers: its form and how the home page explains it."""

    case_type: CaseType
    form: type[CaseForm]
    title: StrPromise
    description: StrPromise


# Reports to the authorities (denúncies) go to the administration, not through our portal.
CASE_KINDS = {
    kind.case_type.value: kind
    for kind in (
        CaseKind(
            CaseType.INFORMATION,
            InformationForm,
            _("Ask for information"),
            _("A question about a product, a service, an order or your rights."),
        ),
        CaseKind(
            CaseType.TECHNICAL,
            TechnicalForm,
            _("Request technical service"),
            _("A product does not work: the technical assistance service (SAT) will help."),
        ),
        CaseKind(
            CaseType.COMPLAINT,
            ComplaintForm,
            _("Make a complaint"),
            _("Tell us what went wrong or what you did not like about our service."),
        ),
        CaseKind(
            CaseType.CLAIM,
            ClaimForm,
            _("File a claim"),
            _("Ask for a remedy in writing: a refund, a repair, a replacement, compensation…"),
        ),
        CaseKind(
            CaseType.SUGGESTION,
            SuggestionForm,
            _("Make a suggestion"),
            _("An idea to improve our products or our service."),
        ),
        CaseKind(
            CaseType.COMPLIMENT,
            ComplimentForm,
            _("Send a compliment"),
            _("Tell us about something, or someone, that did well."),
        ),
    )
}


class SignInForm(forms.Form):
    required_css_class = "required"
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("The address you wrote to us from."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ReplyForm(forms.Form):
    required_css_class = "required"
    body = forms.CharField(label=_("Your reply"), max_length=10_000, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"] = _attachments()
