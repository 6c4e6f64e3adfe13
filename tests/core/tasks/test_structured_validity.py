"""Evidence for the issue's promise: every feedback and classification answer is valid under its schema.

200 items are built from templates (products x praise, complaints, questions, in four languages) in a
fixed order, so a run is repeatable. 100 go through feedback analysis and 100 through classification
(one label and several, with the built-in lists and with the user's own). Each raw answer the model
wrote is recorded and validated with jsonschema, and the parsed result may only use allowed values.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from jsonschema import Draft202012Validator

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, Chunk, GenerationRequest
from app.core.tasks.classify import ClassifySetup, classify_text, parse_labels
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.feedback import (
    MAX_TOPICS,
    SENTIMENTS,
    SUMMARY_MAX_CHARS,
    URGENCIES,
    FeedbackSetup,
    analyze_feedback,
)
from app.core.tasks.teams import parse_teams
from tests.core.tasks.helpers import LentEngine

PRODUCTS = (
    "water bottle",
    "running shoes",
    "coffee grinder",
    "phone case",
    "desk lamp",
    "backpack",
    "yoga mat",
    "bluetooth speaker",
    "winter jacket",
    "kitchen knife",
)
TEMPLATES = (
    "I love my new {p}! Great quality and it arrived a day early.",
    "The {p} broke after two days. I want a refund now or I will never order again.",
    "Does the {p} come in other colours? I'd like to buy ten for my team.",
    "You charged me twice for the {p}. Please fix the invoice.",
    "The {p} is fine, nothing special. Delivery took a week.",
    "Support never answered my e-mail about the {p}. Very disappointed!!",
    "The app for the {p} keeps crashing when I log in.",
    "Five stars. The {p} is worth every cent.",
    "Der {p} kam beschädigt an und niemand antwortet auf meine Mails.",
    "Super {p}, schnelle Lieferung, gerne wieder!",
    "Ist der {p} auch in Schwarz erhältlich?",
    "Preis zu hoch für so einen {p}.",
    "Le {p} est arrivé cassé. Je veux être remboursé.",
    "Très bon {p}, je recommande.",
    "Livraison très lente pour mon {p}, trois semaines!",
    "Le {p} est correct, sans plus.",
    "El {p} llegó roto y nadie responde.",
    "Me encanta el {p}, excelente calidad.",
    "¿Tienen descuento por comprar cincuenta {p}?",
    "El {p} funciona, pero el precio es alto.",
)


def generated_items() -> list[str]:
    """200 distinct items, shuffled with a fixed seed so both halves mix products and languages."""
    items = [template.format(p=product) for template in TEMPLATES for product in PRODUCTS]
    random.Random(6).shuffle(items)
    return items


@dataclass
class RecordingEngine(LentEngine):
    """The real engine, keeping the raw text of every answer so the test validates what the model wrote."""

    answers: list[tuple[GenerationRequest, str, Chunk]] = field(default_factory=list)

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        pieces = []
        for chunk in self.inner.stream(request, cancel):
            pieces.append(chunk.text)
            if chunk.finish_reason is not None:
                self.answers.append((request, "".join(pieces), chunk))
            yield chunk


def assert_every_answer_valid(recorder: RecordingEngine, items: int) -> None:
    # One request per item: under the grammar no answer needed the retry.
    assert len(recorder.answers) == items
    for request, text, final in recorder.answers:
        assert request.json_schema is not None
        validator = Draft202012Validator(dict(request.json_schema))
        errors = [e.message for e in validator.iter_errors(json.loads(text))]
        assert errors == [], (text, errors)
        assert final.finish_reason == "eos" and final.problems == (), text


def report(name: str, count: int, started: tuple[float, float]) -> None:
    """Wall time, and CPU time: on a shared machine the latter is what the work itself cost."""
    wall = time.perf_counter() - started[0]
    cpu = time.process_time() - started[1]
    print(
        f"\n{name}: {count} items in {wall:.1f} s wall ({wall / count:.2f} s per item), "
        f"{cpu:.1f} s CPU ({cpu / count:.2f} s per item)"
    )


CUSTOM_TEAMS = parse_teams(
    "Kundendienst: Fragen, Beschwerden\nVersand: Lieferung, Pakete\nVertrieb: Angebote, Preise"
)
CUSTOM_LABELS = parse_labels("Lob: praise\nBeschwerde: complaint\nFrage: question\nRechnung: invoices")


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.timeout(1800)  # about 3 minutes for both on an idle 2-core machine
def test_100_feedback_analyses_are_all_valid(engine: LlamaEngine, builtin: dict[str, TaskDefinition]) -> None:
    items = generated_items()[:100]
    setups = [
        FeedbackSetup(),
        FeedbackSetup(("Qualität", "Lieferung", "Preis", "Größe"), CUSTOM_TEAMS, "German"),
    ]
    recorder = RecordingEngine(engine)
    started = time.perf_counter(), time.process_time()
    for index, text in enumerate(items):
        setup = setups[index * len(setups) // len(items)]  # grouped, so the prompt cache is reused
        item = analyze_feedback(recorder, builtin["feedback"], setup, text, CancelToken())
        assert item.sentiment in SENTIMENTS and item.urgency in URGENCIES
        assert 0 <= item.score <= 100
        assert 1 <= len(item.topics) <= MAX_TOPICS and set(item.topics) <= set(setup.all_topics)
        assert len(set(item.topics)) == len(item.topics)
        assert item.team in {team.name for team in setup.teams}
        assert 0 < len(item.summary) <= SUMMARY_MAX_CHARS and "\n" not in item.summary
    report("feedback", len(items), started)
    assert_every_answer_valid(recorder, len(items))


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.timeout(1800)  # about 3 minutes for both on an idle 2-core machine
def test_100_classifications_are_all_valid(engine: LlamaEngine, builtin: dict[str, TaskDefinition]) -> None:
    items = generated_items()[100:]
    setups = [
        ClassifySetup(),
        ClassifySetup(multi=True),
        ClassifySetup(CUSTOM_LABELS),
        ClassifySetup(CUSTOM_LABELS, multi=True),
    ]
    recorder = RecordingEngine(engine)
    started = time.perf_counter(), time.process_time()
    counts = {"one": 0, "several": 0}
    for index, text in enumerate(items):
        setup = setups[index * len(setups) // len(items)]
        result = classify_text(recorder, builtin["classify"], setup, text, CancelToken())
        assert result.labels and set(result.labels) <= set(setup.names)
        assert len(set(result.labels)) == len(result.labels)
        if not setup.multi:
            assert len(result.labels) == 1
        counts["several" if setup.multi else "one"] += 1
    report("classification", len(items), started)
    assert counts == {"one": 50, "several": 50}
    assert_every_answer_valid(recorder, len(items))


def test_the_generated_items_are_distinct_and_stable() -> None:
    items = generated_items()
    assert len(items) == len(set(items)) == 200
    assert items == generated_items()
    for half in (items[:100], items[100:]):
        assert any("Paket" in t or "Lieferung" in t or "Preis" in t for t in half)
        assert any(" le " in f" {t.lower()} " or "très" in t.lower() for t in half)
