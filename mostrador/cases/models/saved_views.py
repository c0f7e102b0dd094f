"""A saved view: a person's queue set-up kept under a name, shared with a department or not."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mostrador.accounts.models import Department


class SavedView(models.Model):
    """A queue (personal or a department's) with its filters, columns, order and page size.

    Without a department it is its owner's alone; with one, every member of that department
    sees it in their queue navigation, and only that department's heads change it
    (``cases.saved_views``). What it stores is checked again each time it is opened: a choice
    that no longer exists is left out, never an error.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_views",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("shared with"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="saved_views",
    )
    name = models.CharField(_("name"), max_length=80)
    # The queue it starts from: a personal queue's name, or "department" with ``queue_department``.
    queue = models.CharField(_("queue"), max_length=20)
    queue_department = models.ForeignKey(
        Department,
        verbose_name=_("department queue"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    columns = models.JSONField(_("columns shown"), default=list, blank=True)
    sort = models.CharField(_("order"), max_length=20, blank=True)
    page_size = models.PositiveSmallIntegerField(_("cases per page"), default=25)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["owner", "department"], name="saved_view_owner"),
            models.Index(fields=["department"], name="saved_view_department"),
        ]

    def __str__(self) -> str:
        return self.name
