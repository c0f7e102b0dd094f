from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "mostrador.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules  # noqa: PLC0415

        from mostrador.cases import receivers  # noqa: PLC0415
        from mostrador.cases.models import RoutingRule, SLAPolicy  # noqa: PLC0415
        from mostrador.core import configcache  # noqa: PLC0415

        receivers.connect()
        configcache.watch(RoutingRule, SLAPolicy)
        # Every app that owns the detail of a type of case declares it in its ``details.py``.
        autodiscover_modules("details")
