"""Copy and subset crybot's caption fonts from Debian's font packages into assets/fonts."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

# Debian packages that provide the sources: apt-get install fonts-inter fonts-noto-cjk fonts-noto-color-emoji
INTER = Path("/usr/share/fonts/opentype/inter")
CJK_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
EMOJI = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
LICENCES = {
    "Inter-LICENSE.txt": Path("/usr/share/doc/fonts-inter/copyright"),
    "NotoSansCJK-LICENSE.txt": Path("/usr/share/doc/fonts-noto-cjk/copyright"),
    "NotoColorEmoji-LICENSE.txt": Path("/usr/share/doc/fonts-noto-color-emoji/copyright"),
}
CJK_FACE = 0  # the JP face: kanji in Japanese forms; Hangul and kana are the same in every face


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


def subset_cjk(target: Path) -> None:
    """Write the CJK subset, outlines only, without hinting to keep it small."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    font = TTCollection(str(CJK_TTC)).fonts[CJK_FACE]
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(cjk_codepoints()))
    subsetter.subset(font)
    font.save(str(target))


def main(argv: list[str] | None = None) -> int:
    """Build assets/fonts from the system's font packages."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "assets" / "fonts")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    missing = [p for p in [INTER, CJK_TTC, EMOJI, *LICENCES.values()] if not p.exists()]
    if missing:
        print("missing (install fonts-inter fonts-noto-cjk fonts-noto-color-emoji):", *missing, file=sys.stderr)
        return 1
    for name in ("InterDisplay-Black.otf", "InterDisplay-Bold.otf"):
        shutil.copyfile(INTER / name, out / name)
    shutil.copyfile(EMOJI, out / "NotoColorEmoji.ttf")
    subset_cjk(out / "NotoSansCJKjp-Bold-subset.otf")
    for name, source in LICENCES.items():
        shutil.copyfile(source, out / name)
    total = sum(p.stat().st_size for p in out.iterdir())
    print(f"wrote {out} ({total / 2**20:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
