"""Assemble a core from its parts: catalogue, store, renderer. The one place defaults are chosen."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from bot.catalogue.live import LiveCatalogue
from bot.core import FETCH_WAIT, Core
from bot.emotion.mood_model import MoodModel
from bot.emotion.two_stage import open_model
from bot.observe import Observer
from bot.remote.images import RemoteImages
from bot.render import Renderer
from bot.render.disk import DISK_BUDGET
from bot.store.base import Store
from bot.store.cached import CachedStore
from bot.store.redis import DEFAULT_PREFIX, RedisStore
from bot.store.sqlite import SqliteStore
from bot.store.watched import WatchedStore


async def open_store(
    *, data_dir: Path, redis_url: str | None = None, redis_prefix: str = DEFAULT_PREFIX,
    observer: Observer | None = None, sqlite_path: Path | str | None = None,
) -> CachedStore:
    """Redis when a URL is given (shared by every replica), else SQLite in data_dir (or at sqlite_path); watched
    and cached."""
    inner: Store = (
        await RedisStore.open(redis_url, prefix=redis_prefix) if redis_url
        else await SqliteStore.open(Path(data_dir) / "crybot.sqlite3" if sqlite_path is None else sqlite_path)
    )
    return CachedStore(WatchedStore(inner, observer=observer))


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
    redis_url: str | None = None,
    redis_prefix: str = DEFAULT_PREFIX,
    observer: Observer | None = None,
    state: Path | str | None = None,
    model: MoodModel | Literal["shipped"] | None = "shipped",
    model_threads: int = 1,
) -> Core:
    """Open a core on a catalogue file with its state in data_dir (or Redis); raises CatalogueError if nothing
    can be served, StartupError if Redis cannot be reached.

    `render_cache_bytes` bounds the rendered pictures kept on disk; `remote` replaces the url fetcher (tests
    give one with a stand-in resolver), and `fetch_wait` is how long one answer may wait on url downloads.
    `state` puts SQLite state elsewhere: another file, or ":memory:" for state that ends with the process.
    The emotion model is loaded here, before the first message (about a second); `model=None` reads with stage 1
    alone, and a model that cannot load is warned about once and read without.
    """
    data_dir = Path(data_dir)
    live = LiveCatalogue.open(Path(config), last_good=data_dir / "catalogue.last-good.yaml")
    store = await open_store(data_dir=data_dir, redis_url=redis_url, redis_prefix=redis_prefix, observer=observer,
                             sqlite_path=state)
    core = Core(
        catalogue=live,
        store=store,
        renderer=Renderer(cache_dir=data_dir / "renders", disk_budget=render_cache_bytes),
        remote=remote or RemoteImages(cache_dir=data_dir / "remote"),
        rng=random.Random(seed),
        clock=clock,
        fetch_wait=fetch_wait,
        observer=observer,
        model=open_model(threads=model_threads) if model == "shipped" else model,
    )
    if watch:
        live.start_watching()
    return core
