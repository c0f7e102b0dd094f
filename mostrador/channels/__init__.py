"""Channels: how customers reach the department (email first), each parsed into ``cases``."""
