"""Load memes.yaml: read it safely, validate it with every problem located, compile what is per-message work."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError
from pydantic import ValidationError

from bot.addresses import url_problem
from bot.catalogue.model import RATING_ORDER, CatalogueModel, Meme, Settings, Trigger
from bot.catalogue.problems import (
    by_line,
    control_character,
    control_characters,
    explain_validation,
    located,
    reported,
)
from bot.catalogue.yamlmap import DuplicateKey, Path_, YamlProblem, format_path, parse_with_lines
from bot.errors import CatalogueError
from bot.moods import DEFAULT_EMOJI, REACTIVE_MOODS, Mood
from bot.picture_limits import size_problem
from bot.story import NO_WORDS, MemeWords
from bot.triggers import TRIGGERS_MAX_PROGRAM, CompiledTrigger, TriggerProblem, Triggers, WordSet

MAX_CATALOGUE_BYTES = 2 << 20
# Far past a hand-edited catalogue; what keeps a reload, and each message's trigger matching, short whatever is in it.
MAX_MEMES = 5_000
MAX_TRIGGERS = 200
MAX_NAME_BYTES = 255  # the longest file or folder name Linux, macOS and Windows file systems accept


@dataclass(frozen=True, slots=True)
class Catalogue:
    """A validated catalogue, with its triggers compiled and its memes grouped by mood."""

    model: CatalogueModel
    path: Path
    digest: str
    triggers: tuple[CompiledTrigger, ...]
    by_mood: dict[Mood, tuple[Meme, ...]]
    pools: dict[Mood, tuple[Meme, ...]]  # by_mood with the rating filter applied
    warnings: tuple[str, ...] = ()
    text: str = field(default="", repr=False)
    _by_id: dict[str, Meme] = field(default_factory=dict, repr=False)
    _words: dict[str, MemeWords] = field(default_factory=dict, repr=False)
    url_memes: tuple[Meme, ...] = ()  # memes whose picture is fetched from a url

    @property
    def settings(self) -> Settings:
        """The catalogue-wide settings."""
        return self.model.settings

    @property
    def base(self) -> Path:
        """The folder that meme files are relative to and may not leave."""
        return self.path.parent

    def meme(self, meme_id: str) -> Meme | None:
        """Look a meme up by id."""
        return self._by_id.get(meme_id)

    def words_of(self, meme: Meme) -> MemeWords:
        """A meme's compiled `words` and `needs`."""
        return self._words.get(meme.id, NO_WORDS)

    def source(self, meme: Meme) -> Path | None:
        """The local file of a meme, or None for a url meme."""
        return (self.base / meme.file).resolve() if meme.file else None

    def emoji_for(self, mood: Mood) -> str:
        """The reaction emoji for a mood: the catalogue's choice, else the default."""
        options = self.model.moods.get(mood)
        return (options.emoji if options and options.emoji else None) or DEFAULT_EMOJI[mood] or "😢"

    def allowed(self, meme: Meme) -> bool:
        """Whether a meme passes the rating filter."""
        return RATING_ORDER[meme.rating] <= RATING_ORDER[self.settings.max_rating]

    def extra_words(self) -> dict[Mood, tuple[str, ...]]:
        """Admin-added words per mood, for the emotion reader."""
        return {mood: options.words for mood, options in self.model.moods.items() if options.words}


def load_catalogue(path: Path, *, text: str | None = None) -> Catalogue:
    """Load and validate a catalogue (or `text` as if it were that file); raise CatalogueError listing every problem."""
    path = Path(path)
    try:
        return _load(path, text)
    except CatalogueError as exc:
        raise CatalogueError(reported(exc.problems, name=path.name)) from None


def _load(path: Path, text: str | None) -> Catalogue:
    """Load and validate, raising CatalogueError with every problem found."""
    name = path.name
    text = _read_text(path) if text is None else text
    try:
        parsed = parse_with_lines(text)
    except YamlProblem as exc:
        raise CatalogueError([f"{name}:{exc.line}: {exc.message}"]) from None
    data, lines = parsed.data, parsed.lines
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}, not a mapping"
        raise CatalogueError([f"{name}:1: the catalogue is {what}; it needs at least 'version', 'memes' and 'safety'"])
    problems = [_duplicate_problem(name, d) for d in parsed.duplicates]
    too_many = _size_problems(data, lines, name=name)
    if too_many:  # compiling them one by one would only bury this
        raise CatalogueError(too_many + problems)
    problems += control_characters(data, lines, name=name)
    problems += _check_raw(data, lines, name=name, base=path.parent.resolve())
    triggers, trigger_problems = _compile_triggers(data, lines, name=name)
    problems += trigger_problems
    meme_words, word_problems = _compile_meme_words(data, lines, name=name)
    problems += word_problems
    try:
        model = CatalogueModel.model_validate(data)
    except ValidationError as exc:
        problems = explain_validation(CatalogueModel, exc, name=name, lines=lines) + problems
        raise CatalogueError(by_line(problems)) from None
    if problems:
        raise CatalogueError(by_line(problems))
    words = {meme.id: meme_words[index] for index, meme in enumerate(model.memes) if index in meme_words}
    return _build(model, path, text, triggers, words)


def _size_problems(data: dict[str, Any], lines: dict[Path_, int], *, name: str) -> list[str]:
    """A catalogue holding more memes or triggers than crybot serves (the parser stops far longer lists sooner)."""
    problems = []
    for key, limit, advice in (("memes", MAX_MEMES, "split it"), ("triggers", MAX_TRIGGERS, "merge word lists")):
        count = len(data[key]) if isinstance(data.get(key), list) else 0
        if count > limit:
            message = f"{count:,} {key}; a catalogue holds at most {limit:,} ({advice}, or remove some)"
            problems.append(located(name, lines, (key,), message))
    return problems


def _read_text(path: Path) -> str:
    """Read the file as UTF-8 text, refusing what is too large or not text."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_CATALOGUE_BYTES:
            raise CatalogueError([f"{name}:1: the file is {size / 2**20:.1f} MB; the limit is {MAX_CATALOGUE_BYTES >> 20} MB"])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogueError([f"{name}: file not found: {path}"]) from None
    except OSError as exc:
        raise CatalogueError([f"{name}: cannot read the file ({exc.strerror})"]) from None
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise CatalogueError([f"{name}:{line}: the file is binary, not YAML text"])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogueError([f"{name}:{line}: the file is not UTF-8 text"]) from None


def _items(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mapping items of a top-level list, with their indexes; anything else is left to pydantic."""
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _duplicate_problem(name: str, duplicate: DuplicateKey) -> str:
    """A key given twice in one mapping, at the line of the second."""
    key = duplicate.path[-1]
    return (
        f"{name}:{duplicate.line}: {format_path(duplicate.path)}: duplicate key '{key}' "
        f"(first given on line {duplicate.first_line}); keep one"
    )


def _check_raw(data: dict[str, Any], lines: dict[Path_, int], *, name: str, base: Path) -> list[str]:
    """Checks pydantic cannot make alone: unique ids, and files inside the folder and readable."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    settings = data.get("settings")
    allow_private = isinstance(settings, dict) and settings.get("allow_private_urls") is True
    for index, meme in _items(data, "memes"):
        meme_id = meme.get("id")
        if isinstance(meme_id, str):
            if meme_id in seen:
                message = f"duplicate id '{meme_id}' (first used by memes[{seen[meme_id]}])"
                problems.append(located(name, lines, ("memes", index, "id"), message))
            seen.setdefault(meme_id, index)
        file = meme.get("file")
        if isinstance(file, str) and file and not control_character(file):  # those are reported on their own
            problem = _file_problem(base, file)
            if problem:
                problems.append(located(name, lines, ("memes", index, "file"), problem))
        url = meme.get("url")
        web = isinstance(url, str) and url.startswith(("http://", "https://"))  # other shapes: the model says why
        problem = url_problem(str(url), allow_private=allow_private) if web else None
        if problem:  # a name is judged once resolved, at fetch time; an address written out is refused now
            problems.append(located(name, lines, ("memes", index, "url"), problem))
    return problems


def _compile_triggers(
    data: dict[str, Any], lines: dict[Path_, int], *, name: str
) -> tuple[tuple[CompiledTrigger, ...], list[str]]:
    """Compile every trigger that is valid on its own; what RE2 refuses or cannot run cheaply becomes a problem."""
    compiled: list[CompiledTrigger] = []
    problems: list[str] = []
    for index, raw in _items(data, "triggers"):
        try:
            trigger = Trigger.model_validate(raw)
        except ValidationError:
            # Validating the whole catalogue reports this trigger's mistakes; its words or regex are still
            # checked alone, so a typo in its mood does not hide a pattern that would be refused next.
            try:
                trigger = Trigger.model_validate({k: v for k, v in raw.items() if k in ("words", "regex")})
            except ValidationError:
                continue
        try:
            compiled.append(CompiledTrigger(index, trigger))
        except TriggerProblem as exc:
            problems.append(located(name, lines, ("triggers", index, *exc.where), exc.message))
    size = sum(trigger.size for trigger in compiled)
    if size > TRIGGERS_MAX_PROGRAM:
        message = (
            f"together the triggers compile to {size:,} RE2 instructions, and every message runs them; the limit "
            f"is {TRIGGERS_MAX_PROGRAM:,}: merge word lists into fewer triggers (each adds word boundaries), "
            "or remove some"
        )
        problems.append(located(name, lines, ("triggers",), message))
    return Triggers(compiled), problems


def _compile_meme_words(
    data: dict[str, Any], lines: dict[Path_, int], *, name: str
) -> tuple[dict[int, MemeWords], list[str]]:
    """Compile each meme's `words` and `needs` as trigger words are compiled; what cannot be matched is a problem."""
    compiled: dict[int, MemeWords] = {}
    problems: list[str] = []
    for index, raw in _items(data, "memes"):
        lists = {key: raw.get(key) for key in ("words", "needs")}
        usable = {
            key: tuple(value)
            for key, value in lists.items()
            if isinstance(value, list) and value and all(isinstance(w, str) and w.strip() for w in value)
        }
        if not usable:
            continue  # nothing to compile; pydantic reports lists that are not lists of words
        try:
            compiled[index] = MemeWords(
                words=WordSet(usable["words"], field="words") if "words" in usable else None,
                needs=WordSet(usable["needs"], field="needs") if "needs" in usable else None,
            )
        except TriggerProblem as exc:
            problems.append(located(name, lines, ("memes", index, *exc.where), exc.message))
    return compiled, problems


def _file_problem(base: Path, file: str) -> str | None:
    """Why a meme's file cannot be used, or None when it is a readable image inside the folder."""
    longest = max(len(part.encode("utf-8", "surrogatepass")) for part in file.split("/"))
    if longest > MAX_NAME_BYTES:
        return f"a name in the file path is {longest} bytes long; file systems allow {MAX_NAME_BYTES}"
    try:
        target = (base / file).resolve()
        if not target.is_relative_to(base):
            return f"file '{file}' is outside the catalogue's folder"
        if target.is_dir():
            return f"file '{file}' is a folder, not an image file"
        if not target.is_file():
            return f"file not found: '{file}'"
    except (OSError, ValueError) as exc:  # a name the system refuses: too long a path, or not encodable
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "the system refuses the name"
        return f"file '{file}' cannot be opened ({reason})"
    try:
        with Image.open(target) as image:
            size = image.size
            frames = getattr(image, "n_frames", 1)
        with Image.open(target) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        return f"file '{file}' is not an image that can be read"
    too_large = size_problem(*size, frames)
    return f"file '{file}': {too_large}" if too_large else None


def _private_url_warning(model: CatalogueModel, path: Path) -> tuple[str, ...]:
    """The operator's reminder when url memes may reach into their own network."""
    if not model.settings.allow_private_urls:
        return ()
    warning = (f"{path.name}: settings.allow_private_urls is on: url memes may be fetched from loopback and private "
               "addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7); keep it off unless you host the images")
    return (warning,)


def _build(
    model: CatalogueModel,
    path: Path,
    text: str,
    triggers: tuple[CompiledTrigger, ...],
    words: dict[str, MemeWords] | None = None,
) -> Catalogue:
    """Group memes by mood and keep the compiled triggers: the work no message should repeat."""
    by_mood: dict[Mood, tuple[Meme, ...]] = {
        mood: tuple(m for m in model.memes if mood in m.moods) for mood in REACTIVE_MOODS
    }
    limit = RATING_ORDER[model.settings.max_rating]
    pools = {mood: tuple(m for m in memes if RATING_ORDER[m.rating] <= limit) for mood, memes in by_mood.items()}
    warnings = tuple(
        f"{path.name}: no meme for mood '{mood}' within max_rating; it will borrow from a fallback"
        for mood, memes in pools.items()
        if not memes
    ) + _private_url_warning(model, path)
    return Catalogue(
        model=model,
        path=path.resolve(),
        digest=hashlib.sha256(text.encode()).hexdigest()[:16],
        triggers=triggers,
        by_mood=by_mood,
        pools=pools,
        warnings=warnings,
        text=text,
        _by_id={m.id: m for m in model.memes},
        _words=words or {},
        url_memes=tuple(m for m in model.memes if m.url),
    )
