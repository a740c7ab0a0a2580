"""Find Debian's Chromium, never a downloaded browser: shared by the browser tests and the screenshot script."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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
