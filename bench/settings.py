"""The production settings, plus the framework ceiling's URL: nothing else differs."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
