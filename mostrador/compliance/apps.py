from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _rules_changed(sender: Any, **kwargs: Any) -> None:
    from mostrador.compliance import selectors  # noqa: PLC0415  (needs the models)

    selectors.forget_rule_texts()


class ComplianceConfig(AppConfig):
    name = "mostrador.compliance"
    label = "compliance"
    verbose_name = _("Legal compliance")

    def ready(self) -> None:
        from mostrador.compliance.models import DeadlineRule, DeadlineRuleText  # noqa: PLC0415

        for model in (DeadlineRule, DeadlineRuleText):
            for signal in (post_save, post_delete):
                signal.connect(_rules_changed, sender=model, dispatch_uid=f"rule-texts-{model}")
