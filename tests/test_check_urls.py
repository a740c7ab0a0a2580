"""`crybot check` refuses url memes that name an internal address, and warns when an operator opens their network."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.addresses import address_refusal, url_problem
from tests.factories import catalogue_data, write_catalogue
from tests.test_cli import crybot

INWARD = [
    "http://127.0.0.1/cat.png", "http://localhost/cat.png", "http://[::1]/cat.png", "http://0.0.0.0/cat.png",
    "http://0x7f000001/cat.png", "http://2130706433/cat.png", "http://127.1/cat.png", "http://0177.0.0.1/cat.png",
    "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/cat.png", "http://10.0.0.5/cat.png",
    "http://192.168.1.10:8080/cat.png", "http://172.16.0.1/cat.png", "http://[fd00::1]/cat.png",
    "http://224.0.0.251/cat.png", "http://240.0.0.1/cat.png", "http://[::ffff:10.0.0.1]/cat.png",
    "https://user@127.0.0.1/cat.png",
]


def with_urls(urls: list[str], **settings: object) -> dict[str, object]:
    """The factory catalogue plus one url meme per url."""
    data = catalogue_data(settings=dict(settings))
    data["memes"] += [{"id": f"remote-{i}", "url": url, "moods": ["sad"], "alt": "a remote cat"}
                      for i, url in enumerate(urls)]
    return data


def test_check_refuses_every_internal_address_by_line(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path, data=with_urls(INWARD))
    result = crybot("check", str(path))
    assert result.returncode == 1, result.stdout
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(INWARD)
    for index, line in enumerate(lines):
        assert line.startswith("memes.yaml:") and f"memes[{8 + index}].url" in line, line
        assert "crybot fetches pictures only from public addresses" in line


def test_public_names_and_addresses_pass_check(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path, data=with_urls([
        "https://images.example.com/cat.png", "http://93.184.215.14/cat.png", "https://[2606:4700::6810:84e5]/a.gif",
    ]))
    result = crybot("check", str(path))
    assert result.returncode == 0, result.stdout
    assert "warning" not in result.stdout


def test_allowing_private_urls_is_explicit_and_warned_about(tmp_path: Path) -> None:
    own = ["http://127.0.0.1:8000/cat.png", "http://10.0.0.5/cat.png", "http://images.lan/cat.png"]
    allowed = crybot("check", str(write_catalogue(tmp_path, data=with_urls(own, allow_private_urls=True))))
    assert allowed.returncode == 0, allowed.stdout
    assert "warning: memes.yaml: settings.allow_private_urls is on" in allowed.stdout
    # Cloud metadata and "this machine, any address" stay refused even then.
    still = crybot("check", str(write_catalogue(tmp_path, data=with_urls(
        ["http://169.254.169.254/latest/", "http://0.0.0.0/cat.png"], allow_private_urls=True))))
    assert still.returncode == 1
    assert "link-local" in still.stdout and "unspecified" in still.stdout


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "10.0.0.1", "169.254.169.254", "0.0.0.0", "224.0.0.1",
                                     "100.64.0.1", "192.0.2.1", "::ffff:127.0.0.1", "2002:7f00:1::", "fc00::1"])
def test_inward_addresses_are_refused(address: str) -> None:
    assert address_refusal(address) is not None


@pytest.mark.parametrize("address", ["93.184.215.14", "1.1.1.1", "2606:4700::6810:84e5", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert address_refusal(address) is None


def test_only_http_and_https_urls() -> None:
    assert url_problem("ftp://images.example.com/cat.png") is not None
    assert url_problem("file:///etc/passwd") is not None
    assert url_problem("https://images.example.com/cat.png") is None
