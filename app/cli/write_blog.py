"""``copydesk write blog``: an outline, then a blog post written section by section.

The outline grows on screen as it is made (or is read from an edited file), then each section streams
under its heading; ``-o`` also saves the post as Markdown, a partial one when the run is stopped.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from app.cli.common import EXIT_INTERRUPTED, CliError, Parser, positive_int, seed
from app.cli.jobs import (
    GrowingText,
    JobRunner,
    TrimmedWriter,
    add_engine_options,
    load_task,
    read_text_file,
    values_from,
    write_text_atomically,
)
from app.core.engine.types import SamplingOptions
from app.core.runtime import Runtime
from app.core.tasks.blog import (
    BlogDraft,
    BlogPlan,
    BlogResult,
    Outline,
    generate_outline,
    write_sections,
)
from app.core.tasks.events import PartReplaced, TextDelta

_BLOG_FIELDS = {
    "topic": "topic",
    "audience": "audience",
    "tone": "tone",
    "keywords": "keywords",
    "language": "language",
    "words": "words",
}


def register(kinds: argparse._SubParsersAction[Parser]) -> None:
    blog = kinds.add_parser("blog", help="an outline, then a blog post written section by section")
    blog.add_argument("--topic", help="what the post is about (required unless --outline has a title)")
    blog.add_argument("--audience", help="who the post is for, e.g. beginner hikers")
    blog.add_argument("--tone", help="tone of voice, e.g. friendly, professional (default: friendly)")
    blog.add_argument("--keywords", help='SEO keywords to cover, e.g. "hiking, water bottle"')
    blog.add_argument("--language", help="language to write in (default: English)")
    blog.add_argument(
        "--words", type=positive_int, metavar="N", help="target length in words (default: 1200)"
    )
    blog.add_argument(
        "--outline-only",
        action="store_true",
        help="print the outline (# title, ## headings, - points) and stop, to edit it for --outline",
    )
    blog.add_argument(
        "--outline",
        type=Path,
        metavar="FILE",
        help="write from this (edited) outline instead of making one; its headings are used as they are",
    )
    blog.add_argument("-o", "--output", type=Path, metavar="FILE", help="also save the post as Markdown")
    blog.add_argument("--seed", type=seed, help="fixed seed for a repeatable post")
    blog.add_argument("--task", default="blog", help="use a custom blog task made in the app (its id)")
    add_engine_options(blog)
    blog.set_defaults(handler=cmd_blog)


def cmd_blog(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    task = load_task(runtime, args.task, "blog")
    given = _read_outline(args.outline) if args.outline is not None else None
    values = values_from(args, _BLOG_FIELDS)
    if given is not None and not values.get("topic") and given.title:
        values["topic"] = given.title
    plan = BlogPlan.from_inputs(task, values)
    sampling = runtime.sampling(args.seed)
    if given is not None:
        outline = _outline_with_title(given, plan)
        out.write(outline.to_text())
        out.flush()
        if args.outline_only:  # nothing to generate: show how the file was read
            return 0
    with JobRunner(runtime, args, err) as runner:
        if given is None:
            outline, stopped = _make_outline(runner, plan, sampling, out, err)
            if stopped:
                saved = "; nothing saved" if args.output is not None else ""
                err.write(f"copydesk: stopped while writing the outline{saved}\n")
                return EXIT_INTERRUPTED
            if args.outline_only:
                return 0
            if not outline.sections:
                raise CliError("the outline has no sections; try another --seed, or write one for --outline")
        err.write(f"copydesk: writing {len(outline.sections)} sections of about {plan.section_words} words\n")
        err.flush()
        printer = _SectionPrinter(out, outline)
        draft = BlogDraft.start(outline)
        finished = runner.run(
            lambda engine, cancel, emit: write_sections(engine, plan, draft, cancel, emit, sampling=sampling),
            printer.handle,
        )
    printer.finish()
    return _report_post(finished.result, finished.stopped, args.output, err)


def _read_outline(path: Path) -> Outline:
    outline = Outline.from_text(read_text_file(path, "outline file"))
    if not outline.sections:
        raise CliError(f"the outline in {path} has no sections; write one heading per line (## Heading)")
    return outline


def _outline_with_title(outline: Outline, plan: BlogPlan) -> Outline:
    if outline.title:
        return outline
    return Outline(str(plan.values.get("topic", "")), outline.sections)


def _make_outline(
    runner: JobRunner, plan: BlogPlan, sampling: SamplingOptions, out: TextIO, err: TextIO
) -> tuple[Outline, bool]:
    """Generate the outline, showing it as it grows; returns it and whether the user stopped it."""
    shown = GrowingText(out)

    def show(event: object) -> None:
        if isinstance(event, PartReplaced) and event.part == "outline":
            shown.update(event.text)

    finished = runner.run(
        lambda engine, cancel, emit: generate_outline(engine, plan, cancel, emit, sampling=sampling),
        show,
    )
    outline, last = finished.result
    shown.finish(outline.to_text(), err)
    if last.finish_reason == "length":
        err.write(
            "copydesk: note: the outline ran out of room before it was finished; "
            "use it as it is, edit it for --outline, or try another --seed\n"
        )
    return outline, finished.stopped


class _SectionPrinter:
    """Prints each section under its heading as it is written."""

    def __init__(self, out: TextIO, outline: Outline) -> None:
        self._out = out
        self._outline = outline
        self._text = TrimmedWriter(out)
        self._open = False

    def handle(self, event: object) -> None:
        if isinstance(event, PartReplaced) and event.part.startswith("section.") and not event.text:
            self._close()
            heading = self._outline.sections[int(event.part.split(".")[1])].heading
            self._out.write(f"\n## {heading}\n\n")
            self._out.flush()
            self._text.start()
            self._open = True
        elif isinstance(event, TextDelta) and event.part.startswith("section."):
            self._text.write(event.text)

    def _close(self) -> None:
        if self._open:
            self._text.end()
            self._out.write("\n")
            self._out.flush()
            self._open = False

    def finish(self) -> None:
        self._close()


def _report_post(result: BlogResult, stopped: bool, output: Path | None, err: TextIO) -> int:
    draft = result.draft
    done = sum(1 for section in draft.sections if section.done)
    total = len(draft.sections)
    if output is not None:
        write_text_atomically(output, draft.markdown())
        if result.complete:
            err.write(f"copydesk: saved {draft.word_count()} words in {total} sections to {output}\n")
        else:
            err.write(
                f"copydesk: saved a partial post to {output}: {done} of {total} sections finished, "
                f"{draft.word_count()} words\n"
            )
    if stopped:
        err.write(f"copydesk: stopped; {done} of {total} sections finished\n")
        return EXIT_INTERRUPTED
    return 0
