"""The core: takes neutral events, decides, picks and renders; never raises to an adapter."""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, ParamSpec, Protocol

from bot.catalogue.live import Listener, LiveCatalogue
from bot.catalogue.load import Catalogue
from bot.catalogue.model import Meme
from bot.emotion import EmotionReader, Reading
from bot.errors import UserError
from bot.explain import explain
from bot.events import (MAX_COOLDOWN, NOTHING, ButtonPress, ChannelSettings, CryRequest, Incoming, Picture, Reply,
                        ReplyIn, Why)
from bot.moods import Mood
from bot.picker import Pick, choose_meme
from bot.policy import ChannelState, Decision, apply_state, assess
from bot.previews import Preview, Previews
from bot.remote import RemoteImages
from bot.store.base import Store

log = logging.getLogger(__name__)
P = ParamSpec("P")

SORRY = "Something went wrong on my side. Please try again in a moment."
SUPPORT_COOLDOWN = 600.0  # one support message per person and channel per ten minutes is caring; more is noise
CLAIM_TTL = 3600.0  # platforms retry a missed event within minutes; an hour covers them all
RENDER_ATTEMPTS = 3


class Rendered(Protocol):
    """What the renderer hands back."""

    path: Path
    mime: str
    width: int
    height: int
    filename: str


class Renderer(Protocol):
    """Anything that can caption and fit an image for upload."""

    async def render(self, source: Path, *, text: str = "", style: str = "classic", position: str = "bottom") -> Any:
        """Render a source image, captioned with text when given."""


def _never_raises(fallback: Reply) -> Callable[[Callable[P, Awaitable[Reply]]], Callable[P, Awaitable[Reply]]]:
    """User mistakes become notices; anything else is logged and becomes the fallback reply."""

    def wrap(method: Callable[P, Awaitable[Reply]]) -> Callable[P, Awaitable[Reply]]:
        @functools.wraps(method)
        async def safe(*args: P.args, **kwargs: P.kwargs) -> Reply:
            try:
                return await method(*args, **kwargs)
            except UserError as exc:
                return Reply(kind="notice", text=str(exc))
            except Exception:
                log.exception("%s failed for %r", method.__name__, args[1:] if len(args) > 1 else kwargs)
                return fallback

        return safe

    return wrap


_WHERE: dict[ReplyIn, str] = {
    "thread": "Auto-reply memes go in the thread of the message they answer.",
    "channel": "Auto-reply memes go in the channel itself.",
}


class Core:
    """crybot's brain, shared by every adapter; holds its dependencies, owns no platform."""

    def __init__(
        self,
        *,
        catalogue: LiveCatalogue,
        store: Store,
        renderer: Renderer,
        remote: RemoteImages,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self._live = catalogue
        self._store = store
        self._renderer = renderer
        self._remote = remote
        self._clock = clock
        self._rng = rng or random.Random()
        self._previews = Previews()
        self._claim_lock = asyncio.Lock()
        self._reader = EmotionReader(extra_words=catalogue.current.extra_words())
        self._reader_words = catalogue.current.extra_words()
        catalogue.subscribe(self._on_reload)

    # -- the catalogue ---------------------------------------------------------------

    @property
    def catalogue(self) -> Catalogue:
        """The catalogue serving now (the last good one)."""
        return self._live.current

    @property
    def problems(self) -> list[str]:
        """Problems of the latest rejected edit; empty when the file on disk is good."""
        return list(self._live.problems)

    @property
    def catalogue_version(self) -> int:
        """Goes up by one each time the served catalogue or its problems change."""
        return self._live.version

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Be told after every reload attempt; returns an unsubscribe function."""
        return self._live.subscribe(listener)

    def _on_reload(self, live: LiveCatalogue) -> None:
        """Rebuild the reader when admins changed the words of a mood."""
        words = live.current.extra_words()
        if words != self._reader_words:
            self._reader, self._reader_words = EmotionReader(extra_words=words), words

    def read(self, text: str) -> Reading:
        """What the emotion reader makes of a text."""
        return self._reader.read(text)

    # -- auto-replies ----------------------------------------------------------------

    @_never_raises(NOTHING)
    async def on_message(self, msg: Incoming) -> Reply:
        """Decide whether and how to auto-reply to a message in a channel."""
        if msg.is_self or msg.author_is_bot or msg.is_edit:
            return replace(NOTHING, why=Why(stopped_by="a bot, an edit or the bot itself"))
        catalogue = self.catalogue
        reading = self._reader.read(msg.text)
        decision = assess(catalogue, msg, reading)
        if decision.action != "none" and decision.chance < 1 and self._rng.random() >= decision.chance:
            decision = decision.stop(f"the trigger answers only {decision.chance:.0%} of matches")
        if decision.action != "none":
            decision = await self._claim_reply(msg, decision)
        if decision.action == "none":
            return Reply(kind="nothing", why=_why(decision, reading))
        if decision.action == "support":
            await self._store.add_counts([("action", "support")])
            in_channel = catalogue.settings.crisis_support == "channel"
            text = catalogue.model.safety.crisis_reply
            return Reply(kind="support", text=text, in_channel=in_channel, why=_why(decision, reading))
        reply = await self._auto_meme(msg, decision, reading) if decision.action == "meme" else None
        if reply is None:  # a reaction was asked for, or no picture could be made
            reply = Reply(kind="reaction", emoji=catalogue.emoji_for(decision.mood), why=_why(decision, reading))
        counts = [("action", reply.kind), ("mood", decision.mood)]
        await self._store.add_counts(counts + ([("meme", reply.picture.meme_id)] if reply.picture else []))
        return reply

    async def _claim_reply(self, msg: Incoming, decision: Decision) -> Decision:
        """Check the channel's state and start its cooldowns in one step, so concurrent messages see them."""
        async with self._claim_lock:
            decision = apply_state(decision, self.catalogue, await self._channel_state(msg))
            now = self._clock()
            if decision.action == "support":
                # One support message per person and channel in a while: caring, not noise.
                key = f"support:{msg.space_id}:{msg.channel_id}:{msg.user_id}"
                wait = _remaining(await self._store.last_reply(key), SUPPORT_COOLDOWN, now)
                if wait > 0:
                    return decision.stop("support was given moments ago", wait=wait)
                await self._store.mark_replies([key], now)
            elif decision.action != "none":
                await self._store.mark_replies([_channel_key(msg), _user_key(msg)], now)
            return decision

    async def _channel_state(self, msg: Incoming) -> ChannelState:
        """Gather the store's view of this channel and author."""
        channel = await self._store.channel_settings(msg.space_id, msg.channel_id)
        effective = self._effective(channel)
        now = self._clock()
        last_channel = await self._store.last_reply(_channel_key(msg))
        last_user = await self._store.last_reply(_user_key(msg))
        return ChannelState(
            channel=channel,
            opted_out=await self._store.is_opted_out(msg.space_id, msg.user_id),
            channel_wait=_remaining(last_channel, effective.channel_cooldown or 0.0, now),
            user_wait=_remaining(last_user, effective.user_cooldown or 0.0, now),
        )

    async def _auto_meme(self, msg: Incoming, decision: Decision, reading: Reading) -> Reply | None:
        """Pick from the channel's no-repeat pool and render; None if no picture could be made."""
        pool_key = f"pool:{msg.space_id}:{msg.channel_id}:{decision.mood}"
        shown = await self._store.used_memes(pool_key)
        made = await self._pick_and_render(decision.mood, shown=shown, caption="")
        if made is None:
            return None
        pick, picture = made
        await self._store.mark_used(pool_key, pick.meme.id, reset=pick.pool_spent)
        return Reply(kind="meme", picture=picture, why=_why(decision, reading, pick))

    # -- /cry previews ---------------------------------------------------------------

    @_never_raises(Reply(kind="notice", text=SORRY))
    async def on_cry(self, req: CryRequest) -> Reply:
        """Open a private preview for `/cry` or "Cry about this"."""
        text = req.text.strip()
        reading = self._reader.read(text) if text else None
        if reading is not None and reading.mood == "crisis":
            return self._crisis_reply(reading)
        mood: Mood = req.mood or (reading.mood if reading and reading.mood not in ("neutral", "crisis") else "sad")  # type: ignore[assignment]
        preview = Preview(request=req, reading=reading, mood=mood, created=self._clock())
        return await self._show(preview, preview_id=None)

    @_never_raises(Reply(kind="notice", text=SORRY))
    async def on_button(self, press: ButtonPress) -> Reply:
        """Send, Shuffle or Cancel a preview."""
        preview = self._previews.get(press.preview_id, now=self._clock())
        if preview is None:
            return Reply(kind="notice", text="This preview has expired. Run /cry again for a fresh one.")
        if press.user_id != preview.request.user_id:
            return Reply(kind="notice", text="Only the person who asked for this preview can use its buttons.")
        if preview.reading is not None and preview.reading.mood == "crisis":
            return self._crisis_reply(preview.reading)
        if press.action == "cancel":
            self._previews.close(press.preview_id)
            return Reply(kind="dismiss", preview_id=press.preview_id)
        if press.action == "shuffle":
            return await self._show(preview, preview_id=press.preview_id)
        return await self._send(preview, press)

    async def _show(self, preview: Preview, *, preview_id: str | None) -> Reply:
        """Render a meme not yet shown in this preview and store the preview's new state."""
        req = preview.request
        made = await self._pick_and_render(
            preview.mood, shown=set(preview.shown), caption=req.text if req.caption else "", last=preview.current
        )
        if made is None:
            return Reply(kind="notice", text="There is no meme for that mood yet. Ask an admin to add one to memes.yaml.")
        pick, picture = made
        preview = preview.showing(pick.meme.id)
        if preview_id is None:
            preview_id = self._previews.open(preview)
        else:
            self._previews.update(preview_id, preview)
        why = _reading_why(preview.reading, mood=preview.mood, reason=pick.reason)
        return Reply(kind="meme", picture=picture, preview_id=preview_id, why=why)

    async def _send(self, preview: Preview, press: ButtonPress) -> Reply:
        """Post the previewed meme publicly, crediting who cried."""
        req = preview.request
        meme = self.catalogue.meme(preview.current or "")
        caption = req.text if req.caption else ""
        picture = await self._picture(meme, caption) if meme is not None else None
        if picture is None:  # the catalogue changed under the preview, or the file went missing
            return await self._show(preview, preview_id=press.preview_id)
        self._previews.close(press.preview_id)
        channel = press.channel_id or req.channel_id
        await self._store.mark_used(f"pool:{req.space_id}:{channel}:{preview.mood}", picture.meme_id)
        await self._store.add_counts([("action", "send"), ("mood", preview.mood), ("meme", picture.meme_id)])
        why = _reading_why(preview.reading, mood=preview.mood, reason="the meme you chose in the preview")
        return Reply(kind="meme", picture=picture, on_behalf_of=req.user_id, why=why)

    def _crisis_reply(self, reading: Reading) -> Reply:
        """The support message, shown privately in place of a preview."""
        why = Why(mood="crisis", confidence=reading.confidence, cues=reading.cues, meme_reason="safety comes first")
        return Reply(kind="support", text=self.catalogue.model.safety.crisis_reply, why=why)

    # -- pictures --------------------------------------------------------------------

    async def _pick_and_render(
        self, mood: Mood, *, shown: set[str], caption: str, last: str | None = None
    ) -> tuple[Pick, Picture] | None:
        """Choose and render a meme, trying others if a picture cannot be made."""
        tried = set(shown)
        for _ in range(RENDER_ATTEMPTS):
            pick = choose_meme(self.catalogue, mood, rng=self._rng, shown=tried, last=last)
            if pick is None:
                return None
            picture = await self._picture(pick.meme, caption)
            if picture is not None:
                return pick, picture
            tried.add(pick.meme.id)
            if pick.pool_spent:
                return None
        return None

    async def _picture(self, meme: Meme, caption: str) -> Picture | None:
        """Render one meme for upload; None (logged) when its image is missing or unreadable."""
        try:
            source = self.catalogue.source(meme) or await self._remote.fetch(meme.url or "")
            rendered = await self._renderer.render(
                source, text=caption, style=meme.caption.style, position=meme.caption.position
            )
        except Exception as exc:  # a missing or broken image must never break a reply
            log.warning("cannot render meme %r: %s", meme.id, exc)
            return None
        alt = f'{meme.alt}. Caption: "{caption}"' if caption else meme.alt
        return Picture(
            path=rendered.path,
            filename=rendered.filename,
            mime=rendered.mime,
            alt=alt,
            meme_id=meme.id,
            width=rendered.width,
            height=rendered.height,
        )

    # -- settings --------------------------------------------------------------------

    @_never_raises(Reply(kind="notice", text=SORRY))
    async def update_channel(
        self, *, space_id: str, channel_id: str, changes: ChannelSettings, threads: bool = False
    ) -> Reply:
        """Change a channel's overrides (fields left None keep their value); `threads`: say where memes go."""
        for name in ("channel_cooldown", "user_cooldown"):
            value = getattr(changes, name)
            if value is not None and not 0 <= value <= MAX_COOLDOWN:
                raise UserError(f"{name.replace('_', ' ')} must be between 0 seconds and 7 days.")
        current = await self._store.channel_settings(space_id, channel_id)
        merged = replace(current, **{k: v for k, v in _fields(changes).items() if v is not None})
        await self._store.save_channel_settings(space_id, channel_id, merged)
        return Reply(kind="notice", text=self.describe_channel(merged, threads=threads))

    async def channel_settings(self, *, space_id: str, channel_id: str) -> ChannelSettings:
        """A channel's settings with the catalogue's defaults filled in."""
        return self._effective(await self._store.channel_settings(space_id, channel_id))

    def _effective(self, own: ChannelSettings) -> ChannelSettings:
        """Fill a channel's unset overrides from the catalogue's settings."""
        base = self.catalogue.settings  # the catalogue names each channel override the same way
        merged = {name: getattr(base, name) if value is None else value for name, value in _fields(own).items()}
        return ChannelSettings(**merged)

    def describe_channel(self, own: ChannelSettings, *, threads: bool = False) -> str:
        """Settings as a sentence for the admin who changed them; with `threads`, where auto-reply memes go."""
        settings = self._effective(own)
        state = "on" if settings.autoreply else "off"
        text = (
            f"Auto-replies are {state} in this channel; replying with a {settings.reply_with}, "
            f"at most once every {settings.channel_cooldown:g} s per channel and {settings.user_cooldown:g} s per person."
        )
        if threads:
            text += " " + _WHERE[settings.reply_in or "thread"]
        return text

    @_never_raises(Reply(kind="notice", text=SORRY))
    async def set_opt_out(self, *, space_id: str, user_id: str, opted_out: bool) -> Reply:
        """Stop or resume auto-replies to one person; /cry keeps working for them either way."""
        await self._store.set_opted_out(space_id, user_id, opted_out)
        if opted_out:
            return Reply(kind="notice", text="Done: I won't auto-reply to your messages here. /cry still works.")
        return Reply(kind="notice", text="Welcome back: I may auto-reply to your messages here again.")

    async def first_delivery(self, key: str) -> bool:
        """True the first time an event key is seen; platforms retry events and each must be answered once."""
        return await self._store.claim(key, at=self._clock(), ttl=CLAIM_TTL)

    async def counts(self) -> dict[str, dict[str, int]]:
        """Aggregate counters by kind (actions, moods, memes)."""
        return {kind: await self._store.counts(kind) for kind in ("action", "mood", "meme")}

    # -- explanation -----------------------------------------------------------------

    def explain(self, text: str) -> dict[str, Any]:
        """What an auto-reply would do with one text, judged alone (no cooldowns, history or dice)."""
        return explain(self.catalogue, self._reader, text)

    async def close(self) -> None:
        """Stop watching the catalogue; release the store and any open HTTP session."""
        await self._live.stop()
        await self._remote.close()
        await self._store.close()


def _channel_key(msg: Incoming) -> str:
    """Cooldown key for a channel."""
    return f"cd:channel:{msg.space_id}:{msg.channel_id}"


def _user_key(msg: Incoming) -> str:
    """Cooldown key for a person, across the whole space."""
    return f"cd:user:{msg.space_id}:{msg.user_id}"


def _remaining(last: float | None, cooldown: float, now: float) -> float:
    """Seconds left on a cooldown, or 0; a reply stamped after `now` was read counts as now."""
    if last is None or cooldown <= 0:
        return 0.0
    return max(0.0, min(last, now) + cooldown - now)


def _fields(settings: ChannelSettings) -> dict[str, Any]:
    """A settings object as a plain mapping."""
    return {name: getattr(settings, name) for name in ChannelSettings.__slots__}


def _why(decision: Decision, reading: Reading, pick: Pick | None = None) -> Why:
    """Explain an auto-reply decision."""
    return Why(
        mood=reading.mood,
        confidence=decision.confidence,
        cues=reading.cues,
        trigger=decision.hit.describe() if decision.hit else None,
        meme_reason=pick.reason if pick else "",
        stopped_by=decision.stopped_by,
        cooldown_left=decision.wait,
    )


def _reading_why(reading: Reading | None, *, mood: Mood, reason: str) -> Why:
    """Explain a preview: the reading if there was text, else the mood asked for."""
    if reading is None:
        return Why(mood=mood, confidence=1.0, meme_reason=reason)
    return Why(mood=reading.mood, confidence=reading.confidence, cues=reading.cues, meme_reason=reason)
