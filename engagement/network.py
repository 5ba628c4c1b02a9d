"""The client's address, the one place that decides whether to believe ``X-Forwarded-For``.

Behind a proxy every request comes from the proxy's address, so anything counted per address
(the voting-code guessing limiter, the sign-in limits) would count every visitor as one. The
header is believed only when the request comes from an address in ``TRUSTED_PROXIES``; then
the client is the nearest hop, reading the header from the right, that is not itself a trusted
proxy (hops further left were written by the client and prove nothing). With no trusted
proxies the header is ignored, so nobody can choose their own address by sending it.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec if item)


def trusted_networks() -> tuple[Network, ...]:
    """``TRUSTED_PROXIES`` parsed (read at call time, so overrides take effect)."""
    return _networks(tuple(item.strip() for item in settings.TRUSTED_PROXIES))


def _address(text: str):
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in net for net in networks)


def client_address(request) -> str:
    """The address of the client that sent ``request``, as a string ("unknown" if none)."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    networks = trusted_networks()
    if not networks or not is_trusted(_address(remote), networks):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # a hop we cannot read: believe nothing beyond the proxy
        if not is_trusted(address, networks):
            return str(address)
    return str(_address(hops[0])) if hops else remote
