"""The kinds of event the accounts app records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mostrador.accounts.choices import ApprovalAction, Role
from mostrador.core.events import declare
from mostrador.core.money import format_eur

Data = Mapping[str, Any]


def _privileges(data: Data) -> str:
    names = {
        "is_active": _("active"),
        "is_staff": _("staff status"),
        "is_superuser": _("superuser status"),
        "groups": _("groups"),
        "user_permissions": _("permissions"),
    }
    changed = [str(names.get(field, field)) for field in data.get("fields", [])]
    return _("changed %(fields)s") % {"fields": ", ".join(changed)}


def _authority(data: Data) -> str:
    role, action = data.get("role", ""), data.get("action", "")
    names = {
        "role": Role(role).label if role in Role.values else role,
        "action": ApprovalAction(action).label if action in ApprovalAction.values else action,
        "from": format_eur(data.get("from")) or _("none"),
        "to": format_eur(data.get("to")) or _("none"),
    }
    return _("changed the limit of %(role)s for %(action)s from %(from)s to %(to)s") % names


def _failed(data: Data) -> str:
    return _("wrong password for %(username)s") % {"username": data.get("username", "")}


def _backup_code_used(data: Data) -> str:
    left = int(data.get("remaining", 0))
    return ngettext(
        "used a backup code (%(count)d left)", "used a backup code (%(count)d left)", left
    ) % {"count": left}


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
    security=True,
)
declare(
    "accounts.token.created",
    label=gettext_lazy("API token created"),
    sentence=gettext_lazy("created an API token"),
    security=True,
)
declare(
    "accounts.token.revoked",
    label=gettext_lazy("API token revoked"),
    sentence=gettext_lazy("revoked an API token"),
    security=True,
)
declare(
    "accounts.membership.changed",
    label=gettext_lazy("Membership changed"),
    sentence=_membership,
    security=True,
)
declare(
    "accounts.membership.removed",
    label=gettext_lazy("Member removed"),
    sentence=gettext_lazy("removed a member"),
    security=True,
)
declare(
    "accounts.user.deactivated",
    label=gettext_lazy("Staff member deactivated"),
    sentence=gettext_lazy("deactivated a staff member"),
    security=True,
)
declare(
    "accounts.user.signed_in",
    label=gettext_lazy("Signed in"),
    sentence=gettext_lazy("signed in"),
    security=True,
)
declare(
    "accounts.user.signed_out",
    label=gettext_lazy("Signed out"),
    sentence=gettext_lazy("signed out"),
    security=True,
)
declare(
    "accounts.user.sign_in_failed",
    label=gettext_lazy("Failed sign-in"),
    sentence=_failed,
    security=True,
)
declare(
    "accounts.user.privileges_changed",
    label=gettext_lazy("Access changed"),
    sentence=_privileges,
    security=True,
)
declare(
    "accounts.user.created",
    label=gettext_lazy("Staff account created"),
    sentence=gettext_lazy("created the staff account"),
    security=True,
)
declare(
    "accounts.user.two_factor_enabled",
    label=gettext_lazy("Two-step sign-in set up"),
    sentence=gettext_lazy("set up two-step sign-in"),
    security=True,
)
declare(
    "accounts.user.two_factor_disabled",
    label=gettext_lazy("Two-step sign-in turned off"),
    sentence=gettext_lazy("turned off two-step sign-in"),
    security=True,
)
declare(
    "accounts.user.two_factor_reset",
    label=gettext_lazy("Two-step sign-in reset"),
    sentence=gettext_lazy("reset the staff member's two-step sign-in"),
    security=True,
)
declare(
    "accounts.user.two_factor_backup_code_used",
    label=gettext_lazy("Backup code used"),
    sentence=_backup_code_used,
    security=True,
)
declare(
    "accounts.user.two_factor_failed",
    label=gettext_lazy("Wrong sign-in code"),
    sentence=gettext_lazy("gave a wrong two-step sign-in code"),
    security=True,
)
declare(
    "accounts.authority_limit.changed",
    label=gettext_lazy("Authority limit changed"),
    sentence=_authority,
    security=True,
)
declare(
    "accounts.group.changed",
    label=gettext_lazy("Group changed"),
    sentence=gettext_lazy("changed a group's permissions"),
    security=True,
)
