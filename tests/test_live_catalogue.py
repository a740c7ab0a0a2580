"""Editing memes.yaml while the bot runs: good edits land within about a second, broken ones never take it down."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
import yaml

from bot.catalogue.live import LiveCatalogue
from bot.errors import CatalogueError
from tests.factories import catalogue_data, make_message, open_test_core, write_catalogue


async def wait_for_version(live_version: "callable[[], int]", above: int, *, timeout: float = 10.0) -> None:  # type: ignore[valid-type]
    """Wait until the catalogue's version passes a value."""
    async with asyncio.timeout(timeout):
        while live_version() <= above:
            await asyncio.sleep(0.02)


async def test_edits_reload_on_their_own_and_broken_edits_keep_the_last_good(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    core = await open_test_core(tmp_path, watch=True)
    path = tmp_path / "memes.yaml"
    try:
        await asyncio.sleep(0.3)  # let the watcher arm before the first edit
        data = catalogue_data()
        data["memes"] = [m for m in data["memes"] if m["id"] != "sad-man"]
        data["triggers"].append({"words": ["boohoo"], "mood": "sad"})
        version = core.catalogue_version
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        await wait_for_version(lambda: core.catalogue_version, version)
        assert core.catalogue.meme("sad-man") is None
        assert (await core.on_message(make_message("boohoo"))).kind == "meme"
        assert "memes: - sad-man" in caplog.text and "triggers[3]: added (words boohoo)" in caplog.text

        version = core.catalogue_version
        path.write_text(path.read_text().replace("moods:\n  - sad\n", "moods:\n  - sadd\n", 1), encoding="utf-8")
        await wait_for_version(lambda: core.catalogue_version, version)
        assert core.problems and "unknown mood 'sadd' (did you mean 'sad'?)" in core.problems[0]
        assert core.problems[0].startswith("memes.yaml:")
        assert (await core.on_message(make_message("boohoo", channel_id="c2"))).kind == "meme"  # still serving

        version = core.catalogue_version
        path.write_text(yaml.safe_dump(catalogue_data(), allow_unicode=True), encoding="utf-8")
        await wait_for_version(lambda: core.catalogue_version, version)
        assert core.problems == [] and core.catalogue.meme("sad-man") is not None
    finally:
        await core.close()


async def test_a_restart_on_a_broken_file_serves_the_last_good_copy(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path)
    saved = tmp_path / "data" / "last-good.yaml"
    LiveCatalogue.open(path, last_good=saved)
    path.write_text("version: 1\nmemes: [", encoding="utf-8")
    live = LiveCatalogue.open(path, last_good=saved)
    assert live.problems and "not valid YAML" in live.problems[0]
    assert live.current.meme("sad-cat") is not None


async def test_listeners_hear_every_attempt_and_one_failing_listener_harms_none(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path)
    live = LiveCatalogue.open(path)
    heard: list[int] = []
    live.subscribe(lambda _: (_ for _ in ()).throw(RuntimeError("boom")))
    live.subscribe(lambda current: heard.append(len(current.problems)))
    path.write_text("not: [valid", encoding="utf-8")
    assert not await live.reload()
    path.write_text(yaml.safe_dump(catalogue_data()), encoding="utf-8")
    assert await live.reload()
    assert heard == [1, 0]


async def test_an_edit_nested_thousands_deep_is_rejected_and_the_last_good_keeps_serving(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path)
    live = LiveCatalogue.open(path)
    path.write_text("version: 1\nmemes: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert not await live.reload()
    assert live.problems == ["memes.yaml:2: nested deeper than 40 levels"]
    assert live.current.meme("sad-cat") is not None


async def test_a_broken_catalogue_never_starts_on_another_catalogues_saved_copy(tmp_path: Path) -> None:
    saved = tmp_path / "data" / "catalogue.last-good.yaml"
    first = write_catalogue(tmp_path / "first", data=catalogue_data(memes=[_meme("first-only")]))
    LiveCatalogue.open(first, last_good=saved)  # leaves a good copy of the first catalogue in the shared folder
    other = write_catalogue(tmp_path / "other")
    other.write_text("version: 1\nmemes: [", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        LiveCatalogue.open(other, last_good=saved)
    (problem,) = caught.value.problems  # the broken file's own problem, not the other catalogue's
    assert problem.startswith("memes.yaml:2: not valid YAML")


async def test_each_catalogue_restarts_on_its_own_saved_copy(tmp_path: Path) -> None:
    saved = tmp_path / "data" / "catalogue.last-good.yaml"
    first = write_catalogue(tmp_path / "first", data=catalogue_data(memes=[_meme("first-only")]))
    other = write_catalogue(tmp_path / "other")
    LiveCatalogue.open(first, last_good=saved)
    LiveCatalogue.open(other, last_good=saved)
    first.write_text("version: 1\nmemes: [", encoding="utf-8")
    other.write_text("version: 1\nmemes: [", encoding="utf-8")
    assert LiveCatalogue.open(first, last_good=saved).current.meme("first-only") is not None
    restarted = LiveCatalogue.open(other, last_good=saved)
    assert restarted.current.meme("first-only") is None and restarted.current.meme("sad-cat") is not None
    assert restarted.problems and "not valid YAML" in restarted.problems[0]


async def test_when_the_saved_copy_fails_too_the_files_own_problems_are_raised(tmp_path: Path) -> None:
    saved = tmp_path / "data" / "catalogue.last-good.yaml"
    path = write_catalogue(tmp_path)
    LiveCatalogue.open(path, last_good=saved)
    (tmp_path / "assets" / "sad-cat.png").unlink()  # the saved copy names a picture that is gone
    path.write_text(path.read_text(encoding="utf-8").replace("- sad\n", "- sadd\n", 1), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        LiveCatalogue.open(path, last_good=saved)
    joined = "\n".join(caught.value.problems)
    assert "unknown mood 'sadd' (did you mean 'sad'?)" in joined and "file not found: 'assets/sad-cat.png'" in joined


def _meme(meme_id: str) -> dict[str, object]:
    """One meme on a picture the factory draws."""
    return {"id": meme_id, "file": "assets/sad-cat.png", "moods": ["sad"], "alt": "a sad cat", "credit": "test art"}


async def test_a_reload_logs_and_keeps_what_changed_field_by_field(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    core = await open_test_core(tmp_path, watch=True)
    try:
        await asyncio.sleep(0.3)  # let the watcher arm before the first edit
        data = catalogue_data()
        data["memes"][1]["weight"] = 5
        data["memes"][1]["caption"] = {"style": "bar"}
        data["triggers"][0]["words"] = [*data["triggers"][0]["words"][1:], "heartbroken"]
        data["settings"]["channel_cooldown"] = 30
        version = core.catalogue_version
        write_catalogue(tmp_path, data=data)
        await wait_for_version(lambda: core.catalogue_version, version)
        expected = [
            "settings.channel_cooldown: 0 → 30",
            "triggers[0].words: + heartbroken - cry",
            "memes[sad-man].weight: 1 → 5",
            "memes[sad-man].caption.style: classic → bar",
            "memes[sad-man].caption.position: bottom → top",
        ]
        assert core.changes == expected
        assert "reloaded memes.yaml: " + "; ".join(expected) in caplog.text
    finally:
        await core.close()
