"""Rows/min of the batch pipeline against a plain loop of engine calls over the same rows.

What the batch pipeline adds around each engine call is the price of never losing a row: the CSV is
read and checked, each finished row is appended to the resume journal and fsynced, failures are
recorded, and the output file is written atomically at the end. This measures that price.

Both contenders run the same feedback-analysis requests (the built-in ``feedback`` task, greedy
sampling, JSON schema grammar) over the same rows on the same engine, so their token counts match:

- **plain**: for each row, the request ``analyze_feedback`` builds, streamed by ``engine.stream``
  (one try, nothing parsed, nothing written);
- **batch**: ``BatchJob(...).run(engine)`` with ``FeedbackRows`` over a CSV file, journal and output
  included.

Rounds alternate the order. Printed: rows/min of each, tokens generated, and batch / plain (target
>= 0.95). With ``--server`` (or after ``bench/remote_concurrency.py --build``) it also runs the batch
pipeline against ``llama-server --parallel N`` at 1 and N rows in flight, the concurrency that the
remote backend makes possible.

Usage: ``python bench/batch_throughput.py [--rows 24] [--rounds 3] [--threads N] [--remote]
[--server PATH] [--parallel 4] [--json OUT|-]``
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.engine.llama_engine import LlamaEngine, LoadOptions
from app.core.engine.types import CancelToken, Chunk, Engine, GenerationRequest
from app.core.jobs.batch import BatchJob, BatchSpec
from app.core.models.starter import fetch_starter, model_cache_dir
from app.core.paths import app_paths
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.feedback import DEFAULT_TOPICS, FeedbackRows, FeedbackSetup, max_tokens
from app.core.tasks.library import load_builtin_tasks
from app.core.tasks.prompting import build_request
from app.core.tasks.structured import GREEDY
from app.core.tasks.teams import DEFAULT_TEAMS

PRODUCTS = ("the blender", "my new headphones", "the delivery", "this jacket", "the app", "the coffee maker")
OPINIONS = (
    "arrived two days late and the box was crushed.",
    "works perfectly, best purchase this year!",
    "is fine, nothing special for the price.",
    "stopped working after a week; I want a refund.",
    "support answered in five minutes and fixed it.",
    "is too expensive compared to other shops.",
)


def _say(message: str) -> None:
    print(f"[batch-throughput] {message}", file=sys.stderr, flush=True)


def make_texts(count: int) -> list[str]:
    return [
        f"{PRODUCTS[i % len(PRODUCTS)].capitalize()} {OPINIONS[(i // 2) % len(OPINIONS)]}"
        for i in range(count)
    ]


class CountingEngine:
    """Passes calls through and adds up the tokens each contender made the model generate."""

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.generated = 0

    @property
    def context_size(self) -> int:
        return self.inner.context_size

    def count_tokens(self, request: GenerationRequest) -> int:
        return self.inner.count_tokens(request)

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        for chunk in self.inner.stream(request, cancel):
            if chunk.finish_reason is not None:
                self.generated += chunk.generated_tokens
            yield chunk

    def close(self) -> None:
        self.inner.close()


@dataclass
class Contender:
    name: str
    seconds: list[float] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)
    rows: int = 0

    def rows_per_min(self) -> float:
        return 60.0 * self.rows / statistics.median(self.seconds) if self.seconds else 0.0


def plain_loop(engine: CountingEngine, task: TaskDefinition, setup: FeedbackSetup, texts: list[str]) -> None:
    first, _retry = max_tokens(task)
    schema = setup.schema()
    for text in texts:
        values = setup.template_values(text)
        request = build_request(task, values, sampling=GREEDY, max_tokens=first, json_schema=schema)
        for _chunk in engine.stream(request, CancelToken()):
            pass


def batch_run(
    engine: Engine, task: TaskDefinition, setup: FeedbackSetup, source: Path, output: Path, in_flight: int = 1
) -> int:
    job = BatchJob(
        BatchSpec(input=source, output=output, mapping={"text": "text"}, in_flight=in_flight),
        FeedbackRows(task, setup),
    )
    summary = job.run(engine, cancel=CancelToken())
    if summary.failed:
        _say(f"{summary.failed} row(s) failed: {[f.error for f in summary.failures][:3]}")
    return summary.done


def write_input(folder: Path, texts: list[str]) -> Path:
    path = folder / "feedback.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows([str(i + 1), text] for i, text in enumerate(texts))
    return path


def measure_local(args: argparse.Namespace, task: TaskDefinition, setup: FeedbackSetup) -> dict[str, Any]:
    model = args.model or fetch_starter(model_cache_dir(app_paths()))
    texts = make_texts(args.rows)
    inner = LlamaEngine.load(model, LoadOptions(context_size=2048, threads=args.threads))
    engine = CountingEngine(inner)
    plain, batch = Contender("plain", rows=len(texts)), Contender("batch", rows=len(texts))
    try:
        with tempfile.TemporaryDirectory(prefix="batch-throughput-") as tmp:
            folder = Path(tmp)
            source = write_input(folder, texts)

            def run(contender: Contender, round_index: int) -> None:
                if contender is plain:
                    plain_loop(engine, task, setup, texts)
                    return
                done = batch_run(engine, task, setup, source, folder / f"out-{round_index}.csv")
                if done != len(texts):
                    raise RuntimeError(f"the batch finished {done} of {len(texts)} rows")

            _say(f"warm-up, then {args.rounds} round(s) of {len(texts)} rows each")
            plain_loop(engine, task, setup, texts[:2])
            for round_index in range(args.rounds):
                # Alternate the order, so a drift in machine load does not favour one contender.
                for contender in (plain, batch) if round_index % 2 == 0 else (batch, plain):
                    engine.generated = 0
                    started = time.perf_counter()
                    run(contender, round_index)
                    seconds = time.perf_counter() - started
                    contender.seconds.append(seconds)
                    contender.tokens.append(engine.generated)
                    _say(
                        f"round {round_index + 1}: {contender.name} {seconds:.2f} s, "
                        f"{engine.generated} tokens"
                    )
        threads = inner.threads
    finally:
        engine.close()
    return {
        "model": model.name,
        "threads": threads,
        "rows": len(texts),
        "rounds": args.rounds,
        "plain": {"seconds": plain.seconds, "tokens": plain.tokens, "rows_per_min": plain.rows_per_min()},
        "batch": {"seconds": batch.seconds, "tokens": batch.tokens, "rows_per_min": batch.rows_per_min()},
        "ratio": batch.rows_per_min() / plain.rows_per_min() if plain.rows_per_min() else 0.0,
        "paired_ratios": [p / b for p, b in zip(plain.seconds, batch.seconds, strict=True)],
    }


def measure_remote(args: argparse.Namespace, task: TaskDefinition, setup: FeedbackSetup) -> dict[str, Any]:
    from app.core.engine.remote import RemoteEngine
    from app.core.settings import RemoteEndpoint
    from bench.remote_concurrency import find_or_build_llama_server, running_server

    binary = args.server or find_or_build_llama_server()
    model = args.model or fetch_starter(model_cache_dir(app_paths()))
    texts = make_texts(args.rows)
    levels: dict[int, list[float]] = {1: [], args.parallel: []}
    with tempfile.TemporaryDirectory(prefix="batch-throughput-remote-") as tmp:
        folder = Path(tmp)
        source = write_input(folder, texts)
        with running_server(
            binary,
            model,
            parallel=args.parallel,
            context=2048 * args.parallel,
            threads=args.threads,
            log=folder / "llama-server.log",
        ) as server:
            engine = RemoteEngine.connect(
                RemoteEndpoint(name="bench", base_url=server.base_url), api_key=None
            )
            try:
                batch_run(engine, task, setup, source, folder / "warm.csv", in_flight=1)
                for round_index in range(args.rounds):
                    order = list(levels) if round_index % 2 == 0 else list(levels)[::-1]
                    for level in order:
                        output = folder / f"remote-{level}-{round_index}.csv"
                        started = time.perf_counter()
                        batch_run(engine, task, setup, source, output, level)
                        seconds = time.perf_counter() - started
                        levels[level].append(seconds)
                        _say(f"round {round_index + 1}: server, {level} in flight: {seconds:.2f} s")
            finally:
                engine.close()
    per_min = {level: 60.0 * len(texts) / statistics.median(s) for level, s in levels.items()}
    return {
        "server": str(binary),
        "parallel": args.parallel,
        "rows_per_min": {str(k): v for k, v in per_min.items()},
        "ratio": per_min[args.parallel] / per_min[1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, help="GGUF file (default: the starter model)")
    parser.add_argument("--rows", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, help="engine threads (default: the engine's own tuning)")
    parser.add_argument(
        "--remote", action="store_true", help="also measure in-flight rows against llama-server"
    )
    parser.add_argument("--server", type=Path, help="a llama-server binary (implies --remote)")
    parser.add_argument("--parallel", type=int, default=4, help="llama-server slots and rows in flight")
    parser.add_argument("--skip-local", action="store_true", help="only the server measurement")
    parser.add_argument("--json", help="write the results here ('-': stdout)")
    args = parser.parse_args(argv)

    tasks = {task.id: task for task in load_builtin_tasks()}
    task = tasks["feedback"]
    setup = FeedbackSetup(topics=DEFAULT_TOPICS, teams=DEFAULT_TEAMS)
    report: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} logical cores, {platform.system()}",
        "task": "feedback (JSON schema, greedy)",
    }
    if not args.skip_local:
        local = report["local"] = measure_local(args, task, setup)
        print(
            f"\n{local['model']}, {local['threads']} threads, {local['rows']} rows x "
            f"{local['rounds']} rounds; {report['machine']}"
        )
        print("| contender | rows/min (median) | tokens per round |")
        print("|---|---|---|")
        for name in ("plain", "batch"):
            print(f"| {name} | {local[name]['rows_per_min']:.1f} | {local[name]['tokens']} |")
        paired = statistics.median(local["paired_ratios"])
        print(f"batch / plain: {local['ratio']:.3f} (median of paired rounds {paired:.3f}; target >= 0.95)")
    if args.remote or args.server:
        remote = report["remote"] = measure_remote(args, task, setup)
        print(f"\nllama-server --parallel {remote['parallel']}: rows/min {remote['rows_per_min']}")
        print(f"{remote['parallel']} in flight / 1 in flight: {remote['ratio']:.2f}")
    if args.json == "-":
        print(json.dumps(report, indent=2))
    elif args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"written {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
