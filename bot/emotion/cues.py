"""Chat cues the Reddit-trained model cannot know: crying emoji, emoticons, Korean marks, grief, tears of joy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# Columns a cue can push: the five model moods (logit boosts) plus three signals
# the reader resolves afterwards (grief strength, crying, something trivial).
MOOD_COLUMNS: Final = ("sad", "frustrated", "anxious", "joy", "neutral")


Boosts = tuple[float, float, float, float, float]  # one logit boost per mood column


@dataclass(frozen=True, slots=True)
class Cue:
    """One human-readable cue and what it pushes."""

    text: str
    boosts: Boosts = (0.0, 0.0, 0.0, 0.0, 0.0)
    grief: float = 0.0
    crying: bool = False
    trivial: bool = False
    joy_tears: bool = False
    success: bool = False  # something went right: with tears, the tears are relief
    touching: bool = False  # something sweet or beautiful: with tears, the person is moved


def boosts(**moods: float) -> Boosts:
    """Mood boosts by name (sad=1.5, neutral=-2.0), the rest zero, in MOOD_COLUMNS order."""
    sad, frustrated, anxious, joy, neutral = (float(moods.get(m, 0.0)) for m in MOOD_COLUMNS)
    return sad, frustrated, anxious, joy, neutral


def make(text: str, *, grief: float = 0.0, crying: bool = False, trivial: bool = False, joy_tears: bool = False,
         success: bool = False, touching: bool = False, **moods: float) -> Cue:
    """Build a cue from keyword mood boosts."""
    return Cue(text, boosts(**moods), grief, crying, trivial, joy_tears, success, touching)


def _tears(text: str, **moods: float) -> Cue:
    """A crying mark: never neutral, mood left to the words around it."""
    return Cue(text, boosts(neutral=-3.0, **moods), crying=True)


_SOB = _tears("😭 loudly crying emoji", sad=1.5, frustrated=1.2)
_TEAR = _tears("😢 crying emoji", sad=4.5)
_CAT = _tears("😿 crying cat", sad=4.5)
_SMILE_TEAR = _tears("🥲 smiling through tears", sad=1.2, joy=1.2)
_HOLD = _tears("🥹 holding back tears", joy=4.5)
_LAUGH = make("😂 crying laughing", joy=4.5, neutral=-2.0)
_KO_CRY = _tears("ㅠㅠ Korean crying mark", sad=4.5)
_KO_SOB = _tears("흑흑 Korean sobbing", sad=4.5)
_KO_LAUGH = make("ㅋㅋ Korean laughter", joy=3.0, neutral=-2.0)  # laughter, as sure as "lol"
_EMOTICON = _tears("T_T crying emoticon", sad=4.5)
_WORD_CRY = _tears("crying words", sad=0.6)
_GRIEF = make("loss and mourning", grief=2.0, sad=4.0, neutral=-2.0, joy=-1.0)
_GRIEF_WEAK = make("a death", grief=1.0, sad=1.0, neutral=-0.5)
_JOY_TEARS = make("tears of joy", joy_tears=True, joy=5.0, neutral=-3.0, sad=-2.0)
_SUCCESS = make("something went right", success=True, joy=2.0, frustrated=-1.0, neutral=-1.0)
_ANGRY = make("angry emoji", frustrated=4.5, neutral=-2.0)
_SCARED = make("anxious emoji", anxious=4.5, neutral=-2.0)
_HURT = make("sad emoji", sad=4.5, neutral=-2.0)
_LOVE = make("happy emoji", joy=4.5, neutral=-2.0)
_ANXIOUS = make("stress words", anxious=3.0, neutral=-2.0)
_FED_UP = make("fed-up words", frustrated=1.5, neutral=-1.0)

# Looked up per word or per adjacent word pair, so they cost nothing extra.
WORD_CUES: Final[dict[str, Cue]] = {
    "😭": _SOB, "😢": _TEAR, "😿": _CAT, "🥲": _SMILE_TEAR, "🥹": _HOLD, "😂": _LAUGH,
    "🤣": make("🤣 rolling laughing", joy=4.5, neutral=-2.0), "😹": make("😹 cat tears of joy", joy=4.5, neutral=-2.0),
    "💔": make("💔 broken heart", sad=5.0, neutral=-2.0),
    "😡": _ANGRY, "🤬": _ANGRY, "😤": _ANGRY, "😠": _ANGRY, "😩": make("😩 weary face", frustrated=4.0, neutral=-2.0),
    "😫": make("😫 tired face", frustrated=4.0, neutral=-2.0),
    "😰": _SCARED, "😨": _SCARED, "😱": _SCARED, "😟": _SCARED, "😬": make("😬 grimace", anxious=1.5, neutral=-1.0),
    "😞": _HURT, "😔": _HURT, "☹": _HURT, "🙁": _HURT, "😥": _HURT, "🥺": make("🥺 pleading face", sad=1.5, neutral=-1.5),
    "❤": _LOVE, "🥰": _LOVE, "😍": _LOVE, "🥳": _LOVE, "🎉": _LOVE, "😊": _LOVE,
    "🕯": make("🕯️ memorial candle", grief=1.0, sad=1.0),
    "qq": _tears("QQ crying emoticon", sad=4.5),
    "cry": _WORD_CRY, "crying": _WORD_CRY, "cried": _WORD_CRY, "cries": _WORD_CRY, "sob": _WORD_CRY,
    "sobbing": _WORD_CRY, "sobbed": _WORD_CRY, "sobs": _WORD_CRY, "tears": _WORD_CRY, "weeping": _WORD_CRY,
    "weep": _WORD_CRY, "weeps": _WORD_CRY, "wept": _WORD_CRY, "bawling": _WORD_CRY, "bawl": _WORD_CRY,
    "bawled": _WORD_CRY,
    "literally crying": _tears("'literally crying' (played big)", frustrated=1.0),
    "passed away": _GRIEF, "funeral": _GRIEF, "condolences": _GRIEF, "mourning": _GRIEF, "grieving": _GRIEF,
    "passed on": _GRIEF_WEAK, "rip": _GRIEF_WEAK, "died": _GRIEF_WEAK, "death": _GRIEF_WEAK, "memorial": _GRIEF,
    "miss her": _GRIEF_WEAK, "miss him": _GRIEF_WEAK, "euthanized": _GRIEF, "obituary": _GRIEF, "in peace": _GRIEF_WEAK,
    "put down": make("'put down' (a pet's death)", grief=2.0, sad=4.0, neutral=-2.0),
    "happy tears": _JOY_TEARS, "crying laughing": _JOY_TEARS, "cry laughing": _JOY_TEARS,
    "laughing crying": _JOY_TEARS, "dying laughing": _JOY_TEARS,
    "so proud": make("pride", joy=4.5, neutral=-1.5),
    "said yes": make("'said yes'", success=True, joy=5.0, neutral=-2.0),
    "so happy": make("'so happy'", joy=2.0, neutral=-1.0),
    "nervous": _ANXIOUS, "anxious": _ANXIOUS, "anxiety": _ANXIOUS, "panic": _ANXIOUS, "panicking": _ANXIOUS,
    "overwhelmed": _ANXIOUS, "stressed": _ANXIOUS, "terrified": _ANXIOUS, "worried": _ANXIOUS, "scared": _ANXIOUS,
    "freaking out": _ANXIOUS, "exams": _ANXIOUS, "exam": _ANXIOUS, "deadline": _ANXIOUS,
    "haven't started": _ANXIOUS, "havent started": _ANXIOUS, "haven't studied": _ANXIOUS, "havent studied": _ANXIOUS,
    "interview": make("an interview", anxious=0.8),
    "ugh": _FED_UP, "argh": _FED_UP, "ffs": _FED_UP, "smh": _FED_UP, "annoying": _FED_UP,
    "again !": _FED_UP, "lukewarm": _FED_UP, "why is": make("'why is …'", frustrated=0.5),
}
# Words that are chat idiom rather than Reddit prose: their boosts stay whole (see table.py).
CHAT_WORDS: Final = frozenset((
    "qq", "said yes", "literally crying", "haven't started", "havent started", "haven't studied", "havent studied",
    "freaking out", "happy tears",
    "crying laughing", "cry laughing", "laughing crying", "dying laughing", "lukewarm", "so proud", "neg:okay", "neg:ok",
    "ugh", "argh", "ffs", "smh",
))
_TRIVIAL_THINGS: Final = ["coffee", "wifi", "wi", "internet", "build", "ci", "pipeline", "tests", "compile", "compiler", "deploy", "bug", "bugs", "printer", "traffic", "monday", "mondays", "meeting", "meetings", "homework", "laptop", "battery", "bus", "train", "update", "code", "jira", "email", "emails", "keyboard", "lag", "server", "merge", "rebase", "pizza", "lunch", "snack", "parking", "alarm", "autocorrect", "typo", "zoom", "npm", "docker", "css", "excel", "spreadsheet", "commute", "wi-fi", "router", "charger", "toast", "latte", "tea", "icecream", "phone"]
for _thing in _TRIVIAL_THINGS:
    WORD_CUES.setdefault(_thing, make(f"'{_thing}' is small stuff", trivial=True))
# No boost of their own (the model knows these words); with tears they say why: "crying at how cute this is".
for _sweet in ["cute", "cutest", "adorable", "wholesome", "precious", "beautiful", "heartwarming", "sweetest"]:
    WORD_CUES.setdefault(_sweet, make(f"'{_sweet}' is touching", touching=True))

# Negated feelings: "not sad" is not sad, "not happy" leans sad.
_NEGATED_DOWN: Final = ["sad", "upset", "angry", "mad", "crying", "depressed", "lonely", "scared", "worried", "anxious", "nervous", "annoyed", "hurt"]
_NEGATED_UP: Final = ["happy", "okay", "ok", "fine", "good", "great", "glad", "excited"]
NEGATED_CUES: Final[dict[str, Cue]] = {
    **{f"neg:{w}": make(f"negated: 'not {w}'", sad=-2.0, frustrated=-1.5, anxious=-1.5, neutral=1.5)
       for w in _NEGATED_DOWN},
    **{f"neg:{w}": make(f"negated: 'not {w}'", sad=5.0, frustrated=1.0, joy=-2.5, neutral=-1.0)
       for w in _NEGATED_UP},
}

# Marks and phrases that are not one word or a pair: all found in one pass (see patterns.py).
PHRASE_CUES: Final[tuple[tuple[str, Cue], ...]] = (
    (r"(?:^|[^\w])(?:t_t|t\.t|t\^t|;_;|;-;|;;|:'-?\(|:,\(|:_\(|\)':|;\(|;-\()", _EMOTICON),
    (r"^\W*tot(?:\W+tot)*\W*$", _EMOTICON),  # ToT alone: inside a sentence "tot" is a toddler
    (r"(?:^|[^\w:])(?::'-?\)|:'d)(?:$|[^\w])", make(":') happy tears emoticon", joy=4.5, neutral=-2.0)),
    (r"(?:^|[^\w:]):-?\((?:$|[^\w])", make(":( sad emoticon", sad=4.0, neutral=-2.0)),
    (r"(?:^|[^\w:])(?::-?\)|:-?d|\^\^|\^_\^)(?:$|[^\w])", make(":) smiley", joy=1.5, neutral=-1.0)),
    ("[ㅠㅜ\u1172\u116e]", _KO_CRY),  # NFKC turns the compatibility jamo into conjoining ones
    (r"흑흑|엉엉|훌쩍", _KO_SOB),
    ("ㅋㅋ|ㅎㅎ|\u110f\u110f|\u1112\u1112", _KO_LAUGH),
    (r"슬퍼|슬프|우울|외로", make("Korean sadness words", sad=5.0, neutral=-2.0)),
    (r"화나|짜증|빡치", make("Korean annoyance words", frustrated=5.0, neutral=-2.0)),
    (r"불안|걱정|무서|긴장", make("Korean worry words", anxious=5.0, neutral=-2.0)),
    (r"행복|감동|기뻐|고마워|감사|사랑해", make("Korean joy words", joy=5.0, neutral=-2.0)),
    (r"돌아가셨|장례식|세상을\s*떠", make("Korean mourning words", grief=2.0, sad=4.0, neutral=-2.0)),
    (r"보고\s*싶", make("Korean 'I miss you'", sad=4.0, neutral=-2.0)),  # said to friends too: missing, not mourning
    (r"泣", _SOB),
    (r"\bput(?:ting)?\s+(?:\w+\s+){1,3}?(?:down|to\s+sleep)\b",
     make("'put … down' (a pet's death)", grief=2.0, sad=4.0, neutral=-2.0)),
    ((r"\blost\s+(?:(?:my|our)\s+(?:\w+\s+)?(?:mom|mum|mother|dad|father|grandma|grandpa|grandmother|grandfather|nana"
      r"|papa|brother|sister|son|daughter|wife|husband|dog|cat|best\s+friend|friend|uncle|aunt|baby|pet)"
      r"|(?:mom|mum|dad|grandma|grandpa|grandmother|grandfather|nana|papa))\b(?!'s)"
      r"(?!\s+(?:at|in|on)\s)"), make("'lost my …' (a death)", grief=2.0, sad=4.0, neutral=-2.0)),
    ((r"\b(?:committed|died\s+by|death\s+by)\s+suicide|\b(?:killed|shot)\s+(?:him|her|them)sel(?:f|ves)\b"
      r"|\btook\s+(?:his|her|their)\s+own\s+life\b"), make("a loss to suicide", grief=2.0, sad=4.0, neutral=-2.0)),
    (r"\br\.i\.p\b|\brest\s+in\s+peace\b", make("'rest in peace'", grief=2.0, sad=4.0, neutral=-2.0)),
    ((r"\btears\s+of\s+(?:joy|happiness)|\bcry(?:ing)?\s+(?:with|of|from)\s+(?:laughter|laughing|joy|happiness)"
      r"|\blaugh(?:ing|ed)?\s+so\s+hard\s+(?:i'?m\s+|i\s+)?(?:crying|cried|tears)|\bhappy\s+crying\b"
      r"|\bcry(?:ing)?\s+(?:because|cause|cuz|bc)\s+(?:i'?m\s+|im\s+)?(?:so\s+)?(?:happy|proud)"), _JOY_TEARS),
    # Relief and success: with crying marks these are happy tears ("my code finally compiled 😭").
    ((r"\bfinally\s+(?:\w+\s+){0,3}?(?:compil(?:ed|es|ing)|works?|worked|working|pass(?:ed|es)|fixed|solved|done"
      r"|finished|merged|deployed|approved|accepted|hired|graduated|won|home|here|over|got\s+(?:it|in|the|my|hired"
      r"|accepted|engaged))\b(?!\s+(?:away|on|out)\b)"), make("'finally' + success (relief)", success=True, joy=2.0,
                                                            frustrated=-1.5, neutral=-1.0)),
    ((r"(?:^\s*|\b(?:i|we|she|he|they|i've|we've)\s+)(?:just\s+|finally\s+|actually\s+|totally\s+)?(?:passed|aced|nailed"
      r"|won|graduated|got\s+(?:in|into|accepted|hired|engaged|the\s+job|promoted)|got\s+an?\s+(?:a|offer|job))\b"
      r"(?!\s+(?:away|on|out)\b)"), _SUCCESS),
    (r"\bmiss\s+(?:her|him|them|you)\s+so\s+(?:much|bad)", make("'miss her so much'", grief=1.0, sad=4.0, neutral=-2.0)),
    # A thing that "died" is no one's death: this takes back the grief the word 'died' brings.
    ((r"\b(?:phone|battery|laptop|computer|pc|car|tablet|headphones|airpods|console|controller|server|router|printer"
      r"|keyboard|mouse|tv|fridge|macbook|iphone|ps5|xbox|kindle|charger|hard\s+drive|disk|engine|wifi|wi-fi|internet"
      r"|connection|power|signal)\s+(?:just\s+|finally\s+|again\s+"
      r"|totally\s+|completely\s+)?(?:died|dead|is\s+dead)\b"), make("a device died, not a someone", grief=-1.0,
                                                                    frustrated=1.0)),
)
