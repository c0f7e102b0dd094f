"""What the customers app tells customers: the one-time link that signs them in to the portal.

The link's token is made when the email is composed, at each attempt, and only its hash is
kept (``signin.issue_token``): it never rests in the database, the task queue or the log of
sent emails, which is why the kind is ``secret``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mostrador.core import timeutils
from mostrador.core.models import Notice
from mostrador.core.notices import Medium, NoticeKind, NoticeVoid, declare
from mostrador.customers import signin
from mostrador.customers.models import SignInLink


def _link(notice: Notice) -> SignInLink:
    about = notice.subject
    if not isinstance(about, SignInLink):
        raise TypeError(f"a sign-in notice is about a sign-in link, not {type(about).__name__}")
    return about


def _address(notice: Notice, medium: Medium) -> str | None:
    return _link(notice).email if medium == "email" else None


def _context(notice: Notice) -> dict[str, Any]:
    issued = signin.issue_token(_link(notice).pk)
    if issued is None:
        raise NoticeVoid(gettext("The sign-in link was used or expired before it could be sent."))
    link, token = issued
    return {
        "customer": link.customer,
        "url": f"{notice.data['link_url']}?{urlencode({'token': token})}",
        "expires_local": timeutils.to_zone(link.expires_at),
        "minutes": settings.PORTAL_SIGN_IN_LINK_MINUTES,
    }


SIGN_IN_LINK = declare(
    NoticeKind(
        code="customers.sign_in_link",
        label=_("Sign-in link"),
        template="customers/notices/sign_in_link",
        context=_context,
        address=_address,
        secret=True,
    )
)
