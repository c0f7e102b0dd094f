"""The vocabulary of events: every kind of thing Mostrador records, declared once by its app.

Each app declares its kinds in its own ``events.py`` with ``declare`` (as pretix declares its
log entry types): the verb, a short label, and how its data reads as a sentence, both in the
reader's language. ``services.record_event`` refuses a verb nobody declared. The timeline, the
history API and the reports read these declarations, so a new app adds its kinds in its own
folder without touching them.

The declarations are loaded when Django starts (``CoreConfig.ready`` imports every installed
app's ``events`` module).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What an event's data says, as one sentence in the active language.
Sentence = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class EventKind:
    """One kind of event: ``verb`` is ``<app>.<model>.<past_participle>``."""

    verb: str
    label: str | Promise
    sentence: Sentence | str | Promise
    # Counted in the yearly activity of the reports: the work a department does on its cases.
    counted: bool = False
    # Shown in the administrators' security log: sign-ins, access, roles, tokens, exports.
    security: bool = False

    def describe(self, data: Mapping[str, Any] | None) -> str:
        """What happened, as a sentence in the active language (the actor is said apart)."""
        if callable(self.sentence):
            return str(self.sentence(data or {}))
        return str(self.sentence)

    @property
    def app(self) -> str:
        return self.verb.split(".", 1)[0]


_KINDS: dict[str, EventKind] = {}


def declare(
    verb: str,
    *,
    label: str | Promise,
    sentence: Sentence | str | Promise | None = None,
    counted: bool = False,
    security: bool = False,
) -> EventKind:
    """Declare a kind of event; ``sentence`` defaults to the label. ``counted`` kinds are the
    work the yearly activity report counts (transfers, consultations, approvals...);
    ``security`` kinds make the administrators' security log (who got in, who failed, who was
    given what access, what left the system).

    Declaring the same verb twice is a mistake (two apps, or one app twice, saying different
    things of one event): raises ``ImproperlyConfigured``.
    """
    if verb.count(".") < 2:
        raise ImproperlyConfigured(f"event verb {verb!r} must be <app>.<model>.<past_participle>")
    if verb in _KINDS:
        raise ImproperlyConfigured(f"event verb {verb!r} is declared twice")
    kind = EventKind(
        verb=verb,
        label=label,
        sentence=sentence if sentence is not None else label,
        counted=counted,
        security=security,
    )
    _KINDS[verb] = kind
    return kind


def is_declared(verb: str) -> bool:
    return verb in _KINDS


def get_kind(verb: str) -> EventKind | None:
    return _KINDS.get(verb)


def describe(verb: str, data: Mapping[str, Any] | None) -> str:
    """The sentence for an event; its verb itself if it is not declared (any more)."""
    kind = _KINDS.get(verb)
    return kind.describe(data) if kind else verb


def label(verb: str) -> str:
    kind = _KINDS.get(verb)
    return str(kind.label) if kind else verb


def all_kinds(
    app: str | None = None, *, counted: bool | None = None, security: bool | None = None
) -> list[EventKind]:
    """Every declared kind (of one app; counted in the activity or not; of security or not),
    by verb."""
    return sorted(
        (
            kind
            for kind in _KINDS.values()
            if (app is None or kind.app == app)
            and (counted is None or kind.counted == counted)
            and (security is None or kind.security == security)
        ),
        key=lambda kind: kind.verb,
    )


# The core's own kinds: tasks whose worker was lost (``services.reclaim_abandoned_tasks``).


def _task_reclaimed(data: Mapping[str, Any]) -> str:
    return _(
        "task %(task)s was queued again: its worker %(worker)s stopped (attempt %(attempt)s of "
        "%(attempts)s)"
    ) % {
        "task": data.get("task", ""),
        "worker": data.get("worker", ""),
        "attempt": data.get("attempt", ""),
        "attempts": data.get("attempts", ""),
    }


def _task_abandoned(data: Mapping[str, Any]) -> str:
    return _("task %(task)s failed: its worker stopped under it %(attempts)s times") % {
        "task": data.get("task", ""),
        "attempts": data.get("attempt", ""),
    }


declare("core.task.reclaimed", label=gettext_lazy("Task run again"), sentence=_task_reclaimed)
declare(
    "core.task.abandoned",
    label=gettext_lazy("Task given up: worker lost"),
    sentence=_task_abandoned,
)
