"""Peak memory and time of ten captions: the worst picture the limits accept against a typical meme, each in its own
process (Pillow's pixels live outside Python's allocator, so peak RSS is what counts, not tracemalloc).

Each picture is captioned ten times two ways in the same run: through the Renderer, which decodes a still once and
keeps it scaled down, and by decoding the original for every caption (what crybot did before), as the baseline.
"""

from __future__ import annotations

import asyncio
import io
import json
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.picture_limits import MAX_PIXELS

CAPTIONS = 10


def solid_rgba_png(side: int) -> bytes:
    """A one-colour RGBA PNG: tens of kilobytes on disk, side x side x 4 bytes once decoded (the attack's shape)."""
    row = b"\0" + bytes((90, 120, 200, 255)) * side
    packer = zlib.compressobj(9)
    rows = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def typical_png() -> bytes:
    """A drawn 600 px meme with some grain, as a catalogue usually holds."""
    image = Image.linear_gradient("L").resize((600, 600)).convert("RGB")
    image = Image.blend(image, Image.effect_noise((600, 600), 40).convert("RGB"), 0.2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def typical_photo() -> bytes:
    """A 12 MP phone photo (4032 x 3024 JPEG)."""
    image = Image.linear_gradient("L").resize((4032, 3024)).convert("RGB")
    image = Image.blend(image, Image.effect_noise((4032, 3024), 30).convert("RGB"), 0.25)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def peak_rss_mb() -> tuple[float, float]:
    """This process's resident set now and at its peak, in MiB (Linux /proc)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def child(path: Path, way: str) -> dict[str, Any]:
    """Caption one picture ten times one way; report times and the memory it took above the starting point."""
    from bot.render import Renderer, RenderError
    from bot.render.model import CaptionStyle
    from bot.render.pipeline import render_bytes

    data = path.read_bytes()
    start_rss, _ = peak_rss_mb()
    times: list[float] = []
    renderer = Renderer(cache_dir=path.parent / f"cache-{way}-{path.stem}")
    if way == "at-once":
        try:
            asyncio.run(_at_once(renderer, path))
        except RenderError as exc:
            return {"refused": exc.message, "peak": peak_rss_mb()[1] - start_rss}
        return {"peak": peak_rss_mb()[1] - start_rss}
    for i in range(CAPTIONS):
        began = time.perf_counter()
        try:
            if way == "renderer":
                asyncio.run(renderer.render(path, text=f"caption number {i}"))
            else:
                render_bytes(data, text=f"caption number {i}", style=CaptionStyle.CLASSIC, position="bottom",
                             max_bytes=8 * 2**20, max_side=1024, frame_budget=64 * 2**20)
        except RenderError as exc:  # the refused case: report what a user would see
            return {"refused": exc.message, "peak": peak_rss_mb()[1] - start_rss}
        times.append(time.perf_counter() - began)
    return {"first": times[0], "rest": sum(times[1:]), "peak": peak_rss_mb()[1] - start_rss}


async def _at_once(renderer: Any, path: Path) -> None:
    """Ten different captions asked for at the same moment, as ten people would."""
    await asyncio.gather(*(renderer.render(path, text=f"all at once {i}") for i in range(CAPTIONS)))


def run_child(path: Path, way: str) -> dict[str, Any]:
    """One measurement in a fresh process, so no peak carries over."""
    done = subprocess.run([sys.executable, __file__, "--child", str(path), way], capture_output=True, text=True,
                          check=True, timeout=600)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    side = int(MAX_PIXELS**0.5)
    with tempfile.TemporaryDirectory() as folder:
        cases = {
            "typical meme (600x600 PNG)": typical_png(),
            "phone photo (4032x3024 JPEG)": typical_photo(),
            f"worst accepted ({side}x{side} RGBA PNG)": solid_rgba_png(side),
            "old attack (6300x6300 RGBA PNG)": solid_rgba_png(6300),
        }
        rows = []
        for index, (name, data) in enumerate(cases.items()):
            suffix = "jpg" if data.startswith(b"\xff\xd8") else "png"
            path = Path(folder) / f"case{index}.{suffix}"
            path.write_bytes(data)
            with Image.open(path) as image:
                pixels = image.width * image.height
            rows.append((name, len(data), pixels, run_child(path, "renderer"), run_child(path, "per-caption"),
                         run_child(path, "at-once")))
    base = rows[0][3]
    print("Ten captions of one picture; peak RSS above the process's start, each measured in a fresh process.\n"
          "'now': the Renderer (one decode, scaled-down still kept), one caption after another or all ten at once;\n"
          "'old way': decoding the original for every caption, the baseline.\n")
    print("| picture | file KB | MP | now: first s | now: 9 more s | now: peak MiB | x typical | "
          "now, 10 at once: peak MiB | old way: 10 captions s | old way: peak MiB | now vs old way (time) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, size, pixels, now, old, together in rows:
        if "refused" in now:
            print(f"| {name} | {size / 1024:.0f} | {pixels / 1e6:.1f} | refused: {now['refused']} | | "
                  f"{float(now['peak']):.0f} | | {float(together['peak']):.0f} | | | |")
            continue
        now_total = float(now["first"]) + float(now["rest"])
        old_total = float(old["first"]) + float(old["rest"])
        print(f"| {name} | {size / 1024:.0f} | {pixels / 1e6:.1f} | {float(now['first']):.2f} | "
              f"{float(now['rest']):.2f} | {float(now['peak']):.0f} | "
              f"{float(now['peak']) / max(1.0, float(base['peak'])):.1f}x | {float(together['peak']):.0f} | "
              f"{old_total:.2f} | {float(old['peak']):.0f} | {now_total / old_total:.2f}x |")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(child(Path(sys.argv[2]), sys.argv[3])))
    else:
        main()
