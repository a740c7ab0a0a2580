"""The reader understands feelings in Spanish, Portuguese, French, German, Japanese, Russian, Chinese and Polish."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue.load import load_catalogue
from bot.emotion import EmotionReader, Reading
from bot.emotion.languages import load_languages
from bot.emotion.languages.finder import LanguageCues
from bot.emotion.languages.guess import guess_language
from bot.emotion.languages.loader import LanguageError, parse_language
from bot.explain import explain

ROOT = Path(__file__).resolve().parents[1]
NAMES = {"es": "Spanish", "pt": "Portuguese", "fr": "French", "de": "German", "ja": "Japanese", "ru": "Russian",
         "zh": "Chinese", "pl": "Polish"}


@pytest.fixture(scope="module")
def reader() -> EmotionReader:
    return EmotionReader()


def _cues(reading: Reading) -> str:
    return " | ".join(reading.cues)


# Per language: a death, tears of joy, something small going wrong, nerves.
MOODS = [
    ("es", "mi abuelo falleció esta mañana", "grief"),
    ("es", "lloré de felicidad cuando me dieron la noticia", "joy"),
    ("es", "estoy harto, el wifi no funciona otra vez", "frustrated"),
    ("es", "tengo mucha ansiedad por el examen", "anxious"),
    ("pt", "meu avô faleceu ontem", "grief"),
    ("pt", "chorei de alegria com a notícia", "joy"),
    ("pt", "que raiva, a internet caiu de novo", "frustrated"),
    ("pt", "to muito nervosa com a entrevista", "anxious"),
    ("fr", "mon grand-père est décédé hier soir", "grief"),
    ("fr", "je pleure de joie", "joy"),
    ("fr", "j'en ai marre, le train est encore en retard", "frustrated"),
    ("fr", "j'angoisse pour l'entretien", "anxious"),
    ("de", "mein opa ist gestern gestorben", "grief"),
    ("de", "freudentränen!!", "joy"),
    ("de", "das nervt so, der drucker ist schon wieder kaputt", "frustrated"),
    ("de", "ich hab so angst vor der klausur", "anxious"),
    ("ja", "父が亡くなりました", "grief"),
    ("ja", "嬉し泣きした", "joy"),
    ("ja", "またバグ、イライラする", "frustrated"),
    ("ja", "面接が不安", "anxious"),
    ("ru", "дедушка скончался вчера", "grief"),
    ("ru", "слёзы радости", "joy"),
    ("ru", "бесит, опять интернет отвалился", "frustrated"),
    ("ru", "очень волнуюсь перед собеседованием", "anxious"),
    ("zh", "我爷爷去世了", "grief"),
    ("zh", "喜极而泣", "joy"),
    ("zh", "烦死了，电脑又坏了", "frustrated"),
    ("zh", "明天面试好紧张", "anxious"),
    ("pl", "mój dziadek zmarł wczoraj", "grief"),
    ("pl", "płaczę ze szczęścia", "joy"),
    ("pl", "wkurza mnie to, znowu nie działa", "frustrated"),
    ("pl", "boję się jutrzejszego egzaminu", "anxious"),
]


@pytest.mark.parametrize(("code", "text", "mood"), MOODS)
def test_grief_joy_frustration_and_nerves_in_each_language(reader: EmotionReader, code: str, text: str,
                                                           mood: str) -> None:
    """Each reading names the words that decided it and their language, as English readings name theirs."""
    reading = reader.read(text)
    assert reading.mood == mood, reading
    assert f"({NAMES[code]})" in _cues(reading), reading


@pytest.mark.parametrize(("text", "shown"), [("se murió mi gato", "'murió' → a death (Spanish)"),
                                             ("祖母が亡くなった", "'亡くな' → loss and mourning (Japanese)")])
def test_a_reading_says_which_word_meant_what(reader: EmotionReader, text: str, shown: str) -> None:
    assert shown in reader.read(text).cues


# Each community's own crying signs count as crying: never neutral, never a laugh.
CRYING = [("es", "estoy llorando"), ("pt", "to chorando muito"), ("fr", "je pleure"), ("de", "ich heule gerade"),
          ("ja", "(´；ω；｀)"), ("ja", "ぴえん"), ("ja", "(T^T)"), ("ja", "泣"), ("ru", "(((("), ("ru", "я плачу"),
          ("zh", "呜呜呜"), ("zh", "哭了"), ("zh", "考试没过 555"), ("pl", "płaczę")]


@pytest.mark.parametrize(("code", "text"), CRYING)
def test_crying_signs_of_each_language_are_crying(reader: EmotionReader, code: str, text: str) -> None:
    reading = reader.read(text)
    assert reading.mood not in ("neutral", "joy"), reading
    assert reading.cues, reading


LAUGHING = [("es", "jajajajaja"), ("es", "jsjsjsjs"), ("pt", "kkkkkkk"), ("pt", "rsrsrs"), ("fr", "mdrrr"),
            ("fr", "ptdr"), ("de", "ich lach mich tot"), ("ja", "wwwww"), ("ja", "まじで草"), ("ru", "ахахахах"),
            ("ru", "ору"), ("zh", "哈哈哈哈"), ("zh", "2333333"), ("zh", "笑死我了"), ("pl", "XDDDD"),
            ("pl", "umieram ze śmiechu")]


@pytest.mark.parametrize(("code", "text"), LAUGHING)
def test_laughing_signs_of_each_language_are_joy(reader: EmotionReader, code: str, text: str) -> None:
    assert reader.read(text).mood == "joy"


@pytest.mark.parametrize(("text", "mood"), [("mi perro se murió, lloro", "grief"),
                                            ("aprobé el examen 😭😭", "joy"),
                                            ("la impresora no funciona, lloro", "frustrated"),
                                            ("nadie vino a mi fiesta, lloro", "sad")])
def test_the_same_tears_read_by_the_words_around_them(reader: EmotionReader, text: str, mood: str) -> None:
    """Crying words are crying; the words around them say why, as in English."""
    assert reader.read(text).mood == mood


# Dead tired, starving to death, a phone that died: a death word that is no death stays quiet.
QUIET = [("es", "estoy muerto de cansancio"), ("pt", "to morto de cansaço"), ("fr", "je suis mort de fatigue"),
         ("de", "ich bin todmüde"), ("ja", "死ぬほど眠い"), ("ru", "умираю от усталости"), ("zh", "累死了"),
         ("pl", "umieram ze zmęczenia"), ("es", "se murió mi celular"), ("es", "la reunión es a las 3"),
         ("pt", "vou almoçar, volto já"), ("fr", "la réunion est à 15h"), ("de", "das meeting ist um 10"),
         ("ja", "会議は3時からです"), ("ru", "созвон в 11"), ("zh", "我去吃午饭了"), ("pl", "idę na obiad")]


@pytest.mark.parametrize(("code", "text"), QUIET)
def test_plain_messages_and_death_idioms_stay_neutral(reader: EmotionReader, code: str, text: str) -> None:
    assert reader.read(text).mood == "neutral", reader.read(text)


@pytest.mark.parametrize("text", ["no aprobé el examen 😭", "não passei na prova 😭", "nie zdałem egzaminu 😭",
                                  "没考上 呜呜", "ich habe nicht bestanden 😭"])
def test_a_negated_success_is_no_relief(reader: EmotionReader, text: str) -> None:
    """'didn't pass' with tears is sadness, not happy tears."""
    assert reader.read(text).mood != "joy", reader.read(text)


@pytest.mark.parametrize("text", ["no quiero vivir más", "me quiero morir", "quero morrer", "não quero mais viver",
                                  "je veux en finir", "j'ai envie de mourir", "ich will mich umbringen",
                                  "ich will nicht mehr leben", "消えたい", "死にたい", "не хочу жить",
                                  "хочу покончить с собой", "活不下去了", "我想死", "chcę umrzeć", "zabiję się"])
def test_self_harm_in_each_language_gets_support_never_a_meme(reader: EmotionReader, text: str) -> None:
    """Safety above every mood, in every language: the support message on the auto-reply path, never a meme."""
    assert reader.read(text).mood == "crisis"
    result = explain(load_catalogue(ROOT / "memes.yaml"), reader.read(text + " 😭"), text + " 😭")
    assert result["action"] == "support" and result["meme"] is None


@pytest.mark.parametrize("text", ["me muero de risa", "XDDD umieram", "死ぬほど笑った", "умираю от смеха", "笑死我了",
                                  "je suis mort de rire", "ich lach mich tot"])
def test_dying_of_laughter_is_no_crisis(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood == "joy"


@pytest.mark.parametrize(("text", "mood"), [("mi abuela falleció 😭", "grief"), ("je pleure de joie 😭", "joy"),
                                            ("ich heule 😭", "sad"), ("我奶奶去世了，哭", "grief")])
def test_the_bundled_catalogue_answers_them_as_it_answers_english(reader: EmotionReader, text: str, mood: str) -> None:
    """A triggered message in another language gets a meme for its mood, as its English twin would."""
    result = explain(load_catalogue(ROOT / "memes.yaml"), reader.read(text), text)
    assert (result["mood"], result["action"]) == (mood, "meme"), result


def test_admins_extend_the_moods_in_any_language() -> None:
    """moods.<mood>.words in Japanese, Spanish or Russian: a word in a script without spaces is found inside text."""
    reader = EmotionReader(extra_words={"sad": ["寂しすぎる"], "frustrated": ["qué lata", "капец"]})
    assert reader.read("今日は寂しすぎる").mood == "sad"
    assert "admin word" in _cues(reader.read("今日は寂しすぎる"))
    assert reader.read("ay qué lata").mood == "frustrated"
    assert reader.read("ну капец").mood == "frustrated"


@pytest.mark.parametrize("text", ["my internet keeps cutting out during calls", "final exam tomorrow, so stressed",
                                  "my fiancé said yes 😭", "the build is super slow"])
def test_english_messages_are_not_read_as_another_language(reader: EmotionReader, text: str) -> None:
    """English words that another language shares ('internet', 'super') do not bring that language's cues."""
    assert not any(f"({name})" in cue for name in NAMES.values() for cue in reader.read(text).cues)


def test_every_language_file_loads_and_names_its_sources() -> None:
    languages = {language.code: language for language in load_languages()}
    assert set(languages) == set(NAMES)
    for language in languages.values():
        assert language.name == NAMES[language.code]
        assert language.cues and language.crisis
        assert all("http" in where for where in language.sources.values())


def _language(**fields: object) -> dict[str, object]:
    return {"code": "xx", "name": "Test", "sources": {"dict": "https://example.org"}, **fields}


def test_a_new_language_is_one_mapping() -> None:
    """What a contributor writes: words with a kind and a source; a trailing * is every word that starts so."""
    language = parse_language(_language(negators=["nie"], cues=[{"kind": "sad", "words": ["triste", "llor*"],
                                                                 "source": "dict"}]), where="xx.yaml")
    cues = LanguageCues(language.cues)
    assert [cue.text for cue in cues.find("ay triste")] == ["'triste' → sadness (Test)"]
    assert [cue.text for cue in cues.find("lloraba 😭")] == ["'lloraba' → sadness (Test)"]
    assert cues.find("nie triste") == []  # right after a negator
    assert cues.find("tristeza") == []  # a whole word, unless it ends in *


@pytest.mark.parametrize(("fields", "problem"), [
    ({"cues": [{"kind": "sadd", "words": ["x"], "source": "dict"}]}, "unknown kind 'sadd'"),
    ({"cues": [{"kind": "sad", "words": ["x"]}]}, "'source' must name one of"),
    ({"cues": [{"kind": "sad", "words": [False], "source": "dict"}]}, "quote yes, no"),
    ({"negators": [False]}, "quote yes, no"),
    ({"cues": [{"kind": "sad", "source": "dict"}]}, "exactly one of 'words' or 'regex'"),
    ({"code": "spanish"}, "ISO 639-1"),
])
def test_a_broken_language_file_says_what_is_wrong(fields: dict[str, object], problem: str) -> None:
    with pytest.raises(LanguageError, match=problem):
        parse_language(_language(**fields), where="xx.yaml")


@pytest.mark.parametrize(("text", "code"), [
    ("estoy muy triste hoy", "es"), ("to muito triste hoje", "pt"), ("je suis trop triste", "fr"),
    ("ich bin so traurig", "de"), ("今日は悲しい", "ja"), ("мне грустно", "ru"), ("我今天很难过", "zh"),
    ("jest mi smutno", "pl"), ("너무 슬퍼", "ko"), ("my dog died yesterday", "en"), ("😭😭", None), ("", None),
    ("12:30", None), ("мені дуже сумно, її немає", None),
])
def test_guess_language_names_the_language_or_says_it_is_unsure(text: str, code: str | None) -> None:
    assert guess_language(text) == code
