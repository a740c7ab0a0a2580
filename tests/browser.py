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


@asynccontextmanager
async def launch_page(profile_dir: Path, *, width: int = 1000, height: int = 760) -> AsyncIterator[Page]:
    """Yield a fresh page in headless Chromium with its own profile; skip when none can start."""
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
    async with async_playwright() as playwright:
        try:
            context = await playwright.chromium.launch_persistent_context(
                str(profile_dir),
                executable_path=str(chromium),
                headless=True,
                args=list(CHROMIUM_ARGS),
                viewport={"width": width, "height": height},
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
