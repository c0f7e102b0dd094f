"""The cases app's models, one module per part of the domain."""

from mostrador.cases.models.case import (
    NO_DUE,
    Attachment,
    Case,
    Message,
    ReferenceSequence,
    Tag,
    activity_sort,
    attachment_path,
    due_sort,
    priority_rank,
)
from mostrador.cases.models.details import AuthorityReport, Claim
from mostrador.cases.models.levels import ApprovalRequest, Consultation, FollowUp
from mostrador.cases.models.relations import CaseLink, CaseViewer
from mostrador.cases.models.saved_views import SavedView
from mostrador.cases.models.setup import (
    SAVED_REPLY_PLACEHOLDERS,
    RoutingRule,
    SavedReply,
    SLAPolicy,
)

__all__ = [
    "NO_DUE",
    "SAVED_REPLY_PLACEHOLDERS",
    "ApprovalRequest",
    "Attachment",
    "AuthorityReport",
    "Case",
    "CaseLink",
    "CaseViewer",
    "Claim",
    "Consultation",
    "FollowUp",
    "Message",
    "ReferenceSequence",
    "RoutingRule",
    "SLAPolicy",
    "SavedReply",
    "SavedView",
    "Tag",
    "activity_sort",
    "attachment_path",
    "due_sort",
    "priority_rank",
]
