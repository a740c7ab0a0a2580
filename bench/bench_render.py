"""Render benchmarks: captioned renders timed against plain Pillow on the same picture in the same run, and the goals."""

from __future__ import annotations

import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.render import Renderer

RUNS = 40
ART = Path(__file__).resolve().parent.parent / "assets" / "crying-cat-classic.png"  # a 512 px picture the bot ships


def photo(size: tuple[int, int], *, grain: float = 0.3) -> Image.Image:
    """A picture with gradient, shapes and grain: drawn meme art at low grain, a camera photo at high."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(0, size[0], max(1, size[0] // 12)):
        draw.ellipse((i, i // 2, i + size[0] // 5, i // 2 + size[1] // 5), fill=(200, 90 + i % 120, 60))
    return Image.blend(image, Image.effect_noise(size, 40).convert("RGB"), grain)


def make_sources(folder: Path) -> dict[str, Path]:
    """The benchmark inputs."""
    photo((512, 512), grain=0.03).save(folder / "still.png")
    photo((512, 512)).save(folder / "grainy.png")
    photo((1080, 1080)).save(folder / "photo.jpg", quality=88)
    frames: list[Image.Image] = []
    for i in range(30):
        frame = photo((480, 480)) if i == 0 else frames[0].copy()
        ImageDraw.Draw(frame).ellipse((i * 12, 200, i * 12 + 90, 290), fill=(240, 240, 60))
        frames.append(frame)
    frames[0].save(folder / "anim.gif", save_all=True, append_images=frames[1:], duration=40, loop=0)
    return {"still": folder / "still.png", "grainy": folder / "grainy.png", "photo": folder / "photo.jpg",
            "gif": folder / "anim.gif", "art": ART}


async def timed(make: Callable[[int], Awaitable[object]], runs: int = RUNS) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per call; each call gets its own index so callers can defeat the cache."""
    wall, cpu = [], []
    for i in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        await make(i)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


async def plain_pillow(source: Path, target: Path) -> None:
    """The baseline: Pillow decodes the same picture and writes it again in its own format, every frame, no caption."""
    with Image.open(source) as image:
        frames = getattr(image, "n_frames", 1)
        image.save(target, format=image.format, save_all=frames > 1)


def p95(values: list[float]) -> float:
    """95th percentile."""
    return sorted(values)[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


async def main() -> None:
    """Run every case and print the table."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = make_sources(folder)
        renderer = Renderer(cache_dir=folder / "cache")
        await renderer.render(src["still"], text="warm up the fonts 😭 울어")
        # Memory first, while the process has not yet grown for other reasons.
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        await renderer.render(src["gif"], text="memory check")
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        two_lines = "when the build fails for the {}th time and everyone is watching"
        still = await timed(lambda i: renderer.render(src["still"], text=two_lines.format(i)))
        art = await timed(lambda i: renderer.render(src["art"], text=two_lines.format(i)))
        grainy = await timed(lambda i: renderer.render(src["grainy"], text=two_lines.format(i)))
        jpeg = await timed(lambda i: renderer.render(src["photo"], text=f"crying over photo {i}"), runs=20)
        gif = await timed(lambda i: renderer.render(src["gif"], text=f"sobbing {i}"), runs=10)
        hit = await timed(lambda i: renderer.render(src["still"], text=two_lines.format(0)), runs=200)
        base = {name: await timed(lambda i, s=src[name]: plain_pillow(s, folder / f"plain-{i}{s.suffix}"), runs=runs)
                for name, runs in (("still", RUNS), ("art", RUNS), ("grainy", RUNS), ("photo", 20), ("gif", 10))}
    rows = [
        ("512 px PNG shipped art, 2 lines", "median", art, base["art"], statistics.median, 25.0),
        ("512 px PNG shipped art, 2 lines", "p95", art, base["art"], p95, None),
        ("512 px PNG gradient art, 2 lines", "median", still, base["still"], statistics.median, 25.0),
        ("512 px PNG gradient art, 2 lines", "p95", still, base["still"], p95, None),
        ("512 px PNG grainy photo, 2 lines", "median", grainy, base["grainy"], statistics.median, 25.0),
        ("1080 px JPEG, caption", "median", jpeg, base["photo"], statistics.median, None),
        ("30-frame 480 px GIF, caption", "median", gif, base["gif"], statistics.median, 250.0),
        ("cache hit", "median", hit, base["still"], statistics.median, 1.0),
    ]
    # The baseline is plain Pillow re-encoding the same picture in this run, so the ratio holds on a busy machine;
    # CPU time (all threads) is shown too, since wall time there mostly measures the queue.
    print(f"{'case':34} {'stat':7} {'wall ms':>9} {'cpu ms':>9} {'pillow ms':>10} {'x pillow':>9} "
          f"{'goal':>6} {'vs goal':>8}")
    for case, stat, (wall, cpu), (plain, _), pick, goal in rows:
        goal_text, ratio = (f"{goal:g}", f"{pick(wall) / goal:.2f}") if goal else ("-", "-")
        print(f"{case:34} {stat:7} {pick(wall):9.3f} {pick(cpu):9.3f} {pick(plain):10.3f} "
              f"{pick(wall) / pick(plain):9.2f} {goal_text:>6} {ratio:>8}")
    print(f"peak memory, 30-frame GIF: tracemalloc {traced_peak / 2**20:.1f} MB (Python objects), "
          f"max RSS growth {rss_growth:.1f} MB (Pillow buffers included)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    asyncio.run(main())
