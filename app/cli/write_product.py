"""``copydesk write product``: a title, bullet points and a description within a channel's limits.

The parts stream as the model writes them, with readable labels; ``--variants`` writes several versions
with different seeds, and ``--json`` gives scripts the parts and the channel's limits to check instead.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from dataclasses import dataclass
from typing import Any, TextIO

from app.cli.common import EXIT_INTERRUPTED, Parser, positive_int, seed
from app.cli.jobs import EventSink, JobRunner, TrimmedWriter, add_engine_options, load_task, values_from
from app.core.engine.types import CancelToken, Engine, SamplingOptions
from app.core.runtime import Runtime
from app.core.tasks.channels import load_channels
from app.core.tasks.events import Notice, TextDelta
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


def register(kinds: argparse._SubParsersAction[Parser]) -> None:
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

    def job(engine: Engine, cancel: CancelToken, emit: EventSink) -> list[_VariantDone]:
        def one(index: int, sampling: SamplingOptions) -> _VariantDone:
            assert sampling.seed is not None  # run_variants always picks one, so it can be reported
            emit(_VariantStarted(index, sampling.seed))
            result = generate_product(engine, plan, cancel, emit, sampling=sampling, variant=index)
            done = _VariantDone(index, sampling.seed, result)
            emit(done)
            return done

        return run_variants(count, base, cancel, one)

    printer = _ProductPrinter(out, err, count, quiet=args.json)
    with JobRunner(runtime, args, err) as runner:
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
