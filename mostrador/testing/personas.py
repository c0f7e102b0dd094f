"""Named people for tests, so a test reads like a story about the department.

- ``operator``: Pau, front line of customer service (SAC).
- ``head``: Montserrat, head of customer service.
- ``technician``: Laia, technician of the technical service (SAT).
- ``admin``: Xavier, system administrator.
- ``outsider``: Oriol, a signed-in member of staff of no department.
"""

from __future__ import annotations

from dataclasses import dataclass

from mostrador.accounts.choices import DepartmentKind, Role
from mostrador.accounts.models import Department, Membership, User


@dataclass
class Personas:
    customer_service: Department
    technical_service: Department
    operator: User
    head: User
    technician: User
    admin: User
    outsider: User


def _user(username: str, first: str, last: str, **extra: object) -> User:
    return User.objects.create_user(
        username=username,
        password="secret-password",
        first_name=first,
        last_name=last,
        email=f"{username}@example.com",
        **extra,
    )


def create_personas() -> Personas:
    sac = Department.objects.create(
        name="Atenció al Client",
        code="sac",
        kind=DepartmentKind.CUSTOMER_SERVICE,
        inbound_email="atencio@example.com",
    )
    sat = Department.objects.create(
        name="Servei d'Assistència Tècnica", code="sat", kind=DepartmentKind.TECHNICAL
    )
    people = Personas(
        customer_service=sac,
        technical_service=sat,
        operator=_user("pau", "Pau", "Serra"),
        head=_user("montserrat", "Montserrat", "Vila", is_staff=True),
        technician=_user("laia", "Laia", "Roca"),
        admin=_user("xavier", "Xavier", "Font", is_staff=True),
        outsider=_user("oriol", "Oriol", "Puig"),
    )
    Membership.objects.bulk_create(
        [
            Membership(user=people.operator, department=sac, role=Role.OPERATOR),
            Membership(user=people.head, department=sac, role=Role.HEAD),
            Membership(user=people.technician, department=sat, role=Role.TECHNICIAN),
            Membership(user=people.admin, department=sac, role=Role.ADMIN),
        ]
    )
    return people
