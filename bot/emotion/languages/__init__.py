"""The languages the emotion reader knows besides English and Korean: one data file each, read by one loader.

Each `<code>.yaml` here holds one language: its common words (the language guess, and the hint that a message
typed in plain ASCII letters may be in it), its signs (crying and laughing marks, read in every message), its
cues (words and phrases for each feeling, read when a message looks like another language), and its crisis
phrases (read in every message, above every mood). Every entry names the source it came from.
`guess.guess_language(text)` is a cheap guess at a message's language, from the same files.
"""

from __future__ import annotations

from bot.emotion.languages.loader import Language, load_languages

__all__ = ["Language", "load_languages"]
