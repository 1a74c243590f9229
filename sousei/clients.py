"""Who is on the other end of a request, for rate limits: the client's address (through a
trusted proxy header when one is configured) and a keyed hash of it that is never reversed."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """`REMOTE_ADDR`, or behind a reverse proxy the last hop of `SOUSEI_CLIENT_IP_HEADER`
    (the address the proxy itself saw; earlier hops are the client's to invent)."""
    header = settings.SOUSEI_CLIENT_IP_HEADER
    if header:
        key = "HTTP_" + header.upper().replace("-", "_")
        hops = [hop.strip() for hop in request.META.get(key, "").split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def client_key(address: str) -> str:
    """A keyed hash of the client address: enough to count its posts, useless to identify it."""
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
