from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "mostrador.channels"
    label = "channels"
    verbose_name = _("Channels")

    def ready(self) -> None:
        from mostrador.channels.email import outbound, replytokens  # noqa: PLC0415  (models)
        from mostrador.channels.email.models import Mailbox  # noqa: PLC0415
        from mostrador.core import configcache  # noqa: PLC0415
        from mostrador.core.notices import notice_recorded  # noqa: PLC0415

        # The domain records notices; email delivers every one whose recipient has an address.
        notice_recorded.connect(outbound.on_notice_recorded, dispatch_uid="channels-email")
        configcache.watch(Mailbox)
        # A staff member's reply addresses stop working when their access to the case ends.
        replytokens.connect()
