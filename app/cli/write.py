"""``copydesk write product`` and ``copydesk write blog``: the app's writing jobs, headless.

Both stream what the model writes as it is written, with readable labels; ``--json`` (product) gives
scripts the parts and the channel's limits to check instead.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from app.cli.common import EXIT_INTERRUPTED, CliError, Parser, positive_int, seed
from app.cli.jobs import (
    EventSink,
    GrowingText,
    JobRunner,
    TrimmedWriter,
    add_engine_options,
    load_task,
    read_text_file,
    values_from,
    write_text_atomically,
)
from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, SamplingOptions
from app.core.runtime import Runtime
from app.core.tasks.blog import (
    BlogDraft,
    BlogPlan,
    BlogResult,
    Outline,
    generate_outline,
    write_sections,
)
from app.core.tasks.channels import load_channels
from app.core.tasks.events import Notice, PartReplaced, TextDelta
from app.core.tasks.product import DEFAULT_WORDS, ProductPlan, ProductResult, generate_product
from app.core.tasks.variants import run_variants

_PRODUCT_FIELDS = {
    "name": "name",
    "category": "category",
    "features": "features",
    "audience": "audience",
    "tone": "tone",
    "brand_voice": "brand_voice",
    "keywords": "keywords",
    "language": "language",
    "length": "length",
    "channel": "channel",
}
_BLOG_FIELDS = {
    "topic": "topic",
    "audience": "audience",
    "tone": "tone",
    "keywords": "keywords",
    "language": "language",
    "words": "words",
}


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    write = commands.add_parser("write", help="write product copy or a blog post, streamed to stdout")
    kinds = write.add_subparsers(dest="write_kind", metavar="KIND", parser_class=Parser, required=True)
    _register_product(kinds)
    _register_blog(kinds)


def _register_product(kinds: argparse._SubParsersAction[Parser]) -> None:
    product = kinds.add_parser(
        "product", help="a title, bullet points and a description within a channel's limits"
    )
    product.add_argument("--name", help="the product's name (required)")
    product.add_argument(
        "--features", help='key features, separated by ";" or new lines (required); only these are used'
    )
    product.add_argument("--category", help="the product's category, e.g. Outdoor gear")
    product.add_argument("--audience", help="who the copy is for, e.g. hikers and commuters")
    product.add_argument("--tone", help='tone of voice, e.g. friendly, luxurious, "brand voice"')
    product.add_argument("--brand-voice", metavar="TEXT", help="a paragraph describing how the brand sounds")
    product.add_argument("--keywords", help='SEO keywords to include, e.g. "water bottle, insulated"')
    product.add_argument(
        "--channel",
        choices=tuple(load_channels()),
        help="where the copy is published; its character limits are enforced (default: generic)",
    )
    product.add_argument("--language", help="language to write in (default: English)")
    product.add_argument(
        "--length", choices=tuple(DEFAULT_WORDS), help="description length (default: medium)"
    )
    product.add_argument(
        "--words",
        type=positive_int,
        metavar="N",
        help="description length in words, instead of --length's target (a channel limit still applies)",
    )
    product.add_argument(
        "--variants", type=positive_int, metavar="N", help="write N versions with different seeds to compare"
    )
    product.add_argument(
        "--seed", type=seed, help="fixed seed for repeatable copy (variants use seed+1, ...)"
    )
    product.add_argument(
        "--json", action="store_true", help="print the parts, limits and checks as JSON, nothing else"
    )
    product.add_argument(
        "--task", default="product", help="use a custom product task made in the app (its id)"
    )
    add_engine_options(product)
    product.set_defaults(handler=cmd_product)


def _register_blog(kinds: argparse._SubParsersAction[Parser]) -> None:
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


# ---------------------------------------------------------------- product


@dataclass(frozen=True)
class _VariantStarted:
    index: int
    seed: int


@dataclass(frozen=True)
class _VariantDone:
    index: int
    seed: int
    result: ProductResult


def cmd_product(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    task = load_task(runtime, args.task, "product")
    if args.words is not None:
        # Every length maps to the user's number, so the plan's own channel cap still applies.
        lengths = task.field("length").choices or tuple(DEFAULT_WORDS)
        task = dataclasses.replace(
            task, options={**task.options, "words": dict.fromkeys(lengths, args.words)}
        )
    plan = ProductPlan.from_inputs(task, values_from(args, _PRODUCT_FIELDS))
    count = args.variants or 1
    base = runtime.sampling(args.seed)

    def job(engine: LlamaEngine, cancel: CancelToken, emit: EventSink) -> list[_VariantDone]:
        def one(index: int, sampling: SamplingOptions) -> _VariantDone:
            assert sampling.seed is not None  # run_variants always picks one, so it can be reported
            emit(_VariantStarted(index, sampling.seed))
            result = generate_product(engine, plan, cancel, emit, sampling=sampling, variant=index)
            done = _VariantDone(index, sampling.seed, result)
            emit(done)
            return done

        return run_variants(count, base, cancel, one)

    printer = _ProductPrinter(out, err, count, quiet=args.json)
    with JobRunner(runtime, args) as runner:
        finished = runner.run(job, printer.handle)
    printer.flush_notices()
    if args.json:
        reports = [_product_report(done) for done in finished.result]
        payload: Any = reports if args.variants is not None else reports[0]
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        out.flush()
    if finished.stopped:
        err.write(f"copydesk: stopped; kept what was written ({_variant_count(finished.result, count)})\n")
        return EXIT_INTERRUPTED
    if not args.json and count == 1 and finished.result:
        used = finished.result[0].seed
        err.write(f"copydesk: note: written with seed {used} (use --seed {used} to repeat it)\n")
    return 0


def _variant_count(done: list[_VariantDone], count: int) -> str:
    return f"{len(done)} of {count} variants" if count > 1 else "the copy may be incomplete"


def _product_report(done: _VariantDone) -> dict[str, Any]:
    """The ``--json`` object: what scripts need to check the copy against the channel."""
    result = done.result
    return {
        "parts": result.copy.as_outputs(),
        "limits": result.limits(),
        "missing_keywords": list(result.missing_keywords),
        "fixes": [dataclasses.asdict(fix) for fix in result.fixes],
        "complete": result.complete,
        "seed": done.seed,
    }


class _ProductPrinter:
    """Turns product events into labelled text; notices wait until the variant's parts are printed."""

    def __init__(self, out: TextIO, err: TextIO, count: int, *, quiet: bool) -> None:
        self._out = out
        self._err = err
        self._count = count
        self._quiet = quiet
        self._text = TrimmedWriter(out)
        self._part: str | None = None
        self._index = 0
        self._notices: list[str] = []

    def handle(self, event: object) -> None:
        if isinstance(event, Notice):
            self._notices.append(event.text)
        elif isinstance(event, _VariantStarted):
            self._index = event.index
            self._part = None
            if self._count > 1 and not self._quiet:
                gap = "\n" if event.index else ""
                self._out.write(
                    f"{gap}=== Variant {event.index + 1} of {self._count} (seed {event.seed}) ===\n"
                )
                self._out.flush()
        elif isinstance(event, TextDelta) and not self._quiet:
            if event.part != self._part:
                self._begin_part(event.part)
            self._text.write(event.text)
        elif isinstance(event, _VariantDone):
            self._end_variant(event.result)

    def _begin_part(self, part: str) -> None:
        previous, self._part = self._part, part
        self._text.end()
        if part == "title":
            label = "Title: "
        elif part.startswith("bullets."):
            first = previous is None or not previous.startswith("bullets.")
            label = "Bullet points:\n- " if first else "- "
        elif part == "description":
            label = "Description:\n"
        else:
            label = f"{part}: "
        if previous is not None:
            blank_line = not (part.startswith("bullets.") and previous.startswith("bullets."))
            self._out.write("\n\n" if blank_line else "\n")
        self._out.write(label)
        self._text.start()

    def _end_variant(self, result: ProductResult) -> None:
        if not self._quiet:
            self._text.end()
            if self._part is not None:
                self._out.write("\n")
            fixed = {fix.part for fix in result.fixes}
            if fixed:
                self._out.write("\nWithin the channel's limits:\n")
                for part in sorted(fixed, key=_part_order):
                    self._out.write(f"{_label(part)}: {_part_text(result, part)}\n")
            self._out.flush()
        if result.missing_keywords:
            self._notices.append(f"Keywords not used: {', '.join(result.missing_keywords)}.")
        self.flush_notices()

    def flush_notices(self) -> None:
        prefix = f"variant {self._index + 1}: " if self._count > 1 else ""
        for text in self._notices:
            self._err.write(f"copydesk: note: {prefix}{text}\n")
        self._notices.clear()
        self._err.flush()


def _part_order(part: str) -> tuple[int, int]:
    if part == "title":
        return 0, 0
    if part.startswith("bullets."):
        return 1, int(part.split(".")[1])
    return 2, 0


def _label(part: str) -> str:
    if part.startswith("bullets."):
        return f"Bullet {int(part.split('.')[1]) + 1}"
    return part.capitalize()


def _part_text(result: ProductResult, part: str) -> str:
    if part.startswith("bullets."):
        index = int(part.split(".")[1])
        bullets = result.copy.bullets
        return bullets[index] if index < len(bullets) else ""
    return result.copy.title if part == "title" else result.copy.description


# ---------------------------------------------------------------- blog


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
    with JobRunner(runtime, args) as runner:
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
