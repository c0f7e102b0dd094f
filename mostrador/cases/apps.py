from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "mostrador.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from mostrador.cases import signals  # noqa: PLC0415

        signals.connect()
