"""An HTTP client that connects only where the address policy allows: judged after DNS and again at connect."""

from __future__ import annotations

import socket
from collections.abc import Callable, Collection
from functools import partial
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from bot.addresses import address_refusal

# Why an (address, port) must not be reached, or None; one per session, fixed when it is built.
Check = Callable[[str, int], "str | None"]


class BlockedAddress(OSError):
    """A connection crybot refused to make; the message says where it would have gone."""


def address_check(*, allow_private: bool, treat_as_public: Collection[tuple[str, int]] = ()) -> Check:
    """The policy for one session; `treat_as_public` lets tests serve a stand-in public host from loopback."""
    exempt = frozenset(treat_as_public)

    def check(address: str, port: int) -> str | None:
        if (address, port) in exempt:
            return None
        return address_refusal(address, allow_private=allow_private)

    return check


class GuardedResolver(AbstractResolver):
    """Resolves through another resolver and refuses a name if any of its addresses is refused."""

    def __init__(self, inner: AbstractResolver, check: Check) -> None:
        self._inner = inner
        self._check = check

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve, then judge every answer: one inward address is enough to refuse the name."""
        answers = await self._inner.resolve(host, port, family)
        for answer in answers:
            refusal = self._check(answer["host"], answer["port"])
            if refusal:
                raise BlockedAddress(f"{host} resolves to {refusal}")
        return answers

    async def close(self) -> None:
        """Close the resolver underneath."""
        await self._inner.close()


def _guarded_socket(check: Check, addr_info: tuple[Any, ...]) -> socket.socket:
    """Make the socket for one connection attempt, after judging the exact address it will connect to."""
    family, kind, proto, _, sockaddr = addr_info
    refusal = check(str(sockaddr[0]), int(sockaddr[1]))
    if refusal:
        raise BlockedAddress(f"refused to connect to {refusal}")
    return socket.socket(family, kind, proto)


def guarded_session(*, check: Check, resolver: AbstractResolver | None = None,
                    timeout: aiohttp.ClientTimeout) -> aiohttp.ClientSession:
    """A session whose every connection passes `check`; no DNS cache or kept-alive connection to outlive a verdict."""
    connector = aiohttp.TCPConnector(
        resolver=GuardedResolver(resolver or DefaultResolver(), check),
        socket_factory=partial(_guarded_socket, check),  # sees IP literals too, which skip the resolver
        use_dns_cache=False,
        force_close=True,
    )
    return aiohttp.ClientSession(connector=connector, timeout=timeout, trust_env=False)


def blocked_reason(exc: BaseException) -> str | None:
    """The refusal behind a client error, if a BlockedAddress caused it."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, BlockedAddress):
            return str(current)
        seen.add(id(current))
        current = getattr(current, "os_error", None) or current.__cause__ or current.__context__
    return None
