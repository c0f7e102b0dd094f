"""Shapes of what the API returns and accepts, shared by its routers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict

from mostrador.accounts.choices import DEFAULT_TOKEN_LIFETIME
from mostrador.accounts.services import MAX_TOKEN_LIFETIME_DAYS

# Database ids: positive and within a signed 64-bit integer, so no input can overflow a query.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class InputSchema(Schema):
    """What a client sends: a field we do not know is an error, never silently dropped (a
    misspelt or renamed field would otherwise lose what the client meant)."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    code: str = Field(description="Stable machine-readable code, e.g. not_found or invalid.")
    message: str = Field(description="Human-readable explanation in the request's language.")
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages per input field, for invalid input."
    )


class ComponentOut(Schema):
    status: str
    detail: dict[str, object]


class HealthOut(Schema):
    status: str = Field(
        description="ok; degraded (background work not running, or tasks left running by a "
        "lost worker: worker.detail.abandoned); or error (no database)."
    )
    database: ComponentOut
    worker: ComponentOut = Field(
        description="With the database task backend its detail also counts the tasks pending, "
        "those abandoned by a lost worker, and the workers alive (their leases)."
    )
    scheduler: ComponentOut


class MembershipOut(Schema):
    department_id: int
    department: str = Field(alias="department.name")
    role: str


class MeOut(Schema):
    id: int
    username: str
    name: str = Field(alias="get_full_name")
    email: str
    language: str
    is_admin: bool
    memberships: list[MembershipOut]


class DepartmentOut(Schema):
    id: int
    name: str
    code: str
    kind: str
    inbound_email: str
    member_count: int
    head_count: int


class MemberOut(Schema):
    user_id: int
    username: str = Field(alias="user.username")
    name: str = Field(alias="user.get_full_name")
    role: str


class CalendarOut(Schema):
    id: int
    name: str
    time_zone: str
    country: str
    subdivision: str


class DepartmentDetailOut(Schema):
    id: int
    name: str
    code: str
    kind: str
    inbound_email: str
    description: str
    calendar: CalendarOut | None
    members: list[MemberOut] = Field(alias="memberships.all")


class TokenIn(InputSchema):
    name: str = Field(min_length=1, max_length=100)
    expires_in_days: int | None = Field(
        DEFAULT_TOKEN_LIFETIME.days,
        description=f"Days the token works, 1 to {MAX_TOKEN_LIFETIME_DAYS}; null: never expires.",
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The secret. Shown only in this response; store it safely.")


class ContactOut(Schema):
    kind: str
    value: str
    is_primary: bool


class CustomerOut(Schema):
    id: int
    kind: str
    name: str
    language: str
    contacts: list[ContactOut] = Field(alias="contacts.all")


class CustomerIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: str = "person"
    language: str | None = None
    emails: list[str] = Field(default_factory=list, max_length=20)
    phones: list[str] = Field(default_factory=list, max_length=20)
