"""The catalogue while the bot runs: reloaded on edit, a broken edit rejected, the last good one kept serving."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

import watchfiles

from bot.catalogue.diff import changes
from bot.catalogue.load import Catalogue, load_catalogue
from bot.errors import CatalogueError
from bot.files import write_atomic

log = logging.getLogger(__name__)

Listener = Callable[["LiveCatalogue"], None]


def describe_change(old: Catalogue, new: Catalogue) -> list[str]:
    """What an edit changed, field by field; one line saying so when it changed only comments or layout."""
    return changes(old.model, new.model) or ["no change to what the bot serves (comments or layout only)"]


def saved_copy_path(last_good: Path, catalogue: Path) -> Path:
    """Where the last good copy of one catalogue is kept: beside `last_good`, named after the catalogue's path."""
    key = hashlib.sha256(str(Path(catalogue).resolve()).encode()).hexdigest()[:16]
    return last_good.with_name(f"{last_good.stem}.{key}{last_good.suffix}")


def _loaded(path: Path) -> Catalogue:
    """Load a catalogue; a loader bug becomes a CatalogueError too, so it never takes the bot down."""
    try:
        return load_catalogue(path)
    except CatalogueError:
        raise
    except Exception:  # keep serving (or start on the saved copy), say so, and log the traceback
        log.exception("loading %s failed unexpectedly", path)
        problem = f"{path.name}: crybot could not load this file (an internal error; see the log)"
        raise CatalogueError([problem]) from None


class LiveCatalogue:
    """Holds the current good catalogue and the problems of the latest rejected edit."""

    def __init__(
        self, path: Path, catalogue: Catalogue, *, problems: list[str] | None = None, last_good: Path | None = None
    ) -> None:
        self.path = Path(path)
        self._last_good = last_good
        self.current = catalogue
        self.problems: list[str] = problems or []
        self.version = 1
        self.changes: list[str] = []  # what the latest good edit changed, field by field
        self._listeners: list[Listener] = []
        self._stop = asyncio.Event()
        self._watcher: asyncio.Task[None] | None = None

    @classmethod
    def open(cls, path: Path, *, last_good: Path | None = None) -> LiveCatalogue:
        """Load a catalogue to start with; fall back to its own saved last good copy if the file is broken.

        `last_good` names where saved copies go; each catalogue gets its own, keyed by its resolved path,
        so one data folder shared by several catalogues never serves one in place of another.
        """
        saved_copy = saved_copy_path(last_good, path) if last_good is not None else None
        try:
            live = cls(path, _loaded(path), last_good=saved_copy)
        except CatalogueError as exc:
            if saved_copy is None or not saved_copy.is_file():
                raise
            try:
                saved = load_catalogue(path, text=saved_copy.read_text(encoding="utf-8"))
            except (CatalogueError, OSError, UnicodeDecodeError):
                # The copy no longer fits (its images were removed, say); the file's own problems are what to fix.
                log.warning("the saved copy %s cannot be served either", saved_copy)
                raise exc from None
            log.error("%s is broken; serving the last good copy until it is fixed:\n%s", path, exc)
            live = cls(path, saved, problems=exc.problems, last_good=saved_copy)
        live._save()
        return live

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call a listener after every reload attempt; returns a function that unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    async def reload(self) -> bool:
        """Load the file again; keep the old catalogue and record the problems if it is broken."""
        try:
            fresh = await asyncio.to_thread(_loaded, self.path)
        except CatalogueError as exc:
            return self._reject(exc.problems)
        changed = fresh.digest != self.current.digest or self.problems
        if fresh.digest != self.current.digest:
            self.changes = describe_change(self.current, fresh)
            log.info("reloaded %s: %s", self.path.name, "; ".join(self.changes))
        self.current, self.problems = fresh, []
        if changed:
            self.version += 1
            self._save()
            self._notify()
        return True

    def _reject(self, problems: list[str]) -> bool:
        """Record a rejected edit and keep serving the last good catalogue."""
        if problems != self.problems:
            log.error(
                "rejected an edit of %s; still serving the last good catalogue:\n%s", self.path, "\n".join(problems)
            )
            self.version += 1
        self.problems = problems
        self._notify()
        return False

    def start_watching(self) -> None:
        """Reload on every edit from now on, in a background task."""
        if self._watcher is None:
            self._watcher = asyncio.create_task(self._watch(), name=f"watch {self.path.name}")

    async def stop(self) -> None:
        """Stop watching, if watching."""
        self._stop.set()
        if self._watcher is not None:
            await self._watcher
            self._watcher = None

    async def _watch(self) -> None:
        """Reload whenever the file changes; editors that replace the file are covered by watching its folder."""
        name = self.path.name
        while not self._stop.is_set():
            try:
                async for _ in watchfiles.awatch(
                    self.path.parent,
                    watch_filter=lambda _change, changed: Path(changed).name == name,
                    debounce=150,
                    step=50,
                    stop_event=self._stop,
                    recursive=False,
                ):
                    await self.reload()
            except Exception:  # the watcher must outlive a vanished folder or a full inotify table
                log.exception("watching %s failed; retrying in a second", self.path)
                try:
                    await asyncio.wait_for(self._stop.wait(), timeout=1.0)
                except TimeoutError:
                    pass

    def _notify(self) -> None:
        """Tell listeners; one failing listener must not stop the others."""
        for listener in list(self._listeners):
            try:
                listener(self)
            except Exception:
                log.exception("a catalogue listener failed")

    def _save(self) -> None:
        """Keep a copy of the good catalogue so a restart with a broken file still serves."""
        if self._last_good is None or self.problems:
            return
        try:
            write_atomic(self._last_good, self.current.text.encode("utf-8"))
        except OSError as exc:  # the previous copy is still whole: a restart on a broken file serves that one
            log.warning("could not save the last good catalogue to %s (%s)", self._last_good, exc.strerror or exc)
