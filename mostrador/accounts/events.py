"""The kinds of event the accounts app records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostrador.accounts.choices import Role
from mostrador.core.events import declare

Data = Mapping[str, Any]


def _membership(data: Data) -> str:
    role = data.get("role", "")
    return _("set member %(user)s's role to %(role)s") % {
        "user": data.get("user", ""),
        "role": Role(role).label if role in Role.values else role,
    }


declare(
    "accounts.user.locked_out",
    label=gettext_lazy("Sign-in paused"),
    sentence=gettext_lazy("wrong passwords paused signing in to the account"),
)
declare(
    "accounts.token.created",
    label=gettext_lazy("API token created"),
    sentence=gettext_lazy("created an API token"),
)
declare(
    "accounts.token.revoked",
    label=gettext_lazy("API token revoked"),
    sentence=gettext_lazy("revoked an API token"),
)
declare(
    "accounts.membership.changed", label=gettext_lazy("Membership changed"), sentence=_membership
)
declare(
    "accounts.membership.removed",
    label=gettext_lazy("Member removed"),
    sentence=gettext_lazy("removed a member"),
)
declare(
    "accounts.user.deactivated",
    label=gettext_lazy("Staff member deactivated"),
    sentence=gettext_lazy("deactivated a staff member"),
)
