from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mostrador.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Every app declares its kinds of event and of notice in its own ``events.py`` and
        # ``notices.py``; load them all before the first one is recorded.
        autodiscover_modules("events", "notices")
