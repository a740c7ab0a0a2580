"""Losing the store while running: fail closed, support still goes out, one warning, and back once it returns."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.core import TRY_AGAIN
from bot.metrics import Metrics
from tests.factories import make_cry, make_message, open_test_core, write_catalogue
from tests.redis_harness import RedisServer, free_port

BACK_WITHIN = 5.0  # seconds from Redis answering again to normal service, as the operations guide promises
CRISIS = "i want to kill myself"


async def wait_ready(core: object, *, timeout: float) -> float:
    """Seconds until the core's store answers again (AssertionError past timeout)."""
    started = time.monotonic()
    while not core.store_ready:  # type: ignore[attr-defined]
        if time.monotonic() - started > timeout:
            raise AssertionError(f"the store was not back within {timeout}s")
        await asyncio.sleep(0.02)  # the reconnect runs in the core's own task; there is no event to wait on here
    return time.monotonic() - started


async def test_redis_lost_and_back(tmp_path: Path, own_redis: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    metrics = Metrics(platform="test")
    core = await open_test_core(tmp_path, redis_url=own_redis.url, observer=metrics)
    try:
        assert (await core.on_message(make_message("crying so hard today", channel_id="c0"))).kind == "meme"
        own_redis.stop()
        with caplog.at_level(logging.WARNING, logger="bot.store.watched"):
            quiet = [await core.on_message(make_message("crying so hard", channel_id=f"c{i}", user_id=f"u{i}"))
                     for i in range(1, 6)]
            support = await core.on_message(make_message(CRISIS, channel_id="c9", user_id="u9"))
            preview = await core.on_cry(make_cry("my cat ran away"))
            opt = await core.set_opt_out(space_id="space-1", user_id="u1", opted_out=True)
            first, again = await core.first_delivery("slack:Ev1"), await core.first_delivery("slack:Ev1")
        assert [r.kind for r in quiet] == ["nothing"] * 5, "auto-replies fail closed"
        assert quiet[0].why.stopped_by == "the store is unreachable"
        assert support.kind == "support" and "988" in support.text
        assert (preview.kind, preview.text) == ("notice", TRY_AGAIN)
        assert (opt.kind, opt.text) == ("notice", TRY_AGAIN)
        assert (first, again) == (True, False), "a retry reaching this process is still answered once"
        lost = [r for r in caplog.records if r.levelno == logging.WARNING and "lost the store" in r.getMessage()]
        assert len(lost) == 1, "one warning per outage, not per message"
        assert not core.store_ready and "crybot_store_up 0.0" in metrics.exposition().decode()

        own_redis.start()
        await wait_ready(core, timeout=BACK_WITHIN)
        back = await core.on_message(make_message("crying so hard again", channel_id="c7", user_id="u7"))
        assert back.kind == "meme"
        assert "crybot_store_up 1.0" in metrics.exposition().decode()
        assert (await core.on_cry(make_cry("my cat ran away"))).kind == "meme"
    finally:
        await core.close()


def test_an_unreachable_redis_at_start_is_one_line_and_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_catalogue(tmp_path)
    url = f"redis://:hunter2@127.0.0.1:{free_port()}/0"
    code = main(["run", "slack", "--config", str(config), "--data-dir", str(tmp_path / "data"), "--redis", url])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("crybot: cannot reach Redis at redis://:***@127.0.0.1:") and "\n" not in err
    assert "hunter2" not in err
