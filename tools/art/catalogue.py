"""Every picture in the set, with the moods, alt text and caption room the catalogue gives it."""

from __future__ import annotations

from art.pics import cats, faces, grief, kdrama, people
from art.registry import Art

ART: tuple[Art, ...] = (
    # The crying cat: sad first, and frustrated too.
    Art(
        id="crying-cat-classic",
        moods=("sad", "frustrated"),
        alt="A white cat with huge teary eyes looking up, tears running down its cheeks and its lower lip trembling",
        draw=cats.crying_cat_classic,
    ),
    Art(
        id="crying-cat-tears",
        moods=("sad",),
        alt="Animated: a white cat with big wet eyes, tears streaming down its face and dripping in a loop",
        draw=cats.crying_cat_tears,
        frames=16,
        duration=90,
    ),
    Art(
        id="crying-cat-thumbs-up",
        moods=("sad", "frustrated"),
        alt="A white cat crying with a brave little smile, holding up a thumbs-up paw as if to say it is fine",
        draw=cats.crying_cat_thumbs_up,
    ),
    Art(
        id="crying-cat-emoji",
        moods=("sad",),
        alt="A round yellow cat face, the crying-cat emoji, with a worried frown and one big tear",
        draw=cats.crying_cat_emoji,
        caption=("bar", "top"),
    ),
    Art(
        id="angry-crying-cat",
        moods=("frustrated",),
        alt="An orange tabby cat glaring under heavy brows, teeth gritted, tears streaming anyway, an anger mark by its ear",
        draw=cats.angry_crying_cat,
    ),
    Art(
        id="anxious-cat",
        moods=("anxious",),
        alt="A grey cat with its ears pressed back, wide eyes with tiny pupils, a wobbly mouth and sweat drops",
        draw=cats.anxious_cat,
    ),
    Art(
        id="happy-tears-cat",
        moods=("joy",),
        alt="A white cat smiling with its eyes shut tight, happy tears at the corners, sparkles on a pink background",
        draw=cats.happy_tears_cat,
    ),
    # The crying man: sincere, quiet.
    Art(
        id="crying-man-quiet",
        moods=("sad",),
        alt="A man in a dark sweater with his eyes lowered and brows drawn together, a single tear running down his cheek",
        draw=people.crying_man_quiet,
    ),
    Art(
        id="crying-man-proud",
        moods=("joy",),
        alt="A man smiling softly with tears running down both cheeks, warm light behind him: proud, moved tears",
        draw=people.crying_man_proud,
    ),
    Art(
        id="crying-man-rain",
        moods=("sad",),
        alt="Animated: a man crying quietly under his own small grey rain cloud, rain falling around him",
        draw=people.crying_man_rain,
        frames=12,
        duration=100,
        caption=("classic", "bottom"),
    ),
    # K-drama sobbing: joy, despair and mild inconvenience, all played big.
    Art(
        id="kdrama-waterfall",
        moods=("sad", "frustrated", "joy"),
        alt="Animated: a woman with a black bob wailing with her eyes squeezed shut, tears gushing out in two waterfalls",
        draw=kdrama.kdrama_waterfall,
        frames=12,
        duration=80,
    ),
    Art(
        id="kdrama-sob-shake",
        moods=("sad", "frustrated"),
        alt="Animated: a woman with a black bob shaking with sobs, hands on her cheeks, tears pouring straight down from shut eyes",
        draw=kdrama.kdrama_sob_shake,
        frames=12,
        duration=70,
    ),
    Art(
        id="kdrama-tear-river",
        moods=("frustrated", "sad"),
        alt="A woman sobbing so hard she sits neck-deep in a lake of her own tears while a paper boat floats by",
        draw=kdrama.kdrama_tear_river,
        caption=("bar", "top"),
    ),
    Art(
        id="kdrama-happy-sob",
        moods=("joy",),
        alt="A woman beaming with her eyes crinkled shut, happy tears streaming down in arcs, hearts floating around her",
        draw=kdrama.kdrama_happy_sob,
    ),
    # Emoji-style faces.
    Art(
        id="happy-tears-face",
        moods=("joy",),
        alt="A round yellow face holding back tears: big glossy brimming eyes, raised brows and a tiny smile",
        draw=faces.happy_tears_face,
    ),
    Art(
        id="tears-of-joy-laugh",
        moods=("joy",),
        alt="Animated: a yellow face laughing with its mouth wide open, bouncing, tears of laughter flying from its eyes",
        draw=faces.tears_of_joy_laugh,
        frames=12,
        duration=70,
    ),
    Art(
        id="frustrated-tears-clench",
        moods=("frustrated",),
        alt="A red face with its eyes squeezed shut and teeth clenched, tears bursting out sideways, steam and an anger mark",
        draw=faces.frustrated_tears_clench,
    ),
    Art(
        id="frustrated-steam",
        moods=("frustrated",),
        alt="Animated: a furious red face shaking, crying through gritted teeth while steam puffs from both sides of its head",
        draw=faces.frustrated_steam,
        frames=10,
        duration=70,
    ),
    Art(
        id="anxious-sweat",
        moods=("anxious",),
        alt="A round face turning pale blue with worry: raised brows, wide eyes, a wavy mouth and sweat on its brow",
        draw=faces.anxious_sweat,
    ),
    Art(
        id="anxious-shiver",
        moods=("anxious",),
        alt="Animated: a pale worried face trembling, its eyes darting from side to side as a sweat drop slides down",
        draw=faces.anxious_shiver,
        frames=12,
        duration=80,
    ),
    Art(
        id="anxious-papers",
        moods=("anxious",),
        alt="A sweating worried face peeking over a tall stack of papers while a wall clock shows nearly midnight",
        draw=faces.anxious_papers,
        caption=("bar", "top"),
    ),
    # Grief: gentle, still, never a joke.
    Art(
        id="grief-candle",
        moods=("grief",),
        alt="Animated: a single white candle burning in a dark room, its small flame flickering softly",
        draw=grief.grief_candle,
        smooth=True,
        frames=16,
        duration=110,
    ),
    Art(
        id="grief-wilting-flower",
        moods=("grief", "sad"),
        alt="A single pink flower in a glass vase with its head bowed, one petal fallen on the table",
        draw=grief.grief_wilting_flower,
    ),
    Art(
        id="grief-rain-window",
        moods=("grief", "sad"),
        alt="Animated: rain running down a window at dusk with blurred lights outside and a cup of tea on the sill",
        draw=grief.grief_rain_window,
        smooth=True,
        frames=16,
        duration=100,
    ),
    Art(
        id="grief-empty-chair",
        moods=("grief",),
        alt="An empty green armchair in lamplight with a folded plaid blanket over its arm and reading glasses on a side table",
        draw=grief.grief_empty_chair,
    ),
    Art(
        id="grief-paw-glow",
        moods=("grief",),
        alt="A paw print made of soft golden light glowing among quiet stars in a night sky",
        draw=grief.grief_paw_glow,
    ),
)
