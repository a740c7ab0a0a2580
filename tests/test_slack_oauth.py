"""OAuth mode end to end: workspaces install crybot through /slack/install and are answered with their own token."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import yaml

from bot.events import Incoming
from tests.fakes import slack_payloads as p
from tests.fakes.slack_api import Call, FakeSlack
from tests.fakes.slack_fleet import Fleet, slack_fleet
from tests.fakes.slack_harness import Rig
from tests.fakes.slack_payloads import Workspace

SAD = "nobody came to my party, crying"
T1, T2 = Workspace(team="T1"), Workspace(team="T2")
MANIFEST = Path(__file__).resolve().parent.parent / "adapters" / "slack_manifest.yaml"


@pytest.fixture
async def fleet(tmp_path: Path) -> AsyncIterator[Fleet]:
    async with FakeSlack() as fake:
        fake.add_workspace("T1", name="Tea Time")
        fake.add_workspace("T2", name="Two Sides")
        async with slack_fleet(tmp_path, fake=fake) as running:
            yield running


def with_token(token: str) -> Callable[[Call], bool]:
    """Matches calls made with one workspace's token."""
    return lambda call: call.token == token


async def told(fake: FakeSlack, response_url: str) -> str:
    """What crybot said on one of the fake's response_urls (by its name)."""
    return str((await fake.wait_for("response_url", lambda c: c.params["token"] == response_url)).params["text"])


def not_installed(url: str) -> str:
    """The line people see after their workspace removed crybot."""
    return ("crybot is no longer installed in this workspace, or its access was revoked: a workspace admin can add it "
            f"again at {url}/slack/install.")


def uploads_in(fake: FakeSlack, channel: str, *, token: str) -> list[Call]:
    """Memes shared in a channel with one workspace's token."""
    return fake.calls_to("files.completeUploadExternal", lambda c: c.params.get("channel_id") == channel and c.token == token)


def rows_naming(path: Path, needle: str) -> list[tuple[str, tuple[object, ...]]]:
    """Every row of every table of a SQLite file with a value containing `needle`."""
    with sqlite3.connect(path) as db:
        tables = [str(row[0]) for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = [(table, tuple(row)) for table in tables for row in db.execute(f"SELECT * FROM {table}")
                 if any(needle in str(value) for value in row)]
    db.close()
    return found


async def test_the_install_page_has_the_add_to_slack_button_and_nothing_from_elsewhere(fleet: Fleet) -> None:
    async with fleet.session.get(f"{fleet.replicas[0].url}/slack/install") as answer:
        page = await answer.text()
        cookie = answer.headers["Set-Cookie"]
    assert answer.status == 200 and answer.content_type == "text/html"
    assert ">Add to Slack</a>" in page and "<title>Add crybot to Slack</title>" in page
    assert not any(tag in page for tag in ("src=", "<link", "<script", "url(", "@import")), "nothing from elsewhere"
    assert page.count('href="') == 1, "the one link is Slack's install screen"
    assert cookie.startswith("slack-app-oauth-state=") and "HttpOnly" in cookie and "Secure" in cookie


async def test_two_workspaces_install_and_each_is_answered_with_its_own_bot_token(fleet: Fleet) -> None:
    fake = fleet.fake
    landed = [await fleet.install("T1"), await fleet.install("T2")]
    assert [page.status for page in landed] == [200, 200]
    assert "crybot is installed in Tea Time" in landed[0].text and "/invite @crybot" in landed[0].text
    asked = [c.params["scope"].split(",") for c in fake.calls if c.method == "oauth.authorize"]
    manifest_scopes = yaml.safe_load(MANIFEST.read_text())["oauth_config"]["scopes"]["bot"]
    assert asked == [manifest_scopes, manifest_scopes]
    assert len(fake.calls_to("oauth.v2.access")) == 2  # each with the app's id and secret, or the fake refuses
    one, two = fake.token_of("T1"), fake.token_of("T2")
    assert one != two

    for workspace, token in ((T1, one), (T2, two)):
        since = len(fake.calls)
        await fleet.send(p.message(SAD, channel="C1", user="U1", workspace=workspace), "events_api")
        await fake.wait_for("files.completeUploadExternal", with_token(token))
        answered = len(fake.calls_to("response_url"))
        await fleet.send(p.slash("rainy day", response_url=fake.response_url(f"cry-{workspace.team}"),
                                 workspace=workspace), "slash_commands")
        preview = await fake.wait_for("response_url", count=answered + 1)
        preview_id = preview.params["blocks"][1]["elements"][0]["value"]
        await fleet.send(p.button("crybot_send", preview_id, response_url=fake.response_url("send"),
                                  workspace=workspace), "interactive")
        await fake.wait_for("files.completeUploadExternal", with_token(token), count=3)
        await fleet.replicas[0].settle()
        used = {c.token for c in fake.calls[since:] if c.method not in ("upload", "response_url", "oauth.authorize")}
        assert used == {token}, f"{workspace.team}'s requests were answered with {used}"
    assert len(uploads_in(fake, "C1", token=one)) == len(uploads_in(fake, "C1", token=two)) == 2


async def test_workspaces_with_the_same_channel_and_user_ids_never_share_state(tmp_path: Path) -> None:
    async with FakeSlack() as fake:
        fake.add_workspace("T1")
        fake.add_workspace("T2")
        async with slack_fleet(tmp_path, fake=fake, settings={"channel_cooldown": 600}) as fleet:
            await fleet.install("T1")
            await fleet.install("T2")
            one, two = fake.token_of("T1"), fake.token_of("T2")
            replica = fleet.replicas[0]

            # Cooldowns: T1's reply in C1 holds T1's C1, not T2's C1.
            for workspace in (T1, T2, T1):
                await fleet.send(p.message(SAD, channel="C1", user="U1", workspace=workspace), "events_api")
                await replica.settle()
            assert (len(uploads_in(fake, "C1", token=one)), len(uploads_in(fake, "C1", token=two))) == (1, 1)

            # Opt-outs: U2 opting out in T1 leaves U2 of T2 alone.
            await fleet.send(p.slash("optout", user="U2", channel="C2", response_url=fake.response_url("out"),
                                     workspace=T1), "slash_commands")
            # Settings: an admin of T2 turning C3 off leaves C3 of T1 on.
            fake.admins.add("U9")
            await fleet.send(p.slash("settings autoreply off", user="U9", channel="C3",
                                     response_url=fake.response_url("off"), workspace=T2), "slash_commands")
            await replica.settle()
            for workspace in (T1, T2):
                await fleet.send(p.message(SAD, channel="C2", user="U2", workspace=workspace), "events_api")
                await fleet.send(p.message(SAD, channel="C3", user="U3", workspace=workspace), "events_api")
            await replica.settle()
            assert (len(uploads_in(fake, "C2", token=one)), len(uploads_in(fake, "C2", token=two))) == (0, 1)
            assert (len(uploads_in(fake, "C3", token=one)), len(uploads_in(fake, "C3", token=two))) == (1, 0)


async def use_every_kind_of_state(fleet: Fleet, workspace: Workspace) -> None:
    """Leave a setting, an opt-out, cooldowns, a no-repeat pool and an open preview behind in a workspace."""
    fake = fleet.fake
    fake.admins.add("U9")
    await fleet.send(p.slash("settings reply-in channel cooldown 5", user="U9", channel="C1",
                             response_url=fake.response_url("set"), workspace=workspace), "slash_commands")
    await fleet.send(p.slash("optout", user="U2", response_url=fake.response_url("out"), workspace=workspace),
                     "slash_commands")
    await fleet.send(p.message(SAD, channel="C1", user="U1", workspace=workspace), "events_api")
    await fleet.send(p.slash("rainy", user="U1", response_url=fake.response_url("cry"), workspace=workspace),
                     "slash_commands")
    await fleet.replicas[0].settle()


async def test_uninstalling_deletes_the_install_and_all_state_and_later_requests_are_refused(fleet: Fleet) -> None:
    fake, replica = fleet.fake, fleet.replicas[0]
    await fleet.install("T1")
    await fleet.install("T2")
    one = fake.token_of("T1")
    for workspace in (T1, T2):
        await use_every_kind_of_state(fleet, workspace)
    state_file = replica.data_dir / "crybot.sqlite3"
    await replica.core.counts()  # lands the cached store's pending writes, so the file shows them
    assert rows_naming(state_file, "T1") and rows_naming(replica.installs_file, "T1")

    await fleet.send(p.uninstalled(workspace=T1), "events_api")
    await replica.settle()
    await replica.core.counts()
    assert rows_naming(state_file, "T1") == [], "crybot kept state of a workspace that removed it"
    assert rows_naming(replica.installs_file, "T1") == [], "the installation outlived the uninstall"
    assert rows_naming(state_file, "T2") and rows_naming(replica.installs_file, "T2")

    since = len(fake.calls)
    await fleet.send(p.message(SAD, channel="C7", user="U1", workspace=T1), "events_api", listened=False)
    await fleet.send(p.slash("again", response_url=fake.response_url("gone"), workspace=T1), "slash_commands",
                     listened=False)
    assert await told(fake, "gone") == not_installed(replica.url)
    await fleet.send(p.message(SAD, channel="C7", user="U1", workspace=T2), "events_api")
    await fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C7")
    await replica.settle()
    assert [c for c in fake.calls[since:] if c.token == one] == [], "a removed workspace was still answered"


async def test_a_revoked_bot_token_forgets_the_workspace_like_an_uninstall(fleet: Fleet) -> None:
    replica = fleet.replicas[0]
    await fleet.install("T1")
    await use_every_kind_of_state(fleet, T1)
    await fleet.send(p.tokens_revoked(workspace=T1, users=("UADMIN",)), "events_api")
    await replica.settle()
    await replica.core.counts()
    assert rows_naming(replica.data_dir / "crybot.sqlite3", "T1") == []
    assert rows_naming(replica.installs_file, "T1") == []


async def test_a_token_slack_refuses_gets_one_line_saying_how_to_reinstall(fleet: Fleet) -> None:
    fake = fleet.fake
    await fleet.install("T1")
    await fleet.install("T2")
    await fleet.send(p.slash("help", response_url=fake.response_url("help"), workspace=T1), "slash_commands")
    await told(fake, "help")
    # Revoked before crybot heard of it, so the installations are still there: T1's token was checked already
    # (the refusal comes from the call that fails), T2's never was (the refusal comes from bolt's check).
    fake.revoke("T1")
    fake.revoke("T2")
    url = fleet.replicas[0].url
    await fleet.send(p.slash("rainy", response_url=fake.response_url("one"), workspace=T1), "slash_commands")
    await fleet.send(p.slash("rainy", response_url=fake.response_url("two"), workspace=T2), "slash_commands",
                     listened=False)
    assert await told(fake, "one") == (
        "crybot's access to this workspace was revoked, so I can't answer here: a workspace admin can add crybot "
        f"again at {url}/slack/install.")
    assert await told(fake, "two") == not_installed(url)
    checks = [c for c in fake.calls if c.method == "auth.test" and c.token == fake.token_of("T1")]
    assert len(checks) == 2, "a token is checked when installed and on its first request, not on every request"


def refusal_line(page: str) -> str:
    """The one paragraph of a refusal page, without markup."""
    (paragraph,) = [part.split("</p>")[0] for part in page.split("<p>")[1:]]
    return " ".join(paragraph.replace('<a href="/slack/install">', "").replace("</a>", "").split())


async def test_a_replayed_install_link_is_refused_and_installs_nothing_twice(fleet: Fleet) -> None:
    authorize_url, cookie = await fleet.open_install_page("T1")
    redirect = await fleet.allow(authorize_url)
    assert (await fleet.land(redirect, cookie=cookie)).status == 200
    replayed = await fleet.land(redirect, cookie=cookie)
    assert replayed.status == 401
    assert refusal_line(replayed.page) == "This install link has expired or was already used: start again for a fresh one."
    assert len(fleet.fake.calls_to("oauth.v2.access")) == 1


async def test_a_forged_state_is_refused_and_nothing_is_installed(fleet: Fleet) -> None:
    authorize_url, cookie = await fleet.open_install_page("T1")
    redirect = await fleet.allow(authorize_url)
    query = {key: values[0] for key, values in parse_qs(urlsplit(redirect).query).items()}
    forged = {**query, "state": "made-up-state"}
    forged_url = redirect.split("?")[0] + "?" + urlencode(forged)
    # With the browser's own cookie the state does not match it; with a cookie forged to match, the store knows
    # no such state. Either way: refused, and Slack is never asked for a token.
    mismatched = await fleet.land(forged_url, cookie=cookie)
    unknown = await fleet.land(forged_url, cookie="slack-app-oauth-state=made-up-state")
    no_cookie = await fleet.land(redirect, cookie=None)
    assert (mismatched.status, unknown.status, no_cookie.status) == (400, 401, 400)
    assert "opened in another browser" in refusal_line(mismatched.page)
    assert refusal_line(unknown.page).startswith("This install link has expired or was already used")
    assert fleet.fake.calls_to("oauth.v2.access") == []
    await fleet.send(p.message(SAD, workspace=T1), "events_api", listened=False)
    assert fleet.fake.calls_to("files.completeUploadExternal") == []


async def test_a_cancelled_install_says_so_in_one_line(fleet: Fleet) -> None:
    fleet.fake.deny_installs = True
    landed = await fleet.install("T1")
    assert landed.status == 200
    assert refusal_line(landed.page) == (
        "The install was cancelled, so crybot was not added. To add it, start again and choose Allow.")
    assert fleet.fake.calls_to("oauth.v2.access") == []


async def test_an_org_wide_install_answers_every_workspace_of_the_org_and_keys_state_by_the_org(
    tmp_path: Path,
) -> None:
    async with FakeSlack() as fake:
        fake.add_org("E1", name="Big Org")
        async with slack_fleet(tmp_path, fake=fake) as fleet:
            landed = await fleet.install("E1")
            assert landed.status == 200 and "installed for all of Big Org" in landed.text
            token = fake.token_of("E1")
            replica = fleet.replicas[0]
            east, west = (Workspace(team=t, enterprise="E1", org_install=True) for t in ("T5", "T6"))
            fake.admins.add("U9")
            await fleet.send(p.slash("settings autoreply off", user="U9", channel="C1",
                                     response_url=fake.response_url("off"), workspace=east), "slash_commands")
            await fleet.send(p.message(SAD, channel="C2", user="U1", workspace=west), "events_api")
            await fake.wait_for("files.completeUploadExternal", lambda c: c.token == token and "channel_id" in c.params)
            await replica.settle()
            assert (await replica.core.channel_settings(space_id="E1", channel_id="C1")).autoreply is False

            await fleet.send(p.uninstalled(workspace=Workspace(team="T5", enterprise="E1", org_install=True)),
                             "events_api")
            await replica.settle()
            await replica.core.counts()
            assert rows_naming(replica.data_dir / "crybot.sqlite3", "E1") == []
            assert rows_naming(replica.installs_file, "E1") == []


async def test_a_code_slack_does_not_accept_is_refused_in_one_line(fleet: Fleet) -> None:
    authorize_url, cookie = await fleet.open_install_page("T1")
    redirect = await fleet.allow(authorize_url)
    query = {key: values[0] for key, values in parse_qs(urlsplit(redirect).query).items()}
    stale = redirect.split("?")[0] + "?" + urlencode({**query, "code": "code-from-yesterday"})
    landed = await fleet.land(stale, cookie=cookie)
    assert landed.status == 401
    assert refusal_line(landed.page) == (
        "Slack did not accept this install (its code was already used or has expired): start again.")
    assert fleet.fake.calls_to("oauth.v2.access") == []  # the fake recorded the refusal, not a success


async def test_one_workspace_on_tokens_from_the_environment_forgets_its_state_when_removed(rig: Rig) -> None:
    fake = rig.fake
    await rig.send(p.slash("optout", user="U2", response_url=fake.response_url("out")), "slash_commands")
    await rig.settle()
    held = await rig.core.on_message(Incoming(text=SAD, space_id=p.TEAM, channel_id="C9", user_id="U2"))
    assert held.why.stopped_by == "the author opted out of auto-replies"
    await rig.send(p.uninstalled(), "events_api")
    await rig.settle()
    again = await rig.core.on_message(Incoming(text=SAD, space_id=p.TEAM, channel_id="C8", user_id="U2"))
    assert again.kind == "meme", "the opt-out of a workspace that removed crybot was kept"
