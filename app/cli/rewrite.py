"""``copydesk rewrite``: a text from a file or stdin, rewritten by mode and streamed to stdout.

Texts longer than the model's context are rewritten in pieces by the flow, so any file works.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from app.cli.common import EXIT_INTERRUPTED, Parser, seed
from app.cli.jobs import (
    EventSink,
    JobRunner,
    TrimmedWriter,
    add_engine_options,
    load_task,
    read_text_file,
    values_from,
    write_text_atomically,
)
from app.core.engine.types import CancelToken, Engine
from app.core.runtime import Runtime
from app.core.tasks.events import Notice, TextDelta
from app.core.tasks.rewrite import MODES, RewritePlan, RewriteResult, rewrite

_REWRITE_FIELDS = {"mode": "mode", "tone": "tone", "instruction": "instruction", "text": "text"}


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    parser = commands.add_parser("rewrite", help="shorten, expand, simplify, correct or re-tone a text")
    parser.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help='the text to rewrite (default, or "-": stdin)',
    )
    parser.add_argument("--mode", required=True, choices=MODES, help="what to do with the text")
    parser.add_argument("--tone", help="the tone for --mode tone, e.g. professional, casual")
    parser.add_argument("--instruction", metavar="TEXT", help="what to do, for --mode custom")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="also save the result to FILE")
    parser.add_argument("--seed", type=seed, help="fixed seed for a repeatable result")
    parser.add_argument(
        "--task", default="rewrite", help="use a custom rewrite task made in the app (its id)"
    )
    add_engine_options(parser)
    parser.set_defaults(handler=cmd_rewrite)


def cmd_rewrite(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    task = load_task(runtime, args.task, "rewrite")
    if args.file is None or str(args.file) == "-":
        if sys.stdin.isatty():
            err.write(
                "copydesk: reading the text from stdin; end it with Ctrl+D (Ctrl+Z, Enter on Windows)\n"
            )
        args.text = sys.stdin.read()
    else:
        args.text = read_text_file(args.file, "input file")
    plan = RewritePlan.from_inputs(task, values_from(args, _REWRITE_FIELDS))
    sampling = runtime.sampling(args.seed)
    text = TrimmedWriter(out)
    notices: list[str] = []

    def show(event: object) -> None:
        if isinstance(event, TextDelta) and event.part == "text":
            text.write(event.text)
        elif isinstance(event, Notice):
            notices.append(event.text)

    def job(engine: Engine, cancel: CancelToken, emit: EventSink) -> RewriteResult:
        return rewrite(engine, plan, cancel, emit, sampling=sampling)

    with JobRunner(runtime, args, err) as runner:
        finished = runner.run(job, show)
    text.end()
    out.write("\n")
    out.flush()
    for notice in notices:
        err.write(f"copydesk: note: {notice}\n")
    result = finished.result
    if args.output is not None:
        write_text_atomically(args.output, result.text + "\n")
        state = "result" if result.complete else "partial result"
        err.write(f"copydesk: saved the {state} to {args.output}\n")
    if finished.stopped:
        err.write("copydesk: stopped; kept what was written\n")
        return EXIT_INTERRUPTED
    if not result.complete:
        err.write("copydesk: note: the output length ran out; the end may be missing\n")
    return 0
