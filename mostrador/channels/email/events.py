"""The kinds of event the email channel records, on cases and on its own rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostrador.core.events import declare

Data = Mapping[str, Any]


def _failed(data: Data) -> str:
    return _("an email to %(to)s could not be delivered: %(error)s") % {
        "to": data.get("to", ""),
        "error": data.get("error", ""),
    }


def _bounced(data: Data) -> str:
    return _("an email to %(to)s bounced: %(reason)s") % {
        "to": data.get("to", ""),
        "reason": " ".join(filter(None, [data.get("status"), data.get("diagnostic")])),
    }


def _delayed(data: Data) -> str:
    return _("an email to %(to)s is delayed; the mail server keeps trying") % {
        "to": data.get("to", "")
    }


def _auto_replied(data: Data) -> str:
    return _("an automatic reply came from %(sender)s: %(subject)s") % {
        "sender": data.get("from", ""),
        "subject": data.get("subject", ""),
    }


def _files_refused(data: Data) -> str:
    return _("files not kept (the original email has them): %(problems)s") % {
        "problems": " ".join(data.get("problems", []))
    }


def _resent(data: Data) -> str:
    return _(
        "sent %(to)s the email again after the worker sending it stopped; it may arrive twice"
    ) % {"to": data.get("to", "")}


def _unverified_staff_sender(data: Data) -> str:
    return _(
        "an email from the staff address %(sender)s came without proof that they sent it: "
        "added as an outside message, not as their note"
    ) % {"sender": data.get("from", "")}


def _reply_to_differs(data: Data) -> str:
    return _(
        "the email from %(sender)s asks for answers at %(reply_to)s; answers still go to "
        "the customer's address"
    ) % {"sender": data.get("from", ""), "reply_to": ", ".join(data.get("reply_to", []))}


declare("channels.email.failed", label=gettext_lazy("Email not delivered"), sentence=_failed)
declare("channels.email.resent", label=gettext_lazy("Email sent again"), sentence=_resent)
declare("channels.email.bounced", label=gettext_lazy("Email bounced"), sentence=_bounced)
declare("channels.email.delayed", label=gettext_lazy("Email delayed"), sentence=_delayed)
declare(
    "channels.email.auto_replied", label=gettext_lazy("Automatic reply"), sentence=_auto_replied
)
declare(
    "channels.email.files_refused", label=gettext_lazy("Files not kept"), sentence=_files_refused
)
declare(
    "channels.email.unverified_staff_sender",
    label=gettext_lazy("Staff address without proof of identity"),
    sentence=_unverified_staff_sender,
    # Someone may be writing in a colleague's name: the administrators' security log shows it.
    security=True,
)
declare(
    "channels.email.reply_to_differs",
    label=gettext_lazy("Reply-To differs from the sender"),
    sentence=_reply_to_differs,
)
declare(
    "channels.mailbox.password_changed",
    label=gettext_lazy("Mailbox password changed"),
    sentence=gettext_lazy("changed the mailbox password"),
    security=True,
)
declare(
    "channels.inbound_email.released",
    label=gettext_lazy("Email released from quarantine"),
    sentence=gettext_lazy("released the email from quarantine to process it again"),
)
declare(
    "channels.inbound_email.deleted",
    label=gettext_lazy("Spam deleted"),
    sentence=gettext_lazy("deleted an email from the Spam folder"),
)
declare(
    "channels.outbound_email.retried",
    label=gettext_lazy("Email sent again"),
    sentence=gettext_lazy("sent the email again"),
)
declare(
    "channels.inbound_email.original_downloaded",
    label=gettext_lazy("Original email downloaded"),
    sentence=gettext_lazy("downloaded the original of an email received"),
    security=True,
)
declare(
    "channels.outbound_email.original_downloaded",
    label=gettext_lazy("Original email downloaded"),
    sentence=gettext_lazy("downloaded the original of an email sent"),
    security=True,
)
