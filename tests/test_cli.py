"""The `crybot` command line, run as a user runs it: check, classify, try."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.factories import write_catalogue

REPO = Path(__file__).resolve().parent.parent


def crybot(*args: str, stdin: str = "", cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


def test_check_passes_the_shipped_catalogue() -> None:
    result = crybot("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout


def test_check_lists_every_problem_one_per_line_and_exits_1(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path)
    path.write_text(path.read_text().replace("- sad\n", "- sadd\n", 1).replace("version: 1", "version: 2"))
    result = crybot("check", str(path))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert any("unknown mood 'sadd' (did you mean 'sad'?)" in line for line in lines)
    assert all(line.startswith("memes.yaml:") for line in lines)


def test_check_on_a_missing_file_exits_1(tmp_path: Path) -> None:
    result = crybot("check", str(tmp_path / "nope.yaml"))
    assert result.returncode == 1 and "file not found" in result.stdout


def test_classify_answers_each_line_in_order() -> None:
    texts = [
        "nobody came to my party 😢 crying",
        "deploy is on thursday",
        "I want to end my life",
        "she said yes!!! I'm crying",
        "my dad passed away this morning",
        "build failed AGAIN 😭",
    ]
    stdin = "".join(json.dumps({"text": t}) + "\n" for t in texts) + "not json\n"
    result = crybot("classify", "--config", "memes.yaml", stdin=stdin)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(texts) + 1
    for row in rows[:-1]:
        assert {"mood", "confidence", "action", "meme", "trigger"} <= row.keys()
        assert 0 <= row["confidence"] <= 1
    assert rows[0]["mood"] == "sad" and rows[0]["action"] == "meme" and rows[0]["meme"]
    assert rows[1]["mood"] == "neutral" and rows[1]["action"] == "none" and rows[1]["meme"] is None
    assert rows[2]["mood"] == "crisis" and rows[2]["action"] == "support" and rows[2]["meme"] is None
    assert rows[3]["mood"] == "joy" and rows[3]["action"] == "meme"
    assert rows[4]["mood"] == "grief" and rows[4]["trigger"]
    assert rows[5]["mood"] == "frustrated"
    assert "error" in rows[-1] and "line 7" in rows[-1]["error"]
    again = crybot("classify", "--config", "memes.yaml", stdin=stdin)
    assert again.stdout == result.stdout  # judged alone: the same lines give the same answers


def test_try_writes_a_captioned_image_and_says_where(tmp_path: Path) -> None:
    result = crybot("try", "my code finally compiled 😭", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("mood: ")
    assert any(line.startswith("meme: ") for line in lines)
    image_path = Path(lines[lines.index("image:") + 1])
    assert image_path.is_file()
    with Image.open(image_path) as image:
        assert min(image.size) >= 256


def test_try_answers_crisis_with_support_and_no_image(tmp_path: Path) -> None:
    result = crybot("try", "i wanna kms", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 0
    assert "crisis" in result.stdout and "988" in result.stdout and "image:" not in result.stdout
