"""Which address a request came from, for django-axes' lockout (AXES_CLIENT_IP_CALLABLE).

X-Forwarded-For is whatever the client wrote, plus what each proxy appended. Without trusted
proxies (TRUSTED_PROXY_COUNT=0, the default) only the TCP peer counts, so a spoofed header
cannot dodge a lockout. Behind N trusted proxies (each appending the address it saw, as nginx's
$proxy_add_x_forwarded_for and most load balancers do) the client is the N-th entry from the
right; a shorter header means the request did not pass all proxies, and the peer counts.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    peer = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return peer
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        return peer
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer
