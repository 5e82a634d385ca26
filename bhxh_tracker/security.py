"""Small helpers for the production security settings (django-axes' client address)."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def is_trusted_proxy(text: str | None) -> bool:
    """Whether an address is one of TRUSTED_PROXIES (IPs or CIDRs, e.g. "127.0.0.1,10.0.0.0/24")."""
    address = _address(text or "")
    return address is not None and any(address in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is a trusted proxy (nginx).

    Only then is X-Forwarded-For read, from the right: each trusted proxy appends the address it received
    the request from, so the first entry that is not itself a trusted proxy is the client. Anything further
    left was written by the client and is ignored; an unparsable entry ends the walk at the proxy's word.
    A request reaching gunicorn directly (not from a trusted proxy) cannot choose its address with the header,
    so changing it on every try does not get round the login throttle.
    """
    remote = request.META.get("REMOTE_ADDR")
    if not is_trusted_proxy(remote):
        return remote
    client = remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break
        client = str(address)
        if not is_trusted_proxy(client):
            break
    return client
