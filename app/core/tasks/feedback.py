"""Feedback analysis: sentiment, topics, a one-line summary, urgency and a team for each item.

The model answers one small JSON object under a grammar built from the user's topics and teams, so
every value it can give is one the dashboard and the routing understand. The summary is one line of
plain text (no quotes, backslashes or control characters) so the grammar cannot produce broken JSON
and a CSV cell stays on one line. Greedy sampling by default: the same feedback gets the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from app.core.engine.types import CancelToken, Engine, SamplingOptions
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit
from app.core.tasks.inputs import split_list
from app.core.tasks.teams import DEFAULT_TEAMS, Team, parse_teams
from app.core.tasks.text_item_rows import TextItemRows, ask_item

SENTIMENTS = ("positive", "neutral", "negative")
URGENCIES = ("low", "medium", "high")
DEFAULT_TOPICS: tuple[str, ...] = ("price", "quality", "delivery", "support", "usability")
OTHER_TOPIC = "other"
MAX_TOPICS = 3
SUMMARY_MAX_CHARS = 160
SCORE_MAX = 100
LIST_SEPARATOR = "; "

_JSON_OVERHEAD_TOKENS = 64
"""Keys, punctuation, enums and the score of the answer, in tokens, with room to spare."""

SUMMARY_PATTERN = r'^[^\x00-\x20"\\][^\x00-\x1f"\\]{0,' + str(SUMMARY_MAX_CHARS - 1) + "}$"
"""One line that starts with a visible character; no quote or backslash, so nothing needs escaping."""


def check_names(kind: str, names: Sequence[str]) -> None:
    """Refuse names that cannot be enum values of the grammar or parts of a ``"; "``-joined cell: empty,
    padded, with ``;``, with characters the grammar converter mangles, or repeated (ignoring case)."""
    seen: set[str] = set()
    for name in names:
        if not name.strip():
            raise ValueError(f"A {kind} name is empty.")
        if name != name.strip():
            raise ValueError(f"The {kind} {name!r} starts or ends with a space.")
        if ";" in name:
            raise ValueError(f"The {kind} {name!r} contains ';', which separates several {kind}s.")
        unusable = [c for c in name if c in '"\\' or ord(c) < 0x20 or ord(c) > 0xFFFF]
        if unusable:
            # llama.cpp's grammar converter mangles these inside enum values (checked on the real model).
            raise ValueError(
                f"The {kind} {name!r} contains {unusable[0]!r}; quotes, backslashes, control "
                "characters and emoji cannot be used in names. Please remove it."
            )
        key = name.casefold()
        if key in seen:
            raise ValueError(f"The {kind} {name!r} is listed twice.")
        seen.add(key)


@dataclass(frozen=True)
class FeedbackSetup:
    """The user's topics and teams, which become the enums of the answer's schema."""

    topics: tuple[str, ...] = DEFAULT_TOPICS
    """User-editable; ``"other"`` is always offered too (see ``all_topics``)."""
    teams: tuple[Team, ...] = DEFAULT_TEAMS
    language: str = "English"
    """The language of the summary."""

    def __post_init__(self) -> None:
        check_names("topic", self.topics)
        if not self.teams:
            raise ValueError("Add at least one team for feedback to be routed to.")
        check_names("team", [team.name for team in self.teams])

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> FeedbackSetup:
        """From a form's values: ``topics`` as a list or text (one per line or ';'-separated),
        ``teams`` as "Name: description" lines or a sequence of ``Team``, optional ``language``."""
        raw_teams = values.get("teams")
        if raw_teams is None or raw_teams == "":
            teams = DEFAULT_TEAMS
        elif isinstance(raw_teams, str):
            teams = parse_teams(raw_teams)
        else:
            teams = tuple(raw_teams)
        raw_topics = values.get("topics")
        topics = DEFAULT_TOPICS if raw_topics is None else tuple(split_list(raw_topics))
        language = str(values.get("language") or "English").strip()
        return cls(topics, teams, language)

    @property
    def all_topics(self) -> tuple[str, ...]:
        """The user's topics plus ``"other"`` (unless the user already has it)."""
        if any(topic.casefold() == OTHER_TOPIC for topic in self.topics):
            return self.topics
        return (*self.topics, OTHER_TOPIC)

    def schema(self) -> dict[str, Any]:
        """The JSON schema of one answer; the local engine compiles it to a grammar."""
        properties: dict[str, Any] = {
            "sentiment": {"type": "string", "enum": list(SENTIMENTS)},
            # An enum, not minimum/maximum: llama.cpp's grammar converter drops numeric bounds.
            "score": {
                "type": "integer",
                "enum": list(range(SCORE_MAX + 1)),
                "minimum": 0,
                "maximum": SCORE_MAX,
            },
            "topics": {
                "type": "array",
                "items": {"type": "string", "enum": list(self.all_topics)},
                "minItems": 1,
                "maxItems": MAX_TOPICS,
            },
            "summary": {
                "type": "string",
                "minLength": 1,
                "maxLength": SUMMARY_MAX_CHARS,
                "pattern": SUMMARY_PATTERN,
            },
            "urgency": {"type": "string", "enum": list(URGENCIES)},
            "team": {"type": "string", "enum": [team.name for team in self.teams]},
        }
        return {
            "type": "object",
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        }

    def template_values(self, text: str) -> dict[str, Any]:
        return {
            "text": text,
            "topics": list(self.all_topics),
            "teams": [{"name": t.name, "description": t.description} for t in self.teams],
            "language": self.language,
            "max_topics": MAX_TOPICS,
            "summary_max_chars": SUMMARY_MAX_CHARS,
        }


@dataclass(frozen=True)
class FeedbackItem:
    """One analysed item.

    ``score`` is the strength of the sentiment, 0 (barely) to 100 (very strongly), whatever its sign;
    ``signed_score`` gives -100..100 for averages and sorting.
    """

    sentiment: str
    score: int
    topics: tuple[str, ...]
    summary: str
    urgency: str
    team: str

    OUTPUT_COLUMNS: ClassVar[tuple[str, ...]] = (
        "sentiment",
        "sentiment_score",
        "topics",
        "summary",
        "urgency",
        "team",
    )

    @property
    def signed_score(self) -> int:
        sign = {"positive": 1, "negative": -1}.get(self.sentiment, 0)
        return sign * self.score

    def as_columns(self) -> dict[str, str]:
        return {
            "sentiment": self.sentiment,
            "sentiment_score": str(self.score),
            "topics": LIST_SEPARATOR.join(self.topics),
            "summary": self.summary,
            "urgency": self.urgency,
            "team": self.team,
        }

    @classmethod
    def from_columns(cls, row: Mapping[str, str]) -> FeedbackItem:
        """Read a finished row back (the dashboard of a saved batch); ``ValueError`` names the column."""
        missing = [column for column in cls.OUTPUT_COLUMNS if column not in row]
        if missing:
            raise ValueError(f"The row has no {', '.join(missing)} column.")
        sentiment = row["sentiment"].strip().casefold()
        if sentiment not in SENTIMENTS:
            raise ValueError(f"sentiment: {row['sentiment']!r} is not one of {', '.join(SENTIMENTS)}.")
        urgency = row["urgency"].strip().casefold()
        if urgency not in URGENCIES:
            raise ValueError(f"urgency: {row['urgency']!r} is not one of {', '.join(URGENCIES)}.")
        try:
            score = int(row["sentiment_score"].strip())
        except ValueError:
            raise ValueError(f"sentiment_score: {row['sentiment_score']!r} is not a whole number.") from None
        topics = tuple(t for t in (part.strip() for part in row["topics"].split(";")) if t)
        return cls(sentiment, score, topics, row["summary"].strip(), urgency, row["team"].strip())

    @classmethod
    def from_answer(cls, answer: Mapping[str, Any]) -> FeedbackItem:
        """From a schema-valid answer; repeated topics are dropped, keeping the first."""
        return cls(
            sentiment=str(answer["sentiment"]),
            score=int(answer["score"]),
            topics=unique(str(topic) for topic in answer["topics"]),
            summary=str(answer["summary"]).strip(),
            urgency=str(answer["urgency"]),
            team=str(answer["team"]),
        )


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """``values`` without repeats, in first-seen order."""
    return tuple(dict.fromkeys(values))


def max_tokens(task: TaskDefinition) -> tuple[int, int]:
    """Output tokens for the first try and the retry. The first allows one token per summary character
    (plenty for most languages); the retry allows four, so even byte-split scripts finish."""
    first = int(task.options.get("max_tokens", _JSON_OVERHEAD_TOKENS + SUMMARY_MAX_CHARS))
    retry = int(task.options.get("retry_max_tokens", _JSON_OVERHEAD_TOKENS + 4 * SUMMARY_MAX_CHARS))
    return first, max(first, retry)


def analyze_feedback(
    engine: Engine,
    task: TaskDefinition,
    setup: FeedbackSetup,
    text: str,
    cancel: CancelToken,
    *,
    sampling: SamplingOptions | None = None,
    emit: Emit | None = None,
) -> FeedbackItem:
    """Analyse one item. Raises ``ValueError`` for empty text, ``ItemTooLongError`` when it cannot fit
    the context, ``TaskCancelledError`` on cancel and ``InvalidAnswerError`` after two invalid answers."""
    text = text.strip()
    if not text:
        raise ValueError("There is no feedback text to analyse.")
    answer = ask_item(
        engine,
        task,
        setup,
        text,
        cancel,
        what="feedback analysis",
        tokens=max_tokens(task),
        sampling=sampling,
        emit=emit,
    )
    return FeedbackItem.from_answer(answer.value)


class FeedbackRows(TextItemRows[FeedbackSetup]):
    """Feedback analysis as a batch ``RowTask``: one text column in, the analysis columns out."""

    KIND = "feedback"
    FIELD_LABEL = "Feedback text"
    OUTPUT_COLUMNS = FeedbackItem.OUTPUT_COLUMNS

    def __init__(
        self,
        task: TaskDefinition,
        setup: FeedbackSetup | None = None,
        sampling: SamplingOptions | None = None,
    ) -> None:
        super().__init__(task, setup or FeedbackSetup(), sampling)

    def setup_fingerprint(self) -> dict[str, Any]:
        return {
            "schema": self.setup.schema(),
            "teams": [[t.name, t.description] for t in self.setup.teams],
            "language": self.setup.language,
        }

    def analyze(self, engine: Engine, text: str, cancel: CancelToken) -> FeedbackItem:
        return analyze_feedback(engine, self.task, self.setup, text, cancel, sampling=self.sampling)
