"""Assemble a core from its parts: catalogue, store, renderer. The one place defaults are chosen."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from bot.catalogue.live import LiveCatalogue
from bot.core import Core
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
    state: Path | str | None = None,
) -> Core:
    """Open a core on a catalogue file with its state in data_dir; raises CatalogueError if nothing can be served.

    `state` puts the state elsewhere: another SQLite file, or ":memory:" for state that ends with the process.
    """
    data_dir = Path(data_dir)
    live = LiveCatalogue.open(Path(config), last_good=data_dir / "catalogue.last-good.yaml")
    store = CachedStore(await SqliteStore.open(data_dir / "crybot.sqlite3" if state is None else state))
    core = Core(
        catalogue=live,
        store=store,
        renderer=Renderer(cache_dir=data_dir / "renders"),
        remote=RemoteImages(cache_dir=data_dir / "remote"),
        rng=random.Random(seed),
        clock=clock,
    )
    if watch:
        live.start_watching()
    return core
