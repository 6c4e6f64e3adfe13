"""Batch rows/min against a remote llama-server, with 1 request in flight and with several.

A batch job against an OpenAI-compatible server keeps ``in_flight`` requests running at once (through
``map_in_order``) so that the server's parallel slots decode several rows in one batch. This measures
what that buys: ``llama-server --parallel 4`` on the starter model, the same rows (short tagline
requests, fixed seed per row, temperature 0.7) run through the remote engine at each level, after one
warm-up request. Printed per level: rows, seconds, rows/min and tokens generated (the final chunks'
``timings.generated_tokens``), then each level's rows/min over the first level's.

The server is llama.cpp's own, built from the source vendored in the pinned llama-cpp-python sdist with
the same parity flags as ``bench/llama_bench.py`` (in a build dir of its own), unless ``--server`` or
``$LLAMA_SERVER`` names a binary. Its thread count is llama-server's default unless ``--threads`` is given.
The embedded web UI is switched off in that build: it would need npm or a download, and no request
here uses it.

Usage: ``python bench/remote_concurrency.py [--model PATH] [--server PATH] [--threads N] [--rows 24]
[--in-flight 1 4] [--rounds 1] [--json OUT|-]``; ``--build`` only finds or builds llama-server.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.engine.remote import RemoteEngine
from app.core.engine.types import CancelToken, GenerationRequest, SamplingOptions
from app.core.jobs.in_flight import map_in_order
from app.core.models.starter import fetch_starter, model_cache_dir
from app.core.paths import app_paths
from app.core.settings import RemoteEndpoint
from bench.llama_bench import DEFAULT_VERSION, BenchBuildError, ToolBuild, find_or_build_tool

SERVER_ENV = "LLAMA_SERVER"
SERVER_BUILD_DIR = "build-server"
SERVER_BUILD_LOG = "build-server.log"
SERVER_CMAKE_ARGS = (
    "-DLLAMA_BUILD_SERVER=ON",
    "-DLLAMA_BUILD_TOOLS=ON",
    # tools/ui: the web UI's assets come from npm or a Hugging Face download; without both it is
    # simply not embedded, and the API this bench uses does not need it.
    "-DLLAMA_BUILD_UI=OFF",
    "-DLLAMA_USE_PREBUILT_UI=OFF",
)
PRODUCTS = (
    "stainless steel insulated water bottle",
    "noise-cancelling wireless headphones",
    "bamboo cutting board",
    "ergonomic office chair",
    "solar-powered garden lights",
    "cast iron skillet",
    "waterproof hiking boots",
    "smart thermostat",
    "organic cotton bed sheets",
    "portable espresso maker",
    "mechanical keyboard",
    "yoga mat with alignment lines",
    "electric toothbrush",
    "cold brew coffee maker",
    "leather laptop sleeve",
    "LED desk lamp with wireless charger",
    "reusable beeswax food wraps",
    "trail running backpack",
    "cordless stick vacuum",
    "ceramic pour-over dripper",
    "kids' bike helmet",
    "weighted blanket",
    "indoor herb garden kit",
    "travel neck pillow",
)
PROMPT = "Write a one-sentence product tagline for: {product}"
HEALTH_TIMEOUT_S = 180.0


def _say(message: str) -> None:
    """Progress goes to stderr so stdout stays clean for the table or JSON."""
    print(f"[remote-concurrency] {message}", file=sys.stderr, flush=True)


# --- llama-server: find or build ---------------------------------------------------------------------


SERVER_BUILD = ToolBuild("llama-server", SERVER_ENV, SERVER_BUILD_DIR, SERVER_BUILD_LOG, SERVER_CMAKE_ARGS)


def find_or_build_llama_server(
    version: str = DEFAULT_VERSION, cache_root: Path | None = None, cmake_args: str = ""
) -> Path:
    """Return a ``llama-server``: ``$LLAMA_SERVER``, else the cache, else build it once.

    Same source tree and parity flags as ``llama_bench``'s reference build, so the server measures the
    llama.cpp that the bindings load; a build dir of its own keeps llama-bench's build untouched.
    """
    return find_or_build_tool(SERVER_BUILD, version, cache_root, cmake_args)


# --- llama-server: run --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def threads(self) -> int | None:
        """What llama-server chose (``system_info: n_threads = N``), since the bench lets it choose."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        found = re.search(r"n_threads = (\d+)", text)
        return int(found.group(1)) if found else None


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2.0) as response:
            status = response.status
            body: Any = json.loads(response.read().decode("utf-8") or "{}")
    except (urllib.error.URLError, OSError, ValueError):
        return False  # refused while starting, 503 while loading the model
    return status == 200 and isinstance(body, dict) and body.get("status", "ok") == "ok"


@contextlib.contextmanager
def running_server(
    binary: Path, model: Path, *, parallel: int, context: int, threads: int | None, log: Path
) -> Iterator[Server]:
    """Start llama-server, wait for ``/health``, and stop it however the block ends (Ctrl+C included)."""
    port = free_port()
    command = [
        str(binary),
        *("-m", str(model), "--parallel", str(parallel), "-c", str(context)),
        *("--host", "127.0.0.1", "--port", str(port)),
    ]
    if threads is not None:
        command += ["--threads", str(threads)]
    _say("starting: " + shlex.join(command))
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(process, port, log)
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while not _healthy(port):
            if process.poll() is not None:
                raise RuntimeError(f"llama-server exited ({process.returncode}):\n{server.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"llama-server not healthy after {HEALTH_TIMEOUT_S:.0f} s")
            time.sleep(0.1)
        yield server
    except Exception:
        _say(f"llama-server log tail:\n{server.log_tail()}")
        raise
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- the measurement ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    index: int
    product: str
    seed: int


@dataclass(frozen=True)
class Answer:
    text: str
    generated_tokens: int
    finish_reason: str | None


def make_rows(count: int) -> list[Row]:
    return [Row(i, PRODUCTS[i % len(PRODUCTS)], seed=1000 + i) for i in range(count)]


def request_for(row: Row, max_tokens: int) -> GenerationRequest:
    return GenerationRequest.chat(
        PROMPT.format(product=row.product),
        max_tokens=max_tokens,
        sampling=SamplingOptions(temperature=0.7, seed=row.seed),
    )


def ask(engine: RemoteEngine, request: GenerationRequest, cancel: CancelToken) -> Answer:
    pieces: list[str] = []
    generated = 0
    finish: str | None = None
    for chunk in engine.stream(request, cancel):
        pieces.append(chunk.text)
        if chunk.timings is not None:
            generated = chunk.timings.generated_tokens
        if chunk.finish_reason is not None:
            finish = chunk.finish_reason
    return Answer("".join(pieces), generated, finish)


@dataclass
class Level:
    in_flight: int
    rows: int = 0
    errors: int = 0
    seconds: float = 0.0
    tokens: int = 0

    @property
    def rows_per_min(self) -> float:
        return 60.0 * self.rows / self.seconds if self.seconds else 0.0


def run_level(
    engine: RemoteEngine, rows: list[Row], max_tokens: int, level: Level, cancel: CancelToken
) -> None:
    def work(row: Row, token: CancelToken) -> Answer:
        return ask(engine, request_for(row, max_tokens), token)

    started = time.perf_counter()
    for outcome in map_in_order(work, rows, in_flight=level.in_flight, cancel=cancel):
        if outcome.error is not None or outcome.result is None:
            level.errors += 1
            _say(f"row {outcome.index} failed at in_flight={level.in_flight}: {outcome.error!r}")
            continue
        level.rows += 1
        level.tokens += outcome.result.generated_tokens
    level.seconds += time.perf_counter() - started


def measure(
    server: Server, rows: list[Row], max_tokens: int, levels: list[int], rounds: int
) -> tuple[list[Level], Answer]:
    endpoint = RemoteEndpoint(name="bench", base_url=server.base_url)
    engine = RemoteEngine.connect(endpoint, api_key=None)
    cancel = CancelToken()
    try:
        warm_up = ask(engine, request_for(Row(-1, "warm-up mug", seed=1), max_tokens), cancel)
        results = [Level(n) for n in levels]
        for round_index in range(rounds):
            # Later rounds alternate the order, so a drift in machine load does not favour one level.
            ordered = results if round_index % 2 == 0 else results[::-1]
            for level in ordered:
                run_level(engine, rows, max_tokens, level, cancel)
        return results, warm_up
    finally:
        cancel.cancel()
        engine.close()


def print_table(report: dict[str, Any]) -> None:
    print(
        f"\n{report['model']} on llama-server --parallel {report['parallel']} -c {report['context']}, "
        f"{report['server_threads'] or '?'} threads; {report['machine']}"
    )
    print(
        f"{report['rows']} rows x {report['rounds']} round(s), max_tokens {report['max_tokens']}, "
        f"temperature 0.7, fixed seed per row"
    )
    print(f"{'in_flight':>9}{'rows':>7}{'errors':>8}{'seconds':>10}{'rows/min':>10}{'tokens':>8}{'tok/s':>8}")
    for level in report["levels"]:
        seconds = level["seconds"]
        tok_s = level["tokens"] / seconds if seconds else 0.0
        print(
            f"{level['in_flight']:>9}{level['rows']:>7}{level['errors']:>8}{seconds:>10.2f}"
            f"{level['rows_per_min']:>10.1f}{level['tokens']:>8}{tok_s:>8.1f}"
        )
    base = report["levels"][0]["in_flight"]
    for n, ratio in report["ratio_vs_first"].items():
        print(f"rows/min({n}) / rows/min({base}) = {ratio:.2f}")


def _exit_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    """A plain ``kill`` should stop llama-server too: unwinding runs the ``finally`` that stops it."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, help="GGUF file (default: the starter model)")
    parser.add_argument(
        "--server", type=Path, help=f"a llama-server binary (default: ${SERVER_ENV} or build)"
    )
    parser.add_argument(
        "--build", action="store_true", help="only find or build llama-server, print its path"
    )
    parser.add_argument(
        "--cmake-args",
        default=os.environ.get("CMAKE_ARGS", ""),
        help="extra CMake arguments for the build; defaults to $CMAKE_ARGS, like llama_bench",
    )
    parser.add_argument("--threads", type=int, help="passed to llama-server as --threads (default: its own)")
    parser.add_argument("--parallel", type=int, default=4, help="llama-server's slots")
    parser.add_argument("--context", type=int, default=4096, help="llama-server's -c (shared by the slots)")
    parser.add_argument("--rows", type=int, default=24)
    parser.add_argument("--max-tokens", type=int, default=48)
    parser.add_argument(
        "--in-flight", type=int, nargs="+", default=[1, 4], help="levels; the first is the base"
    )
    parser.add_argument("--rounds", type=int, default=1, help="passes over the rows per level")
    parser.add_argument("--json", help="write the results to this file ('-': stdout, after the table)")
    args = parser.parse_args(argv)

    try:
        binary = args.server or find_or_build_llama_server(cmake_args=args.cmake_args)
    except BenchBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.build:
        print(binary)
        return 0
    model = args.model or fetch_starter(model_cache_dir(app_paths()))
    rows = make_rows(args.rows)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)

    with tempfile.TemporaryDirectory(prefix="remote-concurrency-") as tmp:
        log = Path(tmp) / "llama-server.log"
        with running_server(
            binary, model, parallel=args.parallel, context=args.context, threads=args.threads, log=log
        ) as server:
            _say(f"healthy on port {server.port}; warm-up, then {args.in_flight} in flight")
            levels, warm_up = measure(server, rows, args.max_tokens, args.in_flight, args.rounds)
            server_threads = server.threads()

    base = levels[0].rows_per_min
    report: dict[str, Any] = {
        "model": model.name,
        "server": str(binary),
        "machine": f"{platform.machine()}, {os.cpu_count()} logical cores, {platform.system()}",
        "parallel": args.parallel,
        "context": args.context,
        "server_threads": server_threads,
        "threads_given": args.threads,
        "rows": args.rows,
        "rounds": args.rounds,
        "max_tokens": args.max_tokens,
        "warm_up": {"text": warm_up.text, "generated_tokens": warm_up.generated_tokens},
        "levels": [
            {
                "in_flight": level.in_flight,
                "rows": level.rows,
                "errors": level.errors,
                "seconds": level.seconds,
                "rows_per_min": level.rows_per_min,
                "tokens": level.tokens,
            }
            for level in levels
        ],
        "ratio_vs_first": {
            str(level.in_flight): (level.rows_per_min / base if base else 0.0) for level in levels[1:]
        },
    }
    print_table(report)
    if args.json == "-":
        print(json.dumps(report, indent=2))
    elif args.json:
        out = Path(args.json)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
