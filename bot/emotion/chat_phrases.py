"""Plain chat phrases the Reddit-trained model underrates: feelings, losses and troubles said in so many words.

"my grandma passed this morning" or "got ghosted again" carry no word that GoEmotions' raters saw often
with a mood, so the model reads them as neutral, and sure of it; these patterns say what a person in a
chat means. Each is matched in the reader's one pass over the message (see patterns.py), on lower-case text.
"""

from __future__ import annotations

from typing import Final

from bot.emotion.cues import Cue, boosts, make
from bot.moods import Mood

# As sure as a crying emoji or an admin's word: a short message said plainly must not read neutral.
_SURE: Final = 4.5
_NOT_NEUTRAL: Final = -2.5

_KIN: Final = (r"(?:mom|mum|mother|dad|father|grandma|grandpa|grandmother|grandfather|nana|papa|granny|brother|sister"
               r"|son|daughter|wife|husband|uncle|aunt|cousin|best\s+friend|friend|baby|dog|cat|pet|puppy|kitty"
               r"|hamster|rabbit|bunny|horse)")
# "passed" alone is a death only where nothing is passed: at the end, or before when it happened.
_WHEN: Final = (r"(?:\s*$|\s*[.,!;]|\s+(?:this|last|yesterday|today|tonight|earlier|peacefully|suddenly|overnight"
                r"|unexpectedly|in\s+(?:her|his|their)\s+sleep|an?\s+(?:week|month|year|few)|\w+\s+(?:days|weeks"
                r"|months|years)\s+ago))")
_ADVERB: Final = (r"(?:(?:so|really|very|kinda|kind\s+of|sort\s+of|just|pretty|completely|a\s+(?:bit|little)"
                  r"|totally)\s+)?")


def _plain(text: str, mood: Mood, **more: float) -> Cue:
    """A cue for a phrase that says its mood outright (grief: sad, and marked as a loss)."""
    pushes = boosts(neutral=_NOT_NEUTRAL, **{"sad" if mood == "grief" else mood: _SURE, **more})
    return Cue(text, pushes, grief=2.0 if mood == "grief" else 0.0)


CHAT_PHRASES: Final[tuple[tuple[str, Cue], ...]] = (
    (rf"\b{_KIN}\s+(?:just\s+|recently\s+)?passed{_WHEN}",
     _plain("'… passed' (a death)", "grief")),
    ((rf"\b(?:had|have|having)\s+to\s+(?:say\s+goodbye\s+to|let\s+go\s+of)\s+(?:my|our)\s+(?:\w+\s+)?{_KIN}\b"
      rf"|\b(?:buried|burying|bury)\s+(?:my|our)\s+(?:\w+\s+)?{_KIN}\b"),
     _plain("'had to say goodbye' (a death)", "grief")),
    (r"\b(?:to|at|from|for)\s+(?:the|a|his|her|their|my\s+\w+'s)\s+wake\b(?!\s+up)",
     _plain("a wake (mourning)", "grief")),
    ((r"\b(?:has|have|got|with)\s+(?:stage\s+\w+\s+)?(?:cancer|a\s+tumou?r|dementia|alzheimer'?s|leukemia|als)\b"
      r"|\bdiagnosed\s+with\b"), _plain("an illness", "sad", anxious=1.0)),
    ((rf"\b(?:feel(?:ing|s)?|felt|i'?m|im|so|really|very)\s+{_ADVERB}(?:lonely|alone)\b"
      r"|\b(?:nobody|no\s+one)\s+(?:came|showed\s+up|remembered|texted|called|noticed|replied|answered|responded"
      r"|invited\s+me|asked\s+me|talks\s+to\s+me|cares\s+about\s+me|wants\s+me)\b"
      r"|\b(?:everyone|everybody|they\s+all)\s+forgot\b"
      rf"|\b(?:the\s+one|always|feel|felt|feeling|get|got)\s+{_ADVERB}left\s+out\b"
      r"|\b(?:wasn'?t|weren'?t|not|never)\s+(?:even\s+)?invited\b|\bstopped\s+(?:talking\s+to|texting|answering)\s+me\b"
      r"|\b(?:eat|eating|ate|sitting|sat)\s+(?:lunch\s+|dinner\s+)?alone\b"
      r"|\b(?:went|go|going|hung|hanging|left|met\s+up|partied)\s+(?:out\s+)?without\s+me\b"
      r"|\bforgot\s+(?:my|our)\s+(?:birthday|bday|anniversary)\b"
      r"|\bmiss\s+(?:the\s+old\s+days|those\s+days|you\s+guys|my\s+friends|home)\b"), _plain("loneliness", "sad")),
    ((rf"\b(?:feel(?:ing|s)?|felt|i'?m|im)\s+{_ADVERB}"
      r"(?:empty|numb|hopeless|worthless|miserable|heartbroken|crushed|devastated|down|low|defeated)\b"
      r"(?!\s+(?:to|for|with|on|the|a|bad)\b)|\btired\s+of\s+(?:everything|it\s+all|all\s+of\s+(?:this|it))\b"),
     _plain("sadness in so many words", "sad")),
    ((r"\b(?:got|get|was|been|getting)\s+(?:\w+\s+)?(?:rejected|ghosted|dumped|friendzoned|turned\s+down"
      r"|left\s+on\s+read)\b|\brejection\s+(?:letter|email|e-mail)|\b(?:unfollowed|unfriended|blocked)\s+me\b"
      r"|\bdidn'?t\s+(?:get\s+(?:(?:the|a|an)\s+(?:job|offer|apartment|house|part|role|scholarship|grant|promotion"
      r"|internship|visa|spot|raise)\b|in\b|into\b|accepted)|make\s+(?:the\s+)?(?:team|cut|list"
      r"|shortlist|squad|roster))|\bdating\s+someone\s+else\b"), _plain("a rejection", "sad")),
    ((r"\bbroke\s+up\s+with\s+me\b|\b(?:my\s+parents\s+are|we'?re|we\s+are|i'?m|i\s+am|we|i)\s+(?:getting|got)"
      r"\s+(?:a\s+)?divorced?\b"), _plain("a breakup", "sad")),
    ((r"(?:^\s*|\b(?:i|i'?ve|we|we'?ve)\s+(?:just\s+)?)(?:got|been|was|were|getting)\s+(?:\w+\s+)?"
      r"(?:laid\s+off|fired|let\s+go)\b"),
     _plain("a lost job", "sad")),
    ((r"\bwhat\s+if\s+(?:i|we|it|they|he|she|nobody|no\s+one|everyone|people)\s+(?:fail|don'?t|doesn'?t|can'?t"
      r"|mess|lose|get\s+fired|screw|bomb|choke|says?\s+no|hate|find\s+out|reject|laugh\s+at|leave|shows?\s+up"
      r"|comes?|likes?|cares?|miss)"), _plain("'what if …' (worry)", "anxious")),
    ((r"\b(?:think|pretty\s+sure|scared|afraid|worried)\s+(?:that\s+)?i\s+(?:bombed|failed|blew|messed\s+up"
      r"|screwed\s+up|flunked)\b"
      r"|\bdoctors?\s+(?:wants?|needs?)\s+to\s+(?:run|do|take)\s+(?:more|some|another|a\s+few)\s+"
      r"(?:tests|scans|bloodwork)\b"), _plain("worry about how it went", "anxious")),
    ((r"\b(?:hands?|heart|legs?|voice)\s+(?:is\s+|are\s+|keeps?\s+|won'?t\s+stop\s+)?(?:shaking|trembling|racing"
      r"|pounding)\b|\bwaiting\s+(?:for|on)\s+(?:the\s+|my\s+|her\s+|his\s+)?(?:\w+\s+)?(?:results|diagnosis"
      r"|biopsy|verdict|callback)\b|\bcan'?t\s+stop\s+(?:thinking|worrying|overthinking|shaking)\b"
      r"|\b(?:biopsy|scan|mri|lab|blood\s*work|test)\s+results?\b|\bcan'?t\s+(?:focus|concentrate|think\s+straight)\b"),
     _plain("nerves in so many words", "anxious")),
    ((r"\b(?:broken|broke|down|failing|failed|crashed|crashing|stuck|late|delayed|cancell?ed|lost|jammed|frozen"
      r"|froze|missing|flaky)\s+again\b|\bfor\s+the\s+(?:second|third|fourth|fifth|sixth|tenth|hundredth|nth"
      r"|(?:[2-9]|\d\d+)(?:st|nd|rd|th))\s+time\b"
      r"|\bon\s+hold\s+for\s+(?:an?\s+|over\s+an?\s+)?(?:\w+\s+)?(?:hours?|minutes)\b"
      r"|\bwhy\s+(?:does|do|is|are|must)\s+(?:\w+\s+){0,3}?always\b"
      r"|\b(?:keeps?|kept)\s+(?:on\s+)?(?:dropping|crashing|freezing|failing|breaking|disconnecting|lagging|buffering"
      r"|timing\s+out|restarting|glitching|cutting\s+out|dying)\b"
      r"|\b(?:asked|told|reminded|emailed|called)\s+(?:them|him|her|you|\w+)\s+(?:three|four|five|several|multiple"
      r"|so\s+many|\d+)\s+times\b"), _plain("'… again' (fed up)", "frustrated")),
    ((r"\b(?:so|sooo|totally|just|really)\s+done\s+with\b|\b(?:so|painfully|super|incredibly)\s+slow\b"
      r"|\bcould\s+have\s+been\s+an\s+email\b|\bhung\s+up\s+on\s+me\b"
      r"|\bstill\s+(?:hasn'?t|haven'?t|hasnt|havent|isn'?t|doesn'?t|not)"
      r"\s+(?:\w+\s+)?(?:fixed|replied|answered|paid|arrived|shipped|responded|called|sent|done|working)\b"),
     _plain("fed up, in so many words", "frustrated")),
    # Good news that brings tears: with a crying mark these are happy tears.
    ((r"(?:'re|'s|'m|\bare|\bis|\bam|\bjust\s+got|\bgot)\s+(?:having\s+a\s+baby|pregnant|engaged"
      r"|getting\s+married)\b|\b(?:took|taking)\s+(?:his|her|their)\s+first\s+steps?\b"
      r"|(?:^\s*|\b(?:i|we|she|he|they)\s+)(?:just\s+|finally\s+)?got\s+(?:the|a|an|my)\s+(?:scholarship|grant"
      r"|promotion|internship|offer|apartment|house|visa|part|role)\b"
      r"|\bgot\s+(?:accepted|approved|published|funded|promoted)\b"
      r"|\badopted\s+(?:a|an|our|my)\s+(?:\w+\s+)?(?:puppy|kitten|dog|cat|baby|rescue)\b"
      rf"|\b{_KIN}\s+(?:finally\s+)?(?:came|is|was)\s+(?:home|back)\b|\bfound\s+(?:my|our)\s+(?:lost\s+)?{_KIN}\b"),
     make("good news", success=True, joy=_SURE, neutral=_NOT_NEUTRAL)),
)
