"""Patterns for self-harm and suicidal intent, with slang and common typos: read before any mood."""

from __future__ import annotations

from typing import Final

# Patterns run on normalised text (casefolded, stretched letters shortened, ’ → ').
# Recall matters more than precision here: a false alarm costs a kind message, a miss
# costs a joke answering real distress. Each pattern carries the cue shown to people.
_ME: Final = r"(?:my\s*se?l?f|myslef|mysef|myselv|meself|mself)"
_WANT: Final = r"(?:want|wanna|wana|wnat|wnt|wamt|wan|ready|planning|plan|i\s+deserve|i\s+just\s+want)"
_DIE: Final = r"(?:die+|dye|dies|be\s+dead|not\s+exist|stop\s+existing|not\s+be\s+alive|disappear\s+forever|end\s+it)"
_NOT_WANT: Final = r"(?:don'?t|do\s+not|dont|doesn'?t|didn'?t|no\s+longer|never)\s+(?:want|wanna|wana|wish|feel\s+like)"
CRISIS_PATTERNS: Final[tuple[tuple[str, str], ...]] = (
    (r"\b(?:kms|kys|kmsn|kmn)\b", "'kms' (self-harm slang)"),
    (r"\b(?:k+i*l+(?:l|ing|in|ed)?|kil|murder|murdering)\s*" + _ME + r"\b(?!\s+laugh)", "'kill myself'"),
    (r"\bun-?\s?aliv(?:e|ing|ed)?\b", "'unalive'"),
    ((r"(?<!committed\s)(?<!died\sby\s)(?<!death\sby\s)\b(?:suicid|sucid|suicd|suisid|suiscid|suecid|sucicid|suiced"
      r"|suside|suicde|suicied|suiside|sucide|suecide)\w*(?!\s+squad)"), "'suicide'"),
    (r"\bse+we?r\s*-?\s*sli+de", "'sewerslide' (suicide slang)"),
    (r"\b" + _WANT + r"\s+(?:to\s+|ta\s+|2\s+)?" + _DIE + r"\b",
     "'want to die'"),
    ((r"\bwish\s+i\s+(?:was|were|could|had|would)\s+(?:just\s+)?(?:dead|die|never\s+been\s+born|never\s+born|disappear"
      r"|sleep\s+forever|not\s+wake\s+up)\b"), "'wish I was dead'"),
    (r"\bwish\s+i\s+(?:wasn'?t|weren'?t|didn'?t|was\s+not|were\s+not)\s+(?:alive|here|born|exist|around)\b",
     "'wish I wasn't alive'"),
    (r"\bend(?:ing)?\s+(?:it\s+all|my\s+(?:own\s+)?life|" + _ME + r"|it\s+tonight|my\s+existence)\b", "'end it all'"),
    (r"\btak(?:e|ing)\s+my\s+(?:own\s+)?life\b", "'take my own life'"),
    (r"\b" + _NOT_WANT + r"\s+(?:to\s+)?(?:live|be\s+alive|exist|wake\s+up|go\s+on|keep\s+living)\b",
     "'don't want to live'"),
    (r"\b" + _NOT_WANT + r"\s+(?:to\s+)?be\s+(?:here|around)\s+(?:anymore|any\s+more|no\s+more|much\s+longer)\b",
     "'don't want to be here anymore'"),
    (r"\b(?:cut|cutting|cuttin|slit|slitting|slice|burn|burning|starve|starving)\s+(?:" + _ME
     + r"|my\s+(?:wrists?|arms?|thighs?|legs?|skin))\b", "'cut myself'"),
    (r"\b(?:" + _WANT + r"|to|keep|started)\s+(?:to\s+)?(?:hurt|hurting|harm|harming|punish)\s+" + _ME + r"\b",
     "'hurt myself'"),
    (r"\bself[\s-]*(?:harm|injur|mutilat)\w*", "'self-harm'"),
    (r"\bhang(?:ing)?\s+" + _ME + r"\b", "'hang myself'"),
    (r"\bjump(?:ing)?\s+(?:off|from|in\s+front\s+of)\s+(?:a|the|this|my)\s+(?:bridge|building|roof|cliff|train|balcony)\b",
     "'jump off a bridge'"),
    ((r"\b(?:take|taking|swallow|swallowing|swallowed|took)\s+(?:all|a\s+bottle\s+of|a\s+bunch\s+of)\s+(?:my|the|of\s+my)?"
      r"\s*(?:pills|meds|medication|tablets)\b"), "'take all my pills'"),
    (r"\boverdos(?:e|ing)\s+on\s+(?:purpose|my)\b|\b(?:want|going|gonna)\s+to\s+overdose\b", "'overdose'"),
    (r"\bbetter\s+off\s+(?:dead|without\s+me|if\s+i\s+(?:was|were|wasn'?t|weren'?t|died|was\s+gone|were\s+gone))",
     "'better off without me'"),
    (r"\b(?:no(?:thing)?|no\s+reason|nobody)\s+(?:left\s+)?to\s+live\s+for\b|\bno\s+reason\s+to\s+(?:live|go\s+on|keep\s+going)\b",
     "'nothing to live for'"),
    (r"\b(?:can'?t|cannot|can\s+not)\s+(?:go\s+on|keep\s+living|live\s+like\s+this|do\s+life)\b", "'can't go on'"),
    (r"\b(?:done|tired|sick)\s+(?:with|of)\s+(?:life|living|being\s+alive|existing)\b", "'tired of living'"),
    (r"\bfeel(?:ing)?\s+like\s+dying\b|\b(?:hope|want|wish)\s+(?:i|to)\s+(?:don'?t|never|not)\s+wake\s+up\b",
     "'hope I don't wake up'"),
    (r"\b(?:please|pls|plz|someone|somebody|just)\s+kill\s+me\b|\bkill\s+me\s+now\b", "'kill me'"),
    (r"죽고\s*싶|자살|자해|살기\s*싫|사라지고\s*싶|死にたい|自殺|quiero\s+morir|me\s+quiero\s+matar|suicidarme|envie\s+de\s+mourir",
     "self-harm words (non-English)"),
)
