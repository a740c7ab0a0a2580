"""Draw crybot's original art set into assets/: `python tools/draw_art.py [--only ID] [--out DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from art.catalogue import ART
from art.output import memes_section, readme
from art.render import save

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Draw the pictures asked for; with none named, draw all and rewrite the YAML section and README."""
    parser = argparse.ArgumentParser(description="Draw crybot's original crying art with Pillow.")
    parser.add_argument("--only", action="append", metavar="ID", help="draw just this picture (repeatable)")
    parser.add_argument("--out", type=Path, default=REPO / "assets", help="folder to write into (default: assets/)")
    parser.add_argument("--list", action="store_true", help="list the picture ids and exit")
    args = parser.parse_args(argv)
    if args.list:
        for art in ART:
            print(f"{art.id}\t{','.join(art.moods)}\t{art.filename}")
        return 0
    known = {art.id: art for art in ART}
    wanted = args.only or list(known)
    unknown = [name for name in wanted if name not in known]
    if unknown:
        print(f"draw_art: unknown id {', '.join(unknown)}; see --list", file=sys.stderr)
        return 2
    out: Path = args.out
    for name in wanted:
        path = save(known[name], out)
        print(path)
    if not args.only:
        (out / "memes-section.yaml").write_text(memes_section(ART), encoding="utf-8")
        (out / "README.md").write_text(readme(ART), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
