"""Discriminating incoming contacts (seed 003): which department, which priority, which type.

Rules come first and are the department's own, in the admin. ``TypeClassifier`` is the seam
where a learned classifier will plug in: it is asked only when no rule suggests a type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from mostrador.accounts.models import Department, User
from mostrador.cases.choices import CaseType, Channel
from mostrador.cases.models import RoutingRule
from mostrador.core import configcache
from mostrador.customers.models import Customer

# Channels where the customer does not choose a type (a web form or an operator does).
UNTYPED_CHANNELS = frozenset({Channel.EMAIL, Channel.CHAT, Channel.SOCIAL, Channel.LETTER})


def _fold(text: str) -> str:
    """Lower-case and strip accents, so "reclamació", "Reclamacio" and "RECLAMACIÓ" match."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _mentions(rule: RoutingRule, folded_text: str) -> bool:
    words = rule.word_list()
    return not words or any(
        re.search(rf"\b{re.escape(_fold(word))}\b", folded_text) for word in words
    )


@dataclass(frozen=True)
class Contact:
    """What is known of a contact before it becomes a case."""

    subject: str
    body: str
    channel: str
    case_type: str = ""
    customer: Customer | None = None

    @property
    def folded_text(self) -> str:
        return _fold(f"{self.subject}\n{self.body}")


def _matches(rule: RoutingRule, contact: Contact, *, for_type: bool) -> bool:
    return (
        (for_type or not rule.case_type or rule.case_type == contact.case_type)
        and (not rule.channel or rule.channel == contact.channel)
        and (
            rule.customer_id is None
            or (contact.customer is not None and rule.customer_id == contact.customer.pk)
        )
        and _mentions(rule, contact.folded_text)
    )


def _active_rules() -> list[RoutingRule]:
    """The active rules with their departments, read once per process until a rule or a
    department changes (``core.configcache``); their owners are read when a rule wins, as
    people change more often than rules."""
    return configcache.cached(
        "cases.routing-rules",
        lambda: list(RoutingRule.objects.filter(is_active=True).select_related("department")),
    )


def _owner(rule: RoutingRule) -> User | None:
    if rule.owner_id is None:
        return None
    return User.objects.filter(pk=rule.owner_id, is_active=True).first()


class TypeClassifier(Protocol):
    def __call__(self, contact: Contact) -> str | None: ...


def _no_classifier(contact: Contact) -> str | None:
    return None


# TODO(#3): a learned classifier (trained on the department's own labelled cases) replaces this.
classifier: TypeClassifier = _no_classifier


def suggest_type(contact: Contact) -> str:
    """The type for an untyped contact: the first rule that suggests one, the classifier, or
    information (the commonest and least committal type)."""
    for rule in _active_rules():
        if rule.suggested_type and _matches(rule, contact, for_type=True):
            return rule.suggested_type
    return classifier(contact) or CaseType.INFORMATION


@dataclass(frozen=True)
class Route:
    department: Department
    priority: str | None
    owner: User | None
    assignment_policy: str
    rule: str | None


def route(contact: Contact, *, default: Department) -> Route:
    """Where ``contact`` goes: the first matching rule, else ``default``. First match wins."""
    for rule in _active_rules():
        if rule.department.is_active and _matches(rule, contact, for_type=False):
            return Route(
                department=rule.department,
                priority=rule.priority or None,
                owner=_owner(rule),
                assignment_policy=rule.assignment_policy or rule.department.assignment_policy,
                rule=rule.name,
            )
    return Route(default, None, None, default.assignment_policy, None)
