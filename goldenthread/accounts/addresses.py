"""The address a request came from: the one place that decides it, for sign-in lockout, the
audit log and rate limits alike.

Straight from the browser, it is the connection's address. Behind reverse proxies
(GOLDENTHREAD_BEHIND_PROXY, GOLDENTHREAD_PROXY_COUNT), each proxy appends the address it was
reached from to X-Forwarded-For, so the browser's address is the proxy count's entry from the
right; anything further left was written by the browser itself and is never believed."""

import logging
from ipaddress import IPv6Address, IPv6Network, ip_address

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)

# Lockout counts an IPv6 address by its /64 network: that is what one household or office is
# given, so one machine could otherwise try a password from as many addresses as it liked.
IPV6_LOCKOUT_PREFIX = 64


def parse_address(text: str) -> str | None:
    """An address as a server or proxy writes it, in one canonical spelling; None if it is not
    an address at all ("unknown", "unix:", a host name). Some proxies add the port
    ("192.0.2.1:5678", "[2001:db8::1]:443") or an IPv6 zone ("fe80::1%eth0"); an IPv4 address
    mapped into IPv6 ("::ffff:192.0.2.1") is the IPv4 address, so one browser has one address."""
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4 with a port: a bare IPv6 address has two colons or more
        text = text.partition(":")[0]
    text = text.partition("%")[0]
    try:
        address = ip_address(text)
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def client_address(request: HttpRequest | None) -> str:
    """The browser's address, or "" when it cannot be known."""
    if request is None:
        return ""
    connection = parse_address(request.META.get("REMOTE_ADDR") or "") or ""
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies < 1:
        return connection
    forwarded = [
        entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()
    ]
    if len(forwarded) < proxies:
        # Fewer entries than proxies: the request did not come through all of them.
        return connection
    address = parse_address(forwarded[-proxies])
    if address is None:
        # Our nearest proxy wrote this entry, so it is not the browser's doing: the proxies are
        # set up differently from what GOLDENTHREAD_PROXY_COUNT says.
        logger.warning(
            "X-Forwarded-For entry %d from the right is not an address (%r): check "
            "GOLDENTHREAD_PROXY_COUNT and the proxy; using the connection's address",
            proxies,
            forwarded[-proxies].strip()[:60],
        )
        return connection
    return address


def axes_client_address(request: HttpRequest) -> str | None:
    """django-axes' AXES_CLIENT_IP_CALLABLE: lockouts key on the same address as everything
    else, an IPv6 address by its /64 network; None when unknown (axes stores it as NULL)."""
    address = client_address(request)
    if not address:
        return None
    if ":" in address:
        network = IPv6Network(f"{address}/{IPV6_LOCKOUT_PREFIX}", strict=False)
        return str(network.network_address)
    return address
