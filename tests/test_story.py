"""Memes that fit the story: `words` put a meme first, `needs` keep it out, matched as triggers match."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.catalogue.load import Catalogue, load_catalogue
from bot.core import UNAVAILABLE
from bot.emotion import EmotionReader
from bot.errors import CatalogueError
from bot.explain import explain
from bot.picker import choose_meme
from bot.story import Story
from tests.factories import catalogue_data, make_cry, make_message, open_test_core, write_catalogue


def grief_memes(**extra: Any) -> list[dict[str, Any]]:
    """A candle for any loss, a paw print that needs a pet, an armchair for a person; plus a sad meme."""
    memes: list[dict[str, Any]] = [
        {"id": "grief-candle", "file": "assets/grief-candle.png", "moods": ["grief"], "alt": "a candle"},
        {"id": "grief-rain", "file": "assets/grief-rain.png", "moods": ["grief"], "alt": "rain",
         "needs": ["dog", "cat", "pet", "🐶"]},
        {"id": "sad-man", "file": "assets/sad-man.png", "moods": ["grief"], "alt": "an armchair",
         "words": ["grandpa", "grandma", "dad"]},
        {"id": "sad-cat", "file": "assets/sad-cat.png", "moods": ["sad"], "alt": "a sad cat"},
    ]
    for meme in memes:
        meme.update(extra.get(meme["id"], {}))
    return memes


@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    return load_catalogue(write_catalogue(tmp_path, memes=grief_memes()))


def picks(catalogue: Catalogue, text: str, *, times: int = 40) -> set[str]:
    """Every meme chosen for a grief message over many fresh channels."""
    rng = random.Random(3)
    chosen = set()
    for _ in range(times):
        pick = choose_meme(catalogue, "grief", rng=rng, story=Story(text))
        assert pick is not None
        chosen.add(pick.meme.id)
    return chosen


def test_a_pet_loss_picture_answers_a_pet_and_never_a_person(catalogue: Catalogue) -> None:
    assert picks(catalogue, "we had to put our DOGS down today") == {"grief-rain"}
    assert "grief-rain" not in picks(catalogue, "my grandpa passed away this morning")
    assert "grief-rain" not in picks(catalogue, "")  # /cry mood:grief with no text: nothing mentions a pet


def test_words_put_a_meme_first_and_the_why_names_the_word_as_typed(catalogue: Catalogue) -> None:
    assert picks(catalogue, "my Grandpa passed away") == {"sad-man"}
    pick = choose_meme(catalogue, "grief", rng=random.Random(1), story=Story("my ＧＲＡＮＤＰＡ passed away"))
    assert pick is not None and pick.mentions == "ＧＲＡＮＤＰＡ"
    assert "chosen: the message mentions 'ＧＲＡＮＤＰＡ'" in pick.reason
    assert "grief-rain held back: it needs words the message lacks" in pick.reason


def test_a_story_fit_gives_way_once_shown_so_shuffle_still_moves_on(catalogue: Catalogue) -> None:
    pick = choose_meme(catalogue, "grief", rng=random.Random(1), story=Story("rip my cat 🐶"), shown={"grief-rain"})
    assert pick is not None and pick.meme.id != "grief-rain"


def test_without_fitting_words_the_pick_is_by_weight_among_all_allowed(catalogue: Catalogue) -> None:
    assert picks(catalogue, "the funeral was today") == {"grief-candle", "sad-man"}


def test_words_are_never_found_in_code_quotes_or_inside_other_words(catalogue: Catalogue) -> None:
    for text in ("`dog` died", "> my dog\nsomeone died", "the hotdog stand closed", "catalogue gone"):
        assert "grief-rain" not in picks(catalogue, text), text


async def test_auto_replies_previews_and_cry_about_this_all_fit_the_story(tmp_path: Path) -> None:
    core = await open_test_core(tmp_path, memes=grief_memes())
    try:
        auto = await core.on_message(make_message("our dog passed away, crying", channel_id="a"))
        assert auto.picture is not None and auto.picture.meme_id == "grief-rain"
        assert "the message mentions 'dog'" in auto.why.meme_reason
        cry = await core.on_cry(make_cry("rest well, sweet dog", mood="grief"))
        assert cry.picture is not None and cry.picture.meme_id == "grief-rain"
        about = await core.on_cry(make_cry("my grandpa passed away", caption=False))
        assert about.picture is not None and about.picture.meme_id == "sad-man"
    finally:
        await core.close()


def test_classify_fits_the_story_too(catalogue: Catalogue) -> None:
    reader = EmotionReader()
    assert explain(catalogue, reader.read("my dog passed away, crying"), "my dog passed away, crying")["meme"] == "grief-rain"
    assert explain(catalogue, reader.read("my grandpa passed away, crying"), "my grandpa passed away, crying")["meme"] == "sad-man"


def test_check_validates_words_and_needs_like_every_other_field(tmp_path: Path) -> None:
    memes = grief_memes(
        **{"grief-candle": {"words": ["rip", " "]}, "grief-rain": {"neds": ["dog"]}, "sad-man": {"words": ["grandpa", 3]}}
    )
    text = yaml.safe_dump(catalogue_data(memes=memes), allow_unicode=True, sort_keys=False)
    path = write_catalogue(tmp_path, data=yaml.safe_load(text))
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    problems = "\n".join(caught.value.problems)
    assert "memes[1].neds: unknown field 'neds' (did you mean 'needs'?)" in problems
    assert "memes[0].words: a word in the list is empty" in problems
    assert "memes[2].words[1]: Input should be a valid string" in problems


def test_a_word_that_cannot_be_matched_is_located_by_line(tmp_path: Path) -> None:
    memes = grief_memes(**{"grief-rain": {"needs": ["dog", "\u200b"]}})
    path = write_catalogue(tmp_path, memes=memes)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    (problem,) = caught.value.problems
    line = next(i for i, text in enumerate(path.read_text().splitlines(), start=1) if "\\u200B" in text or "\u200b" in text)
    assert problem.startswith(f"memes.yaml:{line}: memes[1].needs[1]: the word")


def test_an_unquoted_yes_is_explained(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path, memes=grief_memes())
    text = path.read_text(encoding="utf-8").replace("- grandpa", "- yes", 1)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path, text=text)
    (problem,) = caught.value.problems
    assert "memes[2].words[0]" in problem and 'put it in quotes, e.g. "yes"' in problem


async def test_a_fitting_meme_whose_picture_fails_is_reported_as_unavailable_not_missing(tmp_path: Path) -> None:
    core = await open_test_core(tmp_path, memes=grief_memes()[1:2])  # the pet-loss picture alone
    try:
        (tmp_path / "assets" / "grief-rain.png").unlink()  # gone after the catalogue loaded
        reply = await core.on_cry(make_cry("rest well, sweet dog", mood="grief"))
    finally:
        await core.close()
    assert (reply.kind, reply.text) == ("notice", UNAVAILABLE)
