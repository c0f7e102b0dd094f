"""Forms of the staff case page, intake and queues. Each action has its own prefix, so several
forms share one page without their field ids clashing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from mostrador.accounts.choices import ApprovalAction
from mostrador.accounts.models import Department, Membership, User
from mostrador.cases.choices import CaseType, Channel, ClaimOutcome, MessageKind, Priority, Remedy
from mostrador.cases.services import REPLY_THEN
from mostrador.web.fields import AmountField
from mostrador.web.widgets import FastSelect

INTAKE_CHANNELS = [
    (c.value, c.label)
    for c in (Channel.PHONE, Channel.COUNTER, Channel.VISIT, Channel.LETTER, Channel.EMAIL)
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files from one input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class MessageForm(forms.Form):
    prefix = "message"
    kind = forms.ChoiceField(
        label=_("Write"),
        choices=[
            (MessageKind.OUTBOUND.value, _("Reply to the customer")),
            (MessageKind.NOTE.value, _("Internal note")),
        ],
        widget=forms.RadioSelect,
        initial=MessageKind.OUTBOUND.value,
    )
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    attachments = MultipleFileField(label=_("Attachments"))
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)
    send_anyway = forms.BooleanField(
        label=_("Send it anyway: I have read the new messages"), required=False
    )
    # Set by the button pressed: "Send and set waiting on the customer", "Send and resolve".
    then = forms.ChoiceField(
        choices=[("", "—"), *((s.value, s.label) for s in REPLY_THEN)],
        required=False,
        widget=forms.HiddenInput,
    )


class AssignForm(forms.Form):
    """Give the case to a person of its department."""

    prefix = "assign"
    assignee = forms.ModelChoiceField(
        widget=FastSelect, label=_("Person"), queryset=User.objects.none()
    )

    def __init__(self, *args: Any, members: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = {m.user_id: m.user for m in members}
        self.fields["assignee"].queryset = User.objects.filter(pk__in=people)  # type: ignore[attr-defined]
        self.fields["assignee"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (pk, user.get_full_name() or user.username) for pk, user in people.items()
        ]


class TransferForm(forms.Form):
    prefix = "transfer"
    department = forms.ModelChoiceField(
        widget=FastSelect, label=_("Department"), queryset=Department.objects.none(), required=False
    )
    handler = forms.ModelChoiceField(
        widget=FastSelect, label=_("Person"), queryset=User.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note for the new handler"), required=False, max_length=2000)

    def __init__(
        self, *args: Any, departments: list[Department], members: list[Membership], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            pk__in=[d.pk for d in departments]
        )
        self.fields["department"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (d.pk, d.name) for d in departments
        ]
        people = {m.user_id: m.user for m in members}
        self.fields["handler"].queryset = User.objects.filter(pk__in=people)  # type: ignore[attr-defined]
        self.fields["handler"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (m.user_id, f"{m.user.get_full_name() or m.user.username} · {m.department.name}")
            for m in members
        ]


class ConsultForm(forms.Form):
    prefix = "consult"
    department = forms.ModelChoiceField(
        widget=FastSelect,
        label=_("Department to consult"),
        queryset=Department.objects.filter(is_active=True),
    )
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))


class ApprovalForm(forms.Form):
    prefix = "approval"
    action = forms.ChoiceField(
        widget=FastSelect, label=_("What to grant"), choices=ApprovalAction.choices
    )
    amount = AmountField(label=_("Amount (EUR)"), min_value=0, max_digits=12, decimal_places=2)
    reason = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DecideForm(forms.Form):
    prefix = "decide"
    approve = forms.TypedChoiceField(
        widget=FastSelect,
        choices=[("yes", _("Approve")), ("no", _("Reject"))],
        coerce=lambda value: value == "yes",
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class AnswerForm(forms.Form):
    prefix = "answer"
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


class ReferenceForm(forms.Form):
    """Merge into, or link with, another case named by its reference."""

    reference = forms.CharField(label=_("Reference of the other case"), max_length=30)


class ResolveForm(forms.Form):
    prefix = "resolve"
    note = forms.CharField(label=_("How it was solved"), required=False, max_length=200)


class ClaimOutcomeForm(forms.Form):
    prefix = "claim"
    outcome = forms.ChoiceField(widget=FastSelect, label=_("Outcome"), choices=ClaimOutcome.choices)
    amount_granted = AmountField(
        label=_("Amount granted (EUR)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )


class PriorityForm(forms.Form):
    prefix = "priority"
    priority = forms.ChoiceField(widget=FastSelect, label=_("Priority"), choices=Priority.choices)


class BulkForm(forms.Form):
    cases = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    action = forms.ChoiceField(
        widget=FastSelect,
        label=_("With the selected cases"),
        choices=[
            ("assign", _("Assign to")),
            ("priority", _("Set priority")),
            ("close", _("Close")),
        ],
    )
    assignee = forms.ModelChoiceField(
        widget=FastSelect, label=_("Person"), queryset=User.objects.none(), required=False
    )
    priority = forms.ChoiceField(
        widget=FastSelect, label=_("Priority"), choices=Priority.choices, required=False
    )

    def __init__(self, *args: Any, case_ids: list[int], people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [(pk, pk) for pk in case_ids]  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in people]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "assign" and not data.get("assignee"):
            self.add_error("assignee", _("Choose the person."))
        if data.get("action") == "priority" and not data.get("priority"):
            self.add_error("priority", _("Choose the priority."))
        return data


class IntakeForm(forms.Form):
    """A contact logged at the phone or the counter."""

    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Customer name"), required=False, max_length=200)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.EmailField(label=_("Email"), required=False)
    channel = forms.ChoiceField(
        widget=FastSelect, label=_("Channel"), choices=INTAKE_CHANNELS, initial=Channel.PHONE.value
    )
    type = forms.ChoiceField(widget=FastSelect, label=_("Type"), choices=CaseType.choices)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(
        label=_("What the customer says"), widget=forms.Textarea(attrs={"rows": 5})
    )
    remedy = forms.ChoiceField(
        widget=FastSelect,
        label=_("What the customer asks for"),
        choices=[("", "—"), *Remedy.choices],
        required=False,
    )
    amount = AmountField(
        label=_("Amount (EUR)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    product = forms.CharField(
        label=_("Product"), required=False, max_length=200, help_text=_("Brand and model.")
    )
    serial_number = forms.CharField(label=_("Serial number"), required=False, max_length=100)
    purchase_date = forms.DateField(
        label=_("Purchase date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    attachments = MultipleFileField(label=_("Attachments"))

    def details(self) -> dict[str, dict[str, Any]]:
        """The type's details as the intake takes them: only those the operator filled in."""
        data = self.cleaned_data
        found: dict[str, dict[str, Any]] = {}
        if data.get("remedy") or data.get("amount") is not None:
            found["claim"] = {
                "remedy": data.get("remedy") or "",
                "amount_asked": data.get("amount"),
            }
        if data.get("product") or data.get("serial_number") or data.get("purchase_date"):
            found["technical"] = {
                "product": data.get("product", ""),
                "serial_number": data.get("serial_number", ""),
                "purchase_date": data.get("purchase_date"),
            }
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("customer") and not (data.get("phone") or data.get("email")):
            self.add_error(
                "phone", _("Choose a customer from the list, or give a phone or an email.")
            )
        return data
