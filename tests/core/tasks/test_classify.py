"""Classification: label lists, the schema, duplicate labels in a multi answer, and the real model."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.sampler import schema_to_grammar
from app.core.engine.types import CancelToken, SamplingOptions
from app.core.jobs.row_task import RowTask
from app.core.tasks.classify import (
    DEFAULT_LABELS,
    Classification,
    ClassifyRows,
    ClassifySetup,
    Label,
    classify_text,
    format_labels,
    parse_labels,
)
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.streaming import TaskCancelledError
from app.core.tasks.structured import InvalidAnswerError, ItemTooLongError
from tests.core.tasks.helpers import Answer, Recorder, ScriptedEngine

TICKET = "I was charged twice for one order and the parcel never arrived."


def test_labels_parse_from_lines_or_a_comma_list() -> None:
    assert parse_labels("billing,shipping, Product ") == (
        Label("billing"),
        Label("shipping"),
        Label("Product"),
    )
    text = "Billing: money, invoices\n\n  Shipping : parcels \nVIP, Spam"
    assert parse_labels(text) == (
        Label("Billing", "money, invoices"),
        Label("Shipping", "parcels"),
        Label("VIP"),
        Label("Spam"),
    )
    assert parse_labels(format_labels(DEFAULT_LABELS)) == DEFAULT_LABELS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "No labels given"),
        (" \n \n", "No labels given"),
        ("billing, shipping,\n", r"Line 1: a label has no name"),
        ("billing: money\n: nothing", r"Line 2: a label has no name"),
        ("billing\nshipping\nBilling: again", r"Line 3: the label 'Billing' is already given on line 1"),
        ("a;b, c", r"Line 1: the label 'a;b' contains ';'"),
    ],
)
def test_bad_label_lists_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_labels(text)


def test_one_label_is_not_a_choice() -> None:
    with pytest.raises(ValueError, match="at least 2 labels"):
        ClassifySetup((Label("billing"),))


@pytest.mark.parametrize("name", ['say "hi"', "a\\b", "tab\there", "\U0001f600 fun"])
def test_names_the_grammar_would_mangle_are_refused(name: str) -> None:
    # Seen on the real engine: '"' breaks the grammar, '\\' and a tab give invalid JSON, and an emoji
    # comes out as broken surrogates. The user is told, instead of every row failing.
    with pytest.raises(ValueError, match="cannot be used in names"):
        ClassifySetup((Label("billing"), Label(name)))


def test_the_schema_lists_the_labels_exactly_as_written() -> None:
    labels = parse_labels("Billing Team, shipping, Ärger & Lob, it's 100%")
    single = ClassifySetup(labels).schema()
    assert single["properties"]["label"]["enum"] == ["Billing Team", "shipping", "Ärger & Lob", "it's 100%"]
    assert single["required"] == ["label"]
    multi = ClassifySetup(labels, multi=True).schema()
    assert multi["properties"]["labels"]["items"]["enum"] == single["properties"]["label"]["enum"]
    assert (multi["properties"]["labels"]["minItems"], multi["properties"]["labels"]["maxItems"]) == (1, 4)
    for schema in (single, multi):
        assert "rger & Lob" in schema_to_grammar(schema)  # the converter writes Ä as \\u00c4


def test_the_form_values_make_the_setup(builtin: dict[str, TaskDefinition]) -> None:
    task = builtin["classify"]
    assert ClassifySetup.from_values(task.defaults()) == ClassifySetup()
    setup = ClassifySetup.from_values({"labels": "a,b", "labels_per_item": "several"})
    assert setup == ClassifySetup((Label("a"), Label("b")), multi=True)
    assert not ClassifySetup.from_values({"labels": "a,b", "labels_per_item": "one"}).multi


def test_a_multi_answer_keeps_each_label_once_in_order(builtin: dict[str, TaskDefinition]) -> None:
    setup = ClassifySetup(DEFAULT_LABELS, multi=True)
    engine = ScriptedEngine([Answer('{"labels": ["shipping", "billing", "shipping", "billing"]}')])
    result = classify_text(engine, builtin["classify"], setup, TICKET, CancelToken())
    assert result == Classification(("shipping", "billing"))
    assert result.as_columns() == {"label": "shipping; billing"}
    assert result.label == "shipping"
    assert engine.requests[0].json_schema == setup.schema()
    assert "every label that applies" in engine.requests[0].messages[0].content


def test_a_label_outside_the_list_is_retried_then_refused(builtin: dict[str, TaskDefinition]) -> None:
    engine = ScriptedEngine([Answer('{"label": "refund"}'), Answer('{"label": "Billing"}')])
    events = Recorder()
    with pytest.raises(InvalidAnswerError, match="no valid classification in two tries") as caught:
        classify_text(engine, builtin["classify"], ClassifySetup(), TICKET, CancelToken(), emit=events)
    assert "'Billing' is not one of" in str(caught.value)  # case matters: labels are exact strings
    assert len(engine.requests) == 2 and len(events.notices()) == 1


def test_a_retry_can_rescue_the_row(builtin: dict[str, TaskDefinition]) -> None:
    engine = ScriptedEngine([Answer('{"label": "bill', finish="length"), Answer('{"label": "billing"}')])
    result = classify_text(engine, builtin["classify"], ClassifySetup(), TICKET, CancelToken())
    assert result.labels == ("billing",)
    assert engine.requests[1].max_tokens > engine.requests[0].max_tokens


def test_cancel_and_too_long_and_empty(builtin: dict[str, TaskDefinition]) -> None:
    task = builtin["classify"]
    engine = ScriptedEngine([Answer('{"label": "billing"}', cancel_after=3)])
    with pytest.raises(TaskCancelledError):
        classify_text(engine, task, ClassifySetup(), TICKET, CancelToken())
    small = ScriptedEngine([], context_size=300)
    with pytest.raises(ItemTooLongError, match=r"it has \d+ tokens, but .* only \d+ fit"):
        classify_text(small, task, ClassifySetup(), "long words " * 400, CancelToken())
    assert small.requests == []
    with pytest.raises(ValueError, match="no text to classify"):
        classify_text(small, task, ClassifySetup(), "", CancelToken())


def test_the_row_task(builtin: dict[str, TaskDefinition]) -> None:
    rows: RowTask = ClassifyRows(builtin["classify"], ClassifySetup())
    assert rows.kind == "classify" and rows.output_columns == ("label",)
    assert [f.name for f in rows.fields] == ["text"]
    engine = ScriptedEngine([Answer('{"label": "account"}')])
    assert rows.run(engine, {"text": TICKET}, CancelToken()) == {"label": "account"}
    multi = ClassifyRows(builtin["classify"], ClassifySetup(multi=True))
    described = ClassifyRows(
        builtin["classify"], ClassifySetup((*DEFAULT_LABELS[:-1], Label("account", "Logins.")))
    )
    prints = {r.fingerprint() for r in (rows, multi, described)}
    assert len(prints) == 3
    assert ClassifyRows(builtin["classify"], ClassifySetup()).fingerprint() == rows.fingerprint()


@pytest.mark.model
@pytest.mark.parametrize("multi", [False, True], ids=["one", "several"])
def test_the_real_model_always_answers_with_a_given_label(
    engine: LlamaEngine, builtin: dict[str, TaskDefinition], multi: bool
) -> None:
    labels = parse_labels("Rechnung: Geld, Zahlungen\nVersand: Pakete\nÄrger & Lob\nSpam")
    setup = ClassifySetup(labels, multi=multi)
    validator = Draft202012Validator(setup.schema())
    events = Recorder()
    texts = [TICKET, "Danke, alles super!", "BUY CHEAP WATCHES http://x", "Wo ist mein Paket?"]
    for text in texts:
        result = classify_text(engine, builtin["classify"], setup, text, CancelToken(), emit=events)
        assert result.labels and len(set(result.labels)) == len(result.labels)
        assert set(result.labels) <= set(setup.names)
        key = "labels" if multi else "label"
        assert validator.is_valid({key: list(result.labels) if multi else result.label})
    assert all(step.chunk.problems == () for step in events.steps())
    assert len(events.steps()) == len(texts)  # no retries were needed under the grammar
    random = SamplingOptions(temperature=1.2, seed=11)
    result = classify_text(engine, builtin["classify"], setup, TICKET, CancelToken(), sampling=random)
    assert set(result.labels) <= set(setup.names)
    assert json.dumps(result.as_columns())
