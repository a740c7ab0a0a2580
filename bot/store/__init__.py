"""Where the core keeps what must outlive a message: cooldowns, pools, settings, opt-outs, counts."""

from bot.store.base import Store
from bot.store.sqlite import SqliteStore

__all__ = ["SqliteStore", "Store"]
