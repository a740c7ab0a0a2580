"""The pages a workspace admin sees while adding crybot to Slack: the install page and how the install ended."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from typing import Final

from slack_bolt.oauth.async_callback_options import AsyncFailureArgs, AsyncSuccessArgs
from slack_bolt.response import BoltResponse
from slack_sdk.oauth import OAuthStateUtils

log = logging.getLogger("crybot.slack")

INSTALL_PATH: Final = "/slack/install"
REDIRECT_PATH: Final = "/slack/oauth_redirect"
START_AGAIN: Final = f'<a href="{INSTALL_PATH}">start again</a>'

# One line per way an install can fail, saying what to do. Keys are the reasons bolt's OAuth flow gives
# (slack_bolt.oauth.async_oauth_flow, 1.30) and the `error` Slack puts on the redirect.
REFUSALS: Final[dict[str, str]] = {
    "access_denied": "The install was cancelled, so crybot was not added. To add it, {start} and choose Allow.",
    "invalid_browser": (
        "This install link was opened in another browser, or its cookie has expired: {start} in this browser."
    ),
    "invalid_state": "This install link has expired or was already used: {start} for a fresh one.",
    "missing_code": "Slack sent no install code with this link, so nothing was added: {start}.",
    "invalid_code": "Slack did not accept this install (its code was already used or has expired): {start}.",
    "storage_error": (
        "crybot could not save this install, so nothing was added. Try again in a minute ({start}); if it keeps "
        "failing, tell whoever runs crybot."
    ),
}
SLACK_REFUSED: Final = "Slack refused the install ({reason}), so crybot was not added: {start}."


def install_page(authorize_url: str) -> str:
    """The "Add to Slack" page: what crybot is, and the button that starts Slack's install screen."""
    link = html.escape(authorize_url, quote=True)
    return _page(
        "Add crybot to Slack",
        "<p>crybot answers sadness with the right crying meme: <code>/cry</code> for a private preview you can send, "
        "and, in channels you invite it to, a meme or a reaction when someone is crying.</p>"
        f'<p><a class="button" href="{link}">Add to Slack</a></p>'
        "<p class=\"small\">Slack shows what crybot asks for and which workspace it goes to before anything is "
        "added.</p>",
    )


async def installed(args: AsyncSuccessArgs) -> BoltResponse:
    """The page after a good install: where crybot now is, and what to do next."""
    done = args.installation
    if done.is_enterprise_install:
        where = html.escape(done.enterprise_name or done.enterprise_id or "your organization")
        text = (f"crybot is installed for all of {where}. An org admin chooses the workspaces that get it, "
                "in the organization's app settings.")
        url = f"{done.enterprise_url}manage/organization/apps/profile/{done.app_id}/workspaces/add" if (
            done.enterprise_url and done.app_id) else ""
        action = "Choose workspaces"
    else:
        where = html.escape(done.team_name or done.team_id or "your workspace")
        text = (f"crybot is installed in {where}. Invite it to a channel with <code>/invite @crybot</code>, "
                "then try <code>/cry</code> there.")
        url = f"slack://app?team={done.team_id}&id={done.app_id}" if done.team_id and done.app_id else ""
        action = "Open Slack"
    log.info("crybot was installed in %s (enterprise %s)", done.team_id or "-", done.enterprise_id or "-")
    button = f'<p><a class="button" href="{html.escape(url, quote=True)}">{action}</a></p>' if url else ""
    return _answer(200, _page("crybot is installed", f"<p>{text}</p>{button}"), args.settings.state_utils)


async def refused(args: AsyncFailureArgs) -> BoltResponse:
    """The page after a failed install: one line saying what went wrong and what to do."""
    line = REFUSALS.get(args.reason)
    if line is None:
        line = SLACK_REFUSED.replace("{reason}", html.escape(args.reason))
    log.warning("a Slack install failed: %s", args.reason)
    body = f"<p>{line.replace('{start}', START_AGAIN)}</p>"
    return _answer(args.suggested_status_code, _page("crybot was not added", body), args.settings.state_utils)


def _answer(status: int, page: str, state_utils: OAuthStateUtils) -> BoltResponse:
    """An HTML answer that also deletes the install's state cookie: it is spent either way."""
    headers: dict[str, str | Sequence[str]] = {
        "Content-Type": "text/html; charset=utf-8", "Set-Cookie": state_utils.build_set_cookie_for_deletion()
    }
    return BoltResponse(status=status, body=page, headers=headers)


def _page(title: str, body: str) -> str:
    """A small self-contained HTML page (no outside fonts, scripts or images)."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1d1c1d; }}
.button {{ display: inline-block; padding: .6rem 1.2rem; border-radius: .4rem; background: #4a154b; color: #fff;
  text-decoration: none; font-weight: 600; }}
.small {{ color: #616061; font-size: .875rem; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
{body}
</body>
</html>
"""
