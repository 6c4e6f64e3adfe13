"""``copydesk chat``: one message in, the streamed answer out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from app.cli.backends import add_backend_options, choose_backend, describe_engine
from app.cli.common import EXIT_ERROR, CliError, Parser, positive_int, seed
from app.core.engine.types import Engine, GenerationRequest, SamplingOptions
from app.core.engine.worker import EngineWorker
from app.core.runtime import Runtime


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    chat = commands.add_parser("chat", help="answer one message, streamed to stdout")
    chat.add_argument("text", help='the message; "-" reads it from stdin')
    chat.add_argument("--system", help="system prompt")
    chat.add_argument("--max-tokens", type=positive_int, default=512)
    chat.add_argument("--temperature", type=float, default=0.7)
    chat.add_argument("--seed", type=seed, help="fixed seed for a repeatable answer")
    chat.add_argument("--json-schema", type=Path, metavar="FILE", help="constrain the answer to this schema")
    add_backend_options(chat)
    chat.add_argument("--stats", action="store_true", help="print speed and token counts to stderr")
    chat.set_defaults(handler=cmd_chat)


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
    backend = choose_backend(runtime, args, err)
    # The engine runs on its own thread, so Ctrl+C reaches this one at once and cancels the request,
    # even in the middle of reading a long prompt or waiting for a server.
    worker: EngineWorker[Engine] = EngineWorker()
    try:
        engine = worker.load(backend.load).result()
        final = None
        try:
            for chunk in worker.stream(request):
                if chunk.text:
                    out.write(chunk.text)
                    out.flush()
                final = chunk
        finally:  # the text so far stays on screen, on its own line, before any error
            out.write("\n")
        out.flush()
    finally:
        worker.shutdown(timeout=backend.shutdown_wait_s)
    if final is None:
        return EXIT_ERROR
    if args.stats and final.timings is not None:
        t = final.timings
        err.write(
            f"{describe_engine(engine, backend)} "
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
