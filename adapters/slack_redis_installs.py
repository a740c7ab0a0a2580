"""slack-sdk's installation and OAuth state store interfaces on Redis, so every replica of a fleet shares them."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Final
from urllib.parse import urlsplit

from redis.asyncio import Redis
from redis.exceptions import RedisError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from adapters.slack_install_stores import InstallStores
from bot.errors import StartupError

log = logging.getLogger("crybot.slack")

NONE: Final = "-"  # stands for a missing enterprise or team id in a key


@asynccontextmanager
async def redis_install_stores(
    url: str, *, client_id: str, state_seconds: int, prefix: str
) -> AsyncIterator[InstallStores]:
    """Both stores on one Redis connection pool, checked with a PING first; closed on exit."""
    redis = Redis.from_url(url)
    host = urlsplit(url).hostname or urlsplit(url).path  # a unix socket URL has a path, not a host
    try:
        try:
            await redis.ping()
        except (RedisError, OSError) as error:
            raise StartupError(f"Could not reach Redis at CRYBOT_REDIS_URL (host {host}; {type(error).__name__}): "
                               "check the URL and that Redis is running.") from None
        yield InstallStores(
            RedisInstallations(redis, client_id=client_id, prefix=prefix),
            RedisStates(redis, expiration_seconds=state_seconds, prefix=prefix),
            where=f"Redis on {host}",
        )
    finally:
        await redis.aclose()


def _scope(enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> str:
    """The key part for a workspace or org; an org-wide install is found without a team, as slack-sdk's stores do."""
    team = NONE if is_enterprise_install or not team_id else team_id
    return f"{enterprise_id or NONE}:{team}"


class RedisInstallations(AsyncInstallationStore):
    """The newest bot and installer per workspace or org, and each installer's own, as JSON; no TTL (tokens last)."""

    def __init__(self, redis: Redis, *, client_id: str, prefix: str) -> None:
        self._redis = redis
        self._base = f"{prefix}{client_id}:"

    @property
    def logger(self) -> logging.Logger:
        return log

    def _keys(self, scope: str) -> tuple[str, str, str]:
        """The bot, newest-installer and installers-set keys of a workspace or org."""
        return f"{self._base}bot:{scope}", f"{self._base}installer:{scope}", f"{self._base}installers:{scope}"

    def _user_key(self, scope: str, user_id: str) -> str:
        return f"{self._base}installer:{scope}:{user_id}"

    async def async_save(self, installation: Installation) -> None:
        """Keep the installation as the newest for its workspace and as its installer's, and its bot, in one step."""
        scope = _scope(installation.enterprise_id, installation.team_id, installation.is_enterprise_install)
        bot_key, newest_key, users_key = self._keys(scope)
        data = _dump(installation)
        async with self._redis.pipeline(transaction=True) as step:
            bot = installation.to_bot()
            if bot.bot_token:
                step.set(bot_key, _dump(bot))
            step.set(newest_key, data)
            step.set(self._user_key(scope, installation.user_id), data)
            step.sadd(users_key, installation.user_id)
            await step.execute()

    async def async_save_bot(self, bot: Bot) -> None:
        """Keep a bot as the newest for its workspace or org."""
        if bot.bot_token:
            bot_key, _, _ = self._keys(_scope(bot.enterprise_id, bot.team_id, bot.is_enterprise_install))
            await self._redis.set(bot_key, _dump(bot))

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        """The newest bot of a workspace or org."""
        bot_key, _, _ = self._keys(_scope(enterprise_id, team_id, is_enterprise_install))
        raw = await self._redis.get(bot_key)
        return Bot(**json.loads(raw)) if raw else None

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        """The newest installation (or this user's), carrying the newest bot token of its workspace."""
        scope = _scope(enterprise_id, team_id, is_enterprise_install)
        bot_key, newest_key, _ = self._keys(scope)
        raw_installation, raw_bot = await self._redis.mget(
            [self._user_key(scope, user_id) if user_id else newest_key, bot_key]
        )
        if not raw_installation:
            return None
        installation = Installation(**json.loads(raw_installation))
        if raw_bot:  # a user's older installation may hold a bot token that a later install replaced
            bot = Bot(**json.loads(raw_bot))
            installation.bot_id, installation.bot_user_id = bot.bot_id, bot.bot_user_id
            installation.bot_token, installation.bot_scopes = bot.bot_token, bot.bot_scopes
            installation.bot_refresh_token, installation.bot_token_expires_at = (
                bot.bot_refresh_token, bot.bot_token_expires_at)
        return installation

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget the bot of a workspace or org."""
        bot_key, _, _ = self._keys(_scope(enterprise_id, team_id, None))
        await self._redis.delete(bot_key)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Forget one user's installation, or (no user) every installation of the workspace or org."""
        scope = _scope(enterprise_id, team_id, None)
        _, newest_key, users_key = self._keys(scope)
        if user_id is not None:
            async with self._redis.pipeline(transaction=True) as step:
                step.delete(self._user_key(scope, user_id))
                step.srem(users_key, user_id)
                await step.execute()
            return
        users = [_text(user) for user in await self._redis.smembers(users_key)]
        await self._redis.delete(newest_key, users_key, *(self._user_key(scope, user) for user in users))

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget everything installed for a workspace or org."""
        await self.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        await self.async_delete_installation(enterprise_id=enterprise_id, team_id=team_id)


class RedisStates(AsyncOAuthStateStore):
    """Install-link states that any replica can check, each good once and only until it expires."""

    def __init__(self, redis: Redis, *, expiration_seconds: int, prefix: str) -> None:
        self._redis = redis
        self._base = f"{prefix}state:"
        self._seconds = expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        """A new unguessable state, kept for the expiration time."""
        state = secrets.token_urlsafe(24)
        await self._redis.set(f"{self._base}{state}", "1", ex=self._seconds, nx=True)
        return state

    async def async_consume(self, state: str) -> bool:
        """True once for a state that was issued and has not expired; DEL makes it one use across the fleet."""
        return bool(state) and await self._redis.delete(f"{self._base}{state}") == 1


def _dump(saved: Bot | Installation) -> str:
    """A bot or installation as JSON that its constructor takes back (slack-sdk's file store keeps the same)."""
    fields: dict[str, Any] = dict(vars(saved))
    return json.dumps(fields)


def _text(value: bytes | str) -> str:
    """A Redis reply as text."""
    return value.decode() if isinstance(value, bytes) else value
