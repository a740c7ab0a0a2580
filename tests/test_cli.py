"""The `crybot` command line, run as a user runs it: check, classify, try."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.factories import catalogue_data, write_catalogue

REPO = Path(__file__).resolve().parent.parent


ENV = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}


def crybot(*args: str, stdin: str = "", cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env=ENV,
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


def test_check_reports_thousands_of_nested_brackets_on_its_line(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path)
    path.write_text("version: 1\nmemes: " + "[" * 5000 + "\n", encoding="utf-8")
    result = crybot("check", str(path))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == ["memes.yaml:2: nested deeper than 40 levels"]
    assert "Traceback" not in result.stderr


def test_classify_answers_every_line_blank_and_broken_ones_included() -> None:
    frustrated = json.dumps({"text": "build failed AGAIN 😭"})
    lines = ["", "not json", json.dumps({"txt": "crying"}), "[" * 100_000, frustrated]
    result = crybot("classify", "--config", "memes.yaml", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(lines)
    unjudged = {"mood": "neutral", "confidence": 0.0, "action": "none", "meme": None, "trigger": None}
    for number, row in enumerate(rows[:4], start=1):
        assert row.pop("error").startswith(f"line {number}: ") and row == unjudged
    errors = [json.loads(line).get("error", "") for line in result.stdout.splitlines()]
    assert "blank line" in errors[0] and "not JSON" in errors[1] and "'text'" in errors[2] and "not JSON" in errors[3]
    assert "error" not in rows[4] and rows[4]["mood"] == "frustrated"


def test_web_on_a_busy_port_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        result = crybot("web", "--port", str(port), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"crybot: cannot listen on 127.0.0.1:{port}: the port is already in use")
    assert "--port N" in line and "make run PORT=N" in line  # the hint works for both ways of starting it


def test_web_refuses_a_public_address_without_the_public_flag(tmp_path: Path) -> None:
    result = crybot("web", "--host", "0.0.0.0", "--port", "0", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "crybot: refusing to bind 0.0.0.0: the playground has no login. Add --public if you mean it."
    ]
    assert not (tmp_path / "data").exists()  # refused before opening anything


def test_web_on_a_public_address_warns_before_serving(tmp_path: Path) -> None:
    # The port is held on loopback, so binding 0.0.0.0 fails once the warning is out: the test never
    # exposes a server beyond this machine. Should it ever bind anyway, it is stopped below.
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = str(held.getsockname()[1])
        args = ["web", "--host", "0.0.0.0", "--public", "--port", port, "--data-dir", str(tmp_path / "data")]
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", *args], stderr=subprocess.PIPE, text=True, cwd=REPO, env=ENV
        )
        try:
            assert process.stderr is not None
            first = process.stderr.readline()
            assert first.startswith("warning: binding 0.0.0.0; anyone who can reach this address can use the")
            process.wait(timeout=120)
            rest = process.stderr.read()
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
            if process.stderr is not None:
                process.stderr.close()
    assert process.returncode == 2 and f"cannot listen on 0.0.0.0:{port}" in rest


def test_try_on_a_broken_catalogue_lists_its_own_problems_not_another_catalogues(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert crybot("try", "crying", "--data-dir", str(data)).returncode == 0  # saves the shipped catalogue's copy
    other = write_catalogue(tmp_path / "other")
    other.write_text(other.read_text(encoding="utf-8").replace("- sad\n", "- sadd\n", 1), encoding="utf-8")
    result = crybot("try", "crying", "--config", str(other), "--data-dir", str(data))
    assert result.returncode == 1
    line = other.read_text(encoding="utf-8").splitlines().index("  - sadd") + 1
    assert result.stderr.splitlines() == [
        f"crybot: cannot use {other}:",
        f"memes.yaml:{line}: memes[0].moods[0]: unknown mood 'sadd' (did you mean 'sad'?)",
    ]


def test_check_accepts_a_trigger_of_three_hundred_words(tmp_path: Path) -> None:
    data = catalogue_data()
    letters = "acdghijklmnopqrtuvwxz"
    data["triggers"].append({"words": [f"snif{a}{b}" for a in letters for b in letters][:300]})
    path = write_catalogue(tmp_path, data=data)
    result = crybot("check", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"{path}: OK (8 memes, 4 triggers)")


def test_invite_url_prints_both_discord_install_links() -> None:
    from urllib.parse import parse_qs, urlsplit

    result = crybot("invite-url", "123456789012345678")
    assert result.returncode == 0, result.stderr
    server_line, user_line = result.stdout.splitlines()
    assert server_line.startswith("Add to a server: https://discord.com/oauth2/authorize?")
    assert user_line.startswith("Add to my apps:  https://discord.com/oauth2/authorize?")
    server = parse_qs(urlsplit(server_line.split(": ", 1)[1]).query)
    mine = parse_qs(urlsplit(user_line.split(":  ", 1)[1]).query)
    assert (server["integration_type"], mine["integration_type"]) == (["0"], ["1"])
    assert mine["scope"] == ["applications.commands"] and "permissions" not in mine
    assert server["scope"][0].split() == ["bot", "applications.commands"]


def test_invite_url_without_an_application_id_says_what_to_give() -> None:
    result = crybot("invite-url")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("crybot: give the application id") and result.stderr.count("\n") == 1


def test_try_shows_a_meme_whatever_the_reading_when_the_catalogue_has_one(tmp_path: Path) -> None:
    sad_only = [m for m in catalogue_data()["memes"] if m["moods"] == ["sad"]]
    config = write_catalogue(tmp_path, memes=sad_only)
    for text in ("sob", "she said yes!!! crying", "deploy is on thursday"):
        result = crybot("try", text, "--config", str(config), "--data-dir", str(tmp_path / "data"))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "meme: sad-man" in result.stdout and "no meme for that mood" not in result.stdout
        assert Path(result.stdout.strip().splitlines()[-1]).is_file()
    assert "borrowed from 'sad'" in result.stdout or "'sad' memes" in result.stdout
