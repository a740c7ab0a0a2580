"""Launch Debian's Chromium headless through Playwright, or skip the test with the reason."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.async_api import Page

# Debian's package, never a Playwright download: the machine may be offline.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
CHROMIUM_ENV = "CRYBOT_CHROMIUM"  # another Chromium-based browser, e.g. /usr/bin/google-chrome
INSTALL_HINT = "install it with `apt-get install -y chromium` (or `make browser`), or set CRYBOT_CHROMIUM"
BUNDLED_FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
  <!-- DejaVu Sans has black-and-white emoji and, as the first sans-serif, wins over the colour font;
       desktop UI fonts have none, so leaving it out shows emoji as people see them. -->
  <selectfont>
    <rejectfont>
      <glob>*/DejaVuSans.ttf</glob>
      <glob>*/DejaVuSans-*.ttf</glob>
      <glob>*/DejaVuSansCondensed*.ttf</glob>
    </rejectfont>
  </selectfont>
  <!-- Then a sans-serif is still a sans-serif, not the next font on the list (a serif). -->
  <alias binding="strong"><family>sans-serif</family><prefer><family>Liberation Sans</family></prefer></alias>
  <alias binding="strong"><family>system-ui</family><prefer><family>Liberation Sans</family></prefer></alias>
</fontconfig>
"""


def find_chromium() -> Path | None:
    """Return the path of an installed Chromium (CRYBOT_CHROMIUM wins when set), or None."""
    chosen = os.environ.get(CHROMIUM_ENV)
    if chosen:
        return Path(chosen) if Path(chosen).is_file() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else None


def bundled_fonts_env(folder: Path) -> dict[str, str]:
    """An environment whose fontconfig adds the repository's fonts to the system's, written under folder."""
    # A bare server often has no CJK or colour-emoji fonts: Hangul trigger words would show as empty boxes.
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "fonts.conf"
    config.write_text(FONTCONFIG.format(fonts=BUNDLED_FONTS, cache=folder / "cache"), encoding="utf-8")
    return dict(os.environ) | {"FONTCONFIG_FILE": str(config)}


@asynccontextmanager
async def launch_page(
    profile_dir: Path, *, width: int = 1000, height: int = 760, bundled_fonts: bool = False
) -> AsyncIterator[Page]:
    """Yield a fresh page in headless Chromium with its own profile (and our fonts); skip if none starts."""
    try:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import async_playwright
    except ImportError:
        pytest.skip("playwright (python) is not installed: .venv/bin/pip install playwright")
    chromium = find_chromium()
    if chromium is None:
        where = os.environ.get(CHROMIUM_ENV) or ", ".join(CHROMIUM_CANDIDATES)
        pytest.skip(f"no Chromium found at {where}; {INSTALL_HINT}")
    profile_dir.mkdir(parents=True, exist_ok=True)
    env = bundled_fonts_env(profile_dir.parent / "fontconfig") if bundled_fonts else None
    async with async_playwright() as playwright:
        try:
            context = await playwright.chromium.launch_persistent_context(
                str(profile_dir),
                executable_path=str(chromium),
                headless=True,
                args=list(CHROMIUM_ARGS),
                viewport={"width": width, "height": height},
                env=env,
                timeout=30_000,
            )
        except PlaywrightError as error:
            pytest.skip(f"Chromium at {chromium} would not start headless: {error.message[:200]}")
        try:
            context.set_default_timeout(10_000)
            page = context.pages[0] if context.pages else await context.new_page()
            yield page
        finally:
            await context.close()
