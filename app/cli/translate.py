"""``copydesk translate``: a document in, the same document out in another language.

The format comes from the extension (``app.core.formats.registry``); ``-`` reads plain text from stdin
and writes the translation to stdout. Everything that can be checked is checked before the model loads
(``translate_inputs``), so bad input fails in a second and no file is touched.

Ctrl+C finishes the segment being translated, then stops: every finished segment is already in the
translation memory, so running the same command again resumes at no cost. Nothing is written on a stop
unless ``--partial`` asks for the unfinished file (its untranslated segments keep the source text). A
second Ctrl+C stops at once.
"""

from __future__ import annotations

import argparse
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from app.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, Parser
from app.cli.jobs import EventSink, JobRunner, add_engine_options, load_task
from app.cli.translate_inputs import (
    check_renders,
    language_pair,
    load_glossary,
    open_input,
    open_memory,
    output_path,
    shown_name,
)
from app.cli.translate_progress import TranslateProgress
from app.cli.translate_report import report_done, report_output_notes, report_plan, report_stopped
from app.core.engine.types import CancelToken, Engine
from app.core.formats.document import TranslatableDocument
from app.core.jobs.document_progress import DocumentProgress, DocumentResult
from app.core.jobs.document_translation import DocumentTranslation, write_output
from app.core.jobs.pause import PauseGate
from app.core.runtime import Runtime
from app.core.tasks.translate import TranslateSettings
from app.core.translation.memory import TranslationMemory

EXIT_FLAGGED = 3
"""The translation was written, but some segments failed the check and kept their source text."""

EXIT_STATUS_HELP = (
    "exit status: 0 translated; 3 written, but some segments failed the check and kept the source text "
    "(listed on stderr, marked for review in the file where the format can say so); 130 stopped with "
    "Ctrl+C (run the same command again to resume); 1 bad input or another error; 2 wrong usage"
)


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    parser = commands.add_parser(
        "translate",
        help="translate a document (.txt .md .html .docx .srt .po .xliff .csv .xlsx), keeping its format",
        description="Translate a document into another language and write the same kind of file. "
        "Finished segments go to the translation memory, so a stopped run resumes when run again.",
        epilog=EXIT_STATUS_HELP,
    )
    parser.add_argument("input", metavar="INPUT", help='the file to translate; "-" reads text from stdin')
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUTPUT",
        help='where to write (default: beside INPUT, named by language: guide.de.md; "-": stdout)',
    )
    parser.add_argument("--from", dest="source", required=True, metavar="LANG", help="e.g. en")
    parser.add_argument("--to", dest="target", required=True, metavar="LANG", help="e.g. de, pt-BR")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing OUTPUT")
    parser.add_argument(
        "--partial",
        action="store_true",
        help="when stopped, still write OUTPUT with what was finished (the rest keeps the source text)",
    )
    terms = parser.add_argument_group("glossary and translation memory")
    terms.add_argument(
        "--glossary",
        type=Path,
        metavar="FILE",
        help="terms from a .csv/.tsv or .tbx file (default: the glossary saved in the app for the pair)",
    )
    terms.add_argument("--no-glossary", action="store_true", help="do not use the saved glossary")
    terms.add_argument(
        "--tm", type=Path, metavar="FILE.tmx", help="import a TMX file into the translation memory first"
    )
    terms.add_argument(
        "--no-memory",
        action="store_true",
        help="neither reuse nor store translations (with --tm: use that file for this run only)",
    )
    tables = parser.add_argument_group("tables and text files")
    tables.add_argument(
        "--columns",
        action="append",
        default=[],
        metavar="A,B",
        help="the columns to translate, for a CSV/XLSX file",
    )
    tables.add_argument("--sheet", metavar="NAME", help="the sheet, for an XLSX file with several")
    tables.add_argument(
        "--encoding", metavar="NAME", help="the text encoding when detection is unsure, e.g. cp1252"
    )
    parser.add_argument("--task", metavar="ID", help="use a custom translate task made in the app (its id)")
    add_engine_options(parser)
    parser.set_defaults(handler=cmd_translate)


@dataclass(frozen=True)
class _Plan:
    document: TranslatableDocument
    settings: TranslateSettings
    memory: TranslationMemory | None
    output: Path | None
    """None: stdout."""
    remember: bool
    """Whether finished segments outlive this run (False with --no-memory)."""

    @property
    def destination(self) -> str:
        return "stdout" if self.output is None else str(self.output)


def cmd_translate(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    stack = ExitStack()
    try:
        source, target = language_pair(args)
        task = load_task(runtime, args.task, "translate") if args.task else None
        document = open_input(args, stack, err)
        output = output_path(args, document, target)
        check_renders(document, target)
        glossary = load_glossary(args, source, target, err)
        settings = TranslateSettings(source.code, target.code, glossary, task=task)
        runner = JobRunner(runtime, args, err)  # finds the model (or server); loading waits for `with`
        memory = open_memory(args, source, target, stack, err)  # last: importing --tm changes the memory
        plan = _Plan(document, settings, memory, output, not args.no_memory)
        report_plan(document, shown_name(args), (source, target), plan.destination, err)
        return _translate(plan, runner, args.partial, out, err)
    finally:
        stack.close()  # the translation memory, and the temporary copy of stdin


def _translate(plan: _Plan, runner: JobRunner, partial: bool, out: TextIO, err: TextIO) -> int:
    progress = TranslateProgress(err)
    gate = PauseGate()
    stop_now = CancelToken()

    def stop_after_segment() -> None:
        # The first Ctrl+C: hold the next segment; the job then reports "paused" and is cancelled there.
        gate.pause()
        progress.note("copydesk: stopping after the current segment (Ctrl+C again to stop at once)")

    running = False

    def work(engine: Engine, cancel: CancelToken, emit: EventSink) -> DocumentResult:
        nonlocal running
        running = True
        cancel.on_cancel(stop_after_segment)

        def on_progress(update: DocumentProgress) -> None:
            if update.paused and cancel.cancelled():
                stop_now.cancel()
            emit(update)

        job = DocumentTranslation(
            plan.document, plan.settings, plan.memory, on_progress=on_progress, pause=gate, cancel=stop_now
        )
        return job.run(engine)

    def show(event: object) -> None:
        if isinstance(event, DocumentProgress) and not event.paused:
            progress.update(event)

    started = time.monotonic()
    try:
        with runner:
            finished = runner.run(work, show)
    except KeyboardInterrupt:  # the second Ctrl+C, or one while the model loads
        stop_now.cancel()
        progress.finish()
        if running:
            kept = "finished segments are in the translation memory; " if plan.remember else ""
            err.write(f"\ncopydesk: {kept}nothing was written; run the same command again to resume\n")
        raise
    finally:
        progress.finish()
    result = finished.result
    if result.partial:
        wrote = _write(plan, result, out) if partial else None
        report_stopped(result, finished.stopped, plan.remember, wrote, err)
        return EXIT_INTERRUPTED if finished.stopped else EXIT_ERROR
    _write(plan, result, out)
    report_done(result, plan.destination, time.monotonic() - started, plan.remember, err)
    report_output_notes(plan.document, err)
    return EXIT_FLAGGED if result.flagged else 0


def _write(plan: _Plan, result: DocumentResult, out: TextIO) -> str:
    """Write the translation atomically to the output file, or to stdout; returns where it went."""
    target = plan.settings.target_language
    if plan.output is not None:
        write_output(plan.document, result, plan.output, target)
        return str(plan.output)
    data = plan.document.render(result.translations(), target)
    buffer = getattr(out, "buffer", None)
    if buffer is not None:  # the bytes exactly as the format wrote them, in the file's own encoding
        out.flush()
        buffer.write(data)
        buffer.flush()
    else:
        out.write(data.decode("utf-8", errors="replace"))
        out.flush()
    return "stdout"
