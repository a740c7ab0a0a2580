"""Hand out URLs for pictures the core rendered, and serve only those files."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from pathlib import Path
from urllib.parse import quote

from bot.events import Picture

# Enough for a long playground session; older chat pictures then answer 404.
MAX_PICTURES = 2000


class Shelf:
    """The rendered pictures the page may fetch, each behind an unguessable token."""

    def __init__(self, *, limit: int = MAX_PICTURES) -> None:
        self._limit = limit
        self._by_token: OrderedDict[str, Path] = OrderedDict()
        self._by_path: dict[Path, str] = {}

    def url_for(self, picture: Picture) -> str:
        """Put a rendered picture on the shelf and return the URL the page loads it from."""
        path = picture.path
        token = self._by_path.get(path)
        if token is None:
            token = secrets.token_urlsafe(12)
            self._by_path[path] = token
            self._by_token[token] = path
            if len(self._by_token) > self._limit:
                _, evicted = self._by_token.popitem(last=False)
                self._by_path.pop(evicted, None)
        else:
            self._by_token.move_to_end(token)
        return f"/pictures/{token}/{quote(picture.filename or path.name)}"

    def lookup(self, token: str) -> Path | None:
        """The file behind a token, when the core rendered it and it is still there."""
        path = self._by_token.get(token)
        return path if path is not None and path.is_file() else None
