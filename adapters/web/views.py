"""Turn the core's replies and catalogue into the JSON the page draws."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import quote

from adapters.web.files import Shelf
from bot.catalogue.load import Catalogue
from bot.catalogue.model import Meme, Trigger
from bot.events import Picture, Reply
from bot.moods import MOODS, REACTIVE_MOODS


def reply_view(reply: Reply, *, shelf: Shelf) -> dict[str, Any]:
    """A reply as the page needs it: pictures become URLs the server will answer."""
    return {
        "kind": reply.kind,
        "text": reply.text,
        "emoji": reply.emoji,
        "preview_id": reply.preview_id,
        "on_behalf_of": reply.on_behalf_of,
        "picture": None if reply.picture is None else _picture(reply.picture, shelf=shelf),
        "why": asdict(reply.why),
    }


def _picture(picture: Picture, *, shelf: Shelf) -> dict[str, Any]:
    """A rendered picture: where the page loads it from, and its alt text."""
    return {
        "url": shelf.url_for(picture),
        "alt": picture.alt,
        "meme_id": picture.meme_id,
        "width": picture.width,
        "height": picture.height,
    }


def catalogue_view(catalogue: Catalogue, problems: list[str]) -> dict[str, Any]:
    """The catalogue view: memes, triggers and settings of the good catalogue, and the broken edit's problems."""
    model = catalogue.model
    return {
        "moods": list(MOODS),
        "problems": list(problems),
        "emoji": {mood: catalogue.emoji_for(mood) for mood in REACTIVE_MOODS},
        "memes": [_meme(catalogue, meme) for meme in model.memes],
        "triggers": [_trigger(trigger) for trigger in model.triggers],
        "settings": model.settings.model_dump(mode="json"),
        "warnings": list(catalogue.warnings),
    }


def _meme(catalogue: Catalogue, meme: Meme) -> dict[str, Any]:
    """One catalogue card."""
    return {
        "id": meme.id,
        "alt": meme.alt,
        "credit": meme.credit,
        "weight": meme.weight,
        "rating": meme.rating,
        "moods": list(meme.moods),
        "allowed": catalogue.allowed(meme),
        "url": meme.url,
        "thumbnail": _thumbnail(catalogue, meme),
        "words": list(meme.words),
        "needs": list(meme.needs),
    }


def _thumbnail(catalogue: Catalogue, meme: Meme) -> str | None:
    """The local image URL of a file meme, changing whenever the file does (so browsers refetch)."""
    source = catalogue.source(meme)
    if source is None:
        return None  # url memes: the page must not fetch from the internet
    try:
        stamp = source.stat().st_mtime_ns
    except OSError:
        return None
    return f"/memes/{quote(meme.id)}?v={catalogue.digest}-{stamp}"


def _trigger(trigger: Trigger) -> dict[str, Any]:
    """One trigger line: what it matches, the mood it names, how often it fires."""
    return {
        "words": list(trigger.words or ()),
        "regex": trigger.regex,
        "mood": trigger.mood,
        "chance": trigger.chance,
    }
