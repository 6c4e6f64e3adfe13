"""Engine tools: ``copydesk tune-threads`` and ``copydesk bench``."""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path
from typing import TextIO

from app.cli.common import EXIT_ERROR, CliError, Parser
from app.core.runtime import Runtime


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    tune_parser = commands.add_parser("tune-threads", help="measure the fastest thread count and keep it")
    tune_parser.add_argument("--model", help="model to measure with (default: the default model)")
    tune_parser.set_defaults(handler=cmd_tune_threads)
    bench = commands.add_parser("bench", help="engine speed against llama.cpp (source checkout only)")
    bench.add_argument("args", nargs=argparse.REMAINDER, help="arguments for bench/engine_speed.py")
    bench.set_defaults(handler=cmd_bench)


def cmd_tune_threads(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    # llama.cpp is imported by the command that needs it, so `--version`, `info` and `servers` work
    # even where it cannot load (a CUDA build on a machine without the NVIDIA driver).
    from app.core.engine.llama_engine import measure_decode_speed, measure_prompt_speed
    from app.core.engine.thread_tune import candidate_counts, tune
    from app.core.hardware import detect_hardware, machine_fingerprint

    hw = detect_hardware()
    engine = runtime.load_engine(args.model)
    try:
        candidates = candidate_counts(hw.logical_cores)
        err.write(f"Measuring {', '.join(map(str, candidates))} threads on {engine.info.name}...\n")
        generation = tune(lambda n: measure_decode_speed(engine, n), candidates)
        engine.set_threads(generation.best)
        prompt = tune(lambda n: measure_prompt_speed(engine, n), candidates)
    finally:
        engine.close()
    for trial in generation.trials:
        reading = prompt.speed_of(trial.threads)
        out.write(
            f"{_threads(trial.threads):>10}: writing {trial.tokens_per_second:7.1f} tok/s, "
            f"reading prompts {reading:7.1f} tok/s\n"
        )
    runtime.update_engine(
        tuned_threads=generation.best,
        tuned_batch_threads=prompt.best,
        tuned_for=machine_fingerprint(hw),
    )
    out.write(
        f"Using {_threads(generation.best)} for writing and {_threads(prompt.best)} for reading prompts "
        "from now on"
        " (the engine.threads and engine.batch_threads settings override this).\n"
    )
    return 0


def cmd_bench(args: argparse.Namespace, _runtime: Runtime, _out: TextIO, _err: TextIO) -> int:
    script = Path(__file__).resolve().parents[2] / "bench" / "engine_speed.py"
    if not script.is_file():
        raise CliError("benchmarks ship with the source checkout only (bench/engine_speed.py not found)")
    saved_argv = sys.argv
    sys.argv = [str(script), *args.args]
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_ERROR
    finally:
        sys.argv = saved_argv
    return 0


def _threads(count: int) -> str:
    return f"{count} thread{'s' if count != 1 else ''}"
