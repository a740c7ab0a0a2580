"""The local playground: crybot's core in a browser, no tokens needed."""

from adapters.web.server import build_app, serve

__all__ = ["build_app", "serve"]
