"""Caption rendering for crybot: stills and animations, safe with untrusted pictures, cached by content."""

from __future__ import annotations

from bot.render.model import CaptionStyle, Rendered, RenderError
from bot.render.renderer import Renderer

__all__ = ["CaptionStyle", "RenderError", "Rendered", "Renderer"]
