"""The playground draws every text it shows with its own bundled faces, from the first paint, emoji in colour.

Chromium here is launched with only the machine's fonts (on a bare server: DejaVu and Liberation, no Hangul, no
colour emoji). Which face drew each glyph is asked of Chromium itself (DevTools' CSS.getPlatformFontsForNode), and
colour is read from the pixels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.test_web_e2e import Playground, open_playground

pytest.importorskip("playwright", reason="playwright (python) is not installed: .venv/bin/pip install playwright")
from playwright.async_api import CDPSession, expect

CRYING = ["ㅠㅠ", "ㅜㅜ", "흑흑", "엉엉", "🥲", "🥹", "😭", "T_T"]
TRIGGERS = [{"words": CRYING, "mood": "auto"}]
OUR_FACES = ("Inter", "Noto Color Emoji", "Noto Sans CJK JP")

# Recorded for every text added to the page while it shows, before it can be painted: were its faces loaded?
FIRST_PAINT = """
window.unreadyAtFirstPaint = [];
new MutationObserver((records) => {
  if (!document.body || document.body.classList.contains("fonts-loading")) return;  // hidden: nothing painted yet
  for (const record of records) for (const node of record.addedNodes) {
    if (!(node instanceof HTMLElement)) continue;
    for (const part of [node, ...node.querySelectorAll("*")]) {
      const own = [...part.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.data).join("");
      if (!own.trim()) continue;
      const style = getComputedStyle(part);
      const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      if (!document.fonts.check(font, own)) window.unreadyAtFirstPaint.push(own);
    }
  }
}).observe(document, { childList: true, subtree: true });
"""


async def faces_of(cdp: CDPSession, selector: str) -> list[dict[str, Any]]:
    """The faces Chromium drew an element's text with, and how many glyphs each drew."""
    document = await cdp.send("DOM.getDocument", {"depth": 0})
    found = await cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
    assert found["nodeId"], f"nothing matches {selector}"
    return list((await cdp.send("CSS.getPlatformFontsForNode", {"nodeId": found["nodeId"]}))["fonts"])


def system_faces(faces: list[dict[str, Any]]) -> list[str]:
    """The faces that are not the page's own (a system font, or a box for a missing glyph)."""
    return [f"{f['familyName']} ({f['glyphCount']} glyphs)" for f in faces if not f["isCustomFont"]]


async def test_every_text_is_drawn_with_the_bundled_faces_from_its_first_paint(tmp_path: Path) -> None:
    async with open_playground(tmp_path, triggers=TRIGGERS, first_script=FIRST_PAINT) as playground:
        page = playground.page
        cdp = await page.context.new_cdp_session(page)
        await cdp.send("DOM.enable")
        await cdp.send("CSS.enable")
        await expect(page.locator("#triggers code")).to_have_count(len(CRYING))
        for index, word in enumerate(CRYING, start=1):
            faces = await faces_of(cdp, f"#triggers li:first-child code:nth-of-type({index})")
            assert system_faces(faces) == [], f"the trigger chip {word} is drawn with {faces}"
            assert {f["familyName"] for f in faces} <= set(OUR_FACES)

        await playground.say("아무도 안 왔어 ㅠㅠ 😢")  # the first Korean message of the session
        text = "#log li.mine p.text"
        faces = await faces_of(cdp, text)
        assert system_faces(faces) == [], f"the first Korean message is drawn with {faces}"
        # Plain text is regular: Hangul from the Regular face, not the captions' Bold.
        assert [f["postScriptName"] for f in faces if "CJK" in f["familyName"]] == ["NotoSansCJKjp-Regular"]
        for selector in ("#chat-title", "#composer button#send", "#catalogue-title", "#log li.bot .why summary"):
            assert system_faces(await faces_of(cdp, selector)) == [], selector
        assert await page.evaluate("window.unreadyAtFirstPaint") == []
        await _expect_colour_emoji(playground, text, tmp_path / "message.png")


async def _expect_colour_emoji(playground: Playground, selector: str, shot: Path) -> None:
    """The emoji in an element are drawn in colour: black-and-white outlines have no saturated pixel."""
    await playground.page.locator(selector).screenshot(path=shot)
    with Image.open(shot) as image:
        raw = image.convert("RGB").tobytes()
    pixels = (raw[i : i + 3] for i in range(0, len(raw), 3))
    colourful = sum(1 for pixel in pixels if max(pixel) - min(pixel) > 90)
    assert colourful > 20, f"only {colourful} colourful pixels: the emoji are drawn without colour"
