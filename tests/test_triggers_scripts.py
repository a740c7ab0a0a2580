"""Trigger words across scripts: whole words where a script puts spaces between words, substrings where it does not."""

from __future__ import annotations

import pytest

from bot.catalogue.model import Trigger
from bot.text import for_matching
from bot.triggers import compile_triggers, first_hit

WORDS = compile_triggers((Trigger(words=("llorando", "je pleure", "плачу", "płaczę", "泣", "哭", "呜呜", "wifi",
                                         "ร้องไห้", "(´；ω；｀)", "T^T")),))


def matched(text: str) -> str | None:
    hit = first_hit(WORDS, for_matching(text))
    return hit.matched if hit else None


@pytest.mark.parametrize(("text", "word"), [
    ("estoy llorando", "llorando"), ("JE PLEURE", "je pleure"), ("я плачу весь день", "плачу"),
    ("płaczę!!", "płaczę"), ("プリンターまた壊れた泣", "泣"), ("哭了一整天", "哭"), ("呜呜呜呜", "呜呜"),
    ("wifi又断了", "wifi"), ("วันนี้ฉันร้องไห้", "ร้องไห้"), ("誰も来なかった(´；ω；｀)", "( \u0301;ω;`)"), ("(T^T)", "t^t"),
])
def test_words_match_in_every_script(text: str, word: str) -> None:
    assert matched(text) == word


@pytest.mark.parametrize("text", ["я заплачу за кофе", "przepłaczę", "swifi", "deslllorando"])
def test_words_of_spaced_scripts_do_not_match_inside_other_words(text: str) -> None:
    """'заплачу' is 'I will pay': a whole-word language's word never matches inside another word."""
    assert matched(text) is None
