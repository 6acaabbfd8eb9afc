"""The address a request came from: the one place that decides it, for sign-in lockout, the
audit log and rate limits alike.

Straight from the browser, it is the connection's address. Behind reverse proxies
(GOLDENTHREAD_BEHIND_PROXY, GOLDENTHREAD_PROXY_COUNT), each proxy appends the address it was
reached from to X-Forwarded-For, so the browser's address is the proxy count's entry from the
right; anything further left was written by the browser itself and is never believed."""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    connection = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if not proxies:
        return connection
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < proxies:
        # Fewer entries than proxies: the request did not come through all of them.
        return connection
    candidate = forwarded[-proxies]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return connection


def axes_client_address(request: HttpRequest) -> str:
    """django-axes' AXES_CLIENT_IP_CALLABLE: lockouts key on the same address as everything else."""
    return client_address(request)
