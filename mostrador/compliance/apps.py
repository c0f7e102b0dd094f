from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "mostrador.compliance"
    label = "compliance"
    verbose_name = _("Legal compliance")

    def ready(self) -> None:
        from mostrador.compliance.models import DeadlineRule, DeadlineRuleText  # noqa: PLC0415
        from mostrador.core import configcache  # noqa: PLC0415

        # The rules in force and their words are kept per process until one changes.
        configcache.watch(DeadlineRule, DeadlineRuleText)
