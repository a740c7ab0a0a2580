"""Test factories with sensible defaults: a small catalogue with real images, messages, and a core."""

from __future__ import annotations

import copy
import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import yaml
from PIL import Image

from bot.core import Core
from bot.emotion.mood_model import MoodModel
from bot.events import CryRequest, Incoming

CRISIS_REPLY = "You matter. Please reach out: call or text 988 (US), or 116 123 (UK & Ireland)."

# id -> (moods, colour): distinct colours make it easy to tell memes apart in rendered pictures.
DEFAULT_MEMES: dict[str, tuple[list[str], tuple[int, int, int]]] = {
    "sad-cat": (["sad", "frustrated"], (70, 110, 200)),
    "sad-man": (["sad"], (40, 60, 120)),
    "grief-candle": (["grief"], (240, 200, 120)),
    "grief-rain": (["grief", "sad"], (90, 100, 110)),
    "mad-tears": (["frustrated"], (200, 60, 50)),
    "nervous-sweat": (["anxious"], (120, 200, 140)),
    "happy-tears": (["joy"], (250, 210, 60)),
    "kdrama-joy": (["joy"], (250, 140, 190)),
}

DEFAULT_TRIGGERS: list[dict[str, Any]] = [
    {"words": ["cry", "crying", "sob", "😭", "😢", "ㅠㅠ", "T_T", ";_;", ":'("], "mood": "auto"},
    {"words": ["passed away", "funeral"], "mood": "auto"},
    {"regex": r"\bmondays?\b", "mood": "frustrated", "chance": 1.0},
]


def draw_image(path: Path, colour: tuple[int, int, int], *, size: int = 96, frames: int = 1) -> Path:
    """Draw a small solid image (an animated GIF when frames > 1)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    images = [Image.new("RGB", (size, size), tuple(max(0, c - 20 * i) for c in colour)) for i in range(frames)]
    if frames > 1:
        images[0].save(path, save_all=True, append_images=images[1:], duration=80, loop=0)
    else:
        images[0].save(path)
    return path


def catalogue_data(
    *,
    settings: dict[str, Any] | None = None,
    triggers: list[dict[str, Any]] | None = None,
    memes: list[dict[str, Any]] | None = None,
    moods: dict[str, Any] | None = None,
    crisis_reply: str = CRISIS_REPLY,
) -> dict[str, Any]:
    """A catalogue as data; cooldowns default to 0 so tests do not block each other."""
    base_settings = {"autoreply": True, "reply_with": "meme", "channel_cooldown": 0, "user_cooldown": 0}
    default_memes = [
        {"id": meme_id, "file": f"assets/{meme_id}.png", "moods": mood_list, "alt": f"{meme_id} alt text", "credit": "test art"}
        for meme_id, (mood_list, _) in DEFAULT_MEMES.items()
    ]
    data: dict[str, Any] = {
        "version": 1,
        "settings": base_settings | (settings or {}),
        "triggers": copy.deepcopy(DEFAULT_TRIGGERS if triggers is None else triggers),
        "memes": default_memes if memes is None else memes,
        "safety": {"crisis_reply": crisis_reply},
    }
    if moods is not None:
        data["moods"] = moods
    return data


def write_catalogue(folder: Path, *, name: str = "memes.yaml", data: dict[str, Any] | None = None, **overrides: Any) -> Path:
    """Write memes.yaml (the default catalogue, or `data` as given) with real images into a folder."""
    for meme_id, (_, colour) in DEFAULT_MEMES.items():
        target = folder / "assets" / f"{meme_id}.png"
        if not target.exists():
            draw_image(target, colour)
    path = folder / name
    content = catalogue_data(**overrides) if data is None else data
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@functools.lru_cache(maxsize=1)
def shipped_model() -> MoodModel | None:
    """The shipped emotion model, loaded once per test session (about a second), as the bot loads it at start."""
    from bot.emotion.two_stage import open_model

    return open_model()


async def open_test_core(
    folder: Path, *, watch: bool = False, seed: int = 7, clock: Callable[[], float] | None = None,
    core_options: dict[str, Any] | None = None, redis_url: str | None = None, observer: Any = None,
    model: MoodModel | None | Literal["shipped"] = "shipped", **overrides: Any
) -> Core:
    """A core on a fresh test catalogue with its state under folder/data (or in Redis at redis_url).

    `core_options` go to open_core; the shipped model unless told otherwise.
    """
    from bot.app import open_core  # imported here so catalogue-only tests do not load the renderer

    config = write_catalogue(folder, **overrides)
    chosen = shipped_model() if model == "shipped" else model
    extra = ({"clock": clock} if clock is not None else {}) | (core_options or {})
    return await open_core(config=config, data_dir=folder / "data", watch=watch, seed=seed, redis_url=redis_url,
                           observer=observer, model=chosen, **extra)


def make_message(text: str, **fields: Any) -> Incoming:
    """A channel message with sensible defaults."""
    defaults: dict[str, Any] = {"space_id": "space-1", "channel_id": "chan-1", "user_id": "user-1", "message_id": "m-1"}
    return Incoming(text=text, **(defaults | fields))


def make_cry(text: str = "", **fields: Any) -> CryRequest:
    """A /cry request with sensible defaults."""
    defaults: dict[str, Any] = {"space_id": "space-1", "channel_id": "chan-1", "user_id": "user-1"}
    return CryRequest(text=text, **(defaults | fields))
