"""Start-up choices from the environment: the invite URL, the dev guild, and shards across processes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import discord
import pytest

from adapters.discord_bot import DiscordEnv, invite_url, user_install_url
from bot.cli import main
from bot.errors import StartupError
from tests.factories import write_catalogue
from tests.fakes import discord_payloads as p
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_harness import running_bot
from tests.redis_harness import free_port


def test_invite_url_asks_for_both_scopes_and_exactly_the_needed_permissions() -> None:
    url = urlsplit(invite_url("123456789012345678"))
    query = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    assert query["client_id"] == ["123456789012345678"]
    assert query["scope"][0].split() == ["bot", "applications.commands"]
    assert query["integration_type"] == ["0"]  # Discord's screen then adds it to a server, not to an account
    send_in_threads = 1 << 38
    assert int(query["permissions"][0]) == (
        p.VIEW_CHANNEL | p.SEND_MESSAGES | send_in_threads | p.ATTACH_FILES | p.ADD_REACTIONS
        | p.READ_MESSAGE_HISTORY | p.EMBED_LINKS | p.USE_APPLICATION_COMMANDS)


def test_the_user_install_link_asks_for_commands_only() -> None:
    query = parse_qs(urlsplit(user_install_url("123456789012345678")).query)
    assert (query["client_id"], query["scope"], query["integration_type"]) == (
        ["123456789012345678"], ["applications.commands"], ["1"])
    assert "permissions" not in query  # a user install brings no bot user, so nothing to grant


def test_shard_ids_accept_lists_and_ranges() -> None:
    env = DiscordEnv.read({"DISCORD_TOKEN": " t ", "DISCORD_SHARD_COUNT": "8", "DISCORD_SHARD_IDS": "0, 4-6,4"})
    assert (env.token, env.shard_count, env.shard_ids) == ("t", 8, [0, 4, 5, 6])
    assert DiscordEnv.read({"DISCORD_TOKEN": "t"}).shard_ids is None  # all shards in this process


@pytest.mark.parametrize(
    ("name", "value"),
    [("DISCORD_SHARD_COUNT", "²"), ("DISCORD_DEV_GUILD", "１２"), ("DISCORD_SHARD_IDS", "0-²"),
     ("DISCORD_SHARD_IDS", "0-99999999999")],
)
def test_odd_numbers_in_the_environment_are_one_line_errors(name: str, value: str) -> None:
    # Superscript and full-width digits pass str.isdigit() but not int(); a huge range would fill memory.
    with pytest.raises(StartupError, match=name) as caught:
        DiscordEnv.read({"DISCORD_TOKEN": "t", name: value})
    assert "\n" not in str(caught.value)


async def test_a_dev_guild_gets_the_commands_and_nothing_is_synced_globally(tmp_path: Path) -> None:
    async with FakeDiscord() as fake, running_bot(tmp_path, fake=fake,
                                                  env={"DISCORD_DEV_GUILD": fake.guild_id}) as live:
        assert "global" not in live.fake.commands
        assert {c["name"] for c in live.fake.commands[fake.guild_id]} >= {"cry", "Cry about this"}


async def test_a_process_runs_only_its_shards_and_answers_in_their_guilds(tmp_path: Path) -> None:
    async with FakeDiscord(guilds=2) as fake:
        mine = next(i for i, g in enumerate(fake.guild_ids) if p.shard_of(g, 2) == 1)
        env = {"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "1"}
        async with running_bot(tmp_path, fake=fake, env=env) as live:
            identify = await fake.gateway.frames.wait(lambda f: f.op == 2)
            assert identify.d["shard"] == [1, 2] and fake.gateway.shards() == [1]
            assert [str(g.id) for g in live.bot.guilds] == [fake.guild_ids[mine]]
            message, reply = await live.said("crying into my soup", guild=mine)
            assert reply.kind == "meme" and await live.reply_to(message)


@pytest.mark.parametrize(
    "api_base", ["http://127.0.0.1:{closed}/api/v10", "http://discord-api.invalid/api/v10"], ids=["refused", "no DNS"]
)
def test_an_unreachable_discord_stops_start_up_with_one_line(
    api_base: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    closed = free_port()
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)  # restored after the test
    for name, value in {"DISCORD_TOKEN": "a-token", "DISCORD_API_BASE": api_base.format(closed=closed)}.items():
        monkeypatch.setenv(name, value)
    config = write_catalogue(tmp_path)
    code = main(["run", "discord", "--config", str(config), "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 2
    (line,) = err.strip().splitlines()
    assert line.startswith("crybot: Could not reach Discord to check DISCORD_TOKEN (")
