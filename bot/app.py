"""Assemble a core from its parts: catalogue, store, renderer. The one place defaults are chosen."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from bot.catalogue.live import LiveCatalogue
from bot.core import FETCH_WAIT, Core
from bot.remote.images import RemoteImages
from bot.render import Renderer
from bot.render.disk import DISK_BUDGET
from bot.store.cached import CachedStore
from bot.store.sqlite import SqliteStore


async def open_core(
    *,
    config: Path,
    data_dir: Path,
    watch: bool = True,
    seed: int | None = None,
    clock: Callable[[], float] = time.time,
    render_cache_bytes: int = DISK_BUDGET,
    remote: RemoteImages | None = None,
    fetch_wait: float = FETCH_WAIT,
) -> Core:
    """Open a core on a catalogue file with its state in data_dir; raises CatalogueError if nothing can be served.

    `render_cache_bytes` bounds the rendered pictures kept on disk; `remote` replaces the url fetcher (tests
    give one with a stand-in resolver), and `fetch_wait` is how long one answer may wait on url downloads.
    """
    data_dir = Path(data_dir)
    live = LiveCatalogue.open(Path(config), last_good=data_dir / "catalogue.last-good.yaml")
    store = CachedStore(await SqliteStore.open(data_dir / "crybot.sqlite3"))
    core = Core(
        catalogue=live,
        store=store,
        renderer=Renderer(cache_dir=data_dir / "renders", disk_budget=render_cache_bytes),
        remote=remote or RemoteImages(cache_dir=data_dir / "remote"),
        rng=random.Random(seed),
        clock=clock,
        fetch_wait=fetch_wait,
    )
    if watch:
        live.start_watching()
    return core
