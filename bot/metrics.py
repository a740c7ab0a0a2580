"""Prometheus metrics for one crybot process: its own registry, fed as the core's, store's and adapter's Observer.

Labels are bounded sets (platform, action, mood, kind, store operation, catalogue hash): never message text,
user ids or channel ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.observe import Observer

if TYPE_CHECKING:
    from bot.catalogue.live import LiveCatalogue
    from bot.core import Core

CONTENT_TYPE: Final = CONTENT_TYPE_LATEST
# Seconds: the reader takes microseconds, a store call a fraction of a millisecond, a render up to a second.
FAST_BUCKETS: Final = (0.00001, 0.00003, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
RENDER_BUCKETS: Final = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


class Metrics(Observer):
    """Every metric crybot exports, fed as the Observer; `platform` labels what this process serves."""

    def __init__(self, *, platform: str, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.platform = platform
        r = self.registry
        self._seen = Counter("crybot_messages_seen", "Messages offered to the core as auto-reply candidates",
                             ["platform"], registry=r)
        self._decisions = Counter("crybot_decisions", "Auto-reply decisions by action taken and mood read",
                                  ["platform", "action", "mood"], registry=r)
        self._repeated = Counter("crybot_events_repeated", "Events seen again (retries, duplicates) and not answered",
                                 ["platform"], registry=r)
        self._replies = Counter("crybot_replies", "Public replies delivered or failed, by kind",
                                ["platform", "kind", "outcome"], registry=r)
        self._limited = Counter("crybot_platform_rate_limited", "Platform answers with HTTP 429", ["platform"],
                                registry=r)
        self._reconnects = Counter("crybot_platform_reconnects", "Gateway shard or Socket Mode reconnections",
                                   ["platform"], registry=r)
        self._read = Histogram("crybot_reader_seconds", "Emotion reader time per message", buckets=FAST_BUCKETS,
                               registry=r)
        self._render = Histogram("crybot_render_seconds", "Time to render one picture (cache hits included)",
                                 buckets=RENDER_BUCKETS, registry=r)
        self._store = Histogram("crybot_store_seconds", "Store call time by operation and outcome",
                                ["op", "outcome"], buckets=FAST_BUCKETS, registry=r)
        self._store_up = Gauge("crybot_store_up", "1 while the store answers, 0 while it is lost", registry=r)
        self._reloads = Counter("crybot_catalogue_reloads", "Catalogue reloads by result (accepted, rejected)",
                                ["result"], registry=r)
        self._catalogue = Info("crybot_catalogue", "The catalogue this process serves", registry=r)
        for outcome in ("accepted", "rejected"):
            self._reloads.labels(outcome)

    def watch(self, core: Core) -> None:
        """Follow a core's catalogue: its hash as an info label, and every reload's result."""
        self._catalogue.info({"hash": core.catalogue.digest})
        core.subscribe(self._reloaded)

    def _reloaded(self, live: LiveCatalogue) -> None:
        self._reloads.labels("rejected" if live.problems else "accepted").inc()
        self._catalogue.info({"hash": live.current.digest})

    def exposition(self) -> bytes:
        """Everything in Prometheus text format."""
        return generate_latest(self.registry)

    # -- what the Observer is told ----------------------------------------------------

    def message_seen(self) -> None:
        """Count a message offered to the core."""
        self._seen.labels(self.platform).inc()

    def decided(self, *, action: str, mood: str) -> None:
        """Count a decision."""
        self._decisions.labels(self.platform, action, mood).inc()

    def read_time(self, seconds: float) -> None:
        """Time the reader."""
        self._read.observe(seconds)

    def render_time(self, seconds: float) -> None:
        """Time a render."""
        self._render.observe(seconds)

    def store_call(self, op: str, seconds: float, *, ok: bool) -> None:
        """Time a store call."""
        self._store.labels(op, "ok" if ok else "unreachable").observe(seconds)

    def store_up(self, up: bool) -> None:
        """Note whether the store answers."""
        self._store_up.set(1 if up else 0)

    def repeated(self) -> None:
        """Count an event left to its first delivery."""
        self._repeated.labels(self.platform).inc()

    def delivered(self, kind: str, *, ok: bool) -> None:
        """Count a public reply put out, or failed."""
        self._replies.labels(self.platform, kind, "delivered" if ok else "failed").inc()

    def rate_limited(self) -> None:
        """Count a 429."""
        self._limited.labels(self.platform).inc()

    def reconnected(self) -> None:
        """Count a reconnection."""
        self._reconnects.labels(self.platform).inc()
