"""The shape of one language's phrases for generated cases (filled in phrases_<language>.py).

Every text is a template whose ``{slots}`` are the facts of the case (``slots.draw_facts``) and
its people (``{name}``, ``{agent}``, ``{department}``, ``{reference}``). Mappings are keyed by case
type; a key ``"claim:<remedy>"`` adds templates only a claim asking for that remedy may use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mostrador.cases.choices import CaseType

Templates = tuple[str, ...]
ByType = Mapping[str, Templates]

# Cases handled at a desk (answered, passed on) and cases that send someone out (visits, parts).
DESK_TYPES = (
    CaseType.INFORMATION,
    CaseType.SUGGESTION,
    CaseType.COMPLIMENT,
    CaseType.AUTHORITY_REPORT,
)
SERVICE_TYPES = (CaseType.TECHNICAL, CaseType.COMPLAINT, CaseType.CLAIM)


def by_group(desk: Templates, service: Templates) -> ByType:
    """The same templates for every desk type, and others for every service type."""
    return {**dict.fromkeys(DESK_TYPES, desk), **dict.fromkeys(SERVICE_TYPES, service)}


@dataclass(frozen=True)
class Phrasebook:
    """What customers and staff write, in one language."""

    subjects: ByType
    # The customer's first message: one opening, then details of its type, general context and
    # closing sentences, in that order.
    openings: ByType
    details: ByType
    context: Templates
    closings: Templates  # the last sentences before the signature
    follow_ups: Templates  # a customer's later message begins with one of these
    greetings: Templates
    sign_offs: Templates  # with {name}
    # Staff: the first reply, replies on the way, the last reply of a closed case.
    acknowledgements: ByType
    progress: ByType
    resolutions: ByType
    staff_context: Templates
    staff_closings: Templates
    staff_greetings: Templates
    staff_sign_offs: Templates  # with {agent} and {department}
    notes: ByType
