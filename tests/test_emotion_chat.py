"""The emotion reader understands chat: crying marks, grief, tears of joy, playful crying, negation."""

from __future__ import annotations

import pytest

from bot.emotion import EmotionReader, Reading


@pytest.fixture(scope="module")
def reader() -> EmotionReader:
    return EmotionReader()


def _cues(reading: Reading) -> str:
    return " | ".join(reading.cues)


@pytest.mark.parametrize("text", ["crying in the rain", "*cries in the corner*", "i cried on the bus home",
                                  "sobbing rn 😭", "in tears on the bus home"])
def test_someone_crying_is_never_neutral(reader: EmotionReader, text: str) -> None:
    """The words may not say why, but crying is a feeling: the likeliest mood, with the reason shown."""
    reading = reader.read(text)
    assert reading.mood not in ("neutral", "joy"), reading
    assert "crying" in _cues(reading)


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("nobody came to my party 😢", "sad"),
        ("😢", "sad"),
        ("😿😿", "sad"),
        ("T_T", "sad"),
        ("i failed again ;_;", "sad"),
        ("she left me :'(", "sad"),
        ("QQ", "sad"),
        ("💔", "sad"),
        ("😂😂😂", "joy"),
        ("🤣", "joy"),
        ("🥹", "joy"),
        ("😡😡", "frustrated"),
        ("😰", "anxious"),
    ],
)
def test_crying_marks_and_emoji_only_messages(reader: EmotionReader, text: str, mood: str) -> None:
    assert reader.read(text).mood == mood


def test_sob_emoji_alone_is_never_neutral(reader: EmotionReader) -> None:
    reading = reader.read("😭😭😭")
    assert reading.mood in ("sad", "frustrated")
    assert "😭" in _cues(reading)


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("너무 슬퍼ㅠㅠ", "sad"),
        ("ㅠㅠㅠㅠ", "sad"),
        ("ㅜㅜ", "sad"),
        ("흑흑 엉엉", "sad"),
        ("진짜 짜증나", "frustrated"),
        ("시험 때문에 너무 불안해", "anxious"),
        ("너무 행복해 ㅋㅋㅋ", "joy"),
        ("ㅋㅋㅋㅋ 웃겨", "joy"),
        ("할머니가 돌아가셨어요", "grief"),
    ],
)
def test_korean_messages(reader: EmotionReader, text: str, mood: str) -> None:
    assert reader.read(text).mood == mood


def test_korean_missing_someone_is_not_mourning(reader: EmotionReader) -> None:
    """'보고 싶다' (I miss you) is said to friends every day: sad, never grief."""
    reading = reader.read("ㅠㅠ 너무 보고싶다")
    assert reading.mood == "sad", reading
    assert "I miss you" in _cues(reading)


def test_korean_crying_mark_is_named_as_a_cue(reader: EmotionReader) -> None:
    assert "ㅠㅠ" in _cues(reader.read("오늘 ㅠㅠ"))


@pytest.mark.parametrize(
    "text",
    [
        "my grandpa passed away yesterday",
        "we had to put our dog down today",
        "the funeral is on friday",
        "RIP grandma, I miss her so much",
        "I lost my mom last week",
        "rest in peace buddy 🕯️",
    ],
)
def test_loss_and_mourning_is_grief(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood == "grief"


@pytest.mark.parametrize(
    "text",
    [
        "she said yes!!! I'm crying",
        "happy tears everywhere",
        "tears of joy, we won",
        "I'm crying laughing at this",
        "laughing so hard I'm crying 😂",
        "I'm so proud of you 🥹",
    ],
)
def test_tears_of_joy_are_joy(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood == "joy"


@pytest.mark.parametrize(
    "text",
    [
        "build failed AGAIN 😭",
        "my coffee is lukewarm, literally crying",
        "the wifi is down again, crying",
        "printer jammed 😭😭",
    ],
)
def test_crying_over_something_small_is_playful_frustration(reader: EmotionReader, text: str) -> None:
    reading = reader.read(text)
    assert reading.mood == "frustrated"
    assert reading.mood != "grief"


@pytest.mark.parametrize(
    "text",
    ["my code finally compiled 😭", "i passed my exam 😭😭", "she said yes 😭", "it finally works 😭😭😭",
     "we got the job T_T", "finally merged my first PR 😭"],
)
def test_crying_over_something_that_went_right_is_relief(reader: EmotionReader, text: str) -> None:
    reading = reader.read(text)
    assert reading.mood == "joy"
    assert any("relief" in c or "said yes" in c for c in reading.cues)


@pytest.mark.parametrize("text", ["crying at how cute this puppy is 😭", "this is so wholesome i'm in tears",
                                  "the most beautiful wedding, sobbing"])
def test_crying_over_something_sweet_is_being_moved(reader: EmotionReader, text: str) -> None:
    reading = reader.read(text)
    assert reading.mood == "joy", reading
    assert "moved" in _cues(reading)


@pytest.mark.parametrize("text", ["my dog died, he was so cute 😭", "rip my sweet boy, the cutest cat ever 😭",
                                  "my dog died the day i got the job 😭"])
def test_sweetness_beside_a_death_is_still_grief(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood == "grief"


@pytest.mark.parametrize("text", ["my grandma finally passed away 😭", "i passed out in class 😭", "my code won't compile 😭"])
def test_relief_needs_real_success(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood != "joy"


def test_grief_beats_trivial_words(reader: EmotionReader) -> None:
    assert reader.read("my dad passed away, I can't even drink my coffee 😭").mood == "grief"


@pytest.mark.parametrize("text", ["the battery died", "my phone died 😭", "my laptop just died mid-call", "car is dead again"])
def test_a_device_that_died_is_not_grief(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood not in ("grief", "sad")


@pytest.mark.parametrize("text", ["my dog died", "my grandma died last night", "my dog died and my phone is broken"])
def test_a_death_beside_a_device_is_still_grief(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood == "grief"


def test_the_same_tears_read_three_ways(reader: EmotionReader) -> None:
    moods = {reader.read(t).mood for t in ("my cat died 😭", "she said yes 😭😭", "the build broke 😭")}
    assert moods == {"grief", "joy", "frustrated"}


@pytest.mark.parametrize("text", ["I am not sad at all", "i'm not upset", "not angry, just tired of waiting"])
def test_negated_sadness_is_not_sad(reader: EmotionReader, text: str) -> None:
    reading = reader.read(text)
    assert reading.mood not in ("sad", "grief")
    assert any(c.startswith("negated") for c in reading.cues)


@pytest.mark.parametrize("text", ["I am not happy about this", "honestly not okay today"])
def test_negated_happiness_leans_sad_or_frustrated(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood in ("sad", "frustrated")


@pytest.mark.parametrize(("text", "mood"), [("who pushed to main without a review 😡", "frustrated"),
                                           ("didn't sleep at all 😭 exam in an hour 😰", "anxious"),
                                           ("never thought i'd say this but 🥳🎉", "joy")])
def test_an_emoji_after_a_negation_keeps_its_mood(reader: EmotionReader, text: str, mood: str) -> None:
    # Negation reaches over the next words, not over an emoji: that closes the thought like a full stop.
    reading = reader.read(text)
    assert reading.mood == mood
    assert not any(c.startswith("negated") for c in reading.cues)


def test_a_groan_after_a_negation_is_still_a_groan(reader: EmotionReader) -> None:
    reading = reader.read("why does my code never work ugh")
    assert reading.mood == "frustrated"
    assert any("fed-up" in c for c in reading.cues)


def test_plain_sadness_is_sad(reader: EmotionReader) -> None:
    assert reader.read("I am so sad today").mood == "sad"


@pytest.mark.parametrize(
    ("text", "mood", "cue"),
    [
        ("no one showed up to my party", "sad", "loneliness"),
        ("i feel so alone lately", "sad", "loneliness"),
        ("got rejected from another job today", "sad", "rejection"),
        ("didn't get the offer", "sad", "rejection"),
        ("what if we lose the client", "anxious", "what if"),
        ("what if i mess up the demo tomorrow", "anxious", "what if"),
        ("ci is failing again", "frustrated", "again"),
        ("the vpn is down again", "frustrated", "again"),
    ],
)
def test_what_chat_says_in_so_many_words(reader: EmotionReader, text: str, mood: str, cue: str) -> None:
    """Loneliness, rejection, 'what if' worry and things broken again: plain chat the Reddit model underrates."""
    reading = reader.read(text)
    assert reading.mood == mood, reading
    assert cue in _cues(reading)


@pytest.mark.parametrize(
    ("text", "mood", "cue"),
    [
        ("our dog passed last night", "grief", "passed"),
        ("grandpa passed peacefully in his sleep", "grief", "passed"),
        ("we had to say goodbye to our old cat today", "grief", "goodbye"),
        ("feeling so numb lately", "sad", "sadness in so many words"),
        ("i'm heartbroken tbh", "sad", "sadness in so many words"),
        ("feeling really down about the move", "sad", "sadness in so many words"),
        ("got ghosted after the third date", "sad", "rejection"),
        ("i didn't make the roster this season", "sad", "rejection"),
        ("he broke up with me over text", "sad", "breakup"),
        ("what if they find out", "anxious", "what if"),
        ("my heart is racing before the call", "anxious", "nerves"),
        ("waiting on my scan results", "anxious", "nerves"),
        ("the bus is delayed again", "frustrated", "again"),
        ("restarting the router for the third time", "frustrated", "again"),
        ("been on hold for an hour with the bank", "frustrated", "again"),
        ("why does jenkins always do this", "frustrated", "again"),
        ("we're having a baby 😭😭", "joy", "good news"),
        ("she took her first steps today 😭", "joy", "good news"),
        ("my cousin is pregnant 😭😭", "joy", "good news"),
        ("at the wake for my uncle", "grief", "wake"),
        ("my cat was diagnosed with kidney failure", "sad", "illness"),
        ("felt so left out at the party", "sad", "loneliness"),
        ("everybody forgot my anniversary", "sad", "loneliness"),
        ("honestly tired of it all", "sad", "sadness in so many words"),
        ("he unfriended me after the argument", "sad", "rejection"),
        ("pretty sure i flunked the midterm", "anxious", "worry about how it went"),
        ("the doctor wants to do more scans", "anxious", "worry about how it went"),
        ("i'm so done with this printer", "frustrated", "fed up"),
        ("the vpn is painfully slow", "frustrated", "fed up"),
        ("support still hasn't replied to my ticket", "frustrated", "fed up"),
    ],
)
def test_feelings_losses_and_troubles_said_plainly(reader: EmotionReader, text: str, mood: str, cue: str) -> None:
    """A death said as 'passed', a breakup, nerves, the nth breakage, good news in tears: no emotion word needed."""
    reading = reader.read(text)
    assert reading.mood == mood, reading
    assert cue in _cues(reading)


@pytest.mark.parametrize("text", ["my brother passed his driving test", "she passed me the ball", "i'm down to help",
                                  "feeling low on battery lol", "first time for everything", "for the 1st time ever",
                                  "i'm expecting a package", "the PR passed review", "wake me up at 7",
                                  "in the wake of the outage we added alerts"])
def test_look_alikes_of_plain_feelings_are_not_read_into(reader: EmotionReader, text: str) -> None:
    reading = reader.read(text)
    assert reading.mood not in ("grief", "sad"), reading
    assert not any(c in _cues(reading) for c in ("passed", "sadness in so many", "again'", "good news")), reading


@pytest.mark.parametrize(("text", "mood"), [("can't sleep, so worried about tomorrow", "anxious"),
                                           ("not sure what happened. so scared right now", "anxious"),
                                           ("no idea why\ni'm so sad", "sad")])
def test_a_comma_or_full_stop_ends_a_negation(reader: EmotionReader, text: str, mood: str) -> None:
    """'can't' reaches over 'sleep', not over the worry in the next clause."""
    reading = reader.read(text)
    assert reading.mood == mood, reading
    assert not any(c.startswith("negated") for c in reading.cues)


@pytest.mark.parametrize("text", ["home alone tonight, pizza time", "what if we order pizza", "we got in again!",
                                  "leave me alone lol", "the bus was late, no big deal"])
def test_look_alikes_of_those_are_not_read_into(reader: EmotionReader, text: str) -> None:
    reading = reader.read(text)
    assert not any(c in _cues(reading) for c in ("loneliness", "rejection", "what if", "again'")), reading


@pytest.mark.parametrize(
    "text",
    ["3 exams tomorrow and I haven't started", "so nervous about my interview", "I'm freaking out about the deadline"],
)
def test_stress_is_anxious(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood == "anxious"


@pytest.mark.parametrize("text", ["deploy is on thursday", "the meeting moved to room 4", "ok", "see you at 5"])
def test_plain_statements_are_neutral(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood == "neutral"


@pytest.mark.parametrize(("loud", "mark"), [("I AM SO SAD", "CAPITALS"), ("i am so saaaaad", "stretched letters")])
def test_capitals_and_stretching_raise_confidence(reader: EmotionReader, loud: str, mark: str) -> None:
    calm = reader.read("i am so sad")
    reading = reader.read(loud)
    assert reading.mood == calm.mood == "sad"
    assert reading.confidence > calm.confidence
    assert f"{mark} (intensity)" in reading.cues


@pytest.mark.parametrize("text", ["RIP buddy", "QQ", "T_T", "ugh the API is down, crying", "LOL i'm crying"])
def test_shorthand_in_capitals_is_not_shouting(reader: EmotionReader, text: str) -> None:
    assert "CAPITALS (intensity)" not in reader.read(text).cues


@pytest.mark.parametrize("text", ["WHY IS THE BUILD RED 😭", "the build failed AGAIN 😭", "NOOO my coffee is cold, crying"])
def test_shouted_words_are_intensity(reader: EmotionReader, text: str) -> None:
    assert "CAPITALS (intensity)" in reader.read(text).cues


def test_stretched_words_are_still_understood(reader: EmotionReader) -> None:
    assert reader.read("I am sooooo happpyyyyy").mood == "joy"
    assert reader.read("cryyyyyyy 😢").mood == "sad"


def test_width_and_invisible_characters_fold(reader: EmotionReader) -> None:
    assert reader.read("ｉ ａｍ ｓｏ ｓａｄ").mood == "sad"
    assert reader.read("so sad\u200b\u200b today").mood == "sad"


def test_confidence_is_a_probability(reader: EmotionReader) -> None:
    for text in ("", "ok", "😭", "I AM SO ANGRY!!!!", "kms"):
        assert 0.0 <= reader.read(text).confidence <= 1.0


@pytest.mark.parametrize(("text", "mood"), [(":sob: :sob:", "sad"), (":joy: :joy:", "joy"), (":broken_heart:", "sad")])
def test_shortcodes_read_as_their_emoji(reader: EmotionReader, text: str, mood: str) -> None:
    assert reader.read(text).mood == mood
