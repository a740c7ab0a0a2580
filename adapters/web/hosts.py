"""Which Host and Origin headers the playground answers: its own addresses only, so no other site can drive it.

A DNS-rebinding page points a name it controls at 127.0.0.1: the browser then sends that name as Host and as
Origin. Refusing names the playground was not started under stops it; an address typed as digits cannot rebind.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost"})


def host_name(header: str) -> str:
    """The name in a Host header or an origin's netloc, without its port and brackets, lower-cased."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _address(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


def is_loopback(name: str) -> bool:
    """Whether a host name or address only this machine can reach: localhost, 127.0.0.0/8, ::1."""
    address = _address(name)
    return name in LOOPBACK_NAMES or (address is not None and address.is_loopback)


def allowed_host(header: str, *, served: str) -> bool:
    """Whether a Host header names this playground: a loopback name or address, or the host it was started on.

    Started on an address of the machine (--public --host 0.0.0.0 or an IP), any address written as digits is fine
    too: people reach it by the machine's address, and digits name no site a rebinding page could own.
    """
    name = host_name(header)
    if not name:
        return False
    served_name = host_name(served)
    if is_loopback(name) or name == served_name:
        return True
    address, served_address = _address(name), _address(served_name)
    return address is not None and served_address is not None and not served_address.is_loopback


def same_origin(origin: str, *, host_header: str) -> bool:
    """Whether a request's Origin is the page this playground served (scheme http, and the very Host it was sent to)."""
    parts = urlsplit(origin.strip())
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host_header.strip().lower() and not parts.path
