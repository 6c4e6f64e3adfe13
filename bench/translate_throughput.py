"""Source words/s of the whole document-translation pipeline against raw engine calls on the same text.

Everything the pipeline adds around the model is the price of its guarantees: masking what must come back
unchanged, a prompt that carries the glossary's terms and the previous segment pair, a check of every
answer with one retry, a translation-memory write per segment and an atomic output file. This measures
that price on one long Markdown document (``--words``, 1,500 by default), generated deterministically
from varied sentences that hold numbers, a URL, inline code and a do-not-translate term of a small
glossary. Every paragraph is unique, so the pipeline's sharing of identical segments saves nothing.

Both contenders translate the same segments (``open_markdown``'s) from English into German on one engine,
greedy (the pipeline's first-attempt sampling):

- **raw**: per segment, one ``engine.stream`` of the chat request "Translate into German:\\n\\n<segment>",
  ``max_tokens`` by the pipeline's own rule (``SegmentTranslator``'s count of the segment's tokens through
  ``TranslatePrompt.output_tokens``; the pipeline counts the masked text, a few tokens shorter).
  The requests are built before the clock starts; nothing is checked or written.
- **pipeline**: ``open_markdown`` + ``DocumentTranslation(...).run`` + ``write_output``, with a fresh
  ``TranslationMemory`` in a new temporary folder each round (opened and closed inside the timing), so its
  writes are paid and nothing is reused from an earlier round.

Rounds alternate the order (raw first in odd rounds); figures are medians. Printed: source words/s of
each, tokens generated, requests (the pipeline's retries among them), flagged segments, and two ratios:

- **pipeline / raw, words/s** (target >= 0.9): what a user sees.
- **pipeline / raw, generated tokens/s**: the same with each contender's time divided by the tokens it
  had the model write. Greedy answers to different prompts differ in length, and a retry on a tiny model
  is the check doing its job, not overhead, so this is the ratio that is fair to the work done. It still
  charges the pipeline for its longer prompts and all of its own Python work, which is what it adds.
  ("Pipeline time minus retry time" would not be fair either way: the first answers themselves differ in
  length from raw ones.) The time inside the engine and the prompt tokens each contender had decoded are
  printed too, so the rest of the difference can be read off.

Usage: ``python bench/translate_throughput.py [--words 1500] [--rounds 3] [--threads N] [--context N]
[--model GGUF] [--json OUT|-]``
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.engine.llama_engine import LlamaEngine, LoadOptions
from app.core.engine.types import CancelToken, Chunk, Engine, GenerationRequest
from app.core.formats.markdown_text import open_markdown
from app.core.jobs.document_progress import DocumentResult, count_words
from app.core.jobs.document_translation import DocumentTranslation, write_output
from app.core.models.starter import fetch_starter, model_cache_dir
from app.core.paths import app_paths
from app.core.settings import EngineSettings
from app.core.tasks.translate import GREEDY, SegmentTranslator, TranslateSettings
from app.core.translation.glossary import Glossary, Term
from app.core.translation.memory import TranslationMemory

SOURCE, TARGET = "en", "de"
GLOSSARY = Glossary(
    SOURCE,
    TARGET,
    (
        Term("Copydesk", do_not_translate=True),
        Term("invoice", "Rechnung"),
        Term("dashboard", "Übersicht"),
    ),
)
SUBJECTS = ("Your team", "The support desk", "Each editor", "The billing service", "Our new office")
SENTENCES = (
    "{subject} saved {n} drafts in {m} minutes last week.",
    "Open https://example.com/docs/release-{n} to read the notes for version {m}.{n}.",
    "Run `copydesk translate --to de` to translate {n} files at once.",
    "Copydesk keeps every invoice for {n} days before it is archived.",
    "The dashboard lists {n} open tasks and {m} finished ones.",
    "Prices start at {n}.{m} euros per month for up to {m} users.",
    "{subject} answered {n} questions before noon on Monday.",
    "If the upload stops at {n} percent, press `Retry` and wait {m} seconds.",
    "Copydesk can check a report of {n} pages in about {m} minutes.",
    "Send each invoice before day {n} of the month, or it is paid {m} days later.",
    "{subject} moved {n} customers to the new plan in March.",
)
HEADINGS = ("Getting started", "Working with files", "Billing", "Teams and roles", "Troubleshooting")


def _say(message: str) -> None:
    print(f"[translate-throughput] {message}", file=sys.stderr, flush=True)


def _load() -> float:
    """The 1-minute load average (the machine may be shared; the figures depend on it)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else math.nan


def make_markdown(words: int) -> str:
    """A Markdown document of at least ``words`` translatable words: headings, paragraphs of three
    sentences and short lists, the same text for the same ``words``, no segment repeated."""
    blocks: list[str] = ["# Copydesk handbook"]
    total = count_words(blocks[0])
    index = 0

    def sentence() -> str:
        nonlocal index
        template = SENTENCES[index % len(SENTENCES)]
        text = template.format(subject=SUBJECTS[index % len(SUBJECTS)], n=index + 2, m=(index * 7) % 50 + 3)
        index += 1
        return text

    section = 0
    while total < words:
        if section % 3 == 0:
            blocks.append(f"## {HEADINGS[(section // 3) % len(HEADINGS)]}, part {section // 3 + 1}")
        section += 1
        blocks.append(" ".join(sentence() for _ in range(3)))
        if section % 4 == 0:
            blocks.append("\n".join(f"- {sentence()}" for _ in range(2)))
        total = sum(count_words(block) for block in blocks)
    return "\n\n".join(blocks) + "\n"


@dataclass
class Tally:
    """What one contender made the engine do in one round."""

    requests: int = 0
    retries: int = 0
    generated: int = 0
    prompt_tokens: int = 0
    """Prompt tokens decoded (those not reused from the prefix cache)."""
    engine_s: float = 0.0
    """Seconds inside ``engine.stream``: tokenizing, the prompt, generation (and the consumer's per-chunk
    work, which is tiny)."""
    prompt_s: float = 0.0
    """The part of ``engine_s`` spent tokenizing and decoding prompts."""
    retry_s: float = 0.0
    """The part of ``engine_s`` spent on the pipeline's retries."""
    cut_off: int = 0
    """Answers that reached ``max_tokens``."""
    count_calls: int = 0
    count_s: float = 0.0


class CountingEngine:
    """Passes calls through and adds up what each contender asked of the model."""

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.tally = Tally()

    @property
    def context_size(self) -> int:
        return self.inner.context_size

    def count_tokens(self, request: GenerationRequest) -> int:
        started = time.perf_counter()
        try:
            return self.inner.count_tokens(request)
        finally:
            self.tally.count_calls += 1
            self.tally.count_s += time.perf_counter() - started

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        tally = self.tally
        tally.requests += 1
        retry = request.sampling.temperature > 0  # the pipeline's first attempt is greedy, its retry not
        tally.retries += retry
        for chunk in self.inner.stream(request, cancel):
            if chunk.timings is not None:
                timings = chunk.timings
                tally.generated += timings.generated_tokens
                tally.prompt_tokens += timings.prompt_tokens - timings.cached_tokens
                tally.engine_s += timings.ttft_s + timings.generation_s
                tally.prompt_s += timings.prompt_s
                tally.retry_s += (timings.ttft_s + timings.generation_s) if retry else 0.0
                tally.cut_off += chunk.finish_reason == "length"
            yield chunk

    def close(self) -> None:
        """The engine belongs to the caller, who closes it."""


@dataclass
class Contender:
    name: str
    words: int
    seconds: list[float] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)

    def median(self, pick: Callable[[Tally], float]) -> float:
        return statistics.median(pick(tally) for tally in self.tallies)

    def words_per_s(self) -> float:
        return self.words / statistics.median(self.seconds)

    def tokens_per_s(self) -> float:
        return statistics.median(t.generated / s for t, s in zip(self.tallies, self.seconds, strict=True))

    def summary(self) -> dict[str, Any]:
        return {
            "seconds": self.seconds,
            "words_per_s": self.words_per_s(),
            "generated_tokens_per_s": self.tokens_per_s(),
            "rounds": [vars(tally) for tally in self.tallies],
        }


def raw_requests(engine: Engine, settings: TranslateSettings, segments: list[str]) -> list[GenerationRequest]:
    """The minimal request per segment; ``max_tokens`` by the pipeline's own rule for a piece (its
    translator's token count of the text, through ``TranslatePrompt.output_tokens``)."""
    translator = SegmentTranslator(engine, settings)
    return [
        GenerationRequest.chat(
            f"Translate into German:\n\n{text}",
            sampling=GREEDY,
            max_tokens=translator.prompt.output_tokens(translator.tokens(text)),
        )
        for text in segments
    ]


def problem_kind(problem: str) -> str:
    """A check's message without its particulars: "The number 12 is missing" -> "The number N is missing"."""
    words = re.sub(r"\d+", "N", problem).split()
    return " ".join(words) if len(words) <= 5 else f"{' '.join(words[:3])} ... {' '.join(words[-2:])}"


def run_raw(engine: Engine, requests: list[GenerationRequest]) -> None:
    for request in requests:
        for _chunk in engine.stream(request, CancelToken()):
            pass


def run_pipeline(engine: Engine, settings: TranslateSettings, source: Path, output: Path) -> DocumentResult:
    """The whole job as the CLI runs it, with a fresh memory; checks that every segment came back."""
    with tempfile.TemporaryDirectory(prefix="translate-throughput-tm-") as folder:
        memory = TranslationMemory(Path(folder) / "memory.sqlite")
        try:
            document = open_markdown(source)
            result = DocumentTranslation(document, settings, memory).run(engine)
            write_output(document, result, output, settings.target_language)
        finally:
            memory.close()
    if result.error is not None or result.partial:
        raise RuntimeError(f"the pipeline stopped early: {result.error or result.counts}")
    if len(result.segments) != len(document.segments) or not output.stat().st_size:
        raise RuntimeError("the pipeline lost segments or wrote no output")
    return result


def measure(engine: Engine, *, words: int, rounds: int, say: Callable[[str], None] = _say) -> dict[str, Any]:
    """Both contenders, ``rounds`` times each in alternating order, on one document of ``words`` words."""
    settings = TranslateSettings(SOURCE, TARGET, GLOSSARY)
    counting = CountingEngine(engine)
    with tempfile.TemporaryDirectory(prefix="translate-throughput-") as tmp:
        folder = Path(tmp)
        source = folder / "handbook.md"
        source.write_text(make_markdown(words), encoding="utf-8")
        segments = [segment.text for segment in open_markdown(source).segments]
        total_words = sum(count_words(text) for text in segments)
        requests = raw_requests(engine, settings, segments)
        raw, pipeline = Contender("raw", total_words), Contender("pipeline", total_words)
        flagged: list[int] = []
        reasons: Counter[str] = Counter()
        loads = [_load()]

        say(f"warm-up, then {rounds} round(s) of {len(segments)} segments, {total_words} words")
        warm = folder / "warm.md"
        warm.write_text(make_markdown(1), encoding="utf-8")  # the title only
        run_pipeline(counting, settings, warm, folder / "warm.de.md")
        run_raw(counting, requests[:1])
        for round_index in range(rounds):
            # Alternate the order, so a drift in machine load does not favour one contender.
            for contender in (raw, pipeline) if round_index % 2 == 0 else (pipeline, raw):
                counting.tally = Tally()
                started = time.perf_counter()
                if contender is raw:
                    run_raw(counting, requests)
                else:
                    result = run_pipeline(counting, settings, source, folder / f"out-{round_index}.de.md")
                    flagged.append(len(result.flagged))
                    for key in result.flagged:
                        reasons.update({problem_kind(p) for p in result.segments[key].problems})
                seconds = time.perf_counter() - started
                contender.seconds.append(seconds)
                contender.tallies.append(counting.tally)
                loads.append(_load())
                say(
                    f"round {round_index + 1}: {contender.name} {seconds:.1f} s, "
                    f"{counting.tally.generated} tokens, {counting.tally.requests} requests, "
                    f"load {loads[-1]:.2f}"
                )
    words_ratio = pipeline.words_per_s() / raw.words_per_s()
    return {
        "segments": len(segments),
        "words": total_words,
        "rounds": rounds,
        "load_average_1min": loads,
        "raw": raw.summary(),
        "pipeline": pipeline.summary() | {"flagged": flagged, "flag_reasons": dict(reasons.most_common())},
        "ratio_words_per_s": words_ratio,
        "ratio_generated_tokens_per_s": pipeline.tokens_per_s() / raw.tokens_per_s(),
        "paired_ratios": [r / p for r, p in zip(raw.seconds, pipeline.seconds, strict=True)],
    }


def format_report(report: dict[str, Any]) -> str:
    """The table and ratios the run prints (Markdown, ready for docs/benchmarks.md)."""
    lines = [
        f"{report['words']} source words in {report['segments']} segments, {report['rounds']} round(s), "
        f"1-minute load {min(report['load_average_1min']):.2f}-{max(report['load_average_1min']):.2f}",
        "| contender | words/s (median) | seconds | tokens generated | requests (retries, their s; cut off) "
        "| prompt tokens decoded | in engine s (prompts) | outside engine s | token counts (s) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in ("raw", "pipeline"):
        part = report[name]
        tallies = part["rounds"]

        def med(key: str, rows: list[dict[str, Any]] = tallies) -> float:
            return float(statistics.median(row[key] for row in rows))

        outside = statistics.median(
            seconds - row["engine_s"] for seconds, row in zip(part["seconds"], tallies, strict=True)
        )

        lines.append(
            f"| {name} | {part['words_per_s']:.2f} | {statistics.median(part['seconds']):.1f} | "
            f"{med('generated'):.0f} | {med('requests'):.0f} ({med('retries'):.0f}, {med('retry_s'):.1f}; "
            f"{med('cut_off'):.0f}) | "
            f"{med('prompt_tokens'):.0f} | {med('engine_s'):.1f} ({med('prompt_s'):.1f}) | "
            f"{outside:.2f} | "
            f"{med('count_calls'):.0f} ({med('count_s'):.2f}) |"
        )
    flagged = report["pipeline"]["flagged"]
    paired = statistics.median(report["paired_ratios"])
    lines += [
        f"flagged segments in the pipeline, per round: {flagged}",
        "why (segments, all rounds): "
        + "; ".join(f"{kind} ({n})" for kind, n in list(report["pipeline"]["flag_reasons"].items())[:6]),
        f"pipeline / raw, words/s: {report['ratio_words_per_s']:.3f} "
        f"(median of paired rounds {paired:.3f}; target >= 0.9)",
        f"pipeline / raw, generated tokens/s: {report['ratio_generated_tokens_per_s']:.3f}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, help="GGUF file (default: the starter model)")
    parser.add_argument("--words", type=int, default=1500, help="source words in the document")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, help="engine threads (default: the engine's own tuning)")
    parser.add_argument(
        "--context", type=int, default=EngineSettings().context_size, help="context size (the app's default)"
    )
    parser.add_argument("--json", help="write the results here ('-': stdout)")
    args = parser.parse_args(argv)
    if args.words < 1 or args.rounds < 1:
        parser.error("--words and --rounds must be at least 1")

    model = args.model or fetch_starter(model_cache_dir(app_paths()))
    engine = LlamaEngine.load(model, LoadOptions(context_size=args.context, threads=args.threads))
    try:
        measured = measure(engine, words=args.words, rounds=args.rounds)
        threads = engine.threads
    finally:
        engine.close()
    report: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} logical cores, {platform.system()}",
        "model": model.name,
        "threads": threads,
        "context": args.context,
        **measured,
    }
    print(f"\n{report['model']}, {threads} threads, context {args.context}; {report['machine']}")
    print(format_report(report))
    if args.json == "-":
        print(json.dumps(report, indent=2))
    elif args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"written {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
