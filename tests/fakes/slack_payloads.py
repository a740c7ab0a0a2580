"""Payloads Slack sends to an app (events, slash commands, interactions), in HTTP and Socket Mode form."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

Kind = Literal["events_api", "slash_commands", "interactive"]
TEAM = "T0CRY"
_ids = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Workspace:
    """Where a request comes from: a workspace, perhaps in an Enterprise Grid org that installed the app org-wide."""

    team: str = TEAM
    enterprise: str | None = None
    org_install: bool = False

    def authorization(self) -> dict[str, Any]:
        """The installation an event is delivered for, as Slack lists it in `authorizations`."""
        return {
            "enterprise_id": self.enterprise,
            "team_id": None if self.org_install else self.team,
            "user_id": "UCRYBOT",
            "is_bot": True,
            "is_enterprise_install": self.org_install,
        }


HOME = Workspace()


def _ts() -> str:
    """A fresh, unique message timestamp as Slack formats them."""
    return f"{time.time():.0f}.{next(_ids):06d}"


def event(inner: dict[str, Any], *, event_id: str | None = None, workspace: Workspace = HOME) -> dict[str, Any]:
    """Wrap an event as an Events API event_callback."""
    return {
        "token": "legacy",
        "team_id": workspace.team,
        "enterprise_id": workspace.enterprise,
        "api_app_id": "ACRY",
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "event": inner,
        "authorizations": [workspace.authorization()],
        "is_ext_shared_channel": False,
    }


def uninstalled(*, workspace: Workspace = HOME) -> dict[str, Any]:
    """app_uninstalled: an admin removed the app from the workspace (or org)."""
    return event({"type": "app_uninstalled", "event_ts": _ts()}, workspace=workspace)


def tokens_revoked(*, workspace: Workspace = HOME, bot: bool = True, users: tuple[str, ...] = ()) -> dict[str, Any]:
    """tokens_revoked: the workspace's bot token (and/or some users' tokens) no longer work."""
    tokens = {"oauth": list(users), "bot": ["BCRYBOT"] if bot else []}
    return event({"type": "tokens_revoked", "tokens": tokens, "event_ts": _ts()}, workspace=workspace)


def message(
    text: str,
    *,
    channel: str = "C1",
    user: str = "U1",
    ts: str | None = None,
    thread_ts: str | None = None,
    bot_id: str | None = None,
    event_id: str | None = None,
    channel_type: str = "channel",
    workspace: Workspace = HOME,
) -> dict[str, Any]:
    """A message posted in a channel ("group" for a private one; by a bot when bot_id is given)."""
    inner: dict[str, Any] = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts or _ts(),
        "channel_type": channel_type,
        "team": workspace.team,
    }
    if thread_ts:
        inner["thread_ts"] = thread_ts
    if bot_id:
        inner |= {"bot_id": bot_id, "subtype": "bot_message"}
    return event(inner, event_id=event_id, workspace=workspace)


def _changed(subtype: str, channel: str, **fields: Any) -> dict[str, Any]:
    """A hidden message event about another message (an edit or a deletion)."""
    return event({"type": "message", "subtype": subtype, "channel": channel, "ts": _ts(), "hidden": True, **fields})


def edited(text: str, *, channel: str = "C1", user: str = "U1") -> dict[str, Any]:
    """A message_changed event: someone edited their message to say `text`."""
    ts = _ts()
    now = {"type": "message", "user": user, "text": text, "ts": ts, "edited": {"user": user, "ts": _ts()}}
    before = {"type": "message", "user": user, "text": "typo", "ts": ts}
    return _changed("message_changed", channel, message=now, previous_message=before)


def deleted(*, channel: str = "C1") -> dict[str, Any]:
    """A message_deleted event."""
    ts = _ts()
    before = {"type": "message", "user": "U1", "text": "crying", "ts": ts}
    return _changed("message_deleted", channel, deleted_ts=ts, previous_message=before)


def mention(
    text: str, *, channel: str = "C1", user: str = "U1", thread_ts: str | None = None, workspace: Workspace = HOME
) -> dict[str, Any]:
    """An app_mention event: "<@UCRYBOT> text"."""
    inner: dict[str, Any] = {
        "type": "app_mention",
        "channel": channel,
        "user": user,
        "ts": _ts(),
        "text": f"<@UCRYBOT> {text}",
        "team": workspace.team,
    }
    if thread_ts:
        inner["thread_ts"] = thread_ts
    return event(inner, workspace=workspace)


def slash(
    text: str, *, response_url: str, channel: str = "C1", user: str = "U1", workspace: Workspace = HOME
) -> dict[str, Any]:
    """The fields of a /cry slash command."""
    org = {"enterprise_id": workspace.enterprise, "enterprise_name": "Org"} if workspace.enterprise else {}
    return org | {
        "token": "legacy",
        "team_id": workspace.team,
        "is_enterprise_install": "true" if workspace.org_install else "false",
        "team_domain": "crybot-test",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": "sam",
        "command": "/cry",
        "text": text,
        "api_app_id": "ACRY",
        "response_url": response_url,
        "trigger_id": f"trig.{next(_ids)}",
    }


def _who(user: str, channel: str, workspace: Workspace) -> dict[str, Any]:
    return {
        "user": {"id": user, "username": "sam", "name": "sam", "team_id": workspace.team},
        "team": {"id": workspace.team, "domain": "crybot-test"},
        "enterprise": {"id": workspace.enterprise, "name": "Org"} if workspace.enterprise else None,
        "is_enterprise_install": workspace.org_install,
        "channel": {"id": channel, "name": "general"},
        "api_app_id": "ACRY",
        "token": "legacy",
        "trigger_id": f"trig.{next(_ids)}",
    }


def button(
    action_id: str,
    value: str,
    *,
    response_url: str,
    block_id: str = "crybot",
    channel: str = "C1",
    user: str = "U1",
    workspace: Workspace = HOME,
) -> dict[str, Any]:
    """A block_actions press of a button on an ephemeral message."""
    return _who(user, channel, workspace) | {
        "type": "block_actions",
        "container": {"type": "message", "message_ts": _ts(), "channel_id": channel, "is_ephemeral": True},
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": block_id,
                "value": value,
                "action_ts": _ts(),
                "text": {"type": "plain_text", "text": action_id},
            }
        ],
    }


def shortcut(
    text: str,
    *,
    response_url: str,
    callback_id: str = "cry_about_this",
    channel: str = "C1",
    user: str = "U1",
    author: str = "U2",
    thread_ts: str | None = None,
    workspace: Workspace = HOME,
) -> dict[str, Any]:
    """A message shortcut run on someone's message (in a thread when thread_ts is given)."""
    msg: dict[str, Any] = {"type": "message", "user": author, "text": text, "ts": _ts()}
    if thread_ts:
        msg["thread_ts"] = thread_ts
    return _who(user, channel, workspace) | {
        "type": "message_action",
        "callback_id": callback_id,
        "message_ts": msg["ts"],
        "message": msg,
        "response_url": response_url,
    }


def http_body(payload: dict[str, Any], kind: Kind) -> tuple[str, str]:
    """Encode a payload as Slack posts it over HTTP: (body, content type)."""
    if kind == "events_api":
        return json.dumps(payload), "application/json"
    form = payload if kind == "slash_commands" else {"payload": json.dumps(payload)}
    return urlencode(form), "application/x-www-form-urlencoded"
