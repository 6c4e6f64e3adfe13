"""FAQ answers: citations only of offered entries, routing of what the FAQ does not cover.

The scripted engine drives the answers a small model gives only sometimes (covered with no source, a
team that does not exist, an empty route); the real model runs the same paths for structure.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.faq import FaqAnswer, FaqRows, answer_question, not_covered_text
from app.core.tasks.faq_retrieval import shares_words
from app.core.tasks.faq_source import FaqEntry
from app.core.tasks.streaming import TaskCancelledError
from app.core.tasks.structured import InvalidAnswerError, ItemTooLongError
from app.core.tasks.teams import DEFAULT_TEAMS, Team
from tests.core.tasks.helpers import Answer, Recorder, ScriptedEngine
from tests.core.tasks.test_faq_retrieval import ACME, ACME_PAIRS, make_entries

SMALL = make_entries([ACME_PAIRS[i - 1] for i in (6, 7, 13, 18, 31, 36)])
"""Delivery time, shipping cost, returns, payment methods, password reset, store hours."""
TEAM_NAMES = {team.name for team in DEFAULT_TEAMS}


def reply(covered: bool, sources: list[int], answer: str, route_to: str = "") -> Answer:
    return Answer(
        json.dumps({"covered": covered, "sources": sources, "answer": answer, "route_to": route_to})
    )


def route(team: str) -> Answer:
    return Answer(json.dumps({"team": team}))


def ask(
    engine: Any,
    task: TaskDefinition,
    question: str,
    *,
    entries: tuple[FaqEntry, ...] = SMALL,
    teams: tuple[Team, ...] = DEFAULT_TEAMS,
    cancel: CancelToken | None = None,
    emit: Recorder | None = None,
) -> FaqAnswer:
    return answer_question(engine, task, entries, teams, question, cancel or CancelToken(), emit=emit)


def check_guarantees(answer: FaqAnswer, entries: tuple[FaqEntry, ...], teams: tuple[Team, ...]) -> None:
    numbers = {entry.number for entry in entries}
    assert set(answer.offered) <= numbers
    assert set(answer.sources) <= set(answer.offered)
    assert len(set(answer.sources)) == len(answer.sources)
    if answer.covered:
        assert answer.sources and answer.answer and answer.route_to == ""
    else:
        assert answer.sources == ()
        assert answer.route_to in {team.name for team in teams}
        assert answer.answer == not_covered_text(answer.route_to)


# --- guarantees, with scripted answers ----------------------------------------------------------------


def test_a_covered_answer_cites_offered_entries_once_and_routes_nowhere(
    builtin: dict[str, TaskDefinition],
) -> None:
    engine = ScriptedEngine([reply(True, [2, 1, 2], "Free over 50 euros, else 4.90 euros.", "Billing")])
    recorder = Recorder()
    answer = ask(engine, builtin["faq"], "What does shipping cost?", emit=recorder)
    assert answer == FaqAnswer(
        True, "Free over 50 euros, else 4.90 euros.", (2, 1), "", "whole", (1, 2, 3, 4, 5, 6)
    )
    assert recorder.text("answer") == answer.answer
    schema = engine.requests[0].json_schema
    assert schema is not None
    assert schema["properties"]["sources"]["items"]["enum"] == [1, 2, 3, 4, 5, 6]
    assert schema["properties"]["route_to"]["enum"] == ["", *(team.name for team in DEFAULT_TEAMS)]
    prompt = "\n".join(message.content for message in engine.requests[0].messages)
    assert all(entry.answer in prompt for entry in SMALL) and "What does shipping cost?" in prompt


def test_covered_without_sources_is_not_covered_and_keeps_the_models_team(
    builtin: dict[str, TaskDefinition],
) -> None:
    engine = ScriptedEngine([reply(True, [], "Probably yes.", "Billing")])
    answer = ask(engine, builtin["faq"], "Can I pay with PayPal?")
    assert answer == FaqAnswer(
        False, "The FAQ does not cover this. Routed to Billing.", (), "Billing", "whole", (1, 2, 3, 4, 5, 6)
    )
    assert len(engine.requests) == 1


def test_not_covered_without_a_team_asks_the_route_prompt_under_a_team_enum(
    builtin: dict[str, TaskDefinition],
) -> None:
    engine = ScriptedEngine([reply(False, [3], "No idea.", ""), route("Shipping")])
    recorder = Recorder()
    answer = ask(engine, builtin["faq"], "Can I send my parcel by boat?", emit=recorder)
    check_guarantees(answer, SMALL, DEFAULT_TEAMS)
    assert (answer.covered, answer.route_to, answer.sources) == (False, "Shipping", ())
    assert recorder.text("answer") == "The FAQ does not cover this. Routed to Shipping."
    second = engine.requests[1]
    assert second.json_schema == {
        "type": "object",
        "properties": {"team": {"type": "string", "enum": [team.name for team in DEFAULT_TEAMS]}},
        "required": ["team"],
        "additionalProperties": False,
    }
    assert "Can I send my parcel by boat?" in second.messages[-1].content
    assert all(team.name in second.messages[-1].content for team in DEFAULT_TEAMS)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([reply(True, [99], "See entry 99."), reply(True, [2], "4.90 euros.")], (True, (2,), "")),
        (
            [reply(False, [], "No.", "Marketing"), reply(False, [], "No.", "Shipping")],
            (False, (), "Shipping"),
        ),
        ([reply(False, [], "No."), route("Marketing"), route("Sales")], (False, (), "Sales")),
    ],
    ids=["source not offered", "team that does not exist", "route prompt names no team"],
)
def test_an_answer_outside_the_schema_is_asked_again(
    builtin: dict[str, TaskDefinition], answers: list[Answer], expected: tuple[bool, tuple[int, ...], str]
) -> None:
    recorder = Recorder()
    answer = ask(ScriptedEngine(answers), builtin["faq"], "What does shipping cost?", emit=recorder)
    check_guarantees(answer, SMALL, DEFAULT_TEAMS)
    assert (answer.covered, answer.sources, answer.route_to) == expected
    assert any("asking once more" in notice for notice in recorder.notices())


def test_two_invalid_answers_are_an_error_never_a_bogus_citation(builtin: dict[str, TaskDefinition]) -> None:
    engine = ScriptedEngine([reply(True, [99], "See 99.", ""), reply(True, [1], "Ok.", "Marketing")])
    with pytest.raises(InvalidAnswerError, match="FAQ answer"):
        ask(engine, builtin["faq"], "How long does delivery take?")


def test_a_question_sharing_no_word_with_the_faq_is_routed_without_an_answer_request(
    builtin: dict[str, TaskDefinition],
) -> None:
    engine = ScriptedEngine([route("Sales")])
    recorder = Recorder()
    answer = ask(engine, builtin["faq"], "What is the capital of Mongolia?", emit=recorder)
    assert answer == FaqAnswer(False, not_covered_text("Sales"), (), "Sales", "none", ())
    assert len(engine.requests) == 1 and "team" in (engine.requests[0].json_schema or {})["properties"]
    assert recorder.notices()

    alone = ScriptedEngine([])
    only = (Team("Helpdesk", "Everything"),)
    answer = ask(alone, builtin["faq"], "What is the capital of Mongolia?", teams=only)
    assert (answer.route_to, answer.answer, alone.requests) == ("Helpdesk", not_covered_text("Helpdesk"), [])


def test_a_large_faq_offers_the_best_matching_entries_that_fit(builtin: dict[str, TaskDefinition]) -> None:
    engine = ScriptedEngine([reply(True, [31], "Use Forgot password.", "")], context_size=1100)
    question = "How do I reset my password?"
    recorder = Recorder()
    answer = ask(engine, builtin["faq"], question, entries=ACME, emit=recorder)
    assert answer.retrieval == "bm25" and 0 < len(answer.offered) < len(ACME)
    assert answer.offered[0] == 31 and answer.sources == (31,)
    assert all(shares_words(question, [ACME[number - 1]]) for number in answer.offered)
    schema = engine.requests[0].json_schema
    assert schema is not None and schema["properties"]["sources"]["items"]["enum"] == list(answer.offered)
    assert any("best-matching" in notice for notice in recorder.notices())


def test_a_question_too_long_for_the_context_is_refused_before_any_request(
    builtin: dict[str, TaskDefinition],
) -> None:
    engine = ScriptedEngine([], context_size=1100)
    with pytest.raises(ItemTooLongError, match="too long"):
        ask(engine, builtin["faq"], "Where is my parcel? " * 400)
    assert engine.requests == []


def test_cancel_before_or_during_the_answer_stops_it(builtin: dict[str, TaskDefinition]) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(TaskCancelledError):
        ask(ScriptedEngine([]), builtin["faq"], "How long does delivery take?", cancel=cancel)
    stopped = dataclasses.replace(reply(True, [1], "Two to three days."), cancel_after=6)
    with pytest.raises(TaskCancelledError):
        ask(ScriptedEngine([stopped]), builtin["faq"], "How long does delivery take?")


def test_bad_setups_are_refused_with_a_message(builtin: dict[str, TaskDefinition]) -> None:
    with pytest.raises(ValueError, match="no question"):
        ask(ScriptedEngine([]), builtin["faq"], "   ")
    with pytest.raises(ValueError, match="at least one team"):
        ask(ScriptedEngine([]), builtin["faq"], "Delivery?", teams=())
    with pytest.raises(ValueError, match="load a FAQ"):
        ask(ScriptedEngine([]), builtin["faq"], "Delivery?", entries=())


def test_answer_columns_round_trip() -> None:
    covered = FaqAnswer(True, "Two to three days, see the list.", (3, 1), "", "bm25", (1, 3, 5))
    columns = covered.as_columns()
    assert list(columns) == list(FaqAnswer.OUTPUT_COLUMNS)
    assert columns == {
        "answer": "Two to three days, see the list.",
        "sources": "3, 1",
        "covered": "yes",
        "route_to": "",
    }
    again = FaqAnswer.from_columns(columns)
    assert (again.covered, again.answer, again.sources, again.route_to) == (True, covered.answer, (3, 1), "")
    routed = FaqAnswer.from_columns(
        FaqAnswer(False, not_covered_text("Sales"), (), "Sales", "none", ()).as_columns()
    )
    assert (routed.covered, routed.sources, routed.route_to) == (False, (), "Sales")
    with pytest.raises(ValueError, match="covered"):
        FaqAnswer.from_columns({**columns, "covered": "maybe"})
    with pytest.raises(ValueError, match="sources"):
        FaqAnswer.from_columns({**columns, "sources": "one"})


def test_faq_rows_is_a_row_task_whose_fingerprint_follows_the_setup(
    builtin: dict[str, TaskDefinition],
) -> None:
    task = builtin["faq"]
    rows = FaqRows(task, SMALL, DEFAULT_TEAMS)
    assert [field.name for field in rows.fields] == ["question"] and rows.fields[0].required
    assert rows.output_columns == FaqAnswer.OUTPUT_COLUMNS and rows.kind == "faq"
    same = FaqRows(task, SMALL, DEFAULT_TEAMS).fingerprint()
    assert rows.fingerprint() == same
    edited = (dataclasses.replace(SMALL[0], answer="Next day."), *SMALL[1:])
    assert FaqRows(task, edited, DEFAULT_TEAMS).fingerprint() != same
    assert FaqRows(task, SMALL, DEFAULT_TEAMS[:2]).fingerprint() != same
    reworded = dataclasses.replace(task, prompts={**task.prompts, "route": "Pick a team: {{ question }}"})
    assert FaqRows(reworded, SMALL, DEFAULT_TEAMS).fingerprint() != same

    engine = ScriptedEngine([reply(True, [1], "Two to three working days.")])
    out = rows.run(engine, {"question": "How long does delivery take?"}, CancelToken())
    assert out == {"answer": "Two to three working days.", "sources": "1", "covered": "yes", "route_to": ""}


# --- the real model -----------------------------------------------------------------------------------


@pytest.mark.model
def test_real_answers_cite_only_offered_entries(
    engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    questions = [
        "How long does delivery take?",
        "Which payment methods do you accept?",
        "How do I reset my password?",
    ]
    for question in questions:
        recorder = Recorder()
        answer = ask(engine, builtin["faq"], question, emit=recorder)
        check_guarantees(answer, SMALL, DEFAULT_TEAMS)
        assert answer.retrieval == "whole" and answer.offered == tuple(range(1, 7))
        assert recorder.text("answer") == answer.answer
        again = FaqAnswer.from_columns(answer.as_columns())
        assert (again.covered, again.answer, again.sources, again.route_to) == (
            answer.covered,
            answer.answer,
            answer.sources,
            answer.route_to,
        )


@pytest.mark.model
def test_real_out_of_scope_questions_route_to_a_real_team(
    engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    for question in ("What is the capital of Mongolia?", "Can you recommend a pizza recipe?"):
        recorder = Recorder()
        answer = ask(engine, builtin["faq"], question, emit=recorder)
        check_guarantees(answer, SMALL, DEFAULT_TEAMS)
        assert not answer.covered and answer.offered == () and answer.retrieval == "none"
        assert len(recorder.steps()) == 1  # the route request only; no answer was attempted


@pytest.mark.model
def test_real_answer_over_a_faq_too_large_for_the_context(
    engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    question = "How can I reset my password?"
    answer = ask(engine, builtin["faq"], question, entries=ACME)
    check_guarantees(answer, ACME, DEFAULT_TEAMS)
    assert answer.retrieval == "bm25" and 31 in answer.offered and len(answer.offered) < len(ACME)
    assert all(shares_words(question, [ACME[number - 1]]) for number in answer.offered)


@pytest.mark.model
def test_real_question_longer_than_the_context_is_an_error(
    engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    with pytest.raises(ItemTooLongError, match="context of 2048"):
        ask(engine, builtin["faq"], "Where is my parcel, and when will it arrive? " * 300)
