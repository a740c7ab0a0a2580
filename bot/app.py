"""Assemble a core from its parts: catalogue, store, renderer. The one place defaults are chosen."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from bot.catalogue.live import LiveCatalogue
from bot.core import Core
from bot.emotion.mood_model import MoodModel
from bot.emotion.two_stage import open_model
from bot.remote import RemoteImages
from bot.render import Renderer
from bot.store.cached import CachedStore
from bot.store.sqlite import SqliteStore


async def open_core(
    *,
    config: Path,
    data_dir: Path,
    watch: bool = True,
    seed: int | None = None,
    clock: Callable[[], float] = time.time,
    model: MoodModel | Literal["shipped"] | None = "shipped",
    model_threads: int = 1,
) -> Core:
    """Open a core on a catalogue file with its state in data_dir; raises CatalogueError if nothing can be served.

    The emotion model is loaded here, before the first message (about a second); `model=None` reads with stage 1
    alone, and a model that cannot load is warned about once and read without.
    """
    data_dir = Path(data_dir)
    live = LiveCatalogue.open(Path(config), last_good=data_dir / "catalogue.last-good.yaml")
    store = CachedStore(await SqliteStore.open(data_dir / "crybot.sqlite3"))
    core = Core(
        catalogue=live,
        store=store,
        renderer=Renderer(cache_dir=data_dir / "renders"),
        remote=RemoteImages(cache_dir=data_dir / "remote"),
        rng=random.Random(seed),
        clock=clock,
        model=open_model(threads=model_threads) if model == "shipped" else model,
    )
    if watch:
        live.start_watching()
    return core
