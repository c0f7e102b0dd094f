from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mostrador.accounts"
    label = "accounts"
    verbose_name = _("Staff and departments")

    def ready(self) -> None:
        from mostrador.accounts import lockout, signins  # noqa: PLC0415
        from mostrador.accounts.models import (  # noqa: PLC0415
            BusinessCalendar,
            BusinessHours,
            ClosedDay,
            Department,
        )
        from mostrador.core import configcache  # noqa: PLC0415

        lockout.connect()
        configcache.watch(BusinessCalendar, BusinessHours, ClosedDay, Department)
        signins.connect()
