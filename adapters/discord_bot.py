"""crybot on Discord: settings from the environment, start-up, and the invite URL.

`crybot run discord` calls `serve(core, env=os.environ)`; tests call `build_bot` and `run` to hold the client.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket

from adapters.discord_client import Crybot
from adapters.http_trace import platform_trace
from adapters.ops_http import maybe_ops_server
from bot.core import Core
from bot.errors import StartupError
from bot.metrics import Metrics

log = logging.getLogger(__name__)

# What the bot does in a channel: see it, post, upload pictures, react, reply to messages (needs history),
# post in threads; embed links and use application commands as the setup guide asks.
PERMISSIONS: Final = discord.Permissions(
    view_channel=True, send_messages=True, send_messages_in_threads=True, attach_files=True, add_reactions=True,
    read_message_history=True, embed_links=True, use_application_commands=True,
)
SCOPES: Final = ("bot", "applications.commands")
USER_SCOPES: Final = ("applications.commands",)
MAX_SHARDS_PER_PROCESS: Final = 1024  # far past what one process can hold; a typo like 0-99999999 must not eat memory
NO_CONTENT_WARNING: Final = (
    "Discord has not granted crybot the Message Content intent, so auto-replies only see messages that "
    "mention the bot. Turn it on under Developer Portal > your application > Bot > Privileged Gateway Intents "
    "> Message Content Intent, then restart. Slash commands keep working meanwhile."
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscordEnv:
    """The environment's say on the Discord side."""

    token: str
    dev_guild: int | None = None
    api_base: str | None = None
    gateway_url: str | None = None
    shard_count: int = 1
    shard_ids: list[int] | None = None

    @classmethod
    def read(cls, env: Mapping[str, str]) -> DiscordEnv:
        """Read and check DISCORD_* variables; raise StartupError with one line on a problem."""
        token = env.get("DISCORD_TOKEN", "").strip()
        if not token:
            raise StartupError("DISCORD_TOKEN is not set: copy the bot token from the Developer Portal "
                               "(your application > Bot > Reset Token) into the environment.")
        shard_count = _number(env, "DISCORD_SHARD_COUNT") or 1
        shard_ids = _shard_ids(env.get("DISCORD_SHARD_IDS", ""))
        if shard_count < 1 or any(not 0 <= s < shard_count for s in shard_ids or []):
            raise StartupError(f"DISCORD_SHARD_IDS must name shards from 0 to {shard_count - 1} "
                               f"(DISCORD_SHARD_COUNT is {shard_count}).")
        return cls(token=token, dev_guild=_number(env, "DISCORD_DEV_GUILD"),
                   api_base=env.get("DISCORD_API_BASE") or None, gateway_url=env.get("DISCORD_GATEWAY_URL") or None,
                   shard_count=shard_count, shard_ids=shard_ids)


def _number(env: Mapping[str, str], name: str) -> int | None:
    """Read an optional whole number."""
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()):  # "²".isdigit() is true, but int() refuses it
        raise StartupError(f"{name} must be a whole number, not {raw!r}.")
    return int(raw)


def _shard_ids(raw: str) -> list[int] | None:
    """Read shard ids like "0,1,4-7"; None (all shards) when empty."""
    ids: list[int] = []
    for part in filter(None, (p.strip() for p in raw.split(","))):
        low, _, high = part.partition("-")
        if not _digits(low) or (high and not _digits(high)):
            raise StartupError(f"DISCORD_SHARD_IDS must look like 0,1,4-7, not {raw!r}.")
        first, last = int(low), int(high or low)
        if last - first >= MAX_SHARDS_PER_PROCESS:
            raise StartupError(f"DISCORD_SHARD_IDS names more than {MAX_SHARDS_PER_PROCESS:,} shards in {part!r}.")
        ids.extend(range(first, last + 1))
    return sorted(set(ids)) or None


def _digits(raw: str) -> bool:
    """Whether raw is a plain ASCII whole number."""
    return raw.isascii() and raw.isdigit()


def invite_url(application_id: str) -> str:
    """The link that adds the bot to a server with the bot and applications.commands scopes and what it needs."""
    # integration_type picks the install on Discord's screen: 0 a server, 1 the person's own account.
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES) + "&integration_type=0"


def user_install_url(application_id: str) -> str:
    """The link that adds crybot to a person's own apps: /cry then works in any server, DM and group DM.

    A user install is commands only (no bot user, no permissions): crybot answers there through the interaction.
    """
    return discord.utils.oauth_url(application_id, scopes=USER_SCOPES) + "&integration_type=1"


def use_endpoints(*, api_base: str | None, gateway_url: str | None) -> None:
    """Point discord.py at another REST base (a shared rate-limit proxy, or a test fake) and gateway."""
    # 2026-05, discord.py 2.7: neither has a constructor option; both are class attributes read per request
    # and per connection, so this is the one place crybot changes them (and only when asked to).
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def build_bot(core: Core, *, env: Mapping[str, str], read_content: bool = True, **options: Any) -> Crybot:
    """Build the client from the core and the environment; `options` go to discord.py (tests shorten waits)."""
    settings = DiscordEnv.read(env)
    use_endpoints(api_base=settings.api_base, gateway_url=settings.gateway_url)
    options.setdefault("http_trace", platform_trace(core.observer))  # counts the REST API's 429s
    return Crybot(core, dev_guild=settings.dev_guild, read_content=read_content, shard_count=settings.shard_count,
                  shard_ids=settings.shard_ids, **options)


async def run(bot: Crybot, *, env: Mapping[str, str]) -> None:
    """Log in, register commands, and stay connected (resuming after drops) until cancelled."""
    token = DiscordEnv.read(env).token
    async with bot:  # closes the client however this ends
        try:
            await bot.login(token)
        except discord.LoginFailure:
            raise StartupError("Discord rejected DISCORD_TOKEN (401 Unauthorized): reset the token in the "
                               "Developer Portal (your application > Bot) and set it again.") from None
        except (aiohttp.ClientError, OSError) as error:  # DNS, refused, reset, TLS: Discord cannot be reached
            raise StartupError(f"Could not reach Discord to check DISCORD_TOKEN ({type(error).__name__} for "
                               f"{discord.http.Route.BASE}); check the network or DISCORD_API_BASE.") from None
        await bot.connect(reconnect=True)


async def serve(core: Core, *, env: Mapping[str, str], metrics: Metrics | None = None, metrics_port: int | None = None,
                metrics_host: str = "127.0.0.1", **options: Any) -> None:
    """Run crybot on Discord until cancelled; without the Message Content intent, warn once and go on.

    With `metrics` and `metrics_port`, /metrics, /healthz and /readyz are served on that port.
    """
    bots: list[Crybot] = []

    async def connected() -> bool:
        return bool(bots) and await bots[-1].connected()

    async with maybe_ops_server(core, metrics, connected, host=metrics_host, port=metrics_port):
        bots.append(build_bot(core, env=env, **options))
        try:
            await run(bots[-1], env=env)
        except discord.PrivilegedIntentsRequired:
            log.warning(NO_CONTENT_WARNING)
            bots.append(build_bot(core, env=env, read_content=False, **options))
            await run(bots[-1], env=env)
