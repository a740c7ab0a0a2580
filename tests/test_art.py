"""The drawn art set: deterministic, every picture memes.yaml serves is what the script draws, described correctly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageChops

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "tools" / "draw_art.py"
SECTION = REPO / "assets" / "memes-section.yaml"
CATALOGUE = REPO / "memes.yaml"
MOODS = ("sad", "grief", "frustrated", "anxious", "joy")
SQUARE = (512, 512)
# A bound on a hung drawing, never a speed check: the set takes under ten seconds on two idle cores, and more
# than fifty on a machine shared at a load of 15, which is why the bound is generous and the tests' own longer.
DRAW_TIMEOUT = 300
pytestmark = pytest.mark.timeout(2 * DRAW_TIMEOUT)


def _entries() -> list[dict[str, object]]:
    """The memes listed in the generated section."""
    data = yaml.safe_load(SECTION.read_text(encoding="utf-8"))
    return list(data["memes"])


def _shipped_files() -> list[str]:
    """Every local picture the bundled memes.yaml serves, as paths relative to the repository."""
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return [str(meme["file"]) for meme in data["memes"] if meme.get("file")]


def _draw_command(out: Path, ids: list[str]) -> list[str]:
    """The drawing script as a user would run it, for some pictures."""
    return [sys.executable, str(SCRIPT), *(arg for art_id in ids for arg in ("--only", art_id)), "--out", str(out)]


def _env(hash_seed: int) -> dict[str, str]:
    """The environment with a chosen str hash seed: a drawing that leaned on set or dict order would change with it."""
    return os.environ | {"PYTHONHASHSEED": str(hash_seed)}


def _draw(tmp_path: Path, *args: str, hash_seed: int = 0) -> subprocess.CompletedProcess[str]:
    """Run the drawing script as a user would."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=DRAW_TIMEOUT,
        check=False,
        env=_env(hash_seed),
    )


def _is_gif(art_id: str) -> bool:
    """Whether the shipped picture of this id is animated."""
    return (REPO / "assets" / f"{art_id}.gif").is_file()


@pytest.fixture(scope="session")
def fresh_art(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every picture memes.yaml serves, drawn afresh once per session, in two processes to use two cores."""
    out = tmp_path_factory.mktemp("fresh-art")
    # GIFs cost several times a still; dealing them out first, then the stills, splits the work about evenly.
    ids = sorted((Path(f).stem for f in _shipped_files()), key=lambda art_id: not _is_gif(art_id))
    halves = [ids[0::2], ids[1::2]]
    workers = [
        subprocess.Popen(_draw_command(out, half), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                         env=_env(seed))
        for seed, half in enumerate(halves, start=1)
    ]
    deadline = time.monotonic() + DRAW_TIMEOUT  # one bound for both workers, well inside the test timeout
    try:
        for worker in workers:
            _, err = worker.communicate(timeout=max(1.0, deadline - time.monotonic()))
            assert worker.returncode == 0, err
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait(timeout=10)
    return out


def _frames(image: Image.Image) -> list[tuple[Image.Image, int]]:
    """Every frame of a picture as RGBA, with its duration in milliseconds (0 for a still)."""
    out: list[tuple[Image.Image, int]] = []
    for i in range(getattr(image, "n_frames", 1)):
        image.seek(i)
        out.append((image.convert("RGBA"), int(image.info.get("duration", 0))))
    return out


@pytest.mark.parametrize("art_id, name", [("crying-cat-classic", "crying-cat-classic.png"), ("kdrama-sob-shake", "kdrama-sob-shake.gif")])
def test_drawing_twice_gives_the_same_bytes(fresh_art: Path, tmp_path: Path, art_id: str, name: str) -> None:
    # Another process with another hash seed than the session's draw: nothing may depend on either.
    assert _draw(tmp_path, "--only", art_id, hash_seed=99).returncode == 0
    assert (tmp_path / name).read_bytes() == (fresh_art / name).read_bytes()
    # --only draws just that one and leaves the catalogue section alone.
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize("file", _shipped_files())
def test_committed_art_is_what_the_script_draws(fresh_art: Path, file: str) -> None:
    shipped_path = REPO / file
    fresh_path = fresh_art / shipped_path.name
    assert shipped_path.parent == REPO / "assets" and fresh_path.is_file(), f"tools/draw_art.py does not draw {file}"
    with Image.open(fresh_path) as fresh, Image.open(shipped_path) as shipped:
        assert (fresh.format, fresh.size, fresh.mode) == (shipped.format, shipped.size, shipped.mode)
        assert fresh.info.get("loop") == shipped.info.get("loop")
        fresh_frames, shipped_frames = _frames(fresh), _frames(shipped)
    assert len(fresh_frames) == len(shipped_frames), "frame count"
    assert [ms for _, ms in fresh_frames] == [ms for _, ms in shipped_frames], "frame durations"
    for i, ((mine, _), (theirs, _)) in enumerate(zip(fresh_frames, shipped_frames, strict=True)):
        # Pixels, not file bytes: a newer zlib may pack the same picture differently. The drawing is seeded, so
        # equal. (Compared raw: getbbox() on an RGBA difference looks only at alpha, and opaque frames differ by 0.)
        if mine.tobytes() != theirs.tobytes():
            pytest.fail(f"frame {i} differs in {ImageChops.difference(mine, theirs).getbbox(alpha_only=False)}")


def test_unknown_id_is_refused(tmp_path: Path) -> None:
    done = _draw(tmp_path, "--only", "no-such-meme")
    assert done.returncode == 2
    assert "no-such-meme" in done.stderr
    assert not any(tmp_path.iterdir())


def test_every_entry_points_at_a_picture_of_the_right_size() -> None:
    for entry in _entries():
        path = REPO / str(entry["file"])
        assert path.is_file(), entry["id"]
        with Image.open(path) as im:
            w, h = im.size
            assert w == 512 and 320 <= h <= 512, (entry["id"], im.size)
            assert im.format == ("GIF" if path.suffix == ".gif" else "PNG")
        assert str(entry["file"]).startswith("assets/")


def test_entries_have_the_catalogue_fields() -> None:
    for entry in _entries():
        assert set(entry) >= {"id", "file", "moods", "alt", "weight", "credit", "rating", "caption"}
        assert len(str(entry["alt"])) > 30, entry["id"]
        assert entry["rating"] == "safe"
        caption = entry["caption"]
        assert isinstance(caption, dict)
        assert caption["style"] in ("classic", "bar") and caption["position"] in ("top", "bottom")
        assert set(entry["moods"]) <= set(MOODS), entry["id"]  # type: ignore[arg-type]


def test_ids_are_unique_kebab_case_and_match_their_files() -> None:
    ids = [str(e["id"]) for e in _entries()]
    assert len(ids) == len(set(ids))
    for entry in _entries():
        art_id = str(entry["id"])
        assert art_id == art_id.lower() and " " not in art_id and "_" not in art_id
        assert Path(str(entry["file"])).stem == art_id


def test_the_set_is_big_enough_for_every_mood() -> None:
    entries = _entries()
    assert len(entries) >= 24
    per_mood = Counter(m for e in entries for m in e["moods"])  # type: ignore[attr-defined]
    for mood in MOODS:
        assert per_mood[mood] >= 3, mood
    assert sum(1 for e in entries if str(e["file"]).endswith(".gif")) >= 4


def test_grief_memes_are_never_joy_or_frustration() -> None:
    grief = [e for e in _entries() if "grief" in e["moods"]]  # type: ignore[operator]
    assert len(grief) >= 3
    for entry in grief:
        assert set(entry["moods"]) <= {"grief", "sad"}, entry["id"]  # type: ignore[arg-type]


def test_gifs_animate_and_loop_forever_within_budget() -> None:
    gifs = [REPO / str(e["file"]) for e in _entries() if str(e["file"]).endswith(".gif")]
    for path in gifs:
        with Image.open(path) as im:
            assert 8 <= im.n_frames <= 24, path.name
            assert im.info.get("loop") == 0, path.name
            assert 20 <= im.info.get("duration", 0) <= 500, path.name
            first = im.convert("RGB")
            changes = 0
            for i in range(1, im.n_frames):
                im.seek(i)
                changes += ImageChops.difference(first, im.convert("RGB")).getbbox() is not None
            assert changes >= im.n_frames // 2, f"{path.name} barely moves"
        assert path.stat().st_size < 1_500_000, path.name


def test_the_whole_set_stays_small() -> None:
    total = sum((REPO / str(e["file"])).stat().st_size for e in _entries())
    assert total < 8_000_000


def test_the_readme_and_licence_name_the_set() -> None:
    readme = (REPO / "assets" / "README.md").read_text(encoding="utf-8")
    for entry in _entries():
        assert f"`{Path(str(entry['file'])).name}`" in readme
    licence = (REPO / "assets" / "LICENSE.md").read_text(encoding="utf-8")
    assert "CC0" in licence and "tools/draw_art.py" in licence
