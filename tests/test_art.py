"""The drawn art set: deterministic, complete, and described correctly by memes-section.yaml."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageChops

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "tools" / "draw_art.py"
SECTION = REPO / "assets" / "memes-section.yaml"
MOODS = ("sad", "grief", "frustrated", "anxious", "joy")
SQUARE = (512, 512)


def _entries() -> list[dict[str, object]]:
    """The memes listed in the generated section."""
    data = yaml.safe_load(SECTION.read_text(encoding="utf-8"))
    return list(data["memes"])


def _draw(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the drawing script as a user would."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=50,
        check=False,
    )


@pytest.mark.parametrize("art_id, name", [("crying-cat-classic", "crying-cat-classic.png"), ("kdrama-sob-shake", "kdrama-sob-shake.gif")])
def test_drawing_twice_gives_the_same_bytes(tmp_path: Path, art_id: str, name: str) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert _draw(first, "--only", art_id).returncode == 0
    assert _draw(second, "--only", art_id).returncode == 0
    assert (first / name).read_bytes() == (second / name).read_bytes()
    # --only draws just that one and leaves the catalogue section alone.
    assert [p.name for p in first.iterdir()] == [name]


@pytest.mark.parametrize("art_id, name", [("grief-paw-glow", "grief-paw-glow.png"), ("kdrama-sob-shake", "kdrama-sob-shake.gif")])
def test_committed_art_is_what_the_script_draws(tmp_path: Path, art_id: str, name: str) -> None:
    assert _draw(tmp_path, "--only", art_id).returncode == 0
    with Image.open(tmp_path / name) as fresh, Image.open(REPO / "assets" / name) as shipped:
        assert getattr(fresh, "n_frames", 1) == getattr(shipped, "n_frames", 1)
        for i in range(getattr(fresh, "n_frames", 1)):
            fresh.seek(i)
            shipped.seek(i)
            # Pixels, not bytes: a newer zlib may pack the same picture differently.
            assert ImageChops.difference(fresh.convert("RGB"), shipped.convert("RGB")).getbbox() is None, f"frame {i}"


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
