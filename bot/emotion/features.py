"""Turn a message into the word features the linear model scores: one fast pass, shared by build and run time."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Long messages are read in full by the cue and crisis patterns (linear regex), but
# the model only looks at this many characters from each end, so 100 KB stays cheap.
MODEL_HEAD: Final = 1500
MODEL_TAIL: Final = 500

INVISIBLE: Final = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"), None
)
_STRETCH: Final = re.compile(r"(\w)\1{2,}")
# Words (apostrophes kept inside), the two punctuation marks that carry tone, and emoji.
TOKEN: Final = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[!?]|[\U0001F300-\U0001FAFF\u2600-\u27BF\u2764]")
NEGATORS: Final = frozenset(
    "not no never nothing nobody none nor cannot can't don't doesn't didn't isn't aren't wasn't weren't "
    "won't wouldn't shouldn't couldn't haven't hasn't hadn't ain't dont doesnt didnt isnt arent wasnt "
    "cant wont wouldnt couldnt shouldnt havent hasnt without hardly".split()
)
NEGATION_REACH: Final = 3
SCOPE_ENDS: Final = frozenset("! ? but".split())


def normalize(text: str) -> str:
    """Fold width, case and invisible characters, and shorten letters stretched three times or more."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(INVISIBLE)
    return _STRETCH.sub(r"\1\1", text.lower())


def clip(text: str) -> str:
    """Keep the head and tail of a long message for the model."""
    if len(text) <= MODEL_HEAD + MODEL_TAIL:
        return text
    return text[:MODEL_HEAD] + " . " + text[-MODEL_TAIL:]


def tokens(norm: str) -> list[str]:
    """Split normalised text into word, emphasis and emoji tokens."""
    return TOKEN.findall(norm.replace("’", "'"))


def features(toks: list[str]) -> list[str]:
    """List unigram and bigram features; words in a negation's reach carry a 'neg:' mark."""
    out: list[str] = []
    append = out.append
    prev = "<s>"
    reach = 0
    negators = NEGATORS
    ends = SCOPE_ENDS
    for tok in toks:
        if reach:
            reach -= 1
            append("neg:" + tok)
        else:
            append(tok)
        append(prev + " " + tok)
        if tok in negators:
            reach = NEGATION_REACH
        elif tok in ends:
            reach = 0
        prev = tok
    return out
