"""crybot's platform-agnostic core: read a message, decide, pick a meme."""
