"""Lookup times of the translation memory on a large synthetic memory.

Builds a memory of ``--entries`` sentence pairs (word frequencies follow a Zipf curve under a set of
common function words, as real text does, so the full-text prefilter faces words that appear in most
entries), then times from one thread:

- **exact**: existing sources, with their spaces disturbed, looked up with ``exact()``;
- **fuzzy near**: existing sources with one word replaced (the original must be offered whenever its
  ratio reaches 75);
- **fuzzy miss**: new sentences made of the same vocabulary (usually nothing >= 75).

Printed: median, p95 and max per kind in milliseconds, the time to build and to open the memory, and
its size. Targets: exact < 1 ms, fuzzy < 50 ms at 100,000 entries.

Usage: ``python bench/translation_memory.py [--entries 100000] [--queries 300] [--seed 7] [--json OUT|-]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz

from app.core.translation.memory import MemoryEntry, TranslationMemory

_FUNCTION_TEXT = (
    "the a an of to in and or for with on at by from is are was be this that it as not but all your "
    "you we can will please after before when if then into new more most other only also"
)
FUNCTION_WORDS = tuple(_FUNCTION_TEXT.split())
SYLLABLES = ("ka", "lo", "mi", "ter", "san", "dor", "vel", "qua", "ri", "pen", "tor", "ble", "x", "mon")

T = TypeVar("T")


def _say(message: str) -> None:
    print(f"[translation-memory] {message}", file=sys.stderr, flush=True)


class Corpus:
    """Sentences over a fixed vocabulary: function words plus Zipf-distributed content words."""

    def __init__(self, rng: random.Random, vocabulary: int = 8000) -> None:
        self.rng = rng
        words: set[str] = set()
        while len(words) < vocabulary:
            words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
        self.content = sorted(words)
        rng.shuffle(self.content)
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) ** 1.1 for rank in range(len(self.content)))
        )

    def word(self) -> str:
        if self.rng.random() < 0.45:
            return self.rng.choice(FUNCTION_WORDS)
        return self.rng.choices(self.content, cum_weights=self.cumulative)[0]

    def sentence(self) -> str:
        words = [self.word() for _ in range(self.rng.randint(6, 24))]
        return " ".join(words).capitalize() + "."

    def change_one_word(self, sentence: str) -> str:
        words = sentence.rstrip(".").split(" ")
        index = self.rng.randrange(len(words))
        replacement = self.word()
        while replacement == words[index].lower():
            replacement = self.word()
        words[index] = replacement
        return " ".join(words) + "."


def _timed(call: Callable[[str], T], text: str) -> tuple[float, T]:
    start = time.perf_counter()
    result = call(text)
    return (time.perf_counter() - start) * 1000, result


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 3),
        "max_ms": round(ordered[-1], 3),
    }


def run(entries: int, queries: int, seed: int, folder: Path) -> dict[str, Any]:
    rng = random.Random(seed)
    corpus = Corpus(rng)
    sources: dict[str, None] = {}
    while len(sources) < entries:
        sources[corpus.sentence()] = None
    path = folder / "memory.sqlite"

    def generate() -> Iterator[MemoryEntry]:
        for number, source in enumerate(sources):
            yield MemoryEntry("en", "de", source, f"Übersetzung {number}: {source[::-1]}", "machine")

    with TranslationMemory(path) as memory:
        start = time.perf_counter()
        memory.add_many(generate(), batch=2000)
        build_ms = (time.perf_counter() - start) * 1000
    open_ms, memory = _timed(lambda _: TranslationMemory(path), "")
    listed = list(sources)
    picked = rng.sample(listed, queries)
    with memory:
        exact_times, found = [], 0
        for source in picked:
            disturbed = "  " + source.replace(" ", "  \n", 2) + " "
            elapsed, match = _timed(partial(memory.exact, "en", "de"), disturbed)
            exact_times.append(elapsed)
            found += match is not None and match.source == source
        near_times, near_found, near_expected = [], 0, 0
        for source in picked:
            changed = corpus.change_one_word(source)
            elapsed, matches = _timed(partial(memory.fuzzy, "en", "de"), changed)
            near_times.append(elapsed)
            if changed not in sources and fuzz.ratio(changed, source) >= 75:
                near_expected += 1  # a long word swapped in a short sentence can fall below 75
                near_found += any(m.source == source for m in matches)
        miss_times, miss_offered = [], 0
        for fresh in [corpus.sentence() for _ in range(queries)]:
            elapsed, matches = _timed(partial(memory.fuzzy, "en", "de"), fresh)
            miss_times.append(elapsed)
            miss_offered += bool(matches)
        indexed = memory.indexed
    size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} logical cores, {platform.system()}",
        "sqlite": sqlite3.sqlite_version,
        "entries": entries,
        "queries": queries,
        "fts5": indexed,
        "build_s": round(build_ms / 1000, 2),
        "open_ms": round(open_ms, 1),
        "size_mb": round(size_mb, 1),
        "exact": {**_summary(exact_times), "found": found},
        "fuzzy_near": {
            **_summary(near_times),
            "original_offered": near_found,
            "original_reaches_75": near_expected,
        },
        "fuzzy_miss": {**_summary(miss_times), "with_offers": miss_offered},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the results as JSON to this file ('-' for stdout)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _say(f"building a memory of {args.entries} entries ...")
        result = run(args.entries, args.queries, args.seed, Path(folder))
    print(
        f"{result['machine']}, SQLite {result['sqlite']}\n"
        f"{result['entries']} entries (FTS5 {'on' if result['fts5'] else 'off'}), {result['size_mb']} MB, "
        f"built in {result['build_s']} s, opened in {result['open_ms']} ms"
    )
    for kind in ("exact", "fuzzy_near", "fuzzy_miss"):
        row = result[kind]
        extra = {k: v for k, v in row.items() if not k.endswith("_ms")}
        print(
            f"{kind:>10}: median {row['median_ms']:.3f} ms, p95 {row['p95_ms']:.3f} ms, "
            f"max {row['max_ms']:.3f} ms  {extra} of {result['queries']}"
        )
    if args.json:
        text = json.dumps(result, indent=2)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
