"""Turn a message into the word features the linear model scores: one fast pass, shared by build and run time."""

from __future__ import annotations

import re
import unicodedata
from itertools import chain
from typing import Final

from bot.text import scrub

# Long messages are read in full by the cue and crisis patterns (linear regex), but
# the model only looks at this many characters from each end, so 100 KB stays cheap.
MODEL_HEAD: Final = 1500
MODEL_TAIL: Final = 500

_STRETCH: Final = re.compile(r"(\w)\1{2,}")
SHORTCODE: Final = re.compile(r":([a-z_]{2,30}):")
# Chat apps' shortcodes for the emoji the reader knows; others are left as typed.
SHORTCODES: Final = {
    "sob": "😭", "cry": "😢", "crying_cat_face": "😿", "smiling_face_with_tear": "🥲", "face_holding_back_tears": "🥹",
    "joy": "😂", "rofl": "🤣", "rolling_on_the_floor_laughing": "🤣", "joy_cat": "😹", "broken_heart": "💔",
    "rage": "😡", "angry": "😠", "triumph": "😤", "weary": "😩", "tired_face": "😫", "cold_sweat": "😰",
    "fearful": "😨", "scream": "😱", "worried": "😟", "disappointed": "😞", "pensive": "😔", "pleading_face": "🥺",
    "heart": "❤", "smiling_face_with_hearts": "🥰", "heart_eyes": "😍", "partying_face": "🥳", "tada": "🎉",
    "blush": "😊", "candle": "🕯", "disappointed_relieved": "😥", "frowning": "🙁",
}


def shortcodes(text: str) -> str:
    """Turn known :shortcodes: into their emoji."""
    return SHORTCODE.sub(lambda m: SHORTCODES.get(m.group(1), m.group(0)), text)
# Words (apostrophes kept inside), the two punctuation marks that carry tone, and emoji.
TOKEN: Final = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[!?]|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
# The same tokens for ASCII text, found twice as fast.
TOKEN_ASCII: Final = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*|[!?]")
# The same ASCII tokens are the runs left after every other mark becomes a space: str.translate and
# str.split do that in C, twice as fast as the pattern. An apostrophe stays, as the pattern keeps it inside a word.
_TOKEN_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'")
_MARKS_TO_SPACES: Final = str.maketrans(
    {chr(c): chr(c) if chr(c) in _TOKEN_CHARS else f" {chr(c)} " if chr(c) in "!?" else " " for c in range(128)})
NEGATORS: Final = frozenset(
    ["not", "no", "never", "nothing", "nobody", "none", "nor", "cannot", "can't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't", "wouldn't", "shouldn't", "couldn't", "haven't", "hasn't", "hadn't", "ain't", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "cant", "wont", "wouldnt", "couldnt", "shouldnt", "havent", "hasnt", "without", "hardly"]
)
NEGATION_REACH: Final = 3
GRAM_MIN: Final = 2  # 3 scores the same out-of-fold (0.665) and reads faster, but tipped stress chat to neutral
GRAM_MAX: Final = 5
# A negation reaches no further than these: "never works ugh" negates "works", not the groan.
SCOPE_ENDS: Final = frozenset(["!", "?", "but", "ugh", "argh", "ffs", "smh", "lol", "lmao", "omg"])
_START: Final = ("<s>",)
# A comma, full stop, colon or line break ends a negation's reach too: "can't sleep, worried about it" is
# worried. The tokens drop these marks, so they are found again, in place, only when a negator is there.
_CLAUSE_MARKS: Final = frozenset(",.;:\n")
_CLAUSE_MARK: Final = re.compile(r"[,.;:\n]")
_CLAUSED: Final = re.compile(TOKEN.pattern + r"|" + _CLAUSE_MARK.pattern)
# The ASCII split again, with each clause mark kept as a "." of its own.
_CLAUSES_APART: Final = _MARKS_TO_SPACES | {ord(mark): " . " for mark in _CLAUSE_MARKS}


def normalize(text: str) -> str:
    """Fold width, case and invisible characters, and shorten letters stretched three times or more."""
    if not text.isprintable():  # lone surrogates, controls and invisibles would split or hide words
        text = scrub(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    if ":" in text:
        text = shortcodes(text)
    return _STRETCH.sub(r"\1\1", text)


def clip(text: str) -> str:
    """Keep the head and tail of a long message for the model."""
    if len(text) <= MODEL_HEAD + MODEL_TAIL:
        return text
    return text[:MODEL_HEAD] + " . " + text[-MODEL_TAIL:]


def tokens(norm: str) -> list[str]:
    """Split normalised text into word, emphasis and emoji tokens."""
    norm = norm.replace("’", "'")
    return ascii_tokens(norm) if norm.isascii() else TOKEN.findall(norm)


def model_input(text: str) -> tuple[list[str], str]:
    """What the model reads of a raw message, as the reader reads it: its tokens, and the text they come from."""
    body = clip(normalize(text)).replace("’", "'")
    return tokens(body), body


def _ascii_split(norm: str, table: dict[int, str]) -> list[str] | None:
    """Lower-case ASCII text split after translating marks to spaces; None if an apostrophe stands outside a word."""
    spaced = norm.translate(table)
    # An apostrophe with a letter or digit on each side joins a word; any other (quotes, "''") is the pattern's.
    if "'" in spaced and ("''" in spaced or " '" in spaced or "' " in spaced
                          or spaced.startswith("'") or spaced.endswith("'")):
        return None
    return spaced.split()


def ascii_tokens(norm: str) -> list[str]:
    """The tokens of lower-case ASCII text, as TOKEN_ASCII finds them."""
    pieces = _ascii_split(norm, _MARKS_TO_SPACES)
    return TOKEN_ASCII.findall(norm) if pieces is None else pieces


def _clause_starts(toks: list[str], body: str) -> set[int]:
    """Positions of the tokens that follow a clause mark in body, the text toks were read from."""
    if _CLAUSE_MARK.search(body) is None:  # chat often has none: skip reading the text again
        return set()
    pieces = _ascii_split(body, _CLAUSES_APART) if body.isascii() else None
    if pieces is None:
        pieces = _CLAUSED.findall(body)
    marks = [at for at, piece in enumerate(pieces) if piece in _CLAUSE_MARKS]
    if len(pieces) - len(marks) != len(toks):
        return set()  # not toks' own text: no clause marks rather than wrong ones
    return {at - before for before, at in enumerate(marks)}  # a mark's place less the marks ahead of it


def _negated(toks: list[str], body: str) -> list[str]:
    """The tokens with words in a negation's reach marked 'neg:'; scope ends, clause marks and emoji stop the reach.

    An emoji closes a thought the way a full stop does: "without a review 😡" is angry, not negated. A negator
    in another's reach is marked too, and reaches on from there.
    """
    out = toks.copy()
    stops = _clause_starts(toks, body) if body else set()
    end = len(toks)
    for negator in [at for at, tok in enumerate(toks) if tok in NEGATORS]:  # a few per message at most
        for at in range(negator + 1, min(negator + 1 + NEGATION_REACH, end)):
            tok = toks[at]
            if at in stops or tok in SCOPE_ENDS or not tok[0].isalnum():
                break
            out[at] = "neg:" + tok
    return out


def word_keys(toks: list[str], body: str = "") -> dict[str, None]:
    """Distinct unigram keys in order, those in a negation's reach marked 'neg:'; body, toks' text, has the commas."""
    return dict.fromkeys(toks if NEGATORS.isdisjoint(toks) else _negated(toks, body))


def pair_keys(toks: list[str]) -> dict[str, None]:
    """Distinct adjacent-token pairs in order, "first second", the first paired with a start mark.

    Strings, not tuples: a string caches its hash, so the pair is hashed once, not per lookup.
    """
    return dict.fromkeys(map(" ".join, zip(chain(_START, toks), toks)))


def features(toks: list[str], body: str = "") -> list[str]:
    """Distinct unigram (negation-marked) and bigram features: what the word part of the model is trained on.

    Distinct, because the model is trained on presence: counting repeats cost 3 points of macro-F1.
    """
    return [*word_keys(toks, body), *pair_keys(toks)]


def char_grams(key: str) -> list[str]:
    """Distinct character n-grams of a unigram key's word, padded with a space each side (negation mark dropped).

    They live inside one word, so a known word's whole n-gram weight is folded into its table entry
    at build time; only words the table lacks (typos, rare forms) are split at run time.
    """
    word = " " + key.removeprefix("neg:") + " "
    size = len(word)
    cuts = _CUTS[size] if size < len(_CUTS) else _cuts(size)
    return list(dict.fromkeys(map(word.__getitem__, cuts)))  # slicing in C: an unknown word is read per message


def _cuts(size: int) -> tuple[slice, ...]:
    """Every n-gram position of a padded word of this length, shortest n-grams first."""
    return tuple(slice(i, i + n) for n in range(GRAM_MIN, GRAM_MAX + 1) for i in range(size - n + 1))


_CUTS: Final = tuple(_cuts(size) for size in range(64))  # longer words are cut on the fly
