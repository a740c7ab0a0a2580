"""The Events API endpoint in front of bolt: refuse what bolt would crash on, quietly, before it sees it.

2026-05, slack-bolt 1.30: a timestamp header that is not a number (or has thousands of digits) raises inside
bolt's signature check, which logs an ERROR with a traceback and answers 500; a signed body that is not a JSON
object (or a form whose `payload` is not one) raises in its parser and answers 500 too. Forged or broken
traffic must neither flood the log nor look like a server fault, so it gets a 4xx here and one log line a minute.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("crybot.slack")

TIMESTAMP_DIGITS = 12  # seconds since 1970 have 10 digits until the year 2286
LOG_EVERY = 60.0


class RefusalLog:
    """Log refused requests at most once per period: the first at once, then a count with the latest reason."""

    def __init__(self, *, every: float = LOG_EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self._every = every
        self._clock = clock
        self._last: float | None = None
        self._count = 0

    def note(self, reason: str) -> None:
        """Count one refusal, and log if the period since the last line has passed."""
        self._count += 1
        now = self._clock()
        if self._last is None or now - self._last >= self._every:
            log.warning("refused %d Slack request(s) in the last minute (latest: %s)", self._count, reason)
            self._last, self._count = now, 0


def guarded(
    web_app: web.Application, *, path: str, signing_secret: str, refusals: RefusalLog | None = None
) -> web.Application:
    """Put the guard in front of the Events API path of bolt's aiohttp app (from `AsyncApp.web_app`) and return it.

    Only `path` is Slack's to sign: the install pages and the operators' endpoints beside it are not.
    """
    verifier = SignatureVerifier(signing_secret)
    refused = refusals or RefusalLog()

    @web.middleware
    async def guard(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                    ) -> web.StreamResponse:
        if request.path != path:
            return await handler(request)
        stamp = request.headers.get("X-Slack-Request-Timestamp", "")
        if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= TIMESTAMP_DIGITS):
            return _refuse(refused, 400, "a request timestamp that is not a number of seconds")
        body = await request.text()  # aiohttp keeps it: bolt reads the same text again
        signature = request.headers.get("X-Slack-Signature", "")
        if not verifier.is_valid(body=body, timestamp=stamp, signature=signature):
            return _refuse(refused, 401, "a bad signature or a stale timestamp")
        if not _well_formed(body, request.content_type):
            return _refuse(refused, 400, "a signed body that is not what Slack sends")
        return await handler(request)

    web_app.middlewares.append(guard)
    return web_app


def _refuse(refused: RefusalLog, status: int, reason: str) -> web.Response:
    """A fixed answer that tells the sender nothing, counted in the refusal log."""
    refused.note(reason)
    return web.json_response({"error": "invalid request"}, status=status)


def _well_formed(body: str, content_type: str) -> bool:
    """Whether a body parses the way bolt will parse it: a JSON object, or a form whose `payload` is one."""
    try:
        if content_type == "application/json":
            return isinstance(json.loads(body), dict)
        payloads = parse_qs(body).get("payload")
        return payloads is None or all(isinstance(json.loads(p), dict) for p in payloads)
    except (ValueError, RecursionError):
        return False
