"""The app manifest asks Slack for exactly what the adapter uses, under the names the code listens for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from adapters.slack_blocks import SHORTCUT_ID

MANIFEST = Path(__file__).resolve().parent.parent / "adapters" / "slack_manifest.yaml"


def manifest() -> dict[str, Any]:
    """The manifest as data."""
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_the_shortcut_and_command_match_what_the_app_listens_for() -> None:
    features = manifest()["features"]
    assert [(s["type"], s["callback_id"], s["name"]) for s in features["shortcuts"]] == [
        ("message", SHORTCUT_ID, "Cry about this")
    ]
    assert [c["command"] for c in features["slash_commands"]] == ["/cry"]


def test_scopes_are_exactly_the_ones_used() -> None:
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    assert scopes == {
        "app_mentions:read",  # app_mention
        "channels:history",  # message.channels
        "groups:history",  # message.groups
        "chat:write",  # chat.postEphemeral
        "commands",  # /cry, the shortcut
        "files:write",  # files.getUploadURLExternal / completeUploadExternal
        "reactions:write",  # reactions.add
        "users:read",  # users.info for /cry settings
    }


def test_socket_mode_is_on_with_the_events_auto_replies_need() -> None:
    settings = manifest()["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.channels", "message.groups"}
