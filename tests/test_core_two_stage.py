"""Where the core asks the second stage, and that a busy model never holds up another message's answer."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from bot.events import Reply
from tests.emotion_fakes import ScriptedModel, says
from tests.factories import DEFAULT_MEMES, make_cry, make_message, open_test_core

SAD_MEMES = {meme for meme, (moods, _) in DEFAULT_MEMES.items() if "sad" in moods}
FRUSTRATED_MEMES = {meme for meme, (moods, _) in DEFAULT_MEMES.items() if "frustrated" in moods}


async def test_only_messages_whose_mood_picks_the_meme_reach_the_model(tmp_path: Path) -> None:
    model = ScriptedModel(says("joy", 0.9))
    core = await open_test_core(tmp_path, model=model)
    try:
        assert (await core.on_message(make_message("deploy is on thursday"))).kind == "nothing"  # no trigger
        assert (await core.on_message(make_message("ugh mondays", channel_id="c2"))).kind == "meme"  # mood named
        assert (await core.on_message(make_message("I want to end it all, crying", channel_id="c3"))).kind == "support"
        given = await core.on_cry(make_cry("my cat knocked my coffee over", mood="frustrated"))
        assert given.picture is not None and given.picture.meme_id in FRUSTRATED_MEMES
        assert model.batches == []
        reply = await core.on_message(make_message("watching the rain and crying", channel_id="c4"))
        assert model.batches == [["watching the rain and crying"]]
        assert reply.why.cues[0] == "model: joy 0.90"
        preview = await core.on_cry(make_cry("that went about as well as expected"))
        assert model.batches[-1] == ["that went about as well as expected"] and preview.why.mood == "joy"
    finally:
        await core.close()


async def test_a_slow_model_does_not_delay_another_messages_answer(tmp_path: Path) -> None:
    model = ScriptedModel(says("sad", 0.9))
    model.release = threading.Event()
    core = await open_test_core(tmp_path, model=model)
    try:
        slow: asyncio.Future[Reply] = asyncio.ensure_future(core.on_message(make_message("crying about it all",
                                                                                         message_id="a")))
        assert await asyncio.to_thread(model.entered.wait, 30)  # the model is now busy, off the loop
        others = [make_message("deploy is on thursday", channel_id="c2", message_id="b"),
                  make_message("ugh mondays", channel_id="c3", message_id="c"),
                  make_message("I want to kill myself", channel_id="c4", message_id="d")]
        answers = [await asyncio.wait_for(core.on_message(msg), timeout=60) for msg in others]
        assert [a.kind for a in answers] == ["nothing", "meme", "support"]
        assert not slow.done()  # still waiting for the model, and nobody else waited with it
        model.release.set()
        reply = await asyncio.wait_for(slow, timeout=60)
        assert reply.kind == "meme" and reply.why.mood == "sad" and reply.why.cues[0] == "model: sad 0.90"
    finally:
        model.release.set()
        await core.close()


async def test_cry_with_a_bare_crying_word_previews_a_sad_meme(tmp_path: Path) -> None:
    core = await open_test_core(tmp_path)  # the shipped model
    try:
        for word in ("sob", "sobbing", "bawling", "😭"):
            reply = await core.on_cry(make_cry(word))
            assert reply.why.mood == "sad", (word, reply.why)
            assert reply.picture is not None and reply.picture.meme_id in SAD_MEMES
    finally:
        await core.close()
