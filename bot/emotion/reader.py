"""The emotion reader: linear model over word features, chat cues on top, crisis above everything."""

from __future__ import annotations

import itertools
import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Final

from bot.emotion.cues import Cue
from bot.emotion.features import INVISIBLE, MODEL_HEAD, MODEL_TAIL, NEGATION_REACH, NEGATORS, SCOPE_ENDS, TOKEN
from bot.emotion.model import MODEL_MOODS, LinearModel, load_model
from bot.emotion.reading import Reading
from bot.emotion.table import NEGATION, build_phrases, build_table, pack, split_extra
from bot.moods import Mood

log = logging.getLogger(__name__)

_TRIPLE: Final = re.compile(r"(\w)\1{2,}")
_CAPS_WORD: Final = re.compile(r"\b[A-Z]{3,}\b")
_RAW_LOOK: Final = 2000  # intensity is judged on the start of the raw text
_NEUTRAL: Final = Reading("neutral", 1.0, ())
_CRISIS_CONFIDENCE: Final = 0.95
_MAX_RUNS: Final = 4  # stretched runs tried both ways; more stay at two letters
_PLAYFUL: Final = "crying over something small → playful frustration"


class EmotionReader:
    """Read the mood behind one chat message; pure, fast and never raising."""

    def __init__(self, *, extra_words: Mapping[Mood, Iterable[str]] | None = None,
                 model: LinearModel | None = None) -> None:
        """Load the shipped model (once per process) and fold in the admins' extra words."""
        self._model = model or load_model()
        words, phrases = split_extra(extra_words)
        self._table = build_table(self._model, words)
        self._bias = pack(self._model.bias)
        self._phrases = build_phrases(phrases)

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
        norm = text.lower() if text.isascii() else unicodedata.normalize("NFKC", text).translate(INVISIBLE).lower()
        if "’" in norm:
            norm = norm.replace("’", "'")
        body = norm if len(norm) <= MODEL_HEAD + MODEL_TAIL else norm[:MODEL_HEAD] + " . " + norm[-MODEL_TAIL:]
        get = self._table.get
        sf, aj = self._bias
        hits: list[Cue] = []
        prev = "<s>"
        reach = 0
        stretched = False
        for tok in TOKEN.findall(body):
            v = get(tok)
            if v is None and len(tok) > 2 and _TRIPLE.search(tok) is not None:
                tok, stretched = self._unstretch(tok), True
                v = get(tok)
            if reach:
                reach -= 1
                v = get("neg:" + tok)
                if tok in NEGATORS:
                    reach = NEGATION_REACH
                elif tok in SCOPE_ENDS:
                    reach = 0
            if v is not None:
                sf += v[0]
                aj += v[1]
                if v[2] is not None:
                    if v[2] is NEGATION:
                        reach = NEGATION_REACH
                    else:
                        hits.append(v[2])
            v = get(f"{prev} {tok}")
            if v is not None:
                sf += v[0]
                aj += v[1]
                if v[2] is not None:
                    hits.append(v[2])
            prev = tok
        s = [sf.real, sf.imag, aj.real, aj.imag, 0.0]
        crisis: list[str] = []
        found = self._phrases.find(norm)
        if stretched:
            found += self._phrases.find(_TRIPLE.sub(r"\1\1", norm))
            hits.append(_STRETCHED)
        for item in found:
            if isinstance(item, str):
                crisis.append(item)
            elif item not in hits:
                b = item.boosts
                s[0] += b[0] - b[4]; s[1] += b[1] - b[4]; s[2] += b[2] - b[4]; s[3] += b[3] - b[4]  # noqa: E702
                hits.append(item)
        return s, hits, crisis

    def _unstretch(self, tok: str) -> str:
        """Shorten letters stretched three times or more to one or two each, as the table knows the word."""
        parts = _TRIPLE.split(tok)  # text, letter, text, letter, ..., text
        letters = parts[1::2][:_MAX_RUNS]
        for counts in itertools.product((2, 1), repeat=len(letters)):
            shorter = "".join(p if i % 2 == 0 else p * counts[i // 2] if i // 2 < len(counts) else p * 2
                              for i, p in enumerate(parts))
            if shorter in self._table:
                return shorter
        return _TRIPLE.sub(r"\1\1", tok)

    def _read(self, text: str) -> Reading:
        """Score, then resolve crisis, grief, tears of joy and playful crying."""
        s, hits, crisis = self.scores(text)
        if crisis:
            return Reading("crisis", _CRISIS_CONFIDENCE, tuple(dict.fromkeys(crisis)))
        best = 4
        top = 0.0
        for k in range(4):
            if s[k] > top:
                best, top = k, s[k]
        confidence = 1.0 / (math.exp(max(s[0] - top, -30.0)) + math.exp(max(s[1] - top, -30.0))
                            + math.exp(max(s[2] - top, -30.0)) + math.exp(max(s[3] - top, -30.0))
                            + math.exp(max(-top, -30.0)))
        mood = MODEL_MOODS[best]
        cues = list(dict.fromkeys(c.text for c in hits if c is not _STRETCHED))
        if hits:
            grief = sum(c.grief for c in hits)
            if any(c.joy_tears for c in hits):
                mood = "joy"
            elif grief >= 2.0 or grief >= 1.0 and mood in ("sad", "neutral"):
                mood, confidence = "grief", max(confidence, min(0.95, 0.5 + 0.15 * grief))
            elif mood != "joy" and any(c.crying for c in hits) and any(c.trivial for c in hits):
                mood = "frustrated"
                cues.append(_PLAYFUL)
        if mood != "neutral":
            confidence = min(1.0, confidence + 0.05 * _intensity(text, _STRETCHED in hits, cues))
        return Reading(mood, round(confidence, 3), tuple(cues))


_STRETCHED: Final = Cue("stretched letters (intensity)")


def _intensity(raw: str, stretched: bool, cues: list[str]) -> int:
    """Count intensity marks in the raw text (capitals, '!!', stretched letters) and name them."""
    head = raw[:_RAW_LOOK]
    level = 0
    if not head.islower() and (head.isupper() or _CAPS_WORD.search(head) is not None):
        level += 1
        cues.append("CAPITALS (intensity)")
    if "!!" in head:
        level += 1
        cues.append("'!!' (intensity)")
    if stretched:
        level += 1
        cues.append(_STRETCHED.text)
    return level
