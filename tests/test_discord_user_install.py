"""crybot added to a person's own Discord account: /cry and "Cry about this" wherever they are, through the
interaction alone where the bot is not a member (real discord.py against the fake)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.discord_replies import CANNOT_POST_AS_APP
from tests.factories import DEFAULT_MEMES
from tests.fakes import discord_payloads as p
from tests.fakes.discord_api import Place
from tests.fakes.discord_harness import Running, running_bot
from tests.fakes.discord_journal import Call

FOLLOWUP = r"/webhooks/\d+/[^/]+"
PLACES = {"a server without the bot": p.IN_GUILD, "a DM with crybot": p.IN_BOT_DM,
          "a group DM": p.IN_PRIVATE_CHANNEL}


@pytest.fixture
async def live(tmp_path: Path) -> AsyncIterator[Running]:
    async with running_bot(tmp_path) as running:
        yield running


def channel_calls(live: Running, since: int) -> list[Call]:
    """Every call the bot made to a channel or server endpoint since a point (rights it has only as a member)."""
    return [c for c in live.fake.calls.items[since:] if c.route.startswith(("/channels/", "/guilds/"))]


async def test_cry_is_offered_to_user_installs_everywhere_while_settings_stay_in_servers(live: Running) -> None:
    synced = {c["name"]: c for c in live.fake.commands["global"]}
    for name in ("cry", "Cry about this"):
        assert (synced[name]["integration_types"], synced[name]["contexts"]) == ([0, 1], [0, 1, 2]), name
    for name in ("cry-settings", "cry-optout", "cry-optin"):
        assert (synced[name]["integration_types"], synced[name]["contexts"]) == ([0], [0]), name
    assert synced["cry-settings"]["default_member_permissions"] == str(p.MANAGE_GUILD)


@pytest.mark.parametrize("where", list(PLACES))
async def test_user_install_cry_previews_and_sends_through_the_interaction_only(live: Running, where: str) -> None:
    fake = live.fake
    place = fake.elsewhere(context=PLACES[where])
    since = len(fake.calls)
    interaction = await fake.slash("cry", place=place, text="the bus left without me")
    assert interaction["authorizing_integration_owners"] == {p.USER_INSTALL: fake.alice["id"]}
    assert interaction["context"] == PLACES[where]
    await live.answered(interaction)
    preview = fake.original(interaction)
    assert preview is not None and preview["flags"] & p.EPHEMERAL
    preview_id = fake.buttons(preview)[0].split(":")[2]

    await fake.press(preview, f"cry:send:{preview_id}")
    sent = await fake.calls.wait(lambda c: c.ok and c.hits("POST", FOLLOWUP) and c.files != ())
    assert sent.body["content"] == f"<@{fake.alice['id']}> cried with /cry"
    assert sent.body["allowed_mentions"]["parse"] == []
    assert not sent.body.get("flags", 0) & p.EPHEMERAL, "the sent meme is for everyone there"
    (shown,) = sent.body["attachments"]
    assert shown["description"].startswith(tuple(f"{m} alt text" for m in DEFAULT_MEMES))
    assert shown["description"].endswith('Caption: "the bus left without me"')
    await fake.calls.wait(lambda c: c.method == "DELETE" and c.route.endswith("/messages/@original"))
    assert channel_calls(live, since) == [], "crybot used a channel it has no right to"


async def test_user_install_shuffle_and_cancel_stay_in_the_interaction_too(live: Running) -> None:
    fake = live.fake
    place = fake.elsewhere()
    since = len(fake.calls)
    interaction = await fake.slash("cry", place=place, mood="grief")
    await live.answered(interaction)
    preview = fake.original(interaction)
    assert preview is not None
    preview_id = fake.buttons(preview)[0].split(":")[2]
    press = await fake.press(preview, f"cry:shuffle:{preview_id}")
    await live.answered(press)
    await fake.press(preview, f"cry:cancel:{preview_id}")
    await fake.calls.wait(lambda c: c.method == "DELETE" and c.route.endswith("/messages/@original"))
    assert channel_calls(live, since) == []


async def test_cry_about_this_works_on_a_message_in_a_server_without_the_bot(live: Running) -> None:
    fake = live.fake
    place = fake.elsewhere()
    target = fake.message_in(place, "we had to put our dog down today")
    since = len(fake.calls)
    interaction = await fake.message_command("Cry about this", target)
    await live.answered(interaction)
    preview = fake.original(interaction)
    assert preview is not None and preview["flags"] & p.EPHEMERAL
    assert preview["attachments"][0]["description"].startswith(("grief-candle", "grief-rain"))
    assert channel_calls(live, since) == []


async def test_a_send_discord_refuses_there_is_explained_privately(live: Running) -> None:
    fake = live.fake
    interaction = await fake.slash("cry", place=fake.elsewhere())
    await live.answered(interaction)
    preview = fake.original(interaction)
    assert preview is not None
    fake.fail("POST", FOLLOWUP, status=403, code=50013)  # e.g. the server does not allow external apps
    await fake.press(preview, f"cry:send:{fake.buttons(preview)[0].split(':')[2]}")
    told = await fake.calls.wait(lambda c: c.ok and c.hits("POST", FOLLOWUP) and c.body.get("content") == CANNOT_POST_AS_APP)
    assert told.body["flags"] & p.EPHEMERAL


async def test_where_the_server_also_added_the_bot_send_posts_in_the_channel_as_before(live: Running) -> None:
    fake = live.fake
    home = fake.home()
    both = Place(home.channel, home.guild_id, {p.GUILD_INSTALL: fake.guild_id, p.USER_INSTALL: fake.alice["id"]},
                 p.IN_GUILD)
    interaction = await fake.slash("cry", place=both)
    await live.answered(interaction)
    preview = fake.original(interaction)
    assert preview is not None
    await fake.press(preview, f"cry:send:{fake.buttons(preview)[0].split(':')[2]}")
    await fake.calls.wait(lambda c: c.ok and c.hits("POST", rf"/channels/{fake.channel_id}/messages"))
    assert not fake.calls.find(lambda c: c.hits("POST", FOLLOWUP) and c.files != ())
