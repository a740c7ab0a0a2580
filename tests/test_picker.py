"""Picking memes: weighted, rating-filtered, gentle fallbacks, no repeats until the pool is spent."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from bot.catalogue.load import load_catalogue
from bot.picker import choose_meme
from tests.factories import catalogue_data, write_catalogue


def test_weights_shape_the_choice(tmp_path: Path) -> None:
    data = catalogue_data()
    for meme in data["memes"]:
        if meme["id"] == "happy-tears":
            meme["weight"] = 9
    path = write_catalogue(tmp_path, data=data)
    catalogue = load_catalogue(path)
    rng = random.Random(1)
    picks = Counter(choose_meme(catalogue, "joy", rng=rng).meme.id for _ in range(2000))  # type: ignore[union-attr]
    assert 0.85 < picks["happy-tears"] / 2000 < 0.95


def test_no_repeat_until_the_pool_is_spent(tmp_path: Path) -> None:
    catalogue = load_catalogue(write_catalogue(tmp_path))
    rng = random.Random(3)
    shown: list[str] = []
    for _ in range(3):  # sad pool: sad-cat, sad-man, grief-rain
        pick = choose_meme(catalogue, "sad", rng=rng, shown=shown)
        assert pick is not None and not pick.pool_spent
        shown.append(pick.meme.id)
    assert len(set(shown)) == 3
    again = choose_meme(catalogue, "sad", rng=rng, shown=shown, last=shown[-1])
    assert again is not None and again.pool_spent and again.meme.id != shown[-1]


def test_grief_falls_back_to_sad_never_to_joy(tmp_path: Path) -> None:
    data = catalogue_data()
    data["memes"] = [m for m in data["memes"] if "grief" not in m["moods"]]
    path = write_catalogue(tmp_path, data=data)
    catalogue = load_catalogue(path)
    for seed in range(50):
        pick = choose_meme(catalogue, "grief", rng=random.Random(seed))
        assert pick is not None and pick.mood == "sad" and "sad" in pick.meme.moods
        assert "borrowed from 'sad'" in pick.reason


def test_grief_with_no_sad_memes_either_gets_nothing(tmp_path: Path) -> None:
    data = catalogue_data()
    data["memes"] = [m for m in data["memes"] if not {"grief", "sad"} & set(m["moods"])]
    path = write_catalogue(tmp_path, data=data)
    assert choose_meme(load_catalogue(path), "grief", rng=random.Random(0)) is None


def test_rating_filter_keeps_spicy_memes_out(tmp_path: Path) -> None:
    data = catalogue_data(settings={"max_rating": "safe"})
    for meme in data["memes"]:
        if meme["id"] == "kdrama-joy":
            meme["rating"] = "spicy"
    path = write_catalogue(tmp_path, data=data)
    catalogue = load_catalogue(path)
    picks = {choose_meme(catalogue, "joy", rng=random.Random(s)).meme.id for s in range(100)}  # type: ignore[union-attr]
    assert picks == {"happy-tears"}
