"""Notices: the domain decides what to tell whom; the channels deliver it.

An app declares the kinds of notice it sends in its own ``notices.py`` with ``declare`` (the
receipt of a case, a reply, a sign-in link...), each with its templates, what they are given
and where its recipient is reached by each medium. Its services then call ``record_notice``
inside their transaction: a ``Notice`` row says what is owed to whom, in which language, and
``notice_recorded`` lets every channel that can reach the recipient record its delivery in the
same transaction and send it once the transaction commits. A rolled-back change tells nobody;
a committed one never forgets to.

The domain never imports a channel: a channel connects to ``notice_recorded`` in its app's
``ready()``, and reads the kind's declaration when it composes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.dispatch import Signal
from django.utils.functional import Promise

from mostrador.core import timeutils

if TYPE_CHECKING:
    from mostrador.core.models import Notice

# The media a notice can travel by; a channel delivers by one of them.
Medium = Literal["email", "phone"]
Audience = Literal["customer", "staff"]


@dataclass(frozen=True)
class NoticeKind:
    """One kind of notice.

    ``template`` names the text templates ``<template>_subject.txt`` and ``<template>_body.txt``
    a channel renders, in the notice's language, with what ``context`` gives (called when the
    notice is composed, so it reads the data as it is then). ``address`` says where the
    recipient is reached by a medium, or None. ``automatic`` is the RFC 3834 ``Auto-Submitted``
    value of a notice no person wrote ("" for a reply a person wrote). A ``secret`` notice
    carries something that must never be stored (a sign-in link): it is composed afresh at
    every attempt, and its ``context`` may issue the secret then.
    """

    code: str
    label: str | Promise
    template: str
    context: Callable[[Notice], dict[str, Any]]
    address: Callable[[Notice, Medium], str | None]
    audience: Audience = "customer"
    automatic: str = "auto-generated"
    secret: bool = False

    @property
    def app(self) -> str:
        return self.code.split(".", 1)[0]


_KINDS: dict[str, NoticeKind] = {}

# Sent inside the transaction that records a notice, with ``notice``: each channel records its
# delivery then, so the delivery commits (or rolls back) with the notice.
notice_recorded = Signal()


def declare(kind: NoticeKind) -> NoticeKind:
    """Declare a kind of notice; the same code twice raises ``ImproperlyConfigured``."""
    if "." not in kind.code:
        raise ImproperlyConfigured(f"notice kind {kind.code!r} must be <app>.<name>")
    if kind.code in _KINDS:
        raise ImproperlyConfigured(f"notice kind {kind.code!r} is declared twice")
    _KINDS[kind.code] = kind
    return kind


def get_kind(code: str) -> NoticeKind:
    """The declared kind ``code``; ``LookupError`` if no app declares it."""
    try:
        return _KINDS[code]
    except KeyError:
        raise LookupError(f"no app declares the notice kind {code!r}") from None


def label(code: str) -> str:
    kind = _KINDS.get(code)
    return str(kind.label) if kind else code


def all_kinds() -> list[NoticeKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.code)


def record_notice(
    code: str,
    *,
    about: models.Model,
    language: str,
    user: Any = None,
    data: Mapping[str, Any] | None = None,
) -> Notice:
    """Record that ``about``'s notice ``code`` is owed, and let the channels deliver it.

    ``user`` is the member of staff it is for (None: the customer ``about`` concerns); ``data``
    holds what the kind's ``context`` needs besides ``about`` (ids, never secrets). Call it
    inside the transaction of the change it tells about. Raises ``LookupError`` for an
    undeclared kind.
    """
    from mostrador.core.models import Notice  # noqa: PLC0415  (models import this module)

    get_kind(code)
    if about.pk is None:
        raise ValueError("cannot record a notice about an unsaved object")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    notice = Notice.objects.create(
        kind=code,
        subject_type=ContentType.objects.get_for_model(about),
        subject_id=about.pk,
        recipient_user=user,
        language=language,
        data=dict(data or {}),
        created_at=timeutils.now(),
    )
    # The channels read the subject without another query.
    notice._subject_cache = about
    notice_recorded.send(sender=Notice, notice=notice)
    return notice


class NoticeVoid(Exception):  # noqa: N818  (named for what it says, as Django's PermissionDenied)
    """Raised by a kind's ``context`` when the notice need not be delivered any more (a
    sign-in link used or expired before it could be sent): the channel cancels it."""
