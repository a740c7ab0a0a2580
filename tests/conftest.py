"""Test-wide guards: no network beyond loopback, and a clear home for shared fixtures."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest

# Harnesses whose fixtures any test may ask for by name. (tests/fakes/discord_harness.py offers context managers,
# not fixtures, so test files import what they use from it.)
pytest_plugins = ["tests.fakes.slack_harness", "tests.redis_harness", "tests.fleet_harness"]

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _is_local(host: object) -> bool:
    """Loopback addresses and names only."""
    if not isinstance(host, str):
        return True  # unix sockets and the like
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guard(address: Any) -> None:
    """Fail loudly on any connection that would leave the machine."""
    host = address[0] if isinstance(address, tuple) else address
    if not _is_local(host):
        raise ConnectionRefusedError(f"tests may not reach the network (tried {address!r})")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make any accidental network call fail the test that made it."""

    def connect(self: socket.socket, address: Any) -> None:
        _guard(address)
        return _real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _guard(address)
        return _real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, bytes):
            host = host.decode()
        if host is not None and not _is_local(host):
            raise socket.gaierror(f"tests may not resolve {host!r}")
        return _real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield
