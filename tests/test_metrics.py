"""/metrics, /healthz and /readyz scraped while crybot runs in-process against the fakes: the counters move."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.discord_bot import serve as serve_discord
from adapters.slack_app import serve as serve_slack
from bot.core import Core
from bot.metrics import Metrics
from tests.factories import open_test_core, write_catalogue
from tests.fakes import slack_payloads as p
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_harness import discord_env, endpoints_restored
from tests.fakes.slack_api import FakeSlack
from tests.fleet_harness import Ops
from tests.redis_harness import free_port

SECRET = "0d6f1f3a5b7c9e2d4f6a8b0c1e3d5f7a"


@pytest.fixture
async def watched_core(tmp_path: Path) -> AsyncIterator[tuple[Core, Metrics]]:
    metrics = Metrics(platform="slack")
    core = await open_test_core(tmp_path, observer=metrics)
    metrics.watch(core)
    yield core, metrics
    await core.close()


async def stopped(task: asyncio.Task[None]) -> None:
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def test_the_slack_events_port_serves_metrics_that_count_messages_replies_and_429s(
    watched_core: tuple[Core, Metrics]
) -> None:
    core, metrics = watched_core
    port = free_port()
    async with FakeSlack() as fake:
        env = {"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.api_url}
        running = asyncio.create_task(serve_slack(core, env=env, http_port=port, metrics=metrics))
        try:
            ops = Ops(f"http://127.0.0.1:{port}")
            body = await ops.wait_ready(timeout=15)
            assert body.splitlines()[0] == "ready" and f"catalogue: {core.catalogue.digest}" in body
            assert await ops.get("/healthz") == (200, "ok\n")
            fake.rate_limit("files.completeUploadExternal", retry_after=1)
            event, content_type = p.http_body(p.message("nobody came to my party, crying", channel="C5"), "events_api")
            await fake.deliver(f"{ops.ops_url}/slack/events", event, secret=SECRET, content_type=content_type)
            await fake.wait_for("files.completeUploadExternal", lambda c: "channel_id" in c.params, timeout=15)
            await ops.wait_metric("crybot_replies_total", 1, kind="meme", outcome="delivered")
            assert await ops.metric("crybot_platform_rate_limited_total", platform="slack") == 1
            assert await ops.metric("crybot_messages_seen_total") == 1
            assert await ops.metric("crybot_decisions_total", action="meme", mood="sad") == 1
            assert await ops.metric("crybot_reader_seconds_count") == 1
            assert await ops.metric("crybot_render_seconds_count") >= 1
            assert await ops.metric("crybot_store_seconds_count", op="start_cooldowns", outcome="ok") == 1
            assert await ops.metric("crybot_catalogue_info", hash=core.catalogue.digest) == 1
            _, text = await ops.get("/metrics")
            assert "C5" not in text and "U1" not in text and "party" not in text, "no ids or text as labels"
        finally:
            await stopped(running)


async def test_socket_mode_metrics_port_counts_a_reconnection(watched_core: tuple[Core, Metrics]) -> None:
    core, metrics = watched_core
    port = free_port()
    async with FakeSlack() as fake:
        env = {"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_APP_TOKEN": fake.app_token, "SLACK_API_URL": fake.api_url}
        running = asyncio.create_task(serve_slack(core, env=env, metrics=metrics, metrics_port=port))
        try:
            ops = Ops(f"http://127.0.0.1:{port}")
            await fake.wait_connected()
            assert "platform: connected" in await ops.wait_ready(timeout=15)
            await fake.drop_socket()
            await fake.wait_connected(count=2, timeout=15)
            await ops.wait_metric("crybot_platform_reconnects_total", 1, platform="slack")
        finally:
            await stopped(running)


async def test_discord_metrics_port_counts_gateway_reconnections_and_rest_429s(tmp_path: Path) -> None:
    metrics = Metrics(platform="discord")
    core = await open_test_core(tmp_path, observer=metrics)
    port = free_port()
    with endpoints_restored():
        async with FakeDiscord() as fake:
            running = asyncio.create_task(serve_discord(core, env=discord_env(fake), metrics=metrics,
                                                        metrics_port=port, guild_ready_timeout=0.05))
            try:
                ops = Ops(f"http://127.0.0.1:{port}")
                assert "platform: connected" in await ops.wait_ready(timeout=15)
                await fake.gateway.drop(shard=0)
                await ops.wait_metric("crybot_platform_reconnects_total", 1, platform="discord")
                await ops.wait_ready(timeout=15)
                fake.rate_limit("POST", r"/channels/\d+/messages", retry_after=0.2)
                await fake.say("crying into my soup")
                await ops.wait_metric("crybot_replies_total", 1, kind="meme", outcome="delivered", timeout=15)
                assert await ops.metric("crybot_platform_rate_limited_total", platform="discord") == 1
            finally:
                await stopped(running)
                await core.close()


async def test_catalogue_reloads_and_rejections_are_counted_and_the_hash_follows(tmp_path: Path) -> None:
    metrics = Metrics(platform="web")
    core = await open_test_core(tmp_path, observer=metrics, watch=True)
    metrics.watch(core)
    try:
        first = core.catalogue.digest
        reloaded = asyncio.Event()
        core.subscribe(lambda _live: reloaded.set())
        await asyncio.sleep(0.3)  # let the watcher arm before the first edit, as the live catalogue tests do
        write_catalogue(tmp_path, settings={"channel_cooldown": 5})
        await asyncio.wait_for(reloaded.wait(), 10)
        reloaded.clear()
        (tmp_path / "memes.yaml").write_text("version: 1\nmemes: [", encoding="utf-8")
        await asyncio.wait_for(reloaded.wait(), 10)
        text = metrics.exposition().decode()
        assert 'crybot_catalogue_reloads_total{result="accepted"} 1.0' in text
        assert 'crybot_catalogue_reloads_total{result="rejected"} 1.0' in text
        second = core.catalogue.digest
        assert second != first and f'crybot_catalogue_info{{hash="{second}"}} 1.0' in text
    finally:
        await core.close()
