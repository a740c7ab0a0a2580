"""CPU instructions per message of crybot's reader and VADER on GoEmotions dev, counted by callgrind; one table.

Run: .venv/bin/python bench/bench_emotion_instructions.py [--data DIR]
Wall-clock rates on a shared machine move by a third from one run to the next; instruction counts do not:
callgrind's counts for the same code and input agree within a fraction of a percent, whatever else the
machine is doing. Each reader runs in child processes under valgrind: once set up without reading dev, once
reading dev one message at a time; the difference is one pass over dev. crybot is counted as the emotion
bench times it: as a new process, and in a steady state after reading train once. Instructions are not
time: cache misses are not counted, and the wall-clock ratio has so far come out below this one.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.emotion_data import DATA_DIR, load_split

READERS = ("vader", "crybot-fresh", "crybot-steady")
_COLLECTED = re.compile(r"Collected : (\d+)")


def _child(reader: str, passes: int, data: Path) -> None:
    """Set one reader up, then read dev `passes` times (run under valgrind by the parent)."""
    train, moods = load_split("train", data_dir=data)
    texts, _ = load_split("dev", data_dir=data)
    if reader == "vader":
        from tools.emotion_baselines import vader_reader

        read = vader_reader(train, moods)
    else:
        from bot.emotion import EmotionReader

        crybot = EmotionReader()
        if reader == "crybot-steady":
            for text in train:
                crybot.read(text)
        read = lambda text: crybot.read(text).mood  # as the emotion bench reads it
    for _ in range(passes):
        for text in texts:
            read(text)


CHILD_TIMEOUT = 1800  # seconds for one child under callgrind: about 3 minutes on an idle core


def _count(reader: str, passes: int, data: Path) -> int | None:
    """Instructions of one child run, as callgrind reports them; None when it did not finish in time."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
               "--child", reader, str(passes), "--data", str(data)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same dict layouts, so the same count every run
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True, timeout=CHILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None  # a machine busy with other work: say so in the table rather than end `make bench`
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no count for {reader}: {done.stderr[-500:]}")
    return int(found.group(1))


def main() -> None:
    """Count every reader's instructions for one pass over dev and print them with their ratio to VADER's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--child", nargs=2, metavar=("READER", "PASSES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), args.data)
        return
    if shutil.which("valgrind") is None:
        print("skipped: valgrind is not installed (apt-get install valgrind)")
        return
    messages = len(load_split("dev", data_dir=args.data)[0])
    runs = [(reader, passes) for reader in READERS for passes in (0, 1)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        counts = dict(zip(runs, pool.map(lambda run: _count(run[0], run[1], args.data), runs), strict=True))
    per_message = {r: _difference(counts[r, 1], counts[r, 0], messages) for r in READERS}
    print(f"GoEmotions dev: {messages} messages, one at a time; instructions counted by callgrind\n")
    print("| reader | instructions per message | VADER's count / this one |")
    print("| --- | --- | --- |")
    vader = per_message["vader"]
    for reader in READERS:
        count = per_message[reader]
        if count is None:
            print(f"| {reader} | timed out after {CHILD_TIMEOUT} s under callgrind (a busy machine?) | |")
        else:
            print(f"| {reader} | {count:,.0f} | {f'{vader / count:.2f}x' if vader is not None else 'no VADER count'} |")


def _difference(reading: int | None, set_up: int | None, messages: int) -> float | None:
    """Instructions per message of one pass, or None when either run timed out."""
    return None if reading is None or set_up is None else (reading - set_up) / messages


if __name__ == "__main__":
    main()
