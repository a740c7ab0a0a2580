"""Two `crybot run slack --http` processes sharing one Redis, as replicas behind a load balancer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.factories import write_catalogue
from tests.fakes import slack_payloads as p
from tests.fakes.slack_api import Call, FakeSlack
from tests.fleet_harness import Replica, start
from tests.redis_harness import RedisServer, free_port

SECRET = "6c0b4ee9f7e2a9d5b1c3aa0e5f1d2c77"
OPT_OUT_BOUND = 1.0  # seconds: no replica may act on an opt-out made on another later than this
BACK_WITHIN = 5.0  # seconds from Redis answering again to a ready replica, as the operations guide promises
CRISIS = "i want to kill myself"


@dataclass
class Fleet:
    fake: FakeSlack
    replicas: list[Replica]

    async def send(self, replica: int, payload: dict[str, Any], kind: str, *, retry: int = 0) -> None:
        body, content_type = p.http_body(payload, kind)  # type: ignore[arg-type]
        status, _ = await self.fake.deliver(self.replicas[replica].ops_url + "/slack/events", body, secret=SECRET,
                                            content_type=content_type, retry_num=retry or None)
        assert status == 200

    def shared(self, channel: str) -> list[Call]:
        """Memes shared into a channel."""
        return self.fake.calls_to("files.completeUploadExternal", lambda c: c.params.get("channel_id") == channel)

    async def decisions(self, replica: int, action: str) -> float:
        return await self.replicas[replica].metric("crybot_decisions_total", action=action)


def slack_env(fake: FakeSlack, redis_url: str) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.api_url,
            "CRYBOT_REDIS_URL": redis_url}


def start_slack(name: str, folder: Path, config: Path, env: dict[str, str]) -> Replica:
    port = free_port()
    args = ["run", "slack", "--http", str(port), "--config", str(config), "--data-dir", str(folder / name)]
    return start(name, folder, args, env, ops_port=port)


@pytest.fixture
async def fleet(tmp_path: Path, redis_url: str, stopped_after: list[Replica]) -> AsyncIterator[Fleet]:
    config = write_catalogue(tmp_path)
    async with FakeSlack() as fake:
        env = slack_env(fake, redis_url)
        stopped_after.extend(start_slack(name, tmp_path, config, env) for name in ("a", "b"))
        for replica in stopped_after:
            body = await replica.wait_ready()
            assert "store: connected" in body and "catalogue: " in body
        yield Fleet(fake, stopped_after)


async def test_a_retried_event_reaching_the_other_replica_is_answered_once(fleet: Fleet) -> None:
    event = p.message("nobody came to my party, crying", channel="C1")
    await fleet.send(0, event, "events_api")
    await fleet.fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C1",
                              timeout=30)
    await fleet.send(1, event, "events_api", retry=1)  # Slack's retry, landing on the other replica
    await fleet.replicas[1].wait_metric("crybot_events_repeated_total", 1)
    assert len(fleet.shared("C1")) == 1
    assert [await r.metric("crybot_messages_seen_total") for r in fleet.replicas] == [1, 0]


async def test_a_preview_opened_on_one_replica_is_sent_through_the_other_and_posts_once(fleet: Fleet) -> None:
    await fleet.send(0, p.slash("my code finally compiled", response_url=fleet.fake.response_url("open")),
                     "slash_commands")
    shown = await fleet.fake.wait_for("response_url", lambda c: c.params["token"] == "open", timeout=30)
    [preview_id] = {e["value"] for b in shown.params["blocks"] for e in b.get("elements", []) if "value" in e}
    await fleet.send(1, p.button("crybot_send", preview_id, response_url=fleet.fake.response_url("send")),
                     "interactive")
    await fleet.fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C1",
                              timeout=30)
    await fleet.send(0, p.button("crybot_send", preview_id, response_url=fleet.fake.response_url("again")),
                     "interactive")  # pressed again, on the first replica
    again = await fleet.fake.wait_for("response_url", lambda c: c.params["token"] == "again", timeout=30)
    assert "expired" in again.params["text"]
    assert len(fleet.shared("C1")) == 1
    assert await fleet.replicas[1].metric("crybot_replies_total", kind="meme", outcome="delivered") == 1


async def test_an_opt_out_made_on_one_replica_silences_the_other_within_a_second(fleet: Fleet) -> None:
    await fleet.send(1, p.message("crying so hard today", channel="C2", user="U1"), "events_api")
    await fleet.fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C2", timeout=30)
    # The second replica has just read U1's choice (not opted out); the first now records the opt-out.
    await fleet.send(0, p.slash("optout", response_url=fleet.fake.response_url("optout"), user="U1"), "slash_commands")
    done = await fleet.fake.wait_for("response_url", lambda c: c.params["token"] == "optout", timeout=30)
    assert done.params["text"].startswith("Done:")
    await asyncio.sleep(OPT_OUT_BOUND)  # the bound under test: any cache in front of the store is stale by now
    nothing_before = await fleet.decisions(1, "nothing")
    await fleet.send(1, p.message("crying so hard again", channel="C3", user="U1"), "events_api")
    await fleet.replicas[1].wait_metric("crybot_decisions_total", nothing_before + 1, action="nothing")
    await fleet.send(1, p.message("crying so hard too", channel="C4", user="U2"), "events_api")
    await fleet.fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C4", timeout=30)
    assert fleet.shared("C3") == [], "the opted-out person got an auto-reply from the other replica"


async def test_redis_stopped_and_started_mid_run(tmp_path: Path, own_redis: RedisServer,
                                                 stopped_after: list[Replica]) -> None:
    config = write_catalogue(tmp_path)
    async with FakeSlack() as fake:
        stopped_after.append(start_slack("solo", tmp_path, config, slack_env(fake, own_redis.url)))
        fleet = Fleet(fake, stopped_after)
        replica = stopped_after[0]
        await replica.wait_ready()
        await fleet.send(0, p.message("crying so hard today", channel="C1"), "events_api")
        await fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C1", timeout=30)

        own_redis.stop()
        for i in range(3):
            event = p.message("crying so hard", channel=f"D{i}", user=f"U{i}")
            await fleet.send(0, event, "events_api")
            await fleet.send(0, event, "events_api", retry=1)
        await replica.wait_metric("crybot_decisions_total", 3, action="nothing")
        await fleet.send(0, p.message(CRISIS, channel="C9", user="U9"), "events_api")
        support = await fake.wait_for("chat.postEphemeral", lambda c: c.params.get("channel") == "C9", timeout=30)
        assert "988" in support.params["text"]
        await fleet.send(0, p.slash("my cat ran away", response_url=fake.response_url("cry")), "slash_commands")
        notice = await fake.wait_for("response_url", lambda c: c.params["token"] == "cry", timeout=30)
        assert "try again" in notice.params["text"]
        status, body = await replica.get("/readyz")
        assert status == 503 and "store: unreachable" in body
        assert replica.said().count("lost the store") == 1
        assert await replica.metric("crybot_events_repeated_total") == 3, "retries during the outage answered once"

        own_redis.start()
        await replica.wait_ready(timeout=BACK_WITHIN)
        await fleet.send(0, p.message("crying so hard again", channel="C2"), "events_api")
        await fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C2", timeout=30)
        assert all(fleet.shared(f"D{i}") == [] for i in range(3)), "auto-replies fail closed while Redis is gone"
        assert replica.process.poll() is None, "the process is still running"
        assert await replica.metric("crybot_store_up") == 1
