"""Where Slack installs live: SQLite in the data folder, or Redis shared by a fleet (a real redis-server)."""

from __future__ import annotations

import sqlite3
import stat
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from redis.asyncio import Redis
from slack_sdk.oauth.installation_store.models.installation import Installation

from adapters.slack_install_stores import INSTALLS_FILE, InstallStores, open_install_stores
from bot.errors import StartupError
from tests.fakes import slack_payloads as p
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_fleet import slack_fleet
from tests.fakes.slack_payloads import Workspace
from tests.redis_harness import free_port

CLIENT_ID = "4242.1717"
STATE_SECONDS = 600
SAD = "nobody came to my party, crying"


class Opened:
    """Open install stores and, for Redis, a raw client to look inside."""

    def __init__(self, stores: InstallStores, folder: Path, redis: Redis | None) -> None:
        self.stores = stores
        self.folder = folder
        self.redis = redis

    async def mentions(self, needle: str) -> list[str]:
        """Everything stored anywhere that names `needle` (keys and values for Redis, rows for SQLite)."""
        if self.redis is not None:
            found = []
            async for key in self.redis.scan_iter(count=1000):
                value = await self.redis.get(key) if await self.redis.type(key) == b"string" else b""
                if needle.encode() in key or needle.encode() in (value or b""):
                    found.append(key.decode())
            return found
        with sqlite3.connect(self.folder / INSTALLS_FILE) as db:
            tables = [str(row[0]) for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            rows = [f"{table}: {row}" for table in tables for row in db.execute(f"SELECT * FROM {table}")
                    if any(needle in str(value) for value in row)]
        db.close()
        return rows


@pytest.fixture(params=["sqlite", "redis"])
async def opened(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Opened]:
    """The stores crybot opens, once per back end."""
    async with AsyncExitStack() as stack:
        env: dict[str, str] = {}
        redis: Redis | None = None
        if request.param == "redis":
            env["CRYBOT_REDIS_URL"] = request.getfixturevalue("redis_url")  # the session's server, emptied
            redis = Redis.from_url(env["CRYBOT_REDIS_URL"])
            stack.push_async_callback(redis.aclose)
        stores = await stack.enter_async_context(
            open_install_stores(env=env, data_dir=tmp_path, client_id=CLIENT_ID, state_seconds=STATE_SECONDS)
        )
        yield Opened(stores, tmp_path, redis)


def installed(team: str | None, *, token: str, enterprise: str | None = None, user: str = "UADMIN") -> Installation:
    """An installation as bolt's OAuth flow makes one (an org-wide one when team is None)."""
    return Installation(app_id="ACRY", enterprise_id=enterprise, team_id=team, team_name=f"Team {team}",
                        bot_token=token, bot_id="BCRY", bot_user_id="UCRYBOT", bot_scopes="commands,chat:write",
                        user_id=user, is_enterprise_install=team is None)


async def test_each_workspace_finds_its_own_newest_bot_token(opened: Opened) -> None:
    store = opened.stores.installations
    await store.async_save(installed("T1", token="xoxb-one"))
    await store.async_save(installed("T2", token="xoxb-two"))
    await store.async_save(installed("T1", token="xoxb-one-again", user="UOTHER"))  # reinstalled by someone else
    one = await store.async_find_bot(enterprise_id=None, team_id="T1")
    two = await store.async_find_bot(enterprise_id=None, team_id="T2")
    assert (one and one.bot_token, two and two.bot_token) == ("xoxb-one-again", "xoxb-two")
    assert await store.async_find_bot(enterprise_id=None, team_id="T3") is None
    first = await store.async_find_installation(enterprise_id=None, team_id="T1", user_id="UADMIN")
    assert first is not None and first.user_id == "UADMIN"


async def test_an_org_wide_install_is_found_from_every_workspace_of_the_org(opened: Opened) -> None:
    store = opened.stores.installations
    await store.async_save(installed(None, token="xoxb-org", enterprise="E1"))
    for team in ("T5", "T6"):
        bot = await store.async_find_bot(enterprise_id="E1", team_id=team, is_enterprise_install=True)
        assert bot is not None and bot.bot_token == "xoxb-org" and bot.is_enterprise_install
    assert await store.async_find_bot(enterprise_id="E1", team_id="T5", is_enterprise_install=False) is None
    await store.async_delete_all(enterprise_id="E1", team_id=None)
    assert await store.async_find_bot(enterprise_id="E1", team_id=None, is_enterprise_install=True) is None
    assert await opened.mentions("E1") == []


async def test_deleting_a_workspace_leaves_nothing_of_it_and_everything_of_the_others(opened: Opened) -> None:
    store = opened.stores.installations
    for user in ("UADMIN", "UOTHER"):
        await store.async_save(installed("T1", token=f"xoxb-one-{user}", user=user))
    await store.async_save(installed("T2", token="xoxb-two"))
    await store.async_delete_all(enterprise_id=None, team_id="T1")
    assert await opened.mentions("T1") == [] and await opened.mentions("xoxb-one") == []
    assert await store.async_find_installation(enterprise_id=None, team_id="T1", user_id="UOTHER") is None
    two = await store.async_find_bot(enterprise_id=None, team_id="T2")
    assert two is not None and two.bot_token == "xoxb-two"


async def test_an_install_link_state_is_good_once_and_expires(opened: Opened) -> None:
    states = opened.stores.states
    state = await states.async_issue()
    other = await states.async_issue()
    assert state != other and len(state) >= 20
    assert await states.async_consume(state)
    assert not await states.async_consume(state), "a state must not work twice"
    assert not await states.async_consume("never-issued")
    if opened.redis is not None:
        left = await opened.redis.ttl(f"crybot:slack:state:{other}")
        assert 0 < left <= STATE_SECONDS
    else:
        with sqlite3.connect(opened.folder / INSTALLS_FILE) as db:
            (expires,) = db.execute("SELECT expire_at FROM oauth_states WHERE state = ?", (other,)).fetchone()
        db.close()
        assert float(expires) == pytest.approx(time.time() + STATE_SECONDS, abs=60)


async def test_the_sqlite_file_of_installs_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    async with open_install_stores(env={}, data_dir=tmp_path / "data", client_id=CLIENT_ID, state_seconds=60):
        pass
    assert stat.S_IMODE((tmp_path / "data" / INSTALLS_FILE).stat().st_mode) == 0o600


async def test_an_unreachable_redis_stops_start_up_in_one_line_without_its_password(tmp_path: Path) -> None:
    env = {"CRYBOT_REDIS_URL": f"redis://:hunter2@127.0.0.1:{free_port()}/0"}
    with pytest.raises(StartupError) as stopped:
        async with open_install_stores(env=env, data_dir=tmp_path, client_id=CLIENT_ID, state_seconds=60):
            pass
    message = str(stopped.value)
    assert message.startswith("Could not reach Redis at CRYBOT_REDIS_URL") and "\n" not in message
    assert "hunter2" not in message


async def test_two_replicas_share_installs_through_redis_installed_through_one_answered_by_the_other(
    tmp_path: Path, redis_url: str
) -> None:
    async with FakeSlack() as fake:
        fake.add_workspace("T1")
        async with slack_fleet(tmp_path, replicas=2, redis_url=redis_url, fake=fake) as fleet:
            first, second = fleet.replicas
            # The install page comes from the first replica; Slack sends the browser back to the second.
            authorize_url, cookie = await fleet.open_install_page("T1", via=0)
            redirect = await fleet.allow(authorize_url)
            assert redirect.startswith(second.url)
            assert (await fleet.land(redirect, cookie=cookie)).status == 200
            replayed_elsewhere = await fleet.land(redirect.replace(second.url, first.url), cookie=cookie)
            assert replayed_elsewhere.status == 401, "an install link spent on one replica must not work on another"
            token = fake.token_of("T1")

            # Neither replica keeps installs on its disk: both answer T1 with the token the other saved.
            assert not first.installs_file.exists() and not second.installs_file.exists()
            await fleet.send(p.message(SAD, channel="C1", workspace=Workspace(team="T1")), "events_api", to=0)
            await fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C1")
            await fleet.send(p.slash("rainy", response_url=fake.response_url("cry"), workspace=Workspace(team="T1")),
                             "slash_commands", to=1)
            preview = await fake.wait_for("response_url", lambda c: c.params["token"] == "cry")
            assert preview.params["blocks"][1]["type"] == "actions"
            await first.settle()
            await second.settle()
            assert {c.token for c in fake.calls if c.method == "files.getUploadURLExternal"} == {token}

            # Removed through the second replica, refused by the first.
            await fleet.send(p.uninstalled(workspace=Workspace(team="T1")), "events_api", to=1)
            await second.settle()
            since = len(fake.calls)
            await fleet.send(p.slash("again", response_url=fake.response_url("gone"), workspace=Workspace(team="T1")),
                             "slash_commands", to=0, listened=False)
            refused = await fake.wait_for("response_url", lambda c: c.params["token"] == "gone")
            assert refused.params["text"].startswith("crybot is no longer installed in this workspace")
            assert [c for c in fake.calls[since:] if c.token == token] == []
