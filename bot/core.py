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
from bot.emotion.mood_model import MoodModel
from bot.emotion.two_stage import SecondStage
from bot.errors import StoreUnavailable, UserError
from bot.events import (
    MAX_COOLDOWN,
    NOTHING,
    ButtonPress,
    ChannelSettings,
    CryRequest,
    Incoming,
    Picture,
    Reply,
    ReplyIn,
    Why,
)
from bot.explain import explain
from bot.moods import PREVIEW_FALLBACKS, Mood
from bot.observe import Observer
from bot.picker import Pick, choose_meme, pool_for
from bot.policy import ChannelState, Decision, apply_state, assess
from bot.previews import Preview, Previews
from bot.remote.images import RemoteImages
from bot.store.base import Cooldown, Store
from bot.story import NO_STORY, Story

log = logging.getLogger(__name__)
P = ParamSpec("P")

SORRY = "Something went wrong on my side. Please try again in a moment."
TRY_AGAIN = "I can't reach my memory right now. Please try again in a few seconds."
SUPPORT_COOLDOWN = 600.0  # one support message per person and channel per ten minutes is caring; more is noise
CLAIM_TTL = 3600.0  # platforms retry a missed event within minutes; an hour covers them all
RENDER_ATTEMPTS = 3
# Seconds one answer may wait on url downloads in all: Discord and Slack want an answer within 3 s, and a meme
# from another host (or a clear notice) beats a spinner; the download goes on for the next person.
FETCH_WAIT = 2.0
NO_MEME = "There is no meme for that mood yet. Ask an admin to add one to memes.yaml."
UNAVAILABLE = ("I couldn't load a picture for that mood just now: its image could not be fetched or read. "
               "Please try again in a minute.")
EXPIRED = "This preview has expired. Run /cry again for a fresh one."


class Rendered(Protocol):
    """What the renderer hands back."""

    path: Path
    mime: str
    width: int
    height: int
    filename: str


class Renderer(Protocol):
    """Anything that can caption and fit an image for upload."""

    async def render(
        self, source: Path, *, text: str = "", style: str = "classic", position: str = "bottom",
        within: Path | None = None,
    ) -> Any:
        """Render a source image, captioned with text when given; with `within`, only from a file inside it."""

    async def close(self) -> None:
        """Release what the renderer holds."""


def _never_raises(
    fallback: Reply, *, unreachable: Reply | None = None
) -> Callable[[Callable[P, Awaitable[Reply]]], Callable[P, Awaitable[Reply]]]:
    """User mistakes become notices; an unreachable store becomes `unreachable` (the store has warned once
    already); anything else is logged and becomes the fallback reply."""

    def wrap(method: Callable[P, Awaitable[Reply]]) -> Callable[P, Awaitable[Reply]]:
        @functools.wraps(method)
        async def safe(*args: P.args, **kwargs: P.kwargs) -> Reply:
            try:
                return await method(*args, **kwargs)
            except UserError as exc:
                return Reply(kind="notice", text=str(exc))
            except StoreUnavailable:
                return unreachable or fallback
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
        fetch_wait: float = FETCH_WAIT,
        observer: Observer | None = None,
        model: MoodModel | None = None,
    ) -> None:
        self._live = catalogue
        self._store = store
        self._renderer = renderer
        self._remote = remote
        self._clock = clock
        self._rng = rng or random.Random()
        self._fetch_wait = fetch_wait
        self._observer = observer or Observer()
        self._previews = Previews(store)
        self._reader = EmotionReader(extra_words=catalogue.current.extra_words())
        self._reader_words = catalogue.current.extra_words()
        self._second = SecondStage(model)  # the model, loaded before the first message, where the mood matters
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
    def changes(self) -> list[str]:
        """What the latest good edit of the catalogue changed, field by field."""
        return list(self._live.changes)

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

    @property
    def observer(self) -> Observer:
        """Who is told what happens (metrics); adapters report deliveries and platform trouble to it too."""
        return self._observer

    @property
    def store_ready(self) -> bool:
        """Whether the store answered its last call (a shared store can be lost for a while)."""
        return bool(getattr(self._store, "ready", True))

    # -- auto-replies ----------------------------------------------------------------

    @_never_raises(NOTHING)
    async def on_message(self, msg: Incoming) -> Reply:
        """Decide whether and how to auto-reply to a message in a channel."""
        self._observer.message_seen()
        reply = await self._answer(msg)
        self._observer.decided(action=reply.kind, mood=reply.why.mood)
        return reply

    async def _answer(self, msg: Incoming) -> Reply:
        """The auto-reply to one message; without the store only crisis support goes out (fail closed)."""
        if msg.is_self or msg.author_is_bot or msg.is_edit:
            return replace(NOTHING, why=Why(stopped_by="a bot, an edit or the bot itself"))
        catalogue = self.catalogue
        started = time.perf_counter()
        reading = self._reader.read(msg.text)
        decision = assess(catalogue, msg, reading)
        if decision.action != "none" and decision.chance < 1 and self._rng.random() >= decision.chance:
            decision = decision.stop(f"the trigger answers only {decision.chance:.0%} of matches")
        if _mood_decides(decision):  # only now is the second stage worth its milliseconds
            reading = await self._second.read(self._reader, msg.text)
            decision = replace(assess(catalogue, msg, reading), chance=decision.chance)
        self._observer.read_time(time.perf_counter() - started)
        shown: set[str] = set()
        if decision.action != "none":
            try:  # the pool is read while the claim runs: one round trip less to a store server
                decision, shown = await asyncio.gather(self._claim_reply(msg, decision), self._shown(msg, decision))
            except StoreUnavailable:
                if decision.action != "support":  # no cooldown or opt-out can be checked: answer nothing
                    return Reply(kind="nothing", why=_why(decision.stop("the store is unreachable"), reading))
                # Someone may be in danger: the support message goes out even when nothing can be checked.
        if decision.action == "none":
            return Reply(kind="nothing", why=_why(decision, reading))
        if decision.action == "support":
            await self._store.add_counts(msg.space_id, [("action", "support")])
            in_channel = catalogue.settings.crisis_support == "channel"
            text = catalogue.model.safety.crisis_reply
            return Reply(kind="support", text=text, in_channel=in_channel, why=_why(decision, reading))
        reply = await self._auto_meme(msg, decision, reading, shown) if decision.action == "meme" else None
        if reply is None:  # a reaction was asked for, or no picture could be made
            reply = Reply(kind="reaction", emoji=catalogue.emoji_for(decision.mood), why=_why(decision, reading))
        counts: list[tuple[str, str]] = [("action", reply.kind), ("mood", decision.mood)]
        counts += [("meme", reply.picture.meme_id)] if reply.picture else []
        await self._store.add_counts(msg.space_id, counts)
        return reply

    async def _claim_reply(self, msg: Incoming, decision: Decision) -> Decision:
        """Check the channel's settings and the author's choice, then check and start the cooldowns in one
        atomic store step, so no two messages (in this process or another) both pass them."""
        state = await self._channel_state(msg)
        checked = apply_state(decision, self.catalogue, state)
        if checked.action == "none":
            return checked
        now = self._clock()
        if checked.action == "support":
            # One support message per person and channel in a while: caring, not noise.
            support = Cooldown(msg.space_id, f"support:{msg.channel_id}:{msg.user_id}", SUPPORT_COOLDOWN)
            [wait] = await self._store.start_cooldowns([support], at=now)
            return checked.stop("support was given moments ago", wait=wait) if wait > 0 else checked
        effective = self._effective(state.channel)
        channel_wait, user_wait = await self._store.start_cooldowns(
            [
                Cooldown(msg.space_id, f"channel:{msg.channel_id}", effective.channel_cooldown or 0.0),
                Cooldown(msg.user_scope or msg.space_id, f"user:{msg.user_id}", effective.user_cooldown or 0.0),
            ],
            at=now,
        )
        if channel_wait or user_wait:
            return apply_state(decision, self.catalogue, replace(state, channel_wait=channel_wait, user_wait=user_wait))
        return checked

    async def _channel_state(self, msg: Incoming) -> ChannelState:
        """The store's view of this channel and author (cooldowns are checked as they are started)."""
        channel, opted_out = await asyncio.gather(  # two reads at once: one round trip to a store server, not two
            self._store.channel_settings(msg.space_id, msg.channel_id),
            self._store.is_opted_out(msg.space_id, msg.user_id),
        )
        return ChannelState(channel=channel, opted_out=opted_out, channel_wait=0.0, user_wait=0.0)

    async def _shown(self, msg: Incoming, decision: Decision) -> set[str]:
        """What the channel's no-repeat pool for the decision's mood has shown (nothing to read for support)."""
        if decision.action != "meme":
            return set()
        return await self._store.used_memes(msg.space_id, f"{msg.channel_id}:{decision.mood}")

    async def _auto_meme(self, msg: Incoming, decision: Decision, reading: Reading, shown: set[str]) -> Reply | None:
        """Pick from the channel's no-repeat pool and render; None if no picture could be made."""
        made = await self._pick_and_render(decision.mood, shown=shown, caption="", story=Story(msg.text))
        if made is None:
            return None
        pick, picture = made
        pool = f"{msg.channel_id}:{decision.mood}"
        await self._store.mark_used(msg.space_id, pool, pick.meme.id, reset=pick.pool_spent)
        return Reply(kind="meme", picture=picture, why=_why(decision, reading, pick))

    # -- /cry previews ---------------------------------------------------------------

    @_never_raises(Reply(kind="notice", text=SORRY), unreachable=Reply(kind="notice", text=TRY_AGAIN))
    async def on_cry(self, req: CryRequest) -> Reply:
        """Open a private preview for `/cry` or "Cry about this"."""
        text = req.text.strip()
        if not text:
            reading = None
        elif req.mood is None:  # the mood picks the meme: both stages read it
            reading = await self._second.read(self._reader, text)
        else:
            reading = self._reader.read(text)  # the mood is given; the reading still guards against a crisis
        if reading is not None and reading.mood == "crisis":
            return self._crisis_reply(reading)
        mood: Mood = req.mood or (reading.mood if reading and reading.mood not in ("neutral", "crisis") else "sad")  # type: ignore[assignment]
        preview = Preview(request=req, reading=reading, mood=mood, created=self._clock())
        return await self._show(preview, preview_id=None)

    @_never_raises(Reply(kind="notice", text=SORRY), unreachable=Reply(kind="notice", text=TRY_AGAIN))
    async def on_button(self, press: ButtonPress) -> Reply:
        """Send, Shuffle or Cancel a preview."""
        preview = await self._previews.get(press.preview_id, now=self._clock())
        if preview is None:
            return Reply(kind="notice", text=EXPIRED)
        if press.user_id != preview.request.user_id:
            return Reply(kind="notice", text="Only the person who asked for this preview can use its buttons.")
        if preview.reading is not None and preview.reading.mood == "crisis":
            return self._crisis_reply(preview.reading)
        if press.action == "shuffle":
            return await self._show(preview, preview_id=press.preview_id)
        # Send and Cancel take the preview out of the store: pressed twice, through two replicas, one wins.
        taken = await self._previews.take(press.preview_id, now=self._clock())
        if taken is None:
            return Reply(kind="notice", text=EXPIRED)
        if press.action == "cancel":
            return Reply(kind="dismiss", preview_id=press.preview_id)
        return await self._send(taken, press)

    async def _show(self, preview: Preview, *, preview_id: str | None) -> Reply:
        """Render a meme not yet shown in this preview and store the preview's new state."""
        req = preview.request
        story = Story(req.text)
        made = await self._pick_and_render(
            preview.mood,
            shown=set(preview.shown),
            caption=req.text if req.caption else "",
            last=preview.current,
            story=story,
            anything=True,  # a preview shows a meme whenever the catalogue has one it may show
        )
        if made is None:  # no meme may be shown for this text at all, or those that may failed to render
            missing = pool_for(self.catalogue, preview.mood, story=story, anything=True) is None
            return Reply(kind="notice", text=NO_MEME if missing else UNAVAILABLE)
        pick, picture = made
        preview = preview.showing(pick.meme.id)
        if preview_id is None:
            preview_id = await self._previews.open(preview)
        else:
            await self._previews.update(preview_id, preview)
        why = replace(_reading_why(preview.reading, mood=preview.mood, reason=pick.reason), reply_mood=pick.mood)
        return Reply(kind="meme", picture=picture, preview_id=preview_id, why=why)

    async def _send(self, preview: Preview, press: ButtonPress) -> Reply:
        """Post the previewed meme publicly, crediting who cried."""
        req = preview.request
        meme = self.catalogue.meme(preview.current or "")
        caption = req.text if req.caption else ""
        picture = await self._picture(meme, caption) if meme is not None else None
        if picture is None:  # the catalogue changed under the preview, or the file went missing: show another
            return await self._show(preview, preview_id=press.preview_id)
        channel = press.channel_id or req.channel_id
        await self._store.mark_used(req.space_id, f"{channel}:{preview.mood}", picture.meme_id)
        await self._store.add_counts(
            req.space_id, [("action", "send"), ("mood", preview.mood), ("meme", picture.meme_id)]
        )
        why = _reading_why(preview.reading, mood=preview.mood, reason="the meme you chose in the preview")
        mood = next((m for m in PREVIEW_FALLBACKS[preview.mood] if m in meme.moods), preview.mood) if meme else None
        return Reply(kind="meme", picture=picture, on_behalf_of=req.user_id, why=replace(why, reply_mood=mood))

    def _crisis_reply(self, reading: Reading) -> Reply:
        """The support message, shown privately in place of a preview."""
        why = Why(mood="crisis", confidence=reading.confidence, cues=reading.cues, meme_reason="safety comes first")
        return Reply(kind="support", text=self.catalogue.model.safety.crisis_reply, why=why)

    # -- pictures --------------------------------------------------------------------

    async def _pick_and_render(
        self,
        mood: Mood,
        *,
        shown: set[str],
        caption: str,
        last: str | None = None,
        story: Story = NO_STORY,
        anything: bool = False,
    ) -> tuple[Pick, Picture] | None:
        """Choose and render a meme fitting the story, trying others if a picture cannot be made, within the
        answer's fetch wait."""
        catalogue = self.catalogue
        deadline = asyncio.get_running_loop().time() + self._fetch_wait
        # Hosts that failed moments ago are not asked again: their memes sit out until the failure expires.
        unusable = {m.id for m in catalogue.url_memes if self._remote.failing(m.url or "")}
        attempts = 0
        for _ in range(len(catalogue.model.memes) + RENDER_ATTEMPTS):  # each pass rules one meme out, or renders
            pick = choose_meme(catalogue, mood, rng=self._rng, shown=shown, last=last, story=story, anything=anything,
                               unusable=unusable)
            if pick is None or attempts >= RENDER_ATTEMPTS:
                return None
            wait = max(0.0, deadline - asyncio.get_running_loop().time())
            url = pick.meme.url
            if url and wait == 0 and not self._remote.ready(url):  # out of time for downloads: not an attempt
                unusable.add(pick.meme.id)
                continue
            attempts += 1
            picture = await self._picture(pick.meme, caption, wait=wait)
            if picture is not None:
                return pick, picture
            unusable.add(pick.meme.id)
        return None

    async def _picture(self, meme: Meme, caption: str, *, wait: float | None = None) -> Picture | None:
        """Render one meme for upload; None (logged) when its image is missing, unreadable or slow to arrive."""
        catalogue = self.catalogue
        try:
            source = catalogue.source(meme)
            # A file is checked as it is opened: a link swapped in since loading cannot lead out of the folder.
            within: Path | None = catalogue.base
            if source is None:
                within = None
                source = await self._remote.fetch(
                    meme.url or "", allow_private=catalogue.settings.allow_private_urls,
                    wait=self._fetch_wait if wait is None else wait,
                )
            started = time.perf_counter()
            rendered = await self._renderer.render(
                source, text=caption, style=meme.caption.style, position=meme.caption.position, within=within
            )
            self._observer.render_time(time.perf_counter() - started)
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

    @_never_raises(Reply(kind="notice", text=SORRY), unreachable=Reply(kind="notice", text=TRY_AGAIN))
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

    async def forget_channel_settings(self, *, space_id: str, channel_id: str, names: tuple[str, ...]) -> None:
        """Drop some of a channel's overrides, so the catalogue's settings apply to them again."""
        current = await self._store.channel_settings(space_id, channel_id)
        await self._store.save_channel_settings(space_id, channel_id, replace(current, **dict.fromkeys(names)))

    async def channel_settings(self, *, space_id: str, channel_id: str) -> ChannelSettings:
        """A channel's settings with the catalogue's defaults filled in (only those while the store is gone: the
        support message that still goes out then must find its place)."""
        try:
            own = await self._store.channel_settings(space_id, channel_id)
        except StoreUnavailable:
            own = ChannelSettings()
        return self._effective(own)

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

    @_never_raises(Reply(kind="notice", text=SORRY), unreachable=Reply(kind="notice", text=TRY_AGAIN))
    async def set_opt_out(self, *, space_id: str, user_id: str, opted_out: bool) -> Reply:
        """Stop or resume auto-replies to one person; /cry keeps working for them either way."""
        await self._store.set_opted_out(space_id, user_id, opted_out)
        if opted_out:
            return Reply(kind="notice", text="Done: I won't auto-reply to your messages here. /cry still works.")
        return Reply(kind="notice", text="Welcome back: I may auto-reply to your messages here again.")

    async def first_delivery(self, key: str) -> bool:
        """True the first time an event key is seen; platforms retry events and each must be answered once."""
        first = await self._store.claim(key, at=self._clock(), ttl=CLAIM_TTL)
        if not first:
            self._observer.repeated()
        return first

    async def counts(self, *, space_id: str | None = None) -> dict[str, dict[str, int]]:
        """Counters by kind (actions, moods, memes), for one space or summed over all."""
        return {kind: await self._store.counts(kind, space_id=space_id) for kind in ("action", "mood", "meme")}

    async def forget_space(self, space_id: str) -> None:
        """Delete everything kept for a workspace or guild, as when the app is uninstalled from it."""
        await self._store.forget_space(space_id)

    # -- explanation -----------------------------------------------------------------

    def explain(self, text: str) -> dict[str, Any]:
        """What an auto-reply would do with one text, judged alone (no cooldowns, history or dice)."""
        return explain(self.catalogue, self._reader.read(text), text)

    async def close(self) -> None:
        """Stop watching the catalogue; release the store and any open HTTP session, each even if another fails."""
        # The store is closed last and always: its SQLite thread is no daemon, and the core sits in a reference
        # cycle with its catalogue's listeners, so nothing else closes it before the interpreter waits for it.
        try:
            await self._live.stop()
        finally:
            try:
                self._second.close()
                await self._remote.close()
                await self._renderer.close()
            finally:
                await self._store.close()


def _mood_decides(decision: Decision) -> bool:
    """Whether the reading's mood picks what an auto-reply posts: a `mood: auto` trigger that will be answered."""
    return decision.action in ("meme", "reaction") and decision.hit is not None and decision.hit.trigger.mood == "auto"


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
        reply_mood=(pick.mood if pick else decision.mood) if decision.action != "none" else None,
    )


def _reading_why(reading: Reading | None, *, mood: Mood, reason: str) -> Why:
    """Explain a preview: the reading if there was text, else the mood asked for."""
    if reading is None:
        return Why(mood=mood, confidence=1.0, meme_reason=reason)
    return Why(mood=reading.mood, confidence=reading.confidence, cues=reading.cues, meme_reason=reason)
