"""Saved views: a person's queue set-ups kept under a name, and those shared with a department.

Who may do what, in one place (the web views, the admin and any future API ask here):

- a view without a department is its owner's: only they see, rename, share or delete it;
- a view shared with a department is seen by its members, and changed (renamed, unshared,
  deleted) only by that department's heads (``accounts.permissions.can_manage_department``,
  so administrators too);
- a view is shared only with a department its sharer heads.

What a view stores is checked when it is saved (``InvalidInput``) and again each time it is
opened (``setup_of``, ``cases_of``): a stale or tampered view shows with its bad parts left out.
"""

from __future__ import annotations

import hashlib
import json
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts.models import Department, Membership, User
from mostrador.cases import queues, selectors
from mostrador.cases.choices import OPEN_STATUSES
from mostrador.cases.models import Case, SavedView
from mostrador.core.errors import Forbidden, InvalidInput, NotFound

NAME_LENGTH = SavedView._meta.get_field("name").max_length or 80

# ---------------------------------------------------------------- permissions


def can_use_view(user: User, view: SavedView, departments: set[int]) -> bool:
    """Its owner, and the members of the department it is shared with (``departments``: the
    ids of the user's own)."""
    return view.owner_id == user.pk or view.department_id in departments


def can_change_view(user: User, view: SavedView, *, managed: set[int] | None = None) -> bool:
    """Rename, share, unshare or delete: the owner of a view of their own; the heads of the
    department of a shared one. ``managed``, when known, is the ids of the departments
    ``departments_to_share_with`` gave (the same rule as a query): no query more."""
    if view.department_id is None:
        return view.owner_id == user.pk
    if managed is not None:
        return view.department_id in managed
    department = view.department
    return department is not None and account_permissions.can_manage_department(user, department)


def can_share_with(user: User, department: Department) -> bool:
    return account_permissions.can_manage_department(user, department)


def departments_to_share_with(user: User) -> list[Department]:
    """The departments ``user`` may share a view with, by name (one query)."""
    return list(account_permissions.departments_managed_by(user).distinct().order_by("name"))


# ---------------------------------------------------------------- services


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > NAME_LENGTH:
        raise InvalidInput(
            fields={
                "name": [
                    _("Give the view a name of at most %(limit)d characters.")
                    % {"limit": NAME_LENGTH}
                ]
            }
        )
    return name


def _check_queue(owner: User, queue: str, department: Department | None) -> None:
    if queue == "department":
        member = department is not None and (
            account_permissions.is_admin(owner)
            or Membership.objects.filter(user=owner, department=department).exists()
        )
        if member:
            return
    elif queue in queues.PERSONAL and department is None:
        return
    raise InvalidInput(fields={"queue": [_("There is no such queue.")]})


@transaction.atomic
def create_view(
    owner: User,
    *,
    name: str,
    queue: str,
    queue_department: Department | None,
    setup: queues.QueueSetup,
    share_with: Department | None = None,
) -> SavedView:
    """Save ``setup`` of a queue under ``name``, for ``owner`` or shared with a department.

    Raises ``InvalidInput`` for a bad name, queue or set-up, and ``Forbidden`` when ``owner``
    may not share with ``share_with``.
    """
    name = _check_name(name)
    _check_queue(owner, queue, queue_department)
    problems = queues.setup_problems(
        filters=setup.filters,
        columns=list(setup.columns),
        sort=setup.sort,
        page_size=setup.page_size,
    )
    if problems:
        raise InvalidInput(fields={key: [_("This choice is not allowed.")] for key in problems})
    if share_with is not None and not can_share_with(owner, share_with):
        raise Forbidden(_("Only the department's heads may share a view with it."))
    return SavedView.objects.create(
        owner=owner,
        department=share_with,
        name=name,
        queue=queue,
        queue_department=queue_department,
        filters=setup.filters,
        columns=list(setup.columns),
        sort=setup.sort,
        page_size=setup.page_size,
    )


def _check_may_change(actor: User, view: SavedView) -> None:
    if not can_change_view(actor, view):
        raise Forbidden(_("Only the department's heads may change a view shared with it."))


def rename_view(view: SavedView, *, name: str, actor: User) -> SavedView:
    """Give ``view`` a new name. Raises ``Forbidden`` or ``InvalidInput``."""
    _check_may_change(actor, view)
    view.name = _check_name(name)
    view.save(update_fields=["name"])
    return view


def share_view(view: SavedView, *, department: Department | None, actor: User) -> SavedView:
    """Share ``view`` with ``department``, or, with None, take it back to its owner alone.

    Raises ``Forbidden`` unless ``actor`` may change the view and heads ``department``.
    """
    _check_may_change(actor, view)
    if department is not None and not can_share_with(actor, department):
        raise Forbidden(_("Only the department's heads may share a view with it."))
    view.department = department
    view.save(update_fields=["department"])
    return view


def delete_view(view: SavedView, *, actor: User) -> None:
    """Delete ``view``. Raises ``Forbidden`` unless ``actor`` may change it."""
    _check_may_change(actor, view)
    view.delete()


# ---------------------------------------------------------------- reading


def list_views_for_user(user: User) -> list[SavedView]:
    """The views ``user`` may open: their own first, then those shared with their
    departments, by department and name (one query)."""
    departments = Membership.objects.filter(user=user).values("department_id")
    return list(
        SavedView.objects.filter(Q(owner=user) | Q(department_id__in=departments))
        .select_related("department", "queue_department")
        .order_by(F("department__name").asc(nulls_first=True), "name", "id")
    )


def get_view(views: list[SavedView], pk: int) -> SavedView:
    """The view ``pk`` among those ``list_views_for_user`` gave, or ``NotFound``."""
    for view in views:
        if view.pk == pk:
            return view
    raise NotFound()


def setup_of(view: SavedView) -> queues.QueueSetup:
    """What ``view`` stores, checked again: choices that no longer exist are left out."""
    return queues.clean_setup(
        filters=view.filters, columns=view.columns, sort=view.sort, page_size=view.page_size
    )


def _queue_condition(user: User, view: SavedView) -> Q | None:
    """The open cases ``view``'s queue holds for ``user``, as ``queues.queue_cases`` reads
    them; None for a queue that no longer exists."""
    if view.queue == "department" and view.queue_department_id is not None:
        return selectors.visible_to(user) & Q(department_id=view.queue_department_id)
    if view.queue == "waiting_on_me":
        return queues.waiting_on(user)
    if view.queue in queues.PERSONAL:
        return selectors.visible_to(user) & queues.condition(user, view.queue)
    return None


def cases_of(user: User, view: SavedView) -> QuerySet[Case]:
    """The open cases ``view`` shows ``user``, before its filters (none for a stale queue)."""
    if _queue_condition(user, view) is None:
        return Case.objects.none()
    department = view.queue_department_id if view.queue == "department" else None
    return queues.queue_cases(user, view.queue, department_id=department)


def _counts_key(user: User, views: list[SavedView]) -> str:
    described = [[v.pk, v.queue, v.queue_department_id, v.filters] for v in views]
    digest = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()[:32]
    return f"saved-view-counts:{user.pk}:{digest}"


def count_views(user: User, views: list[SavedView]) -> dict[int, int]:
    """How many open cases each view holds for ``user``: one query for all of them, kept for
    ``QUEUE_COUNTS_CACHE_SECONDS`` as the queues' department figures are."""
    conditions = {}
    for view in views:
        condition = _queue_condition(user, view)
        if condition is not None:
            conditions[view.pk] = condition & Q(**setup_of(view).filters)
    if not conditions:
        return dict.fromkeys((view.pk for view in views), 0)
    key = _counts_key(user, views)
    found: dict[int, int] | None = cache.get(key)
    if found is None:
        counted = (
            Case.objects.filter(status__in=OPEN_STATUSES)
            .filter(reduce(or_, conditions.values()))
            .aggregate(
                **{f"v{pk}": Count("pk", filter=condition) for pk, condition in conditions.items()}
            )
        )
        found = {pk: counted[f"v{pk}"] or 0 for pk in conditions}
        cache.set(key, found, settings.QUEUE_COUNTS_CACHE_SECONDS)
    return {view.pk: found.get(view.pk, 0) for view in views}
