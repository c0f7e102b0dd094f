"""The kinds of event the customers app records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostrador.core.events import declare

Data = Mapping[str, Any]


def _contact_added(data: Data) -> str:
    return _("added the contact %(value)s") % {"value": data.get("value", "")}


def _consent(data: Data) -> str:
    if data.get("granted"):
        return _("recorded consent to %(purpose)s") % {"purpose": data.get("purpose", "")}
    return _("recorded refusal of %(purpose)s") % {"purpose": data.get("purpose", "")}


def _language(data: Data) -> str:
    return _("changed the language from %(from)s to %(to)s") % {
        "from": data.get("from", ""),
        "to": data.get("to", ""),
    }


declare(
    "customers.customer.created",
    label=gettext_lazy("Customer created"),
    sentence=gettext_lazy("created the customer"),
)
declare("customers.contact.added", label=gettext_lazy("Contact added"), sentence=_contact_added)
declare("customers.consent.recorded", label=gettext_lazy("Consent recorded"), sentence=_consent)
declare(
    "customers.customer.language_changed",
    label=gettext_lazy("Language changed"),
    sentence=_language,
)
declare(
    "customers.sign_in_link.requested",
    label=gettext_lazy("Sign-in link requested"),
    sentence=gettext_lazy("asked for a sign-in link"),
    security=True,
)
declare(
    "customers.customer.signed_in",
    label=gettext_lazy("Signed in to the portal"),
    sentence=gettext_lazy("signed in to the portal"),
    security=True,
)
