"""Patterns for self-harm and suicidal intent, with slang and common typos: read before any mood."""

from __future__ import annotations

import re
from typing import Final

# Patterns run on normalised text (casefolded, stretched letters shortened, ’ → ').
# Recall matters more than precision here: a false alarm costs a kind message, a miss
# costs a joke answering real distress. Each pattern carries the cue shown to people.
_ME: Final = r"(?:my\s*se?l?f|myslef|mysef|myselv|meself|mself)"
_WANT: Final = r"(?:want|wanna|wana|wnat|wnt|wamt|wan|ready|planning|plan|i\s+deserve|i\s+just\s+want)"
_DIE: Final = r"(?:d[i1!]e+|dye|dies|dei|be\s+dead|not\s+exist|stop\s+existing|not\s+be\s+alive|disappear\s+forever|end\s+it)"
# "dye my hair" is a typo's twin, and "the hill I want to die on" an idiom: neither states a wish.
_NOT_IDIOM: Final = (r"(?!\s+(?:\w+\s+)?(?:hair|roots|beard|shirt|clothes|jeans|eggs|fabric|wool|dress)\b)"
                     r"(?!\s+on\s*$)(?!\s+on\s*[.!?,])(?!\s+on\s+th(?:is|at)\s+hill)")
_NOT_WANT: Final = r"(?:don'?t|do\s+not|dont|doesn'?t|didn'?t|no\s+longer|never)\s+(?:want|wanna|wana|wish|feel\s+like)"
CRISIS_PATTERNS: Final[tuple[tuple[str, str], ...]] = (
    (r"\b(?:kms|kys|kmsn|kmn)\b", "'kms' (self-harm slang)"),
    (r"\b(?:k+[i1!]*l+(?:l|ing|in|ed)?|kil|murder|murdering)\s*" + _ME + r"\b(?!\s+laugh)", "'kill myself'"),
    (r"\b(?:want|wanna|gonna|gunna|going\s+to|to|will|should|might|just)\s+(?:off|top)\s+" + _ME + r"\b(?!\s+up)",
     "'off myself' (suicide slang)"),
    (r"\bun-?\s?aliv(?:e|ing|ed)?\b", "'unalive'"),
    ((r"(?<!committed\s)(?<!died\sby\s)(?<!death\sby\s)\b(?:suicid|sucid|suicd|suisid|suiscid|suecid|sucicid|suiced"
      r"|suside|suicde|suicied|suiside|sucide|suecide)\w*(?!\s+squad)"), "'suicide'"),
    (r"\bse+we?r\s*-?\s*sli+de", "'sewerslide' (suicide slang)"),
    # Spaces are optional so "iwanttodie" and "wanna die" read alike.
    (r"(?<!hill\s)(?<!hill\si\s)\bi?" + _WANT + r"(?:\s*(?:to|ta|too|2)\s*|\s+(?:t\s+)?)" + _DIE + r"\b" + _NOT_IDIOM,
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
    ((r"\b(?:nobody|no\s*one|no-one)\s+(?:would|will|'d|is\s+going\s+to|gonna)\s+(?:even\s+)?(?:miss\s+me"
      r"|(?:notice|care)\s+if\s+i\s+(?:died|was\s+gone|were\s+gone|disappeared|killed))\b"
      r"|\b(?:if|whether)\s+i\s+live\s+or\s+die\b"), "'nobody would miss me'"),
    ((r"\b(?:i'?ve|i\s+have|i'?m|i\s+am|been|started|start|keep|kept|back\s+to)\s+(?:been\s+|started\s+)?cutting"
      r"\s+(?:again|lately|more|every\s+day)\b|\brelaps\w*\s+(?:on\s+|into\s+|with\s+)?(?:sh|self|cutting)\b"
      r"|\bsh\s+relapse"), "'cutting again' (self-harm)"),
    ((r"\b(?:have|got|bought)\s+(?:the\s+|a\s+|my\s+|some\s+)?(?:pills|rope|razors?|blades?|noose)\s+ready\b"
      r"|\b(?:stockpil|sav|hoard)\w*\s+(?:up\s+)?(?:my\s+|the\s+)?(?:pills|meds|sleeping\s+pills)\b"
      r"|\bt(?:ie|ied|ying)\s+(?:a|the)\s+noose\b"), "'the pills are ready' (a plan)"),
    ((r"\bwhat'?s\s+(?:even\s+)?the\s+point\s+(?:of|in)\s+(?:living|being\s+alive|going\s+on|staying\s+alive"
      r"|existing|my\s+life)\b|\bno\s+point\s+(?:in\s+|of\s+)?(?:living|being\s+alive|going\s+on|staying\s+alive)\b"),
     "'what's the point of living'"),
    (r"\b(?:life|living)\s+(?:is(?:n'?t|\s+not)|ain'?t|isnt)\s+worth\s+(?:living|it)\b|\bnot\s+worth\s+living\b",
     "'life isn't worth living'"),
    ((r"\b(?:want|wish|need)\s+(?:it\s+all|everything|my\s+life|the\s+pain|all\s+of\s+(?:this|it))"
      r"\s+to\s+(?:end|stop|be\s+over)\b"), "'want it all to end'"),
    ((r"\b(?:this\s+is|these\s+are|here'?s)\s+my\s+(?:last|final)\s+(?:message|words|post|goodbye)\b"
      r"(?!\s+(?:before|until|till|for|of\s+the|today))|\bgoodbye\s+(?:forever|cruel\s+world)\b"),
     "'my last message' (a goodbye)"),
    ((r"\bi(?:'?m|\s+am)?\s+(?:so\s+|really\s+|just\s+)?(?:(?:want|going|planning|ready|about|tempted)\s+to|gonna|wanna)"
      r"\s+(?:overdose|od)\b(?!\s+on\s+(?:coffee|caffeine|sugar|candy|chocolate|anime))"), "'overdose'"),
    ((r"\b(?:want|wanna|wish\s+i\s+could|ready)\s+(?:to\s+)?(?:sleep|go\s+to\s+sleep)\s+(?:forever"
      r"|and\s+(?:never|not)\s+wake\s+up)\b"), "'sleep forever'"),
    ((r"죽고\s*싶|자살|자해|살기\s*싫|사라지고\s*싶|死にたい|自殺|我想死|想自杀|不想活|quiero\s+morir|morirme|me\s+quiero\s+matar"
      r"|suicidarme|envie\s+de\s+mourir|je\s+veux\s+mourir|me\s+suicider|ich\s+will\s+(?:sterben|nicht\s+mehr\s+leben)"
      r"|voglio\s+morire|quero\s+morrer|хочу\s+умереть"), "self-harm words (non-English)"),
)

# Letters typed apart ("i want to d i e", "k m s"): three or more single letters in a row. The
# phrase set flags such a run, and crisis patterns are then read again with the run joined up.
SPACED_LETTERS: Final = r"(?:^|[^\w])\w[ .*_\-]\w[ .*_\-]\w(?:$|[^\w])"
_SPACED_RUN: Final = re.compile(r"(?<!\w)\w(?:[ .*_\-]\w(?!\w)){2,}")
_SPACERS: Final = re.compile(r"[ .*_\-]")


def join_spaced(text: str) -> str:
    """Join runs of single letters typed apart into words, so crisis patterns can read them."""
    return _SPACED_RUN.sub(lambda run: _SPACERS.sub("", run.group()), text)
