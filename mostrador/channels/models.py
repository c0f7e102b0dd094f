"""The channels' models, one module per channel."""

from mostrador.channels.email.models import (
    DeliveryReport,
    InboundEmail,
    Mailbox,
    OutboundEmail,
)

__all__ = ["DeliveryReport", "InboundEmail", "Mailbox", "OutboundEmail"]
