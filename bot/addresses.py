"""Which hosts a `url:` meme may be fetched from: public addresses only, unless an operator opens their own network."""

from __future__ import annotations

import ipaddress
import re
import socket
from typing import Final

from yarl import URL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

SCHEMES: Final = ("http", "https")
# Ranges an operator's own network uses; `allow_private_urls` opens these (and loopback), nothing else.
OWN_NETWORKS: Final = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7",
))
NAT64: Final = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the last 32 bits are an IPv4 address
# Digits, dots and hex: what the C resolver reads as an IPv4 address in legacy forms (0x7f000001, 127.1, 017700000001).
LEGACY_IPV4: Final = re.compile(r"[0-9a-fx.]+")


def address_refusal(address: str, *, allow_private: bool = False) -> str | None:
    """Why crybot must not connect to this IP address ("a loopback address"), or None when it may."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r}, which is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        destination = ip.ipv4_mapped or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in NAT64 else None)
        if destination is not None:  # the packets go to the IPv4 address inside
            return address_refusal(str(destination), allow_private=allow_private)
        for tunnel_end in (ip.sixtofour, *(ip.teredo or ())):  # tunnels: the IPv4 end must pass too
            refusal = address_refusal(str(tunnel_end), allow_private=allow_private) if tunnel_end else None
            if refusal:
                return refusal
    if ip.is_unspecified:
        return f"{ip}, an unspecified address (it reaches this machine)"
    if ip.is_multicast:
        return f"{ip}, a multicast address"
    if ip.is_link_local:
        return f"{ip}, a link-local address (cloud metadata services live there)"
    if ip.is_loopback:
        return None if allow_private else f"{ip}, a loopback address"
    if any(ip in network for network in OWN_NETWORKS if network.version == ip.version):
        return None if allow_private else f"{ip}, a private address"
    if ip.is_reserved or not ip.is_global:
        return f"{ip}, a reserved address"
    return None


def literal_address(host: str) -> str | None:
    """The IP address a host names by itself (a literal in any form the resolver accepts, or localhost), else None."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):  # RFC 6761: always this machine
        return "127.0.0.1"
    try:
        return str(ipaddress.ip_address(name.split("%", 1)[0]))
    except ValueError:
        pass
    if LEGACY_IPV4.fullmatch(name) and not name.startswith(".") and ".." not in name:
        try:
            return socket.inet_ntoa(socket.inet_aton(name))
        except OSError:
            return None
    return None


def url_problem(url: str, *, allow_private: bool = False) -> str | None:
    """Why a picture url cannot be fetched, judged from its text alone (names are judged again once resolved)."""
    try:
        parsed = URL(url)
    except (ValueError, TypeError):
        return f"'{url}' is not a valid url"
    if parsed.scheme not in SCHEMES:
        return f"'{url}' must start with http:// or https://"
    host = parsed.raw_host
    if not host:
        return f"'{url}' names no host"
    address = literal_address(host)
    if address is None:
        return None
    refusal = address_refusal(address, allow_private=allow_private)
    if refusal is None:
        return None
    return f"'{url}' points at {refusal}; crybot fetches pictures only from public addresses"

