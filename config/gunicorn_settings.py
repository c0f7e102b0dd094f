"""gunicorn's settings for Mostrador, as ``make serve`` and the benchmark start it.

The application is loaded once, in the master, before the workers are forked
(``preload_app``), and so is the language model that opening a case detects its language
with (``core.language``: ~75 MiB of transition tables): the workers share those pages
instead of each reading its own copy on its first case. Nothing touches the database
before the fork; each worker opens its own connections after it.
"""

import os

preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))


def when_ready(server: object) -> None:
    from mostrador.core import language  # noqa: PLC0415  (Django is set up by now)

    language.warm()


def post_fork(server: object, worker: object) -> None:
    from django.db import connections  # noqa: PLC0415

    connections.close_all()  # none should be open; never share one with the master
