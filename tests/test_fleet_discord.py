"""Two `crybot run discord` processes, one shard each, sharing one Redis against the fake gateway."""

from __future__ import annotations

from pathlib import Path

from tests.factories import write_catalogue
from tests.fakes import discord_payloads as p
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_harness import replies_to
from tests.fleet_harness import Replica, start


async def test_one_persons_cooldown_holds_across_guilds_on_different_shards(
    tmp_path: Path, redis_url: str, stopped_after: list[Replica]
) -> None:
    config = write_catalogue(tmp_path, settings={"user_cooldown": 300, "channel_cooldown": 0})
    async with FakeDiscord(guilds=2) as fake:
        on_shard = {p.shard_of(g, 2): i for i, g in enumerate(fake.guild_ids)}
        assert set(on_shard) == {0, 1}, "the fake's two guilds sit on different shards"
        base = {"DISCORD_TOKEN": fake.token, "DISCORD_API_BASE": fake.api_base, "DISCORD_GATEWAY_URL": fake.gateway_url,
                "DISCORD_SHARD_COUNT": "2", "CRYBOT_REDIS_URL": redis_url}
        for shard in (0, 1):
            args = ["run", "discord", "--config", str(config), "--data-dir", str(tmp_path / f"shard{shard}")]
            stopped_after.append(start(f"shard{shard}", tmp_path, args, base | {"DISCORD_SHARD_IDS": str(shard)}))
        for replica in stopped_after:
            ready = await replica.wait_ready()
            assert "platform: connected" in ready and "store: connected" in ready
            assert (await replica.get("/healthz"))[0] == 200
        assert fake.gateway.shards() == [0, 1]
        first, second = stopped_after

        said = await fake.say("crying into my soup", guild=on_shard[0])
        await fake.calls.wait(lambda c: c.ok and c.method == "POST" and replies_to(c, said), timeout=30)
        await first.wait_metric("crybot_replies_total", 1, kind="meme", outcome="delivered")

        # The same person, moments later, in a guild the other process serves: their cooldown holds there too.
        again = await fake.say("crying into my tea", guild=on_shard[1])
        await second.wait_metric("crybot_decisions_total", 1, action="nothing")
        bob = fake.person("bob")
        other = await fake.say("crying into my coffee", guild=on_shard[1], author=bob)
        await fake.calls.wait(lambda c: c.ok and c.method == "POST" and replies_to(c, other), timeout=30)
        assert not fake.calls.find(lambda c: c.ok and c.method == "POST" and replies_to(c, again))
        assert await second.metric("crybot_replies_total", kind="meme", outcome="delivered") == 1
