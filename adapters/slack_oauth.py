"""OAuth mode: one crybot installed in many workspaces through bolt's OAuth flow, each answered with its own token."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import urljoin

import yaml
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_callback_options import AsyncCallbackOptions
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from adapters import slack_pages as pages
from adapters.slack_install_stores import InstallStores
from bot.errors import StartupError

log = logging.getLogger("crybot.slack")

OAUTH_VARIABLES: Final = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET")
MANIFEST: Final = Path(__file__).with_name("slack_manifest.yaml")
STATE_SECONDS: Final = 600  # how long an install link stays good: Slack's own screens take a minute or two


@dataclass(frozen=True, slots=True, kw_only=True)
class OAuthEnv:
    """The environment's say on OAuth mode."""

    client_id: str
    client_secret: str
    signing_secret: str
    redirect_uri: str | None = None  # SLACK_REDIRECT_URI: needed when the app lists more than one redirect URL
    authorize_url: str | None = None  # SLACK_AUTHORIZE_URL: Slack's install screen, or a test fake's

    @classmethod
    def read(cls, env: Mapping[str, str]) -> OAuthEnv | None:
        """OAuth settings, or None when no SLACK_CLIENT_* is set (one workspace, tokens from the environment)."""
        if not any(env.get(name, "").strip() for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")):
            return None
        missing = [name for name in OAUTH_VARIABLES if not env.get(name, "").strip()]
        if missing:
            raise StartupError(f"{missing[0]} is not set: OAuth mode needs {', '.join(OAUTH_VARIABLES)}, all three "
                               "from Basic Information > App Credentials at api.slack.com/apps.")
        return cls(
            client_id=env["SLACK_CLIENT_ID"].strip(),
            client_secret=env["SLACK_CLIENT_SECRET"].strip(),
            signing_secret=env["SLACK_SIGNING_SECRET"].strip(),
            redirect_uri=env.get("SLACK_REDIRECT_URI", "").strip() or None,
            authorize_url=env.get("SLACK_AUTHORIZE_URL", "").strip() or None,
        )

    @property
    def install_url(self) -> str:
        """The public install page, when the redirect URL tells where crybot is served ("" when it does not)."""
        return urljoin(self.redirect_uri, pages.INSTALL_PATH) if self.redirect_uri else ""


def bot_scopes() -> list[str]:
    """The bot scopes an install asks for: the manifest's, so the two never drift apart."""
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return [str(scope) for scope in manifest["oauth_config"]["scopes"]["bot"]]


class InstallFlow(AsyncOAuthFlow):
    """Bolt's OAuth flow with crybot's own install page (no images or scripts from elsewhere)."""

    async def build_install_page_html(self, url: str, request: AsyncBoltRequest) -> str:
        """The "Add to Slack" page for an authorize URL."""
        return pages.install_page(url)


def build_flow(oauth: OAuthEnv, *, client: AsyncWebClient, stores: InstallStores) -> AsyncOAuthFlow:
    """Bolt's OAuth flow on slack-sdk's stores: install page, redirect, one bot token saved per workspace or org."""
    settings = AsyncOAuthSettings(
        client_id=oauth.client_id,
        client_secret=oauth.client_secret,
        scopes=bot_scopes(),
        user_scopes=[],  # crybot acts as its bot user only
        redirect_uri=oauth.redirect_uri,
        install_path=pages.INSTALL_PATH,
        redirect_uri_path=pages.REDIRECT_PATH,
        callback_options=AsyncCallbackOptions(success=pages.installed, failure=pages.refused),
        authorization_url=oauth.authorize_url,
        installation_store=stores.installations,
        installation_store_bot_only=True,  # each request needs the bot token only: one lookup, not two
        state_store=stores.states,
        state_expiration_seconds=STATE_SECONDS,
        logger=log,
    )
    # The same lookup as bolt's default, remembering what auth.test said of each token: without it every request
    # costs one more Web API call. A removed workspace is still refused, as the store is asked first each time.
    settings.authorize = AsyncInstallationStoreAuthorize(
        logger=log,
        installation_store=stores.installations,
        client_id=oauth.client_id,
        client_secret=oauth.client_secret,
        bot_only=True,
        cache_enabled=True,
        client=client,
    )
    return InstallFlow(client=client, logger=log, settings=settings)


def not_installed(install_url: str) -> str:
    """What someone sees when crybot has no working installation in their workspace (removed, or token refused)."""
    return (f"crybot is no longer installed in this workspace, or its access was revoked: a workspace admin can add "
            f"it again{_at(install_url)}.")


def revoked(install_url: str) -> str:
    """What someone sees when Slack refuses the workspace's token (revoked before crybot heard of it)."""
    return (f"crybot's access to this workspace was revoked, so I can't answer here: a workspace admin can add "
            f"crybot again{_at(install_url)}.")


def _at(install_url: str) -> str:
    """Where to add crybot again, as the end of a sentence."""
    return f" at {install_url}" if install_url else " from crybot's install page"
