"""The emotion reader: linear model over word features, chat cues on top, crisis above everything."""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from itertools import chain, product, repeat
from typing import Final, NamedTuple

from bot.emotion.crisis import join_spaced
from bot.emotion.crying_alone import crying_alone
from bot.emotion.cues import Cue
from bot.emotion.features import MODEL_HEAD, MODEL_TAIL, TOKEN, ascii_tokens, pair_keys, shortcodes, word_keys
from bot.emotion.model import MODEL_MOODS, LinearModel, load_model
from bot.emotion.mood_model import Blend, ModelReading
from bot.emotion.packing import ZERO, pack, unpack
from bot.emotion.reading import Reading
from bot.emotion.table import (
    FOREIGN,
    SPACED,
    STRETCHED,
    Found,
    build_language_cues,
    build_phrases,
    build_table,
    split_extra,
)
from bot.moods import Label, Mood
from bot.text import scrub

log = logging.getLogger(__name__)

_TRIPLE: Final = re.compile(r"(\w)\1{2,}")
_CAPS_WORD: Final = re.compile(r"\b[A-Z]{3,}\b")
# A cheap first look, as most messages have no three capitals in a row; spelt out, as `re` finds it twice as fast
# as "[A-Z]{3}".
_CAPS_RUN: Final = re.compile(r"[A-Z][A-Z][A-Z]")
# Written in capitals without shouting: chat shorthand and the tech words of a dev team's channel.
_ACRONYMS: Final = frozenset(
    "RIP LOL LMAO LMFAO ROFL OMG WTF IDK TBH IRL ASAP FML SMH IMO IMHO BRB TTYL AFK KMS FYI ETA FAQ TIL AMA NSFW "
    "API URL PR CI CD JSON HTML CSS SQL AWS GPU CPU RAM USB PDF DNS VPN SSH HTTP HTTPS UTC EOD EOW PTO".split()
)
# Letters of scripts other than Latin (Greek onwards, emoji left out), and Latin letters only other languages use.
_FOREIGN_LETTER: Final = re.compile(r"[ñ¿¡ãõßäöüœłąęśźżćń\u0370-\u1fff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff66-\uff9f]")
# A message this short with no cue and a word the English table never met may be another language's ("llorando",
# "je pleure"): its cues are read. Known words alone ("thanks lol") cost nothing more.
_FEW_WORDS: Final = 3
_RAW_LOOK: Final = 2000  # intensity is judged on the start of the raw text
_NEUTRAL: Final = Reading("neutral", 1.0, ())
_CRISIS_CONFIDENCE: Final = 0.95
_MAX_CONFIDENCE: Final = 0.99  # a guess from words is never certain; 1.0 would defeat min_confidence: 1.0
_MAX_RUNS: Final = 4  # stretched runs tried both ways; more stay at two letters
_RELIEF: Final = "crying over something that went right → relief"
_TOUCHED: Final = "crying over something sweet → moved"
_PLAYFUL: Final = "crying over something small → playful frustration"
_NOT_NEUTRAL: Final = "someone crying is not neutral → the likeliest other mood"
_ALONE: Final = "crying alone → sorrow"


class EmotionReader:
    """Read the mood behind one chat message; pure, fast and never raising."""

    def __init__(self, *, extra_words: Mapping[Mood, Iterable[str]] | None = None,
                 model: LinearModel | None = None) -> None:
        """Load the shipped model (once per process) and fold in the admins' extra words."""
        self._model = model or load_model()
        words, phrases = split_extra(extra_words)
        self._words, self._pairs, self._cues = build_table(self._model, words)
        self._word_value = self._words.__getitem__  # a miss scores the word from its letters
        self._bias = pack(self._model.bias)
        self._bias_over_neutral = [b - self._model.bias[4] for b in self._model.bias[:4]]
        self._languages = build_language_cues()
        try:
            self._phrases = build_phrases(tuple(phrases))
        except Exception:  # an admin phrase the pattern engine refuses must not stop the bot
            log.exception("emotion reader: admin phrases ignored")
            self._phrases = build_phrases(())

    def read(self, text: str) -> Reading:
        """Say which mood a message shows, how sure, and why."""
        try:
            if not isinstance(text, str) or not text:
                return _NEUTRAL
            return self._read(text)
        except Exception:  # a reader bug must never take a message down with it
            log.exception("emotion reader failed on a message of %d characters", len(text))
            return _NEUTRAL

    def scores(self, text: str) -> tuple[list[float], list[Cue], list[str]]:
        """Mood logits relative to neutral (in MODEL_MOODS order), the chat cues, and any crisis cues."""
        gapped = ""
        if not text.isprintable():  # a stray control or invisible must not hide "want to die"
            gapped, text = scrub(text, gaps=True).lower(), scrub(text)
        if "’" in text:  # a phone keyboard's apostrophe; replaced first, so "don’t" stays on the ASCII path
            text = text.replace("’", "'")
        ascii_text = text.isascii()
        norm = text.lower() if ascii_text else unicodedata.normalize("NFKC", text).lower()  # NFKC makes no ’
        if ":" in norm:
            norm = shortcodes(norm)
            ascii_text = norm.isascii()
        body = norm if len(norm) <= MODEL_HEAD + MODEL_TAIL else norm[:MODEL_HEAD] + " . " + norm[-MODEL_TAIL:]
        found = self._phrases.find(norm)
        if gapped:
            found += self._crisis(gapped)
        if SPACED in found:
            found.remove(SPACED)
            found += self._crisis(join_spaced(gapped or norm))
        toks = ascii_tokens(body) if ascii_text else TOKEN.findall(body)
        if STRETCHED in found or not ascii_text and _TRIPLE.search(body) is not None:
            toks = [self._unstretch(t) if len(t) > 2 and _TRIPLE.search(t) else t for t in toks]
            found += self._phrases.find(_TRIPLE.sub(r"\1\1", norm))
        # The hot path of the bot: every distinct key's packed weights, summed in C. A word the
        # table lacks is scored by its character n-grams (memoised, it is a function of the word).
        words, twos = word_keys(toks, body), pair_keys(toks)
        total = sum(map(self._word_value, words), self._bias) + sum(map(self._pairs.get, twos, repeat(ZERO)))
        s, cued = unpack(total, len(words) + len(twos) + 1)
        hits: list[Cue] = [c for c in map(self._cues.get, chain(words, twos)) if c is not None] if cued else []
        # Another language's cues are read only where a message may be in one: a common word of it, or a letter
        # of another script or one only another language uses (ñ, ß, ł; not the é of an English "café"). An English
        # message pays nothing for them.
        if FOREIGN in hits:
            hits = [c for c in hits if c is not FOREIGN]
            found += self._languages.find(norm)
        elif not ascii_text and _FOREIGN_LETTER.search(norm) is not None or not hits and len(toks) <= _FEW_WORDS \
                and not all(map(self._model.words.__contains__, toks)):
            found += self._languages.find(norm)
        crisis: list[str] = []
        for item in found:
            if isinstance(item, str):
                crisis.append(item)
            elif item not in hits:
                b = item.boosts
                s[0] += b[0] - b[4]; s[1] += b[1] - b[4]; s[2] += b[2] - b[4]; s[3] += b[3] - b[4]
                hits.append(item)
        return s, hits, crisis

    def _crisis(self, variant: str) -> list[Found]:
        """The crisis phrases in another form of the message (invisibles spaced, letters joined); no other cues."""
        return [item for item in self._phrases.find(variant) if isinstance(item, str)]

    def _unstretch(self, tok: str) -> str:
        """Shorten letters stretched three times or more to one or two each, as the table knows the word."""
        parts = _TRIPLE.split(tok)  # text, letter, text, letter, ..., text
        letters = parts[1::2][:_MAX_RUNS]
        for counts in product((2, 1), repeat=len(letters)):
            shorter = "".join(p if i % 2 == 0 else p * counts[i // 2] if i // 2 < len(counts) else p * 2
                              for i, p in enumerate(parts))
            if shorter in self._words:
                return shorter
        return _TRIPLE.sub(r"\1\1", tok)

    def _read(self, text: str) -> Reading:
        """Score, then resolve crisis, grief, tears of joy and playful crying."""
        s, hits, crisis = self.scores(text)
        if crisis:
            return _crisis_reading(crisis)
        return _conclude(text, s, hits, [])

    def first_stage(self, text: str) -> Reading | FirstStage:
        """Stage 1 of a two-stage reading: the final Reading (crisis, nothing to read), or what a model may join."""
        try:
            if not isinstance(text, str) or not text:
                return _NEUTRAL
            s, hits, crisis = self.scores(text)
            if crisis:
                return _crisis_reading(crisis)
            return FirstStage(text, s, hits)
        except Exception:  # a reader bug must never take a message down with it
            log.exception("emotion reader failed on a message of %d characters", len(text))
            return _NEUTRAL

    def conclude(self, first: FirstStage, model: ModelReading | None = None, blend: Blend | None = None) -> Reading:
        """The reading from stage 1 alone, or joined with the model's scores as the blend weighs them."""
        if model is None or blend is None:
            return _conclude(first.text, first.scores, first.hits, [])
        s, m = first.scores, model.scores
        if has_chat_cue(first):  # stage 1's cues were written for chat, which the model never read
            joined = [s[0] + blend.cued * m[0], s[1] + blend.cued * m[1], s[2] + blend.cued * m[2],
                      s[3] + blend.cued * m[3], 0.0]
        else:
            a, b, t = blend.model, blend.table, self.blend_parts(first)[0]
            joined = [a * m[k] + b * t[k] + blend.bias[k] for k in range(4)] + [0.0]
        return _conclude(first.text, joined, first.hits, [f"model: {model.mood} {model.probability:.2f}"])

    def blend_parts(self, first: FirstStage) -> tuple[list[float], list[float]]:
        """Stage 1's scores split for the blend: the table's words alone (no bias, no cues), and the cues' boosts."""
        cue = [0.0, 0.0, 0.0, 0.0]
        for hit in first.hits:
            b = hit.boosts
            cue[0] += b[0] - b[4]; cue[1] += b[1] - b[4]; cue[2] += b[2] - b[4]; cue[3] += b[3] - b[4]
        s, bias = first.scores, self._bias_over_neutral
        return [s[0] - cue[0] - bias[0], s[1] - cue[1] - bias[1], s[2] - cue[2] - bias[2], s[3] - cue[3] - bias[3]], cue


def has_chat_cue(first: FirstStage) -> bool:
    """Whether a chat cue that pushes a mood fired (not only intensity, or a word that says crying was trivial)."""
    return any(any(hit.boosts) for hit in first.hits)


class FirstStage(NamedTuple):
    """Stage 1's scores of a message that is not a crisis: logits over neutral (cues in), and the cues found."""

    text: str
    scores: list[float]
    hits: list[Cue]


def _crisis_reading(crisis: list[str]) -> Reading:
    """Crisis above everything, with the phrases that signalled it."""
    return Reading("crisis", _CRISIS_CONFIDENCE, tuple(dict.fromkeys(crisis)))


def _conclude(text: str, s: list[float], hits: list[Cue], notes: list[str]) -> Reading:
    """The mood of the top score, resolved by the chat cues, with its confidence and reasons."""
    top = max(s)
    best = s.index(top)
    exp = math.exp  # the differences are <= 0, so none can overflow
    confidence = 1.0 / (exp(s[0] - top) + exp(s[1] - top) + exp(s[2] - top) + exp(s[3] - top) + exp(s[4] - top))
    mood: Label = MODEL_MOODS[best]
    cues = notes
    if hits:
        mood, confidence = _resolve(mood, confidence, hits, cues, s, text)
    if mood != "neutral":
        confidence = min(1.0, confidence + 0.05 * _intensity(text, STRETCHED in hits, cues))
    # Three decimals, halves up: int() of a non-negative float costs a quarter of round(x, 3).
    return Reading(mood, int(min(confidence, _MAX_CONFIDENCE) * 1000 + 0.5) / 1000, tuple(cues))


def _resolve(mood: Label, confidence: float, hits: list[Cue], cues: list[str], s: list[float],
             text: str) -> tuple[Label, float]:
    """Let chat cues overrule the model: crying alone, tears of joy or relief, grief, something small, any crying."""
    cues.extend(dict.fromkeys(c.text for c in hits if c is not STRETCHED))
    grief = sum(c.grief for c in hits)
    crying, trivial = any(c.crying for c in hits), any(c.trivial for c in hits)
    # Crying with nothing else to read is sorrow: joy needs evidence of its own (happy tears, good news, laughter).
    if crying and mood not in ("sad", "grief") and crying_alone(text):
        cues.append(_ALONE)
        return "sad", 1.0 / sum(math.exp(x - s[0]) for x in s[:4])  # sad's share of the four moods
    if any(c.joy_tears for c in hits):
        return "joy", confidence
    # Tears over good news or something sweet are joy only where no sign of a death is: "my dog died and
    # I got the job 😭" or "he was so cute 😭" must never be answered with a laughing meme.
    if grief <= 0.0 and crying:
        why = _RELIEF if any(c.success for c in hits) else _TOUCHED if any(c.touching for c in hits) else ""
        if why:
            cues.append(why)
            return "joy", max(confidence, 0.6)
    # A weaker sign of a death ('rip', 'died') decides when the words are sad, or when someone cries over it
    # unless over something small ("rip my phone 😭").
    if grief >= 2.0 or grief >= 1.0 and (mood in ("sad", "neutral") or crying and not trivial):
        return "grief", max(confidence, min(0.95, 0.5 + 0.15 * grief))
    if mood != "joy" and crying and trivial:
        cues.append(_PLAYFUL)
        return "frustrated", confidence
    if mood == "neutral" and crying:
        cues.append(_NOT_NEUTRAL)
        best = max(range(4), key=s.__getitem__)
        return MODEL_MOODS[best], 1.0 / sum(math.exp(x - s[best]) for x in s)  # its share, as for the top mood
    return mood, confidence


def _shouting(head: str) -> bool:
    """Whether the text is in capitals, or has a word of three capitals or more that is not shorthand."""
    words = _CAPS_WORD.findall(head)
    return head.isupper() and sum(map(len, words)) >= 4 or any(word not in _ACRONYMS for word in words)


def _intensity(raw: str, stretched: bool, cues: list[str]) -> int:
    """Count intensity marks in the raw text (capitals, '!!', stretched letters) and name them."""
    head = raw[:_RAW_LOOK]
    level = 0
    if not head.islower() and _CAPS_RUN.search(head) and _shouting(head):
        level += 1
        cues.append("CAPITALS (intensity)")
    if "!!" in head:
        level += 1
        cues.append("'!!' (intensity)")
    if stretched:
        level += 1
        cues.append(STRETCHED.text)
    return level
