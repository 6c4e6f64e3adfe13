"""The headless front end: the same jobs as the window, for scripts and tests.

Every failure is one readable line on stderr and a non-zero exit; tracebacks only with ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import runpy
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from app import __version__
from app.core.engine.llama_engine import LlamaEngine, measure_decode_speed
from app.core.engine.offload import GIB
from app.core.engine.thread_tune import candidate_counts, tune
from app.core.engine.types import MAX_SEED, EngineError, GenerationRequest, SamplingOptions
from app.core.engine.worker import EngineWorker
from app.core.hardware import default_thread_count, detect_hardware, machine_fingerprint
from app.core.models.starter import StarterModelError, install_starter, model_cache_dir
from app.core.models.store import list_installed
from app.core.runtime import Runtime
from app.core.settings import SettingsError

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A user-facing failure: printed as one line, exit status 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's default prints usage over several lines
        sys.stderr.write(f"copydesk: {message} (see copydesk --help)\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="copydesk", description="Offline writing and translation assistant.")
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and llama.cpp's log")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    info = commands.add_parser("info", help="version, hardware, backend, directories, default model")
    info.add_argument("--json", action="store_true", help="machine-readable output")

    chat = commands.add_parser("chat", help="answer one message, streamed to stdout")
    chat.add_argument("text", help='the message; "-" reads it from stdin')
    chat.add_argument("--model", help="model path, file name or name (default: the default model)")
    chat.add_argument("--system", help="system prompt")
    chat.add_argument("--max-tokens", type=_positive_int, default=512)
    chat.add_argument("--temperature", type=float, default=0.7)
    chat.add_argument("--seed", type=_seed, help="fixed seed for a repeatable answer")
    chat.add_argument("--json-schema", type=Path, metavar="FILE", help="constrain the answer to this schema")
    chat.add_argument("--context", type=_positive_int, help="context size in tokens")
    chat.add_argument("--threads", type=_positive_int, help="generation threads")
    chat.add_argument("--stats", action="store_true", help="print speed and token counts to stderr")

    models = commands.add_parser("models", help="installed models")
    model_commands = models.add_subparsers(dest="models_command", metavar="ACTION", parser_class=_Parser)
    listing = model_commands.add_parser("list", help="list installed models")
    listing.add_argument("--json", action="store_true")
    model_commands.add_parser("install-starter", help="fetch, verify and install the small starter model")

    tune_parser = commands.add_parser("tune-threads", help="measure the fastest thread count and keep it")
    tune_parser.add_argument("--model", help="model to measure with (default: the default model)")

    bench = commands.add_parser("bench", help="engine speed against llama.cpp (source checkout only)")
    bench.add_argument("args", nargs=argparse.REMAINDER, help="arguments for bench/engine_speed.py")
    return parser


def _positive_int(text: str) -> int:
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def _seed(text: str) -> int:
    value = _whole_number(text)
    if not 0 <= value < MAX_SEED:
        raise argparse.ArgumentTypeError(f"the seed must be between 0 and {MAX_SEED - 1}, got {value}")
    return value


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def run_cli(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.command is None:
        parser.error("a command is needed")
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING, format="%(name)s: %(message)s"
    )
    if not args.debug:
        # llama.cpp's own errors are turned into our one-line messages; its raw log only with --debug.
        logging.getLogger("copydesk.llama_cpp").setLevel(logging.CRITICAL + 1)
    handlers: dict[str | None, Callable[[argparse.Namespace, Runtime, TextIO, TextIO], int]] = {
        "info": cmd_info,
        "chat": cmd_chat,
        "models": cmd_models,
        "tune-threads": cmd_tune_threads,
        "bench": cmd_bench,
    }
    try:
        runtime = Runtime.open()
        for warning in runtime.warnings:
            err.write(f"copydesk: warning: {warning}\n")
        return handlers[args.command](args, runtime, out, err)
    except BrokenPipeError:
        # The reader went away (``| head``): normal for a CLI, not an error worth a message.
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        err.write("\ncopydesk: stopped\n")
        return EXIT_INTERRUPTED
    except (CliError, EngineError, StarterModelError, SettingsError) as exc:
        err.write(f"copydesk: error: {exc}\n")
        return EXIT_ERROR
    except OSError as exc:
        if args.debug:
            raise
        err.write(f"copydesk: error: {exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}\n")
        return EXIT_ERROR
    except Exception as exc:
        if args.debug:
            raise
        err.write(
            f"copydesk: error: unexpected {type(exc).__name__}: {exc} (rerun with --debug for details)\n"
        )
        return EXIT_ERROR


# ---------------------------------------------------------------------------- commands


def cmd_info(args: argparse.Namespace, runtime: Runtime, out: TextIO, _err: TextIO) -> int:
    hw = detect_hardware()
    threads, source = runtime.thread_choice(hw)
    try:
        default_model: str = str(runtime.resolve_model(None))
    except EngineError as exc:
        default_model = f"none ({exc})"
    facts: dict[str, Any] = {
        "version": __version__,
        "backend": hw.backend,
        "gpu_offload": hw.gpu_offload,
        "cpu": hw.cpu_model,
        "cpu_features": list(hw.cpu_features),
        "cores": {"physical": hw.physical_cores, "usable": hw.logical_cores},
        "gpus": [
            {"name": g.name, "total_gib": g.total_bytes / GIB, "free_gib": g.free_bytes / GIB}
            for g in hw.gpus
        ],
        "ram_total_gib": round(hw.ram_total_bytes / GIB, 1),
        "ram_available_gib": round(hw.ram_available_bytes / GIB, 1),
        "threads": threads or default_thread_count(hw),
        "threads_source": source,
        "context_size": runtime.settings.engine.context_size,
        "directories": {
            "config": str(runtime.paths.config_dir),
            "data": str(runtime.paths.data_dir),
            "models": str(runtime.paths.models_dir),
            "cache": str(runtime.paths.cache_dir),
            "logs": str(runtime.paths.log_dir),
        },
        "default_model": default_model,
    }
    if args.json:
        out.write(json.dumps(facts, indent=2) + "\n")
        return 0
    gpus = ", ".join(
        f"{g['name']} ({g['free_gib']:.1f}/{g['total_gib']:.1f} GiB free)" for g in facts["gpus"]
    )
    lines = [
        f"Copydesk {__version__}",
        f"Backend:        {hw.backend}{' (GPU offload available)' if hw.gpu_offload else ''}",
        f"CPU:            {hw.cpu_model} ({hw.physical_cores} physical cores, {hw.logical_cores} usable)",
        f"CPU features:   {' '.join(hw.cpu_features) or 'unknown'}",
        f"GPU:            {gpus or 'none found'}",
        f"RAM:            {facts['ram_available_gib']} GiB free of {facts['ram_total_gib']} GiB",
        f"Threads:        {facts['threads']} ({source})",
        f"Context size:   {facts['context_size']} tokens",
        f"Default model:  {default_model}",
        *(f"{name.capitalize() + ' dir:':<16}{path}" for name, path in facts["directories"].items()),
    ]
    out.write("\n".join(lines) + "\n")
    return 0


def cmd_chat(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    if not text.strip():
        raise CliError("the message is empty")
    schema = _read_schema(args.json_schema) if args.json_schema else None
    request = GenerationRequest.chat(
        text,
        system=args.system,
        sampling=SamplingOptions(temperature=args.temperature, seed=args.seed),
        max_tokens=args.max_tokens,
        json_schema=schema,
    )
    options = runtime.load_options(context_size=args.context, threads=args.threads)
    path = runtime.resolve_model(args.model)
    # The engine runs on its own thread, so Ctrl+C reaches this one at once and cancels the request,
    # even in the middle of reading a long prompt.
    worker: EngineWorker[LlamaEngine] = EngineWorker()
    try:
        engine = worker.load(lambda: LlamaEngine.load(path, options)).result()
        final = None
        for chunk in worker.stream(request):
            if chunk.text:
                out.write(chunk.text)
                out.flush()
            final = chunk
        out.write("\n")
        out.flush()
    finally:
        worker.shutdown()
    if final is None:
        return EXIT_ERROR
    if args.stats and final.timings is not None:
        t = final.timings
        err.write(
            f"[{engine.info.name}, {engine.info.backend}, {engine.info.threads} threads] "
            f"prompt {t.prompt_tokens} tokens ({t.cached_tokens} cached), "
            f"generated {t.generated_tokens} at {t.tokens_per_second:.1f} tok/s, "
            f"first token after {t.ttft_s * 1000:.0f} ms, seed {t.seed}, end: {final.finish_reason}\n"
        )
    if final.problems:
        raise CliError("the answer does not match the JSON schema: " + "; ".join(final.problems))
    return 0


def _read_schema(path: Path) -> dict[str, Any]:
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError(f"schema file not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CliError(f"schema file {path} is not valid JSON: {exc}") from None
    if not isinstance(schema, dict):
        raise CliError(f"schema file {path} must hold a JSON object")
    return schema


def cmd_models(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    if args.models_command == "install-starter":

        def report(message: str) -> None:
            err.write(f"{message}\n")

        path = install_starter(runtime.paths, model_cache_dir(runtime.paths), progress=report)
        out.write(f"Starter model ready: {path}\n")
        return 0
    models = list_installed(runtime.paths, runtime.settings)
    if getattr(args, "json", False):
        rows = [
            {"name": m.name, "path": str(m.path), "size": m.size_bytes, "default": m.is_default}
            for m in models
        ]
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    if not models:
        out.write(f"No models in {runtime.paths.models_dir}. Run: copydesk models install-starter\n")
        return 0
    for model in models:
        mark = "*" if model.is_default else " "
        out.write(f"{mark} {model.name:<40} {model.size_bytes / 1024**2:>9.1f} MiB  {model.path}\n")
    return 0


def cmd_tune_threads(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    hw = detect_hardware()
    engine: LlamaEngine = runtime.load_engine(args.model)
    try:
        candidates = candidate_counts(hw.logical_cores)
        err.write(f"Measuring {', '.join(map(str, candidates))} threads on {engine.info.name}...\n")
        result = tune(lambda n: measure_decode_speed(engine, n), candidates)
    finally:
        engine.close()
    for trial in result.trials:
        out.write(f"{trial.threads:>3} threads: {trial.tokens_per_second:7.1f} tok/s\n")
    runtime.update_engine(tuned_threads=result.best, tuned_for=machine_fingerprint(hw))
    out.write(f"Using {result.best} threads from now on (override with the threads setting).\n")
    return 0


def cmd_bench(args: argparse.Namespace, _runtime: Runtime, _out: TextIO, _err: TextIO) -> int:
    script = Path(__file__).resolve().parent.parent / "bench" / "engine_speed.py"
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


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    return run_cli(sys.argv[1:] if argv is None else argv)
