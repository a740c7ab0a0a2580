"""The app manifest asks Slack for exactly what the adapter uses, under the names the code listens for."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from adapters.slack_blocks import SHORTCUT_ID
from tests.fakes import slack_payloads as p
from tests.fakes.slack_api import Call
from tests.fakes.slack_harness import Rig
from tests.fakes.slack_payloads import Kind

MANIFEST = Path(__file__).resolve().parent.parent / "adapters" / "slack_manifest.yaml"

# The bot-token scope each Web API method needs, from its page under docs.slack.dev/reference/methods (read 2026-12).
# A method the app starts calling fails the scope test until it is added here with its scope.
METHOD_SCOPES: dict[str, frozenset[str]] = {
    "auth.test": frozenset(),  # any valid token
    "chat.postEphemeral": frozenset({"chat:write"}),
    "chat.postMessage": frozenset({"chat:write"}),
    "chat.update": frozenset({"chat:write"}),
    "chat.delete": frozenset({"chat:write"}),
    "files.getUploadURLExternal": frozenset({"files:write"}),
    "files.completeUploadExternal": frozenset({"files:write"}),
    "reactions.add": frozenset({"reactions:write"}),
    "users.info": frozenset({"users:read"}),
}
# Requests the fake records that carry no bot token: the upload URL and response_url authorise themselves.
TOKENLESS = frozenset({"upload", "response_url"})
# Methods called with the app-level token; its scope (connections:write) is chosen when the token is made,
# so it has no place in the manifest's bot scopes.
APP_LEVEL = frozenset({"apps.connections.open"})
# What Slack must be allowed to send the app (docs.slack.dev/reference/events and /interactivity): a message
# event's subscription and scope depend on where it was said; slash commands and shortcuts need `commands`;
# button presses (block_actions) need nothing.
MESSAGE_EVENTS: dict[str, tuple[str, str]] = {
    "channel": ("message.channels", "channels:history"),
    "group": ("message.groups", "groups:history"),
    "im": ("message.im", "im:history"),
    "mpim": ("message.mpim", "mpim:history"),
}
# Events every app may subscribe to without a scope (docs.slack.dev/reference/events/app_uninstalled, tokens_revoked).
NO_SCOPE_EVENTS = frozenset({"app_uninstalled", "tokens_revoked"})
SAD = "nobody came to my party, crying"


def manifest() -> dict[str, Any]:
    """The manifest as data."""
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_the_shortcut_and_command_match_what_the_app_listens_for() -> None:
    features = manifest()["features"]
    assert [(s["type"], s["callback_id"], s["name"]) for s in features["shortcuts"]] == [
        ("message", SHORTCUT_ID, "Cry about this")
    ]
    assert [c["command"] for c in features["slash_commands"]] == ["/cry"]


@dataclass
class Used:
    """What a run of crybot made Slack do for it: the requests it was sent and acted on."""

    rig: Rig
    delivered: list[tuple[dict[str, Any], Kind]] = field(default_factory=list)

    async def send(self, payload: dict[str, Any], kind: Kind) -> None:
        """Deliver a request to the app and remember it was needed."""
        await self.rig.send(payload, kind)
        self.delivered.append((payload, kind))

    def needs(self) -> tuple[set[str], set[str]]:
        """The bot events subscribed to and the scopes needed to be sent what was delivered."""
        events: set[str] = set()
        scopes: set[str] = set()
        for payload, kind in self.delivered:
            if kind == "slash_commands" or payload.get("type") in ("message_action", "shortcut"):
                scopes.add("commands")
            elif kind == "events_api":
                inner = payload["event"]
                if inner["type"] in NO_SCOPE_EVENTS:
                    events.add(inner["type"])
                elif inner["type"] == "app_mention":
                    events.add("app_mention")
                    scopes.add("app_mentions:read")
                else:
                    event, scope = MESSAGE_EVENTS[inner["channel_type"]]
                    events.add(event)
                    scopes.add(scope)
        return events, scopes


async def run_every_flow(used: Used) -> None:
    """/cry with Shuffle, Send and Cancel, the shortcut, a mention, auto-replies and a settings change."""
    fake = used.rig.fake
    answered = len(fake.calls_to("response_url"))

    async def answer(payload: dict[str, Any], kind: Kind) -> Call:
        """Deliver a request and wait for what came back on its response_url."""
        nonlocal answered
        await used.send(payload, kind)
        answered += 1
        return await fake.wait_for("response_url", count=answered)

    preview = await answer(p.slash("rainy day", response_url=fake.response_url("cry")), "slash_commands")
    preview_id = preview.params["blocks"][1]["elements"][0]["value"]
    await answer(p.button("crybot_shuffle", preview_id, response_url=fake.response_url("shuffle")), "interactive")
    await answer(p.button("crybot_send", preview_id, response_url=fake.response_url("send")), "interactive")
    await fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C1")
    preview = await answer(p.slash("", response_url=fake.response_url("cry2")), "slash_commands")
    preview_id = preview.params["blocks"][1]["elements"][0]["value"]
    cancelled = await answer(p.button("crybot_cancel", preview_id, response_url=fake.response_url("x")), "interactive")
    assert cancelled.params["delete_original"] is True

    await used.send(p.shortcut("the build broke", response_url=fake.response_url("sc"), thread_ts="1.1"), "interactive")
    await fake.wait_for("chat.postEphemeral")
    await used.send(p.mention("long week", channel="C5"), "events_api")
    await fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C5")
    await used.send(p.message(SAD, channel="C2", user="U2"), "events_api")
    await fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C2")
    await used.send(p.message(SAD, channel="G1", user="U3", channel_type="group"), "events_api")
    await fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "G1")

    fake.admins.add("U1")
    switched = await answer(p.slash("settings reply reaction", channel="C3", response_url=fake.response_url("set")),
                            "slash_commands")
    assert "reaction" in switched.params["text"] and fake.calls_to("users.info")
    await used.send(p.message("build failed again 😭", channel="C3", user="U4"), "events_api")
    await fake.wait_for("reactions.add", lambda c: c.params["channel"] == "C3")
    await used.send(p.tokens_revoked(bot=False, users=("U1",)), "events_api")
    await used.send(p.uninstalled(), "events_api")
    await used.rig.settle()


async def test_bot_scopes_and_events_are_exactly_the_ones_the_flows_use(rig: Rig) -> None:
    used = Used(rig)
    await run_every_flow(used)
    calls = rig.fake.calls
    assert {c.method for c in calls if c.token == rig.fake.app_token} <= APP_LEVEL
    called = {c.method for c in calls if c.token != rig.fake.app_token and c.method not in TOKENLESS}
    unknown = called - METHOD_SCOPES.keys()
    assert not unknown, f"look up the scope of {sorted(unknown)} on docs.slack.dev and add it to METHOD_SCOPES"
    events, delivered_scopes = used.needs()
    needed = delivered_scopes.union(*(METHOD_SCOPES[method] for method in called))
    asked = set(manifest()["oauth_config"]["scopes"]["bot"])
    assert (sorted(needed - asked), sorted(asked - needed)) == ([], []), "(missing from the manifest, unused)"
    assert set(manifest()["settings"]["event_subscriptions"]["bot_events"]) == events


def test_socket_mode_and_interactivity_are_on() -> None:
    settings = manifest()["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True


def test_distribution_has_the_redirect_url_oauth_mode_serves_and_allows_org_wide_installs() -> None:
    from adapters.slack_pages import REDIRECT_PATH

    (redirect,) = manifest()["oauth_config"]["redirect_urls"]
    assert redirect.startswith("https://") and redirect.endswith(REDIRECT_PATH)
    assert manifest()["settings"]["org_deploy_enabled"] is True
