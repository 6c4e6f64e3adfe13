"""Answer a customer question from the FAQ only, citing the entries used, or route it to a team.

How a question is handled:

1. **Retrieval gate.** A question that shares no meaningful word with any FAQ entry (see
   ``faq_retrieval.shares_words``) cannot be answered from the FAQ, so the model is not asked to
   answer it: it is routed at once. This is what makes "out of scope routes" dependable with a small
   model that would otherwise happily answer "What is the capital of Mongolia?" from its own knowledge.
   The gate is lexical on purpose: it never drops a question that mentions what an entry is about.
2. **Retrieval.** The whole FAQ goes into the prompt when it fits the context (counted with the
   engine's own tokenizer); a larger one is ranked with BM25 and as many of the best entries as fit are
   offered.
3. **Answer.** The model answers one JSON object under a schema: ``covered``, ``sources`` (an enum of
   the offered entry numbers, so a citation can only name an entry it was shown), ``answer`` (one
   paragraph) and ``route_to`` (an enum of the team names, or ``""``).
4. **Guarantees, enforced here rather than hoped for:** sources are offered entries, without repeats;
   "covered" with no source or no answer text counts as not covered; a covered answer routes nowhere;
   an answer that is not covered cites nothing, says so in words built here ("The FAQ does not cover
   this. Routed to Billing."), and names a real team: the model's choice when it gave one, else a
   second, tiny request under an enum of the team names (no request at all with a single team).

Greedy sampling by default, so the same question gets the same answer (``DEFAULT_SAMPLING``).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from app.core.engine.types import CancelToken, Engine, GenerationRequest, SamplingOptions
from app.core.jobs.row_task import RowField
from app.core.tasks.context_fit import measure
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit, Notice, TextDelta, ignore
from app.core.tasks.faq_retrieval import FaqIndex, select_entries, shares_words
from app.core.tasks.faq_source import FaqEntry
from app.core.tasks.prompting import build_request
from app.core.tasks.streaming import TaskCancelledError
from app.core.tasks.structured import GREEDY, ask_json, canonical, fit_item
from app.core.tasks.teams import Team
from app.core.tasks.templating import render

ANSWER_MAX_CHARS = 240
MAX_SOURCES = 4
_JSON_OVERHEAD_TOKENS = 64
"""Keys, punctuation, citations and the team name of an answer, in tokens, with room to spare."""
_ROUTE_TOKENS = 48
DEFAULT_SAMPLING = dataclasses.replace(GREEDY, repeat_penalty=1.1)
"""Greedy, with the usual light repeat penalty: unlike the short enums of other analyses, an answer is
free text, and a small model decoding greedily without it tends to repeat a phrase until the length
limit (the grammar keeps the JSON valid whatever the penalty does to punctuation)."""
NO_RETRIEVAL = "none"
"""``FaqAnswer.retrieval`` when no entry was offered (the question shares no word with the FAQ)."""


def answer_pattern(max_chars: int) -> str:
    """One paragraph that starts with a visible character, with no quote, backslash or line break, so
    the grammar cannot write broken JSON and a CSV cell stays on one line."""
    return r'^[^\x00-\x20"\\][^\x00-\x1f"\\]{0,' + str(max_chars - 1) + "}$"


@dataclass(frozen=True)
class FaqAnswer:
    covered: bool
    answer: str
    sources: tuple[int, ...]
    """Numbers of the FAQ entries the answer uses: always offered entries; empty when not covered."""
    route_to: str
    """The team to hand the question to; ``""`` when the FAQ covers it."""
    retrieval: str
    """``"whole"`` (the whole FAQ was offered), ``"bm25"`` (the best-ranked entries that fit) or
    ``"none"`` (no entry shares a word with the question, so none was offered)."""
    offered: tuple[int, ...]
    """Numbers of the entries the model was shown."""

    OUTPUT_COLUMNS: ClassVar[tuple[str, ...]] = ("answer", "sources", "covered", "route_to")

    def as_columns(self) -> dict[str, str]:
        return {
            "answer": self.answer,
            "sources": ", ".join(str(number) for number in self.sources),
            "covered": "yes" if self.covered else "no",
            "route_to": self.route_to,
        }

    @classmethod
    def from_columns(cls, row: Mapping[str, str]) -> FaqAnswer:
        """Read a finished row back; what was offered is not stored, so ``retrieval`` and ``offered`` are
        empty. ``ValueError`` names the column that cannot be read."""
        missing = [column for column in cls.OUTPUT_COLUMNS if column not in row]
        if missing:
            raise ValueError(f"The row has no {', '.join(missing)} column.")
        covered = row["covered"].strip().casefold()
        if covered not in ("yes", "no"):
            raise ValueError(f"covered: {row['covered']!r} is neither 'yes' nor 'no'.")
        try:
            sources = tuple(int(part) for part in row["sources"].replace(",", " ").split())
        except ValueError:
            raise ValueError(f"sources: {row['sources']!r} is not a list of entry numbers.") from None
        return cls(covered == "yes", row["answer"], sources, row["route_to"].strip(), "", ())


def not_covered_text(team: str) -> str:
    return f"The FAQ does not cover this. Routed to {team}."


def _check_teams(teams: Sequence[Team]) -> None:
    if not teams:
        raise ValueError("Add at least one team for questions the FAQ does not answer.")
    names = [team.name.casefold() for team in teams]
    if len(set(names)) != len(names) or not all(name.strip() for name in names):
        raise ValueError("Each team needs a name of its own.")


@dataclass(frozen=True)
class FaqRequests:
    """The requests for a question under one setup, built the same way for counting tokens and for
    asking: ``answer_request`` (the FAQ entries offered, the question) and ``route_request``."""

    task: TaskDefinition
    teams: tuple[Team, ...]
    sampling: SamplingOptions

    @property
    def max_chars(self) -> int:
        return int(self.task.options.get("answer_max_chars", ANSWER_MAX_CHARS))

    def max_tokens(self) -> tuple[int, int]:
        """Output tokens for the first try and for the retry (which allows several tokens a character)."""
        first = int(self.task.options.get("max_tokens", _JSON_OVERHEAD_TOKENS + self.max_chars))
        retry = int(self.task.options.get("retry_max_tokens", _JSON_OVERHEAD_TOKENS + 3 * self.max_chars))
        return first, max(first, retry)

    def schema(self, offered: Sequence[FaqEntry]) -> dict[str, Any]:
        numbers = [entry.number for entry in offered]
        sources: dict[str, Any] = {"type": "array", "maxItems": 0}
        if numbers:
            max_sources = int(self.task.options.get("max_sources", MAX_SOURCES))
            sources = {
                "type": "array",
                "items": {"type": "integer", "enum": numbers},
                "maxItems": min(max_sources, len(numbers)),
            }
        properties: dict[str, Any] = {
            "covered": {"type": "boolean"},
            "sources": sources,
            "answer": {
                "type": "string",
                "minLength": 1,
                "maxLength": self.max_chars,
                "pattern": answer_pattern(self.max_chars),
            },
            "route_to": {"type": "string", "enum": ["", *(team.name for team in self.teams)]},
        }
        return {
            "type": "object",
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        }

    def _teams(self) -> list[dict[str, str]]:
        return [{"name": team.name, "description": team.description} for team in self.teams]

    def answer_request(self, offered: Sequence[FaqEntry], question: str) -> GenerationRequest:
        values = {
            "question": question,
            "entries": [{"number": e.number, "question": e.question, "answer": e.answer} for e in offered],
            "teams": self._teams(),
            "answer_max_chars": self.max_chars,
        }
        return build_request(
            self.task,
            values,
            sampling=self.sampling,
            max_tokens=self.max_tokens()[0],
            json_schema=self.schema(offered),
        )

    def route_request(self, question: str) -> GenerationRequest:
        prompt = render(
            self.task.prompts["route"],
            {"question": question, "teams": self._teams()},
            name=f"{self.task.id} route",
        )
        schema = {
            "type": "object",
            "properties": {"team": {"type": "string", "enum": [team.name for team in self.teams]}},
            "required": ["team"],
            "additionalProperties": False,
        }
        return GenerationRequest.chat(
            prompt, sampling=self.sampling, max_tokens=_ROUTE_TOKENS, json_schema=schema
        )


def answer_question(
    engine: Engine,
    task: TaskDefinition,
    entries: Sequence[FaqEntry],
    teams: Sequence[Team],
    question: str,
    cancel: CancelToken,
    *,
    sampling: SamplingOptions | None = None,
    emit: Emit | None = None,
    index: FaqIndex | None = None,
) -> FaqAnswer:
    """Answer one question (see the module notes for the steps and guarantees).

    Raises ``ValueError`` for an empty question, an empty FAQ or no team; ``ItemTooLongError`` when the
    question alone leaves no room in the context (it is never cut); ``TaskCancelledError`` on cancel;
    ``InvalidAnswerError`` after two invalid answers. ``index`` reuses a ``FaqIndex`` of ``entries``.
    Emits the final answer text as one ``TextDelta`` to the part ``"answer"``, and a ``Notice`` when the
    question is routed without an answer being tried.
    """
    question = question.strip()
    emit = emit or ignore
    if not question:
        raise ValueError("There is no question to answer.")
    if not entries:
        raise ValueError("The FAQ has no entries; load a FAQ first.")
    _check_teams(teams)
    if cancel.cancelled():
        raise TaskCancelledError
    plan = FaqRequests(task, tuple(teams), sampling or DEFAULT_SAMPLING)
    fit_item(engine, plan.answer_request((), question), plan.answer_request((), ""))

    if not shares_words(question, entries):
        emit(Notice("No FAQ entry mentions what the question is about, so it is routed without an answer."))
        return _routed(engine, plan, question, "", cancel, emit, NO_RETRIEVAL, ())

    selection = select_entries(
        entries,
        question,
        lambda subset: measure(engine, plan.answer_request(subset, question)).fits,
        index=index,
    )
    offered = tuple(entry.number for entry in selection.entries)
    if not offered:
        emit(Notice("Even the best-matching FAQ entry is too long for the model's context; routed."))
        return _routed(engine, plan, question, "", cancel, emit, selection.method, offered)
    if selection.dropped:
        emit(
            Notice(f"The FAQ is too long to send whole: the {len(offered)} best-matching entries were used.")
        )

    reply = ask_json(
        engine,
        plan.answer_request(selection.entries, question),
        plan.answer_request(selection.entries, ""),
        cancel,
        what="FAQ answer",
        retry_max_tokens=plan.max_tokens()[1],
        key=question,
        emit=emit,
    ).value
    sources = tuple(dict.fromkeys(n for n in reply["sources"] if isinstance(n, int) and n in offered))
    answer = str(reply["answer"]).strip()
    if reply["covered"] is True and sources and answer:
        emit(TextDelta("answer", answer))
        return FaqAnswer(True, answer, sources, "", selection.method, offered)
    return _routed(engine, plan, question, str(reply["route_to"]), cancel, emit, selection.method, offered)


def _routed(
    engine: Engine,
    plan: FaqRequests,
    question: str,
    suggested: str,
    cancel: CancelToken,
    emit: Emit,
    retrieval: str,
    offered: tuple[int, ...],
) -> FaqAnswer:
    """A not-covered answer routed to a real team: ``suggested`` when it names one, else the route
    prompt's choice (or the only team, with no request)."""
    team = suggested if suggested in {t.name for t in plan.teams} else ""
    if not team and len(plan.teams) == 1:
        team = plan.teams[0].name
    if not team:
        value = ask_json(
            engine,
            plan.route_request(question),
            plan.route_request(""),
            cancel,
            what="routing",
            retry_max_tokens=2 * _ROUTE_TOKENS,
            key=question,
            emit=emit,
        ).value
        team = str(value["team"])  # validated against the enum of team names
    text = not_covered_text(team)
    emit(TextDelta("answer", text))
    return FaqAnswer(False, text, (), team, retrieval, offered)


class FaqRows:
    """FAQ answers as a batch ``RowTask``: a question column in, answer, sources, covered and team out.

    The BM25 index is built once; it is only read afterwards, so rows may run on several threads.
    """

    kind: ClassVar[str] = "faq"
    fields: ClassVar[tuple[RowField, ...]] = (RowField("question", "Customer question", True),)
    output_columns: ClassVar[tuple[str, ...]] = FaqAnswer.OUTPUT_COLUMNS

    def __init__(
        self,
        task: TaskDefinition,
        entries: Sequence[FaqEntry],
        teams: Sequence[Team],
        sampling: SamplingOptions | None = None,
    ) -> None:
        if not entries:
            raise ValueError("The FAQ has no entries; load a FAQ first.")
        _check_teams(teams)
        self.task = task
        self.entries = tuple(entries)
        self.teams = tuple(teams)
        self.sampling = sampling
        self.index = FaqIndex(self.entries)

    def fingerprint(self) -> str:
        setup = {
            "kind": self.kind,
            "task": [self.task.id, dict(self.task.prompts), dict(self.task.options)],
            "faq": [[e.number, e.question, e.answer] for e in self.entries],
            "teams": [[t.name, t.description] for t in self.teams],
            "sampling": repr(self.sampling or DEFAULT_SAMPLING),
        }
        return hashlib.sha256(canonical(setup).encode("utf-8")).hexdigest()[:16]

    def run(self, engine: Engine, values: Mapping[str, str], cancel: CancelToken) -> Mapping[str, str]:
        answer = answer_question(
            engine,
            self.task,
            self.entries,
            self.teams,
            values.get("question", ""),
            cancel,
            sampling=self.sampling,
            index=self.index,
        )
        return answer.as_columns()
