"""The kinds of event the channels record (each channel declares its own)."""

from mostrador.channels.email import events as email_events  # noqa: F401  (declares on import)
