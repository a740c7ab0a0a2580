"""Launch Debian's Chromium headless through Playwright, or skip the test with the reason."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tools.chromium import CHROMIUM_ARGS, CHROMIUM_CANDIDATES, CHROMIUM_ENV, INSTALL_HINT, find_chromium

if TYPE_CHECKING:
    from playwright.async_api import Page

__all__ = ["CHROMIUM_ARGS", "find_chromium", "launch_page"]


@asynccontextmanager
async def launch_page(profile_dir: Path, *, width: int = 1000, height: int = 760) -> AsyncIterator[Page]:
    """Yield a fresh page in headless Chromium with its own profile and only the machine's fonts; skip if none starts.

    The playground brings its own faces (Hangul, kana, colour emoji): tests see what a bare server's browser shows.
    """
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
