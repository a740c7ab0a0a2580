"""Build assets/fonts from Debian's font packages: the caption fonts, and the playground page's web fonts.

`python tools/make_fonts.py` reads the packages installed on this machine, or with `--download` fetches them with
`apt-get download` into a temporary folder and unpacks them there (nothing is installed). `--only page` writes just
the page's fonts. Needs fontTools and brotli (`pip install '.[fonts]'`), at build time only.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGES = ("fonts-inter", "fonts-inter-variable", "fonts-noto-cjk", "fonts-noto-color-emoji")
INTER = Path("usr/share/fonts/opentype/inter")
INTER_VARIABLE = Path("usr/share/fonts/truetype/inter-vf/Inter-roman.var.ttf")
CJK_BOLD = Path("usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
CJK_REGULAR = Path("usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
EMOJI = Path("usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
LICENCES = {
    "Inter-LICENSE.txt": Path("usr/share/doc/fonts-inter/copyright"),
    "NotoSansCJK-LICENSE.txt": Path("usr/share/doc/fonts-noto-cjk/copyright"),
    "NotoColorEmoji-LICENSE.txt": Path("usr/share/doc/fonts-noto-color-emoji/copyright"),
}
CJK_FACE = 0  # the JP face: kanji in Japanese forms; Hangul and kana are the same in every face
# What the page's text face must draw: Latin with its accents, punctuation, arrows and the symbols the page prints.
PAGE_TEXT_RANGES = [
    (0x20, 0x7E), (0xA0, 0x17F), (0x2010, 0x2027), (0x2030, 0x203A), (0x2190, 0x2193), (0x20AC, 0x20AC),
    (0x2122, 0x2122), (0x2212, 0x2212),
]
PAGE_TEXT = "InterVariable-page.woff2"
PAGE_CJK_REGULAR = "NotoSansCJKjp-Regular-page.woff2"


def cjk_codepoints() -> set[int]:
    """Hangul, kana, CJK punctuation and the JIS X 0208 kanji (which hold the everyday ones)."""
    ranges = [
        (0x1100, 0x11FF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3130, 0x318F), (0x31F0, 0x31FF),
        (0xAC00, 0xD7A3), (0xFF00, 0xFFEF),
    ]
    points = {cp for lo, hi in ranges for cp in range(lo, hi + 1)}
    # JIS X 0208 rows 16-84 are the level 1 and 2 kanji; shift_jis encodes exactly that set.
    for cp in range(0x4E00, 0xA000):
        try:
            chr(cp).encode("shift_jis")
        except UnicodeEncodeError:
            continue
        points.add(cp)
    return points


def subset(source: Path, target: Path, points: set[int], *, face: int | None = None, flavor: str | None = None) -> None:
    """Write a subset of a font (one face of a collection), outlines only, without hinting to keep it small."""
    from fontTools import subset as fonttools_subset
    from fontTools.ttLib import TTCollection, TTFont

    font = TTCollection(str(source)).fonts[face] if face is not None else TTFont(str(source))
    options = fonttools_subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.flavor = flavor
    subsetter = fonttools_subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(points))
    subsetter.subset(font)
    font.flavor = flavor
    font.save(str(target))


def build_captions(root: Path, out: Path) -> None:
    """The caption fonts the renderer draws with."""
    for name in ("InterDisplay-Black.otf", "InterDisplay-Bold.otf"):
        shutil.copyfile(root / INTER / name, out / name)
    shutil.copyfile(root / EMOJI, out / "NotoColorEmoji.ttf")
    subset(root / CJK_BOLD, out / "NotoSansCJKjp-Bold-subset.otf", cjk_codepoints(), face=CJK_FACE)


def build_page(root: Path, out: Path) -> None:
    """The page's own faces: Inter for text (every weight in one variable file), Noto Sans CJK Regular beside the
    caption Bold, as WOFF2. The page uses the caption files for bold CJK and colour emoji."""
    text_points = {cp for lo, hi in PAGE_TEXT_RANGES for cp in range(lo, hi + 1)}
    subset(root / INTER_VARIABLE, out / PAGE_TEXT, text_points, flavor="woff2")
    subset(root / CJK_REGULAR, out / PAGE_CJK_REGULAR, cjk_codepoints(), face=CJK_FACE, flavor="woff2")


def unpacked_packages(work: Path) -> Path:
    """Fetch the font packages with apt-get download and unpack them under work; returns the unpacked root."""
    root = work / "root"
    subprocess.run(["apt-get", "download", *PACKAGES], cwd=work, check=True)
    for deb in sorted(work.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root


def main(argv: list[str] | None = None) -> int:
    """Build assets/fonts from the font packages."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "assets" / "fonts")
    parser.add_argument("--download", action="store_true", help="fetch the packages instead of using installed ones")
    parser.add_argument("--only", choices=["captions", "page"], help="build one set only")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        root = unpacked_packages(Path(work)) if args.download else Path("/")
        needed = [INTER_VARIABLE, CJK_BOLD, CJK_REGULAR, EMOJI, INTER / "InterDisplay-Black.otf", *LICENCES.values()]
        missing = [root / p for p in needed if not (root / p).exists()]
        if missing:
            print(f"missing (install {' '.join(PACKAGES)}, or use --download):", *missing, file=sys.stderr)
            return 1
        if args.only != "page":
            build_captions(root, out)
        if args.only != "captions":
            build_page(root, out)
        for name, source in LICENCES.items():
            shutil.copyfile(root / source, out / name)
    total = sum(p.stat().st_size for p in out.iterdir())
    print(f"wrote {out} ({total / 2**20:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
