"""The address a request came from, said once for the throttles and the security log."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address: the socket's peer, or behind a trusted proxy the address that
    proxy saw.

    With ``TRUST_PROXY_HEADERS`` the proxy in front of us appends the address it was connected
    from to ``X-Forwarded-For``; only that last entry is its word, the ones before it are the
    client's and may be forged. Without it the header is ignored: anyone can send it. Anything
    that is not an IP address counts as none.
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    if settings.TRUST_PROXY_HEADERS:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            candidate = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None
