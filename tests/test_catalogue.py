"""Loading memes.yaml: every problem at once, by line, with suggestions; hostile files refused in bounded time."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from bot.catalogue.load import MAX_MEMES, load_catalogue
from bot.errors import CatalogueError
from bot.text import for_matching
from bot.triggers import first_hit
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


def line_text(path: Path, problem: str) -> str:
    """The line of the file a located problem points at."""
    number = int(problem.split(":", 2)[1])
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


def test_a_trigger_of_three_hundred_words_loads_and_every_word_fires(tmp_path: Path) -> None:
    letters = "acdghijklmnopqrtuvwxz"
    words = [f"snif{a}{b}" for a in letters for b in letters][:300]
    data = catalogue_data()
    data["triggers"].append({"words": words, "mood": "sad"})
    catalogue = load_catalogue(write_catalogue(tmp_path, data=data))
    hits = [first_hit(catalogue.triggers, for_matching(f"so many {word}s today")) for word in words]
    assert [hit.index if hit else None for hit in hits] == [3] * 300
    assert [hit.matched if hit else None for hit in hits] == [f"{word}s" for word in words]
    assert first_hit(catalogue.triggers, for_matching(f"un{words[12]}")) is None  # still whole words only


def test_a_word_list_too_large_to_match_is_a_located_problem(tmp_path: Path) -> None:
    data = catalogue_data()
    many = ["".join(letters) for letters in itertools.islice(itertools.product("acdghiklmnoprtu", repeat=5), 10_000)]
    data["triggers"].append({"words": many, "mood": "sad"})
    data["triggers"].append({"words": ["fine", "abcdefghij" * 3000]})
    path = write_catalogue(tmp_path, data=data)
    problems = problems_of(path)
    assert len(problems) == 2
    too_many, too_long = problems
    assert too_many.startswith("memes.yaml:") and "triggers[3].words: 10000 words" in too_many
    assert "use fewer or shorter words" in too_many and line_text(path, too_many).strip() == "- words:"
    assert "triggers[4].words[1]: the word 'abcdefghij" in too_long and "is too long" in too_long
    assert line_text(path, too_long).strip().startswith("- abcdefghij")


def test_a_regex_too_costly_for_every_message_is_refused_by_line(tmp_path: Path) -> None:
    data = catalogue_data()
    data["triggers"].append({"regex": r"(\w\s?){1,1000}z"})
    path = write_catalogue(tmp_path, data=data)
    (problem,) = problems_of(path)
    assert problem.startswith("memes.yaml:")
    assert "triggers[3].regex: regex is too costly to run on every message" in problem
    assert "{1,1000}" in line_text(path, problem)


def test_a_long_regex_alternation_is_accepted(tmp_path: Path) -> None:
    alternatives = "|".join(f"bummer{i}" for i in range(300))
    data = catalogue_data()
    data["triggers"].append({"regex": rf"\b(?:{alternatives})\b", "mood": "sad"})
    catalogue = load_catalogue(write_catalogue(tmp_path, data=data))
    hit = first_hit(catalogue.triggers, for_matching("what a bummer299"))
    assert hit is not None and hit.index == 3 and hit.matched == "bummer299"


@pytest.mark.timeout(30)
def test_thousands_of_nested_brackets_are_a_located_problem(tmp_path: Path) -> None:
    path = write_text(tmp_path, "version: 1\nmemes: " + "[" * 5000 + "]" * 5000 + "\n")
    assert problems_of(path) == ["memes.yaml:2: nested deeper than 40 levels"]


def test_an_alias_that_contains_itself_is_refused(tmp_path: Path) -> None:
    path = write_text(tmp_path, "version: 1\nmemes: &loop [*loop]\n")
    assert problems_of(path) == ["memes.yaml:2: an alias refers to a node that contains it"]


def test_duplicate_keys_are_reported_at_the_line_of_the_second(tmp_path: Path) -> None:
    text = yaml.safe_dump(catalogue_data(), sort_keys=False, allow_unicode=True)
    text = text.replace("  autoreply: true\n", "  autoreply: true\n  reply_with: meme\n  autoreply: false\n", 1)
    text = text.replace("- id: sad-man\n", "- id: sad-man\n  alt: first\n", 1)
    path = write_text(tmp_path, text)
    problems = problems_of(path)
    assert len(problems) == 3
    autoreply = next(p for p in problems if "settings.autoreply" in p)
    assert "duplicate key 'autoreply' (first given on line 3)" in autoreply
    assert line_text(path, autoreply) == "  autoreply: false"
    alt = next(p for p in problems if ".alt:" in p)
    assert "memes[1].alt: duplicate key 'alt'" in alt and line_text(path, alt).strip().startswith("alt: sad-man")
    assert any("settings.reply_with: duplicate key" in p for p in problems)


@pytest.mark.timeout(120)
def test_a_large_catalogue_without_aliases_loads(tmp_path: Path) -> None:
    meme = {
        "file": "assets/sad-cat.png",
        "moods": ["sad", "frustrated"],
        "weight": 1,
        "credit": "original art by the crybot project",
        "rating": "safe",
        "caption": {"style": "classic", "position": "bottom"},
    }
    alt = "A white cat with big teary eyes watching the rain, picture"
    memes = [meme | {"id": f"meme-{i}", "alt": f"{alt} {i}"} for i in range(MAX_MEMES)]  # as many as allowed
    path = write_catalogue(tmp_path, data=catalogue_data(memes=memes))
    assert path.stat().st_size > 1 << 20
    catalogue = load_catalogue(path)
    assert len(catalogue.model.memes) == MAX_MEMES and catalogue.meme(f"meme-{MAX_MEMES - 1}") is not None


def test_honest_aliases_still_load(tmp_path: Path) -> None:
    text = yaml.safe_dump(catalogue_data(), sort_keys=False, allow_unicode=True)
    text = text.replace("  moods:\n  - sad\n  - frustrated\n", "  moods: &sad-moods\n  - sad\n  - frustrated\n", 1)
    text = text.replace("  moods:\n  - sad\n", "  moods: *sad-moods\n")
    path = write_text(tmp_path, text)
    catalogue = load_catalogue(path)
    assert catalogue.meme("sad-man") is not None and catalogue.meme("sad-man").moods == ("sad", "frustrated")


def test_a_folder_given_as_a_file_is_named_as_a_folder(tmp_path: Path) -> None:
    data = catalogue_data()
    data["memes"][0]["file"] = "assets"
    path = write_catalogue(tmp_path, data=data)
    (problem,) = problems_of(path)
    assert problem.endswith("memes[0].file: file 'assets' is a folder, not an image file")
    assert line_text(path, problem).strip() == "file: assets"


def test_a_costly_regex_is_reported_beside_a_typo_in_the_same_trigger(tmp_path: Path) -> None:
    data = catalogue_data()
    data["triggers"].append({"regex": r"(\w\s?){1,1000}z", "mood": "sadd"})
    problems = problems_of(write_catalogue(tmp_path, data=data))
    assert len(problems) == 2
    assert any("triggers[3].mood: unknown mood 'sadd'" in p for p in problems)
    assert any("triggers[3].regex: regex is too costly" in p for p in problems)


def test_problems_are_listed_in_line_order(tmp_path: Path) -> None:
    data = catalogue_data()
    data["triggers"].append({"regex": "(a)\\1"})
    data["memes"][0]["moods"] = ["sadd"]
    data["memes"][5]["file"] = "assets/missing.png"
    path = write_catalogue(tmp_path, data=data)
    text = path.read_text(encoding="utf-8").replace("version: 1\n", "version: 1\nversion: 1\n", 1)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path, text=text)
    lines = [int(problem.split(":")[1]) for problem in caught.value.problems]
    assert len(lines) == 4 and lines == sorted(lines), caught.value.problems
