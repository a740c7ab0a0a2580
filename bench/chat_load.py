"""What the Discord and Slack load benchmarks share: the messages, percentiles, and the floor they are measured against."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Final

from bot.core import Core
from bot.events import Incoming, Reply

TEXTS: Final = (  # each hits a trigger; together they reach several moods and so several memes
    "i'm crying, nobody came to my party",
    "build failed AGAIN 😭",
    "she said yes!!! I'm crying",
    "3 exams tomorrow and I haven't started, crying",
    "crying because my coffee is lukewarm",
    "my coffee is lukewarm ㅠㅠ",
)
HEADER: Final = ("| mode | reply | answered by | sent | rate/s | median ms | p90 ms | p99 ms | max ms | lost "
                 "| cpu ms/msg | median x floor |\n|---|---|---|---|---|---|---|---|---|---|---|---|")
FLOOR_NOTE: Final = ("'floor' is the same adapter, client and fake in the same run with the core's decision replaced "
                     "by the reply it gave each text during warm-up (same pictures; no reading, store or render): "
                     "the cost of the platform path alone, so 'x floor' is what crybot's own work adds.")


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` of the sorted values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def row(*, mode: str, reply: str, floor: bool, sent: int, rate: float, latencies_ms: Sequence[float],
        cpu_ms: float, floor_median: float | None) -> str:
    """One table row; `floor_median` is the floor's median for the same mode and reply, once measured."""
    who = "floor" if floor else "crybot"
    lost = sent - len(latencies_ms)
    if not latencies_ms:
        return f"| {mode} | {reply} | {who} | {sent} | {rate:g} | - | - | - | - | {lost} | - | - |"
    median = statistics.median(latencies_ms)
    ratio = f"{median / floor_median:.2f}" if floor_median else "-"
    return (f"| {mode} | {reply} | {who} | {sent} | {rate:g} | {median:.1f} | {percentile(latencies_ms, 0.9):.1f} | "
            f"{percentile(latencies_ms, 0.99):.1f} | {max(latencies_ms):.1f} | {lost} | {cpu_ms:.1f} | {ratio} |")


class ReadyMade:
    """Record the core's replies during warm-up; later answer each text with its recorded reply, doing no work."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.decide = core.on_message
        self.replies: dict[str, Reply] = {}
        core.on_message = self._recording  # type: ignore[method-assign]  # a benchmark's probe, this instance only

    async def _recording(self, message: Incoming) -> Reply:
        """Pass the message to the real core and keep its reply for the text."""
        reply = await self.decide(message)
        self.replies[message.text] = reply
        return reply

    async def _ready(self, message: Incoming) -> Reply:
        """The recorded reply for this text: the same picture crybot sent, at no cost."""
        return self.replies[message.text]

    def serve(self, *, floor: bool) -> None:
        """From now on answer from the record (the floor), or through the real core again."""
        self.core.on_message = self._ready if floor else self.decide  # type: ignore[method-assign]
