"""app_uninstalled and tokens_revoked: a workspace that removes crybot takes its installation and its state along."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

from adapters.slack_blocks import space_of
from adapters.slack_tracker import Tracker

if TYPE_CHECKING:
    from bot.core import Core

log = logging.getLogger("crybot.slack")


class Revocations:
    """Forget a workspace (or an org that installed crybot org-wide) the moment Slack says crybot lost it."""

    def __init__(self, core: Core, tracker: Tracker, installations: AsyncInstallationStore | None) -> None:
        self.core = core
        self.tracker = tracker
        self.installations = installations  # None with one workspace's token from the environment

    async def uninstalled(self, context: Any) -> None:
        """The app was removed: delete the installation and everything crybot kept for the workspace."""
        await self._forget(context, why="removed crybot")

    async def revoked(self, event: dict[str, Any], context: Any) -> None:
        """Tokens were revoked: without the bot token crybot can do nothing there, so the workspace goes too."""
        tokens = event.get("tokens") or {}
        if tokens.get("bot"):
            await self._forget(context, why="revoked crybot's bot token")
            return
        async with self.tracker.track():  # only some people's user tokens: crybot asks for none, keeps none
            for user in tokens.get("oauth") or []:
                if self.installations is not None:
                    await self.installations.async_delete_installation(
                        enterprise_id=context.enterprise_id, team_id=_team(context), user_id=user
                    )

    async def _forget(self, context: Any, *, why: str) -> None:
        """Delete the installation (bolt's semantics: the org's for an org-wide install) and the space's state."""
        space = space_of(context)
        async with self.tracker.track():
            try:
                if self.installations is not None:
                    await self.installations.async_delete_all(enterprise_id=context.enterprise_id,
                                                              team_id=_team(context))
                await self.core.forget_space(space)
            except Exception:
                log.exception("could not forget workspace %s after it %s", space, why)
                return
        if self.installations is None:
            log.error("workspace %s %s: crybot forgot its state; SLACK_BOT_TOKEN no longer works there", space, why)
        else:
            log.warning("workspace %s %s: its installation and everything crybot kept for it are deleted", space, why)


def _team(context: Any) -> str | None:
    """The team an installation is filed under: none for an org-wide install, as slack-sdk's stores file them."""
    return None if context.is_enterprise_install else context.team_id
