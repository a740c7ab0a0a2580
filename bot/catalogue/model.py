"""The shape of memes.yaml, as pydantic models; field names are the admins' contract."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.events import MAX_COOLDOWN
from bot.moods import Mood

Rating = Literal["safe", "mild", "spicy"]
RATING_ORDER: dict[str, int] = {"safe": 0, "mild": 1, "spicy": 2}
CaptionStyle = Literal["classic", "bar"]
CaptionPosition = Literal["top", "bottom"]
TriggerMood = Literal["auto", "sad", "grief", "frustrated", "anxious", "joy"]
# Room for a long alternation; what bounds a pattern's cost is its compiled size (bot.triggers).
MAX_PATTERN_CHARS = 4000


class _Strict(BaseModel):
    """Frozen, and unknown keys are mistakes worth reporting."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def _no_blank_words(words: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Reject empty words, which would match everything or nothing."""
    if words and any(not w.strip() for w in words):
        raise ValueError("a word in the list is empty")
    return words


class Settings(_Strict):
    """Behaviour switches that apply to every channel unless it overrides them."""

    autoreply: bool = True
    reply_with: Literal["meme", "reaction"] = "meme"
    reply_in: Literal["thread", "channel"] = "thread"
    channel_cooldown: float = Field(default=60, ge=0, le=MAX_COOLDOWN)
    user_cooldown: float = Field(default=300, ge=0, le=MAX_COOLDOWN)
    min_confidence: float = Field(default=0.4, ge=0, le=1)
    max_rating: Rating = "mild"
    allow_private_urls: bool = False  # url memes may come from loopback and private addresses (your own network)
    crisis_support: Literal["private", "channel"] = "private"  # auto-replies: to the person alone, or in the channel


class MoodSettings(_Strict):
    """Per-mood options: the reaction emoji and admin words that signal the mood."""

    emoji: str | None = Field(default=None, min_length=1, max_length=64)
    words: tuple[str, ...] = ()


class Trigger(_Strict):
    """What makes the bot consider an auto-reply: whole words, or a linear-time regex."""

    words: tuple[str, ...] | None = Field(default=None, min_length=1)
    regex: str | None = Field(default=None, min_length=1, max_length=MAX_PATTERN_CHARS)
    mood: TriggerMood = "auto"
    chance: float = Field(default=1.0, gt=0, le=1)

    _words_not_blank = field_validator("words")(_no_blank_words)

    @model_validator(mode="after")
    def _one_kind(self) -> Trigger:
        """Exactly one of words and regex."""
        if (self.words is None) == (self.regex is None):
            raise ValueError("a trigger needs exactly one of 'words' or 'regex'")
        return self

    def describe(self) -> str:
        """A short label for logs and explanations."""
        return f"regex {self.regex!r}" if self.regex is not None else f"words {list(self.words or ())}"


class Caption(_Strict):
    """Where a meme's caption goes and how it looks: classic text at the bottom, or a bar on top."""

    style: CaptionStyle = "classic"
    position: CaptionPosition = "bottom"

    @model_validator(mode="before")
    @classmethod
    def _position_follows_style(cls, data: Any) -> Any:
        """A caption bar sits above the picture unless the admin says otherwise."""
        if isinstance(data, dict) and "position" not in data and data.get("style") == "bar":
            return {**data, "position": "top"}
        return data


class Meme(_Strict):
    """One picture the bot may post."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    file: str | None = Field(default=None, min_length=1, max_length=400)
    url: str | None = Field(default=None, pattern=r"^https?://\S{1,2000}$")
    moods: tuple[Mood, ...] = Field(min_length=1)
    alt: str = Field(min_length=1, max_length=1000)
    weight: float = Field(default=1.0, gt=0, le=1000)
    credit: str = ""
    rating: Rating = "safe"
    caption: Caption = Caption()
    # What the meme fits beyond its moods, matched in the message as trigger words are (whole words, any case,
    # with endings): `words` put it before the others when the message mentions one; `needs` keep it out
    # unless the message mentions one (a pet-loss picture needs a pet).
    words: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()

    _words_not_blank = field_validator("words", "needs")(_no_blank_words)

    @model_validator(mode="after")
    def _one_source(self) -> Meme:
        """Exactly one of file and url."""
        if (self.file is None) == (self.url is None):
            raise ValueError("a meme needs exactly one of 'file' or 'url'")
        return self


class Safety(_Strict):
    """What the bot says instead of a meme when someone may be in danger."""

    crisis_reply: str = Field(min_length=1, max_length=1900)


class CatalogueModel(_Strict):
    """The whole memes.yaml document."""

    version: Literal[1]
    settings: Settings = Settings()
    moods: dict[Mood, MoodSettings] = {}
    triggers: tuple[Trigger, ...] = ()
    memes: tuple[Meme, ...] = Field(min_length=1)
    safety: Safety
