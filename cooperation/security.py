"""Cross-cutting security helpers of the site: where a request really comes from.

Behind a reverse proxy every request arrives from the proxy's address; the
client's own address is in a header the proxy sets. That header is trusted only
when ``TRUSTED_PROXY_IP_HEADER`` names it (e.g. ``HTTP_X_FORWARDED_FOR``), since
a client can send any header it likes to a portal that is reached directly.
"""

from django.conf import settings


def client_ip(request) -> str:
    """The client's IP address: the proxy header's first entry when configured, else the peer."""
    header = getattr(settings, "TRUSTED_PROXY_IP_HEADER", "")
    if header:
        forwarded = request.META.get(header, "")
        # "client, proxy1, proxy2": the left-most entry is the original client.
        first = forwarded.split(",")[0].strip()
        if first:
            return first
    return request.META.get("REMOTE_ADDR", "")
