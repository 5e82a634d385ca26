"""Small helpers for the production security settings (django-axes' client address)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as seen by the outermost trusted proxy.

    Each of the TRUSTED_PROXY_COUNT proxies (nginx) appends the address it received the request
    from to X-Forwarded-For, so the client is that many entries from the right. Anything to the
    left of it was written by the client and is ignored; with no proxy, REMOTE_ADDR is the client.
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies][:45]
    return request.META.get("REMOTE_ADDR")
