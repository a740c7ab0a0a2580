"""Loading memes.yaml: every problem at once, by line, with suggestions; hostile files refused in bounded time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.catalogue.load import load_catalogue
from bot.errors import CatalogueError
from tests.factories import catalogue_data, draw_image, write_catalogue

REPO = Path(__file__).resolve().parent.parent


def problems_of(path: Path) -> list[str]:
    """Load a catalogue that must fail and return its problems."""
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    return caught.value.problems


def write_text(folder: Path, text: str) -> Path:
    """Write raw catalogue text next to the factory's images."""
    write_catalogue(folder)  # images
    path = folder / "memes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_catalogue_is_valid() -> None:
    catalogue = load_catalogue(REPO / "memes.yaml")
    assert len(catalogue.model.memes) >= 12
    for mood in ("sad", "grief", "frustrated", "anxious", "joy"):
        assert len(catalogue.by_mood[mood]) >= 2, mood
    assert catalogue.model.safety.crisis_reply.strip()


def test_a_valid_catalogue_loads_with_compiled_triggers(tmp_path: Path) -> None:
    catalogue = load_catalogue(write_catalogue(tmp_path))
    assert len(catalogue.triggers) == 3
    assert {m.id for m in catalogue.by_mood["grief"]} == {"grief-candle", "grief-rain"}
    assert catalogue.meme("sad-cat") is not None


def test_every_problem_is_listed_with_its_line_and_a_suggestion(tmp_path: Path) -> None:
    data = catalogue_data()
    data["memes"][3]["moods"] = ["sadd"]
    data["memes"][1]["wieght"] = 2
    data["settings"]["min_confidence"] = 7
    data["triggers"][0]["mood"] = "frustratd"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path = write_text(tmp_path, text)
    problems = problems_of(path)
    lines = text.splitlines()
    joined = "\n".join(problems)
    assert "memes[3].moods[0]: unknown mood 'sadd' (did you mean 'sad'?)" in joined
    assert "memes[1].wieght: unknown field 'wieght' (did you mean 'weight'?)" in joined
    assert "triggers[0].mood: unknown mood 'frustratd' (did you mean 'frustrated'?)" in joined
    assert "settings.min_confidence" in joined
    assert len(problems) == 4
    for problem in problems:
        name, line, _ = problem.split(":", 2)
        assert name == "memes.yaml"
        assert 1 <= int(line) <= len(lines)
    sadd = next(p for p in problems if "sadd" in p)
    assert "sadd" in lines[int(sadd.split(":")[1]) - 1]


def test_missing_required_fields_are_named(tmp_path: Path) -> None:
    path = write_text(tmp_path, "version: 1\nmemes:\n  - id: x\n    file: assets/sad-cat.png\n    moods: [sad]\n")
    joined = "\n".join(problems_of(path))
    assert "missing required field 'alt'" in joined
    assert "missing required field 'safety'" in joined


def test_paths_cannot_leave_the_catalogue_folder(tmp_path: Path) -> None:
    folder = tmp_path / "inner"
    folder.mkdir()
    draw_image(tmp_path / "secret.png", (1, 2, 3))
    data = catalogue_data()
    data["memes"][0]["file"] = "../secret.png"
    data["memes"][1]["file"] = "/etc/passwd"
    path = write_catalogue(folder, data=data)
    problems = problems_of(path)
    assert sum("outside the catalogue's folder" in p for p in problems) == 2


def test_missing_and_unreadable_images_are_reported(tmp_path: Path) -> None:
    data = catalogue_data()
    data["memes"][0]["file"] = "assets/nowhere.png"
    data["memes"][1]["file"] = "assets/not-an-image.png"
    path = write_catalogue(tmp_path, data=data)
    (tmp_path / "assets" / "not-an-image.png").write_text("hello")
    joined = "\n".join(problems_of(path))
    assert "file not found: 'assets/nowhere.png'" in joined
    assert "'assets/not-an-image.png' is not an image" in joined


def test_duplicate_ids_and_unsafe_regexes_are_reported(tmp_path: Path) -> None:
    data = catalogue_data()
    data["memes"][2]["id"] = data["memes"][0]["id"]
    data["triggers"].append({"regex": r"(\w+)\1"})
    path = write_catalogue(tmp_path, data=data)
    joined = "\n".join(problems_of(path))
    assert "duplicate id 'sad-cat' (first used by memes[0])" in joined
    assert "triggers[3].regex: regex cannot be used" in joined


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the catalogue is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"\xff\xfe bad", "not UTF-8"),
        (b"version: 1\nmemes: [\n", "not valid YAML"),
        (b"- just\n- a list\n", "not a mapping"),
    ],
)
def test_broken_files_get_one_clear_problem(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "memes.yaml"
    path.write_bytes(content)
    problems = problems_of(path)
    assert len(problems) == 1 and expected in problems[0]
    assert problems[0].startswith("memes.yaml:")


@pytest.mark.timeout(30)
def test_a_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    path = tmp_path / "memes.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = problems_of(path)
    assert "too large once its aliases are expanded" in problems[0]


def test_a_ten_megabyte_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "memes.yaml"
    path.write_bytes(b"# padding\n" * (1 << 20))
    assert "the limit is 2 MB" in problems_of(path)[0]


def test_warnings_name_moods_without_memes(tmp_path: Path) -> None:
    data = catalogue_data()
    data["memes"] = [m for m in data["memes"] if "anxious" not in m["moods"]]
    path = write_catalogue(tmp_path, data=data)
    catalogue = load_catalogue(path)
    assert any("no meme for mood 'anxious'" in w for w in catalogue.warnings)
