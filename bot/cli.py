"""The `crybot` command line: check, classify, try, web, run, invite-url. The only place that exits."""

from __future__ import annotations

import argparse
import asyncio
import errno
import gc
import io
import json
import logging
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable, Coroutine, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.catalogue.load import load_catalogue
from bot.errors import CatalogueError, StartupError

if TYPE_CHECKING:
    from bot.core import Core
    from bot.observe import Observer

DEFAULT_CONFIG = Path("memes.yaml")
STOP_DEADLINE = 4.0  # seconds from SIGTERM or Ctrl-C to exit, whatever is still running


def _data_dir(args: argparse.Namespace) -> Path:
    """Where state and renders live: --data-dir, else $CRYBOT_DATA, else ./data."""
    return Path(args.data_dir or os.environ.get("CRYBOT_DATA") or "data")


def _store(args: argparse.Namespace) -> dict[str, Any]:
    """Where state lives: Redis from --redis or $CRYBOT_REDIS_URL (keys under $CRYBOT_REDIS_PREFIX), else SQLite."""
    from bot.store.redis import DEFAULT_PREFIX

    url = getattr(args, "redis", None) or os.environ.get("CRYBOT_REDIS_URL") or None
    return {"redis_url": url, "redis_prefix": os.environ.get("CRYBOT_REDIS_PREFIX") or DEFAULT_PREFIX}


def _render_cache_bytes(args: argparse.Namespace) -> int:
    """The disk budget of rendered pictures: --render-cache-mb, else $CRYBOT_RENDER_CACHE_MB, else 256 MB."""
    from bot.render.disk import DISK_BUDGET

    given = args.render_cache_mb if args.render_cache_mb is not None else os.environ.get("CRYBOT_RENDER_CACHE_MB")
    if given is None or given == "":
        return DISK_BUDGET
    try:
        megabytes = float(given)
    except ValueError:
        megabytes = -1.0
    if not 1 <= megabytes <= 1_000_000:
        raise StartupError(f"the render cache size must be a number of megabytes from 1 to 1000000, not {given!r}")
    return int(megabytes * 2**20)


async def _open(
    args: argparse.Namespace, *, watch: bool = True, observer: Observer | None = None, state: str | None = None
) -> Core:
    """Open the core these arguments describe; `state` keeps it in a SQLite file of its own (or ":memory:")."""
    from bot.app import open_core

    where = {"state": state} if state is not None else _store(args)
    return await open_core(config=Path(args.config), data_dir=_data_dir(args), watch=watch,
                           render_cache_bytes=_render_cache_bytes(args), observer=observer,
                           model_threads=_model_threads(), **where)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate a catalogue: exit 0 when valid, 1 with one problem per line when not."""
    path = Path(args.path or args.config)
    try:
        catalogue = load_catalogue(path)
    except CatalogueError as exc:
        for problem in exc.problems:
            print(problem)
        return 1
    model = catalogue.model
    print(f"{path}: OK ({len(model.memes)} memes, {len(model.triggers)} triggers)")
    for warning in catalogue.warnings:
        print(f"warning: {warning}")
    return 0


_NEEDS_TEXT = "each line must be a JSON object with a string 'text'"


def _unjudged(number: int, reason: str) -> dict[str, Any]:
    """The answer for a line that holds nothing to judge: the error, and the contract's fields saying so."""
    error = f"line {number}: {reason}"
    # Still a valid judgement for consumers that read only the contract: nothing to react to, with no confidence.
    return {"error": error, "mood": "neutral", "confidence": 0.0, "action": "none", "meme": None, "trigger": None}


CLASSIFY_BATCH = 512  # lines judged together at most: the model reads them in batches of similar length
_END = None  # what the line reader queues after the last line


def _judge_line(number: int, line: str) -> str | dict[str, Any]:
    """A line's text to judge, or the answer for a line with nothing to judge."""
    if not line.strip():
        return _unjudged(number, "blank line")
    try:
        item = json.loads(line)
    except ValueError as exc:
        return _unjudged(number, f"not JSON ({exc})")
    except RecursionError:
        return _unjudged(number, "not JSON (nested too deeply)")
    text = item.get("text") if isinstance(item, dict) else None
    return text if isinstance(text, str) else _unjudged(number, _NEEDS_TEXT)


def _line_batches(stdin: TextIO) -> Iterator[list[str]]:
    """Lines of stdin in batches: every line already read, up to CLASSIFY_BATCH, so a pipe is answered at once."""
    lines: queue.Queue[str | None] = queue.Queue(maxsize=4 * CLASSIFY_BATCH)

    def read_lines() -> None:
        try:
            for line in stdin:
                lines.put(line)
        finally:
            lines.put(_END)

    threading.Thread(target=read_lines, name="crybot-stdin", daemon=True).start()
    while True:
        first = lines.get()
        if first is _END:
            return
        batch = [first]
        while len(batch) < CLASSIFY_BATCH:
            try:
                line = lines.get_nowait()
            except queue.Empty:
                break
            if line is _END:
                yield batch
                return
            batch.append(line)
        yield batch


def cmd_classify(args: argparse.Namespace, *, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Read JSON Lines with `text`; write one judgement per input line, in order, blank and broken lines included.

    Every text is read by both stages, the model in batches of texts of similar length, as many batches at once as
    CRYBOT_MODEL_THREADS says (both cores by default: this is bulk work).
    """
    from bot.emotion import EmotionReader
    from bot.emotion.two_stage import SecondStage, open_model
    from bot.explain import explain

    catalogue = load_catalogue(Path(args.config))
    reader = EmotionReader(extra_words=catalogue.extra_words())
    workers = _model_threads(default=2)  # bulk work: a batch per core, each read on one thread
    second = SecondStage(open_model(threads=1))
    if isinstance(stdin, io.TextIOWrapper):
        # One line of bad bytes must not end the run and leave every later line unanswered.
        stdin.reconfigure(errors="replace")
    number = 0
    for batch in _line_batches(stdin):
        judged = [_judge_line(number + k, line) for k, line in enumerate(batch, start=1)]
        number += len(batch)
        texts = [item for item in judged if isinstance(item, str)]
        readings = iter(second.read_many(reader, texts, workers=workers))
        for item in judged:
            result = explain(catalogue, next(readings), item) if isinstance(item, str) else item
            stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        stdout.flush()
    second.close()
    return 0


def _model_threads(*, default: int = 1) -> int:
    """Threads the emotion model may use within one reading: $CRYBOT_MODEL_THREADS, else the default."""
    raw = os.environ.get("CRYBOT_MODEL_THREADS", "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= 64:
        raise StartupError(f"CRYBOT_MODEL_THREADS must be a whole number from 1 to 64, not {raw!r}")
    return int(raw)


async def _try(args: argparse.Namespace) -> int:
    """Show what `/cry TEXT` would post, with the reasons."""
    from bot.events import CryRequest

    core = await _open(args, watch=False)
    try:
        reply = await core.on_cry(CryRequest(space_id="cli", channel_id="cli", user_id="cli", text=args.text, mood=args.mood))
    finally:
        await core.close()
    why = reply.why
    print(f"mood: {why.mood} (confidence {why.confidence:.2f})")
    print(f"why: {_why_mood(why.cues, asked=args.mood, text=args.text)}")
    if reply.kind == "support":
        print("crisis: no meme. crybot would answer with the support message:")
        print(reply.text.strip())
        return 0
    if reply.picture is None:
        print(reply.text)
        return 1
    print(f"meme: {reply.picture.meme_id} ({why.meme_reason})")
    print(f"alt: {reply.picture.alt}")
    print("image:")
    print(reply.picture.path)
    return 0


def _why_mood(cues: tuple[str, ...], *, asked: str | None, text: str) -> str:
    """Why `crybot try` settled on its mood: the reader's cues, the mood asked for, or the default."""
    if cues:
        return "; ".join(cues)
    if asked:
        return "the mood asked for"
    return "nothing in the text to read: sad by default" if text.strip() else "no text: sad by default"


async def _web(args: argparse.Namespace) -> int:
    """Serve the local playground until interrupted."""
    from adapters.web.hosts import is_loopback
    from adapters.web.server import serve

    if not is_loopback(args.host) and not args.public:
        raise StartupError(f"refusing to bind {args.host}: the playground has no login. Add --public if you mean it.")
    if args.public:
        warning = f"warning: binding {args.host}; anyone who can reach this address can use the playground."
        print(warning, file=sys.stderr, flush=True)
    # The playground's state (cooldowns, previews, counts) lives in memory: a bot's crybot.sqlite3 in the same
    # data folder (or its Redis) is never touched, and a restart starts fresh. Renders are still cached there.
    core = await _open(args, state=":memory:")
    try:
        await serve(
            core,
            host=args.host,
            port=args.port,
            cooldowns=args.cooldowns,
            announce=lambda url: print(f"crybot playground: {url}", flush=True),
        )
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        if exc.errno == errno.EADDRNOTAVAIL:
            why, hint = "the address is not one of this machine's", "Choose another --host (127.0.0.1 is the default)."
        else:
            why = "the port is already in use" if exc.errno == errno.EADDRINUSE else "permission denied"
            hint = "Choose another port: crybot web --port N, or make run PORT=N (0 picks a free one)."
        raise StartupError(f"cannot listen on {args.host}:{args.port}: {why}. {hint}") from None
    finally:
        await core.close()
    return 0


async def _run(args: argparse.Namespace) -> int:
    """Run the real bot on a platform until interrupted; tokens come from the environment."""
    from bot.metrics import Metrics

    metrics = Metrics(platform=args.platform)
    core = await _open(args, observer=metrics)
    metrics.watch(core)
    ops = {"metrics": metrics, "metrics_port": args.metrics_port, "metrics_host": args.metrics_host}
    try:
        if args.platform == "discord":
            from adapters.discord_bot import serve as serve_discord

            await serve_discord(core, env=os.environ, **ops)
        else:
            from adapters.slack_app import serve as serve_slack

            # Slack installs live where the state does: `--redis` counts as CRYBOT_REDIS_URL for them too.
            env = dict(os.environ)
            redis_url = _store(args)["redis_url"]
            if redis_url:
                env["CRYBOT_REDIS_URL"] = redis_url
            await serve_slack(core, env=env, http_port=args.http, data_dir=_data_dir(args), **ops)
    finally:
        await core.close()
    return 0


def cmd_invite_url(args: argparse.Namespace) -> int:
    """Print both Discord install links for an application id: add to a server, add to my apps."""
    from adapters.discord_bot import invite_url, user_install_url

    app_id = args.application_id or os.environ.get("DISCORD_APPLICATION_ID", "")
    if not app_id.isdigit():
        raise StartupError("give the application id (a number from the Discord developer portal) or set DISCORD_APPLICATION_ID")
    print(f"Add to a server: {invite_url(app_id)}")
    print(f"Add to my apps:  {user_install_url(app_id)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line's verbs and options."""
    parser = argparse.ArgumentParser(prog="crybot", description="Answers sadness with the right crying meme.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    verbs = parser.add_subparsers(dest="verb", required=True)

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = verbs.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--config", default=str(DEFAULT_CONFIG), help="the catalogue (default ./memes.yaml)")
        sub.add_argument("--data-dir", help="state and renders (default $CRYBOT_DATA or ./data)")
        return sub

    check = verb("check", "validate a catalogue; exit 0 if valid, 1 listing the problems")
    check.add_argument("path", nargs="?", help="catalogue to check (default: --config)")
    verb("classify", "judge JSON Lines from stdin ({\"text\": ...}) and write one JSON result per line")
    try_ = verb("try", "show what /cry TEXT would post, and why")
    try_.add_argument("text")
    try_.add_argument("--mood", choices=["sad", "grief", "frustrated", "anxious", "joy"])
    web = verb("web", "the local playground in a browser (no tokens needed)")
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=8080)
    web.add_argument("--public", action="store_true", help="allow binding a non-loopback address")
    web.add_argument("--cooldowns", action="store_true",
                     help="start with cooldowns on, as on a server (a switch on the page)")
    run = verb("run", "run the real bot on discord or slack (tokens from the environment)")
    run.add_argument("platform", choices=["discord", "slack"])
    run.add_argument("--http", type=int, metavar="PORT", help="slack: serve the Events API on PORT instead of Socket Mode")
    run.add_argument("--metrics-port", type=int, metavar="N", help="serve /metrics, /healthz and /readyz on port N")
    run.add_argument("--metrics-host", default="127.0.0.1", help="the address --metrics-port binds (default 127.0.0.1)")
    for sub in (try_, web, run):
        sub.add_argument("--render-cache-mb", metavar="MB",
                         help="disk kept for rendered pictures (default $CRYBOT_RENDER_CACHE_MB or 256)")
    for sub in (try_, run):  # the playground keeps its state in memory, apart from any bot's
        sub.add_argument("--redis", metavar="URL", help="keep state in Redis (default $CRYBOT_REDIS_URL; else SQLite)")
    invite = verbs.add_parser("invite-url", help="print the Discord install links: add to a server, add to my apps")
    invite.add_argument("application_id", nargs="?", default="")
    return parser


def _run_async(job: Coroutine[Any, Any, int]) -> int:
    """Run a coroutine to completion; SIGTERM or Ctrl-C ends it quietly, closing what it opened, within seconds."""

    async def until_stopped() -> int:
        task = asyncio.current_task()
        if task is not None:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, _stopper(task))
        try:
            return await job
        except asyncio.CancelledError:
            return 0

    try:
        code = asyncio.run(until_stopped())
    except KeyboardInterrupt:
        code = 0
    # Everything is closed by now. What is left is the interpreter's own clean-up, whose garbage collections walk
    # every object the reader and catalogue made (88k after one message; 1-5 s of a busy machine, measured):
    # frozen objects are not walked, and the memory goes back to the system at exit anyway.
    gc.freeze()
    return code


def _stopper(task: asyncio.Task[Any]) -> Callable[[], None]:
    """The signal handler: the first signal cancels the job and starts the deadline; a second one exits at once."""
    deadline: list[threading.Timer] = []

    def stop() -> None:
        if deadline:
            _give_up("a second signal")
        timer = threading.Timer(STOP_DEADLINE, _give_up, args=(f"{STOP_DEADLINE:g} s after the signal",))
        timer.daemon = True
        timer.start()
        deadline.append(timer)
        task.cancel()

    return stop


def _give_up(why: str) -> None:
    """Exit now, naming what had not stopped: nothing may keep a stopped crybot alive."""
    stuck = [t.name for t in threading.enumerate() if t is not threading.current_thread() and not t.daemon]
    print(f"crybot: still stopping ({why}); exiting now. Threads left: {', '.join(stuck) or 'none'}",
          file=sys.stderr, flush=True)
    os._exit(1)


class _NoVoiceNoise(logging.Filter):
    """crybot never joins voice, so discord.py's warning about missing voice libraries is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `crybot` console script."""
    args = build_parser().parse_args(argv)
    quiet = args.verb in ("check", "classify", "try", "invite-url")
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else (logging.WARNING if quiet else logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for handler in logging.getLogger().handlers:
        handler.addFilter(_NoVoiceNoise())
    try:
        if args.verb == "check":
            return cmd_check(args)
        if args.verb == "classify":
            return cmd_classify(args)
        if args.verb == "invite-url":
            return cmd_invite_url(args)
        job = {"try": _try, "web": _web, "run": _run}[args.verb](args)
        return _run_async(job)
    except CatalogueError as exc:
        print(f"crybot: cannot use {args.config}:", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except StartupError as exc:
        print(f"crybot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C in a command that runs no event loop (check, classify): stop quietly
        return 130


if __name__ == "__main__":
    sys.exit(main())
