"""Feedback analysis: the setup and its schema, the retry and failure paths, and runs on the real model."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from jsonschema import Draft202012Validator

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.sampler import schema_to_grammar
from app.core.engine.types import CancelToken, Chunk, GenerationRequest, SamplingOptions
from app.core.jobs.row_task import RowTask
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit
from app.core.tasks.feedback import (
    DEFAULT_TOPICS,
    SENTIMENTS,
    SUMMARY_MAX_CHARS,
    URGENCIES,
    FeedbackItem,
    FeedbackRows,
    FeedbackSetup,
    analyze_feedback,
)
from app.core.tasks.inputs import split_list
from app.core.tasks.streaming import TaskCancelledError
from app.core.tasks.structured import InvalidAnswerError, ItemTooLongError
from app.core.tasks.teams import DEFAULT_TEAMS, Team, format_teams, parse_teams
from tests.core.tasks.helpers import Answer, LentEngine, Recorder, ScriptedEngine

GOOD = {
    "sentiment": "negative",
    "score": 80,
    "topics": ["delivery", "delivery", "support"],
    "summary": "Parcel arrived broken and nobody answers.",
    "urgency": "high",
    "team": "Shipping",
}
COMPLAINT = "The parcel arrived broken and nobody answers my e-mails. I want my money back!"


def answer(**changes: object) -> str:
    return json.dumps({**GOOD, **changes})


# ------------------------------------------------------------------ teams


def test_teams_round_trip_through_their_text_form() -> None:
    assert parse_teams(format_teams(DEFAULT_TEAMS)) == DEFAULT_TEAMS
    text = "\n  Support :  Help   with the app \n\nVIP desk\nBilling: money: refunds\n"
    assert parse_teams(text) == (
        Team("Support", "Help with the app"),
        Team("VIP desk"),
        Team("Billing", "money: refunds"),
    )
    assert format_teams((Team("VIP desk"), Team("Billing", "money"))) == "VIP desk\nBilling: money"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Support: a\n\nsupport: b", r"Line 3: team 'support' is already defined on line 1"),
        ("Support: a\n: no name", r"Line 2: a team needs a name"),
    ],
)
def test_bad_team_lists_are_refused_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_teams(text)


# ------------------------------------------------------------------ setup and schema


def test_the_schema_offers_other_once_and_exactly_the_users_names() -> None:
    setup = FeedbackSetup(("Price", "Build quality"), (Team("Returns desk"), Team("VIP")))
    props = setup.schema()["properties"]
    assert props["topics"]["items"]["enum"] == ["Price", "Build quality", "other"]
    assert props["topics"]["maxItems"] == 3
    assert props["team"]["enum"] == ["Returns desk", "VIP"]
    assert props["sentiment"]["enum"] == list(SENTIMENTS)
    assert props["urgency"]["enum"] == list(URGENCIES)
    assert FeedbackSetup(("Other", "price"), DEFAULT_TEAMS).all_topics == ("Other", "price")
    assert FeedbackSetup((), DEFAULT_TEAMS).all_topics == ("other",)


@pytest.mark.parametrize(
    ("topics", "teams", "message"),
    [
        (("price", "Price"), DEFAULT_TEAMS, "topic 'Price' is listed twice"),
        (("price; quality",), DEFAULT_TEAMS, "contains ';'"),
        (("",), DEFAULT_TEAMS, "topic name is empty"),
        (DEFAULT_TOPICS, (), "at least one team"),
        (DEFAULT_TOPICS, (Team("A"), Team("a")), "team 'a' is listed twice"),
    ],
)
def test_an_unusable_setup_is_refused(topics: tuple[str, ...], teams: tuple[Team, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FeedbackSetup(topics, teams)


def test_the_schema_compiles_to_a_grammar_that_keeps_the_score_bounds() -> None:
    grammar = schema_to_grammar(FeedbackSetup().schema())
    # Numeric bounds are dropped by the converter; an enum of the allowed scores survives it.
    assert '"100"' in grammar and '"101"' not in grammar
    assert "Shipping" in grammar and "other" in grammar


@pytest.mark.parametrize(
    ("summary", "valid"),
    [
        ("Parcel broken, wants a refund.", True),
        ("Paket kaputt – Geld zurück, bitte 🙏", True),
        ("x" * SUMMARY_MAX_CHARS, True),
        ("x" * (SUMMARY_MAX_CHARS + 1), False),
        ("two\nlines", False),
        ("tab\there", False),
        (" leading space", False),
        ('says "never again"', False),
        ("back\\slash", False),
        ("", False),
    ],
)
def test_the_summary_is_one_short_plain_line(summary: str, valid: bool) -> None:
    validator = Draft202012Validator(FeedbackSetup().schema())
    assert validator.is_valid({**GOOD, "summary": summary}) is valid


def test_the_form_defaults_match_the_built_in_lists(builtin: dict[str, TaskDefinition]) -> None:
    task = builtin["feedback"]
    defaults = task.defaults()
    assert tuple(split_list(defaults["topics"])) == DEFAULT_TOPICS
    assert parse_teams(defaults["teams"]) == DEFAULT_TEAMS
    setup = FeedbackSetup.from_values(defaults)
    assert setup == FeedbackSetup()
    custom = FeedbackSetup.from_values(
        {"topics": "fit\nfabric", "teams": "Returns: sizes", "language": "German"}
    )
    assert custom == FeedbackSetup(("fit", "fabric"), (Team("Returns", "sizes"),), "German")


def test_items_go_to_columns_and_back() -> None:
    item = FeedbackItem("negative", 80, ("delivery", "support"), "Broken parcel.", "high", "Shipping")
    columns = item.as_columns()
    assert tuple(columns) == FeedbackItem.OUTPUT_COLUMNS
    assert columns["topics"] == "delivery; support" and columns["sentiment_score"] == "80"
    assert FeedbackItem.from_columns(columns) == item
    assert item.signed_score == -80
    assert dataclasses.replace(item, sentiment="neutral").signed_score == 0


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("sentiment", "angry", "sentiment: 'angry' is not one of"),
        ("urgency", "", "urgency"),
        ("sentiment_score", "high", "sentiment_score: 'high' is not a whole number"),
    ],
)
def test_a_bad_saved_row_is_refused_naming_the_column(column: str, value: str, message: str) -> None:
    row = FeedbackItem("negative", 5, ("price",), "s", "low", "Billing").as_columns()
    row[column] = value
    with pytest.raises(ValueError, match=message):
        FeedbackItem.from_columns(row)
    del row[column]
    with pytest.raises(ValueError, match=f"no {column} column"):
        FeedbackItem.from_columns(row)


# ------------------------------------------------------------------ scripted paths


def run(
    engine: ScriptedEngine,
    task: TaskDefinition,
    *,
    sampling: SamplingOptions | None = None,
    emit: Emit | None = None,
) -> FeedbackItem:
    return analyze_feedback(
        engine, task, FeedbackSetup(), COMPLAINT, CancelToken(), sampling=sampling, emit=emit
    )


def test_a_good_answer_is_taken_with_repeated_topics_dropped(builtin: dict[str, TaskDefinition]) -> None:
    engine = ScriptedEngine([Answer(answer())])
    item = run(engine, builtin["feedback"])
    assert item.topics == ("delivery", "support")
    assert item.team == "Shipping" and item.score == 80
    request = engine.requests[0]
    assert request.json_schema == FeedbackSetup().schema()
    assert request.sampling.temperature == 0  # greedy unless asked otherwise
    assert COMPLAINT in request.messages[-1].content
    assert "Shipping: Delivery times" in request.messages[0].content


@pytest.mark.parametrize(
    "first",
    [
        Answer('{"sentiment": "negative", "score": 8'),  # cut-off JSON
        Answer(answer(team="Legal")),  # valid JSON, but not one of the teams
        Answer(answer()[:40], finish="length"),  # ran out of tokens
        Answer(answer(summary="line one\nline two")),  # breaks the one-line rule
    ],
    ids=["broken-json", "unknown-team", "length", "two-lines"],
)
def test_an_invalid_first_answer_is_asked_once_more(
    builtin: dict[str, TaskDefinition], first: Answer
) -> None:
    engine = ScriptedEngine([first, Answer("Sure! Here it is:\n```json\n" + answer() + "\n```")])
    events = Recorder()
    item = run(engine, builtin["feedback"], emit=events)
    assert item.sentiment == "negative"
    assert len(engine.requests) == 2
    first_request, retry = engine.requests
    assert retry.sampling.temperature > 0 and retry.sampling.seed is not None
    assert retry.max_tokens > first_request.max_tokens
    assert retry.messages == first_request.messages
    assert len(events.notices()) == 1 and "asking once more" in events.notices()[0]


def test_the_retry_after_a_random_answer_is_greedy(builtin: dict[str, TaskDefinition]) -> None:
    engine = ScriptedEngine([Answer("{}"), Answer(answer())])
    run(engine, builtin["feedback"], sampling=SamplingOptions(temperature=0.8, seed=5))
    assert engine.requests[1].sampling.temperature == 0


def test_the_retry_is_repeatable(builtin: dict[str, TaskDefinition]) -> None:
    seeds = []
    for _ in range(2):
        engine = ScriptedEngine([Answer("nope"), Answer(answer())])
        run(engine, builtin["feedback"])
        seeds.append(engine.requests[1].sampling.seed)
    assert seeds[0] == seeds[1]


def test_two_invalid_answers_raise_with_the_reason(builtin: dict[str, TaskDefinition]) -> None:
    engine = ScriptedEngine([Answer(answer(team="Legal")), Answer(answer(urgency="urgent"))])
    with pytest.raises(InvalidAnswerError, match=r"no valid feedback analysis in two tries") as caught:
        run(engine, builtin["feedback"])
    assert "urgency: 'urgent' is not one of" in str(caught.value)
    assert len(engine.requests) == 2


def test_a_cancel_stops_without_a_retry(builtin: dict[str, TaskDefinition]) -> None:
    engine = ScriptedEngine([Answer(answer(), cancel_after=10), Answer(answer())])
    with pytest.raises(TaskCancelledError):
        run(engine, builtin["feedback"])
    assert len(engine.requests) == 1
    cancel = CancelToken()
    cancel.cancel()
    idle = ScriptedEngine([])
    with pytest.raises(TaskCancelledError):
        analyze_feedback(idle, builtin["feedback"], FeedbackSetup(), COMPLAINT, cancel)
    assert idle.requests == []


def test_empty_text_is_refused(builtin: dict[str, TaskDefinition]) -> None:
    with pytest.raises(ValueError, match="no feedback text"):
        analyze_feedback(ScriptedEngine([]), builtin["feedback"], FeedbackSetup(), "  \n", CancelToken())


def test_a_text_too_long_is_refused_with_its_size_before_any_work(
    builtin: dict[str, TaskDefinition],
) -> None:
    engine = ScriptedEngine([], context_size=600)
    text = "word " * 1000  # 5000 characters: 1250 tokens to the scripted engine's count
    with pytest.raises(ItemTooLongError) as caught:
        analyze_feedback(engine, builtin["feedback"], FeedbackSetup(), text, CancelToken())
    error = caught.value
    assert error.item_tokens == pytest.approx(1250, abs=2)
    assert 0 < error.room < 600
    assert f"it has {error.item_tokens} tokens" in str(error)
    assert f"only {error.room} fit" in str(error)
    assert engine.requests == []


def test_the_row_task_reports_columns_and_changes_its_fingerprint_with_the_setup(
    builtin: dict[str, TaskDefinition],
) -> None:
    rows: RowTask = FeedbackRows(builtin["feedback"], FeedbackSetup())
    assert rows.kind == "feedback"
    assert [f.name for f in rows.fields] == ["text"] and rows.fields[0].required
    assert rows.output_columns == FeedbackItem.OUTPUT_COLUMNS
    engine = ScriptedEngine([Answer(answer())])
    out = rows.run(engine, {"text": COMPLAINT}, CancelToken())
    assert out["topics"] == "delivery; support" and out["team"] == "Shipping"
    same = FeedbackRows(builtin["feedback"], FeedbackSetup())
    fewer_topics = FeedbackRows(builtin["feedback"], FeedbackSetup(("price",), DEFAULT_TEAMS))
    other_team_text = FeedbackRows(
        builtin["feedback"], FeedbackSetup(teams=(*DEFAULT_TEAMS[:-1], Team("Sales", "Leads.")))
    )
    random = FeedbackRows(builtin["feedback"], FeedbackSetup(), SamplingOptions(seed=3))
    prints = {r.fingerprint() for r in (rows, fewer_topics, other_team_text, random)}
    assert len(prints) == 4
    assert same.fingerprint() == rows.fingerprint()


# ------------------------------------------------------------------ the real model


@pytest.mark.model
def test_the_real_model_answers_within_the_users_lists(
    engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    setup = FeedbackSetup(("Preis", "Lieferung", "Qualität"), (Team("Kundendienst"), Team("Versand")))
    validator = Draft202012Validator(setup.schema())
    events = Recorder()
    texts = [COMPLAINT, "Das Paket kam zu spät, aber die Qualität ist super.", "ok"]
    for text in texts:
        item = analyze_feedback(engine, builtin["feedback"], setup, text, CancelToken(), emit=events)
        assert set(item.topics) <= {"Preis", "Lieferung", "Qualität", "other"}
        assert item.team in {"Kundendienst", "Versand"}
        answer = {**dataclasses.asdict(item), "topics": list(item.topics)}
        assert validator.is_valid(answer)
    assert all(step.chunk.problems == () for step in events.steps())
    again = analyze_feedback(engine, builtin["feedback"], setup, texts[0], CancelToken())
    first = analyze_feedback(engine, builtin["feedback"], setup, texts[0], CancelToken())
    assert again == first  # greedy: repeatable


@pytest.mark.model
def test_the_real_model_refuses_a_text_longer_than_its_context(
    engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    text = "The lid leaks and the paint peels off. " * 300
    with pytest.raises(ItemTooLongError) as caught:
        analyze_feedback(engine, builtin["feedback"], FeedbackSetup(), text, CancelToken())
    own_tokens = len(engine.tokenize(text, add_special=False, parse_special=False))
    assert abs(caught.value.item_tokens - own_tokens) <= 4  # the text's own size, not the prompt's
    assert 0 < caught.value.room < own_tokens
    assert caught.value.context_size == engine.context_size == 2048
    assert f"{caught.value.item_tokens} tokens" in str(caught.value)


@dataclass
class CancelAfterFirstChunk(LentEngine):
    """The real engine, with Stop pressed as soon as the first piece of the answer arrives."""

    chunks: int = 0

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        for chunk in self.inner.stream(request, cancel):
            self.chunks += 1
            if cancel is not None:
                cancel.cancel()
            yield chunk


@pytest.mark.model
def test_a_stop_on_the_real_model_raises_cancelled(
    engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    wrapped = CancelAfterFirstChunk(engine)
    with pytest.raises(TaskCancelledError):
        analyze_feedback(wrapped, builtin["feedback"], FeedbackSetup(), COMPLAINT, CancelToken())
    assert wrapped.chunks <= 3  # the engine stopped at once, with no second request
