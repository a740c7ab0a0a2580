"""What the emotion bench measures of the second stage: latency, a huge message, classify's rate, load and memory."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Final

from bot.emotion.mood_model import MoodModel
from bot.emotion.two_stage import open_model

REPO: Final = Path(__file__).resolve().parent.parent
CHAT_LENGTH: Final = 280  # characters: a chat message, as the latency goal counts one
HUGE: Final = 100_000
# A fresh process loads the model and reads messages, printing its own numbers: load time and resident memory
# are only honest in a process that has loaded nothing else.
_PROBE: Final = """
import json, resource, sys, time
def rss_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024
import bot.emotion.two_stage as two_stage
from bot.emotion import EmotionReader
reader = EmotionReader()
reader.read("warm up the first stage")
before = rss_mb()
wall, cpu = time.perf_counter(), time.process_time()
model = two_stage.open_model(threads=1)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
loaded = rss_mb()
second = two_stage.SecondStage(model)
texts = [line for line in sys.stdin.read().splitlines() if line]
for text in texts:
    second.read_many(reader, [text])
for at in range(0, len(texts), 32):  # as the bot's runner batches messages that wait
    second.read_many(reader, texts[at:at + 32])
print(json.dumps({"load_s": wall, "load_cpu_s": cpu, "rss_before": before, "rss_loaded": loaded,
                  "rss_after": rss_mb(), "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def latency_lines(texts: list[str], *, rounds: int = 3) -> list[str]:
    """Stage 2 alone on one chat-length message at a time (one intra-op thread), and on a 100 KB message."""
    model = open_model(threads=1)
    if model is None:
        return ["stage 2: the model did not load; nothing to time"]
    chat = [t for t in texts if len(t) <= CHAT_LENGTH]
    times, cpu = [], []
    for _ in range(rounds):
        for text in chat:
            started, used = time.perf_counter(), time.thread_time()
            model.read([text])
            times.append((time.perf_counter() - started) * 1e3)
            cpu.append((time.thread_time() - used) * 1e3)
    longest = max(chat, key=len)
    worst = [_timed(model, longest) for _ in range(50)]
    huge = ("ugh the build failed AGAIN and I'm literally crying 😭 my coffee is cold. " * 2000)[:HUGE]
    huge_ms = [_timed(model, huge) for _ in range(20)]
    return [
        (f"stage 2, one message at a time, 1 intra-op thread, {len(chat)} dev messages x {rounds}: "
         f"p50 {statistics.median(times):.2f} ms, p90 {_percentile(times, 0.9):.2f} ms, "
         f"p99 {_percentile(times, 0.99):.2f} ms (goal: p50 <= 5, p99 <= 15); CPU per message: "
         f"p50 {statistics.median(cpu):.2f} ms, p99 {_percentile(cpu, 0.99):.2f} ms; load average {_load()}"),
        f"stage 2 on dev's longest message ({len(longest)} characters): median {statistics.median(worst):.2f} ms",
        (f"stage 2 on a 100 KB message (cut to its first 600 and last 200 characters, then 64 word pieces): median "
         f"{statistics.median(huge_ms):.2f} ms, max {max(huge_ms):.2f} ms (goal: < 30)"),
    ]


def _load() -> str:
    """The machine's load average over the last minute: on a shared machine, wall-clock times depend on it."""
    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def _timed(model: MoodModel, text: str) -> float:
    """Milliseconds to read one text."""
    started = time.perf_counter()
    model.read([text])
    return (time.perf_counter() - started) * 1e3


def classify_rate(texts: list[str]) -> tuple[float, float, list[dict[str, Any]]]:
    """`crybot classify` on these texts, as a user runs it: lines per second end to end, seconds, and its output."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "lines.jsonl"
        source.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
        started = time.perf_counter()
        with source.open(encoding="utf-8") as stdin:
            done = subprocess.run([sys.executable, "-m", "bot.cli", "classify", "--config", "memes.yaml"],
                                  stdin=stdin, capture_output=True, text=True, cwd=REPO, check=True,
                                  env={**os.environ, "PYTHONPATH": str(REPO)})
        seconds = time.perf_counter() - started
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    return len(texts) / seconds, seconds, rows


def load_and_memory_lines(texts: list[str]) -> list[str]:
    """Model load time and resident memory it adds, measured in a fresh process."""
    done = subprocess.run([sys.executable, "-c", _PROBE], input="\n".join(texts[:1000]), capture_output=True,
                          text=True, cwd=REPO, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    probe = json.loads(done.stdout.splitlines()[-1])
    grown = probe["rss_after"] - probe["rss_before"]
    return [
        f"stage 2 load at start-up: {probe['load_s']:.2f} s wall, {probe['load_cpu_s']:.2f} s CPU (goal: <= 1.5 s)",
        (f"resident memory: {probe['rss_before']:.0f} MB with stage 1, {probe['rss_loaded']:.0f} MB with the model "
         f"loaded, {probe['rss_after']:.0f} MB after reading 1,000 messages one by one and in batches of 32: "
         f"+{grown:.0f} MB (goal: <= 150)"),
    ]
