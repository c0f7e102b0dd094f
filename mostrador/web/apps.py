from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "mostrador.web"
    label = "web"
    verbose_name = _("Staff interface")

    def ready(self) -> None:
        from mostrador.web import panels  # noqa: PLC0415  (panels read the models)

        panels.load()
