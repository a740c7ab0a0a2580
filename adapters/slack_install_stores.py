"""Where Slack installs and install links are kept: SQLite in the data folder, or Redis that every replica shares."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlite3 import SQLite3OAuthStateStore

from bot.errors import StartupError

log = logging.getLogger("crybot.slack")

INSTALLS_FILE: Final = "slack-installs.sqlite3"
REDIS_VARIABLE: Final = "CRYBOT_REDIS_URL"


@dataclass(frozen=True, slots=True)
class InstallStores:
    """slack-sdk's installation store (a bot token per workspace or org) and OAuth state store (install links)."""

    installations: AsyncInstallationStore
    states: AsyncOAuthStateStore
    where: str  # for the log: which file or server, never a password


@asynccontextmanager
async def open_install_stores(
    *, env: Mapping[str, str], data_dir: Path, client_id: str, state_seconds: int
) -> AsyncIterator[InstallStores]:
    """Redis when CRYBOT_REDIS_URL is set (a fleet shares it), else a SQLite file in the data folder."""
    url = env.get(REDIS_VARIABLE, "").strip()
    if url:
        from adapters.slack_redis_installs import redis_install_stores  # the redis client loads only when asked for
        from bot.store.redis import DEFAULT_PREFIX

        # Beside crybot's own keys, under the same prefix, so several bots can share one Redis.
        prefix = (env.get("CRYBOT_REDIS_PREFIX") or DEFAULT_PREFIX) + "slack:"
        async with redis_install_stores(url, client_id=client_id, state_seconds=state_seconds, prefix=prefix) as stores:
            yield stores
    else:
        yield await sqlite_install_stores(data_dir / INSTALLS_FILE, client_id=client_id, state_seconds=state_seconds)


async def sqlite_install_stores(path: Path, *, client_id: str, state_seconds: int) -> InstallStores:
    """slack-sdk's SQLite stores in one file, readable by this user only (it holds every workspace's bot token)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.touch(mode=0o600)
        installations = SqliteInstallations(database=str(path), client_id=client_id)
        states = SqliteStates(database=str(path), expiration_seconds=state_seconds)
        # Tables are made now, once: two first requests in two threads would both try to create them.
        await asyncio.to_thread(installations.init)
        await asyncio.to_thread(states.init)
    except OSError as error:
        raise StartupError(f"cannot open {path} for Slack installs ({error.strerror or type(error).__name__}): "
                           "check --data-dir.") from None
    if path.stat().st_mode & 0o077:
        log.warning("%s holds bot tokens and others can read it: chmod 600 it", path)
    return InstallStores(installations, states, where=f"SQLite file {os.fspath(path)}")


class SqliteInstallations(SQLite3InstallationStore):
    """slack-sdk's SQLite installation store with its file I/O moved off the event loop (its async methods block)."""

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.save_bot, bot)

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        return await asyncio.to_thread(
            lambda: self.find_bot(
                enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
            )
        )

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        return await asyncio.to_thread(
            lambda: self.find_installation(
                enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
                is_enterprise_install=is_enterprise_install,
            )
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(lambda: self.delete_bot(enterprise_id=enterprise_id, team_id=team_id))

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await asyncio.to_thread(
            lambda: self.delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)
        )


class SqliteStates(SQLite3OAuthStateStore):
    """slack-sdk's SQLite OAuth state store with its file I/O moved off the event loop."""

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        return await asyncio.to_thread(self.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.consume, state)
