"""Classification: each item gets one of the user's labels, or several when asked, under a grammar.

The labels are the user's exact strings (case kept) in an enum, so every answer is a valid label and
the output column can be compared with a "true label" column as it is. Greedy sampling by default, so
a rerun gives the same labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from app.core.engine.types import CancelToken, Engine, SamplingOptions
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit
from app.core.tasks.feedback import LIST_SEPARATOR, check_names, unique
from app.core.tasks.text_item_rows import TextItemRows, ask_item

MIN_LABELS = 2


@dataclass(frozen=True)
class Label:
    name: str
    description: str = ""


DEFAULT_LABELS: tuple[Label, ...] = (
    Label("billing", "Payments, invoices, refunds and prices."),
    Label("shipping", "Delivery, tracking, lost or damaged parcels and returns."),
    Label("product", "How the product works, defects, quality and feature requests."),
    Label("account", "Signing in, passwords, profile and settings."),
)


def parse_labels(text: str) -> tuple[Label, ...]:
    """Labels from text: "name: description" per line, or names separated by commas
    ("billing,shipping,product"); both may be mixed. Blank lines are skipped.

    Raises ``ValueError`` naming the line for an empty name, a ``;`` in a name (it separates several
    labels in a cell) or a name given twice (case-insensitive, so the answer is never ambiguous).
    """
    labels: list[Label] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if ":" in line:
            name, _, description = line.partition(":")
            entries = [(name, " ".join(description.split()))]
        else:
            entries = [(name, "") for name in line.split(",")]
        for raw_name, description in entries:
            name = " ".join(raw_name.split())
            if not name:
                raise ValueError(
                    f"Line {number}: a label has no name ({line!r}); write 'name: description' "
                    "or names separated by commas."
                )
            if ";" in name:
                raise ValueError(f"Line {number}: the label {name!r} contains ';'; use another name.")
            key = name.casefold()
            if key in seen:
                raise ValueError(f"Line {number}: the label {name!r} is already given on line {seen[key]}.")
            seen[key] = number
            labels.append(Label(name, description))
    if not labels:
        raise ValueError(
            "No labels given: write one per line as 'name: description', or names separated by commas."
        )
    return tuple(labels)


def format_labels(labels: tuple[Label, ...]) -> str:
    """The inverse of ``parse_labels``: one "name: description" line per label."""
    return "\n".join(f"{lb.name}: {lb.description}" if lb.description else lb.name for lb in labels)


@dataclass(frozen=True)
class ClassifySetup:
    labels: tuple[Label, ...] = DEFAULT_LABELS
    multi: bool = False
    """True: one or more labels per item; False: exactly one."""

    def __post_init__(self) -> None:
        if len(self.labels) < MIN_LABELS:
            raise ValueError(f"Give at least {MIN_LABELS} labels to choose from.")
        check_names("label", self.names)

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> ClassifySetup:
        """From a form's values: ``labels`` as text (see ``parse_labels``) or a sequence of ``Label``;
        ``multi`` as a bool or the ``labels_per_item`` choice ("one" or "several")."""
        raw = values.get("labels")
        if raw is None or raw == "":
            labels = DEFAULT_LABELS
        elif isinstance(raw, str):
            labels = parse_labels(raw)
        else:
            labels = tuple(raw)
        multi = values.get("multi")
        if multi is None:
            multi = str(values.get("labels_per_item") or "one").strip().casefold() == "several"
        return cls(labels, bool(multi))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels)

    def schema(self) -> dict[str, Any]:
        """One answer: ``{"label": ...}``, or ``{"labels": [...]}`` (1..N labels) when ``multi``."""
        enum = {"type": "string", "enum": list(self.names)}
        if self.multi:
            properties: dict[str, Any] = {
                "labels": {
                    "type": "array",
                    "items": enum,
                    "minItems": 1,
                    "maxItems": len(self.labels),
                }
            }
        else:
            properties = {"label": enum}
        return {
            "type": "object",
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        }

    def template_values(self, text: str) -> dict[str, Any]:
        return {
            "text": text,
            "labels": [{"name": lb.name, "description": lb.description} for lb in self.labels],
            "multi": self.multi,
        }

    def max_tokens(self) -> tuple[int, int]:
        """Output tokens for the first try and the retry: JSON syntax plus about a token per character of
        the labels the answer may hold (four on the retry, for scripts that split into bytes)."""
        chars = sum(len(n) + 4 for n in self.names) if self.multi else max(len(n) for n in self.names)
        return 24 + chars, 24 + 4 * chars


@dataclass(frozen=True)
class Classification:
    labels: tuple[str, ...]

    OUTPUT_COLUMNS: ClassVar[tuple[str, ...]] = ("label",)

    @property
    def label(self) -> str:
        """The first (for a single-label setup, the only) label."""
        return self.labels[0] if self.labels else ""

    def as_columns(self) -> dict[str, str]:
        return {"label": LIST_SEPARATOR.join(self.labels)}


def classify_text(
    engine: Engine,
    task: TaskDefinition,
    setup: ClassifySetup,
    text: str,
    cancel: CancelToken,
    *,
    sampling: SamplingOptions | None = None,
    emit: Emit | None = None,
) -> Classification:
    """Label one item. Raises ``ValueError`` for empty text, ``ItemTooLongError`` when it cannot fit
    the context, ``TaskCancelledError`` on cancel and ``InvalidAnswerError`` after two invalid answers."""
    text = text.strip()
    if not text:
        raise ValueError("There is no text to classify.")
    answer = ask_item(
        engine,
        task,
        setup,
        text,
        cancel,
        what="classification",
        tokens=setup.max_tokens(),
        sampling=sampling,
        emit=emit,
    )
    chosen = answer.value["labels"] if setup.multi else [answer.value["label"]]
    return Classification(unique(str(name) for name in chosen))


class ClassifyRows(TextItemRows[ClassifySetup]):
    """Classification as a batch ``RowTask``: one text column in, the ``label`` column out."""

    KIND = "classify"
    FIELD_LABEL = "Text"
    OUTPUT_COLUMNS = Classification.OUTPUT_COLUMNS

    def setup_fingerprint(self) -> dict[str, Any]:
        return {"labels": [[lb.name, lb.description] for lb in self.setup.labels], "multi": self.setup.multi}

    def analyze(self, engine: Engine, text: str, cancel: CancelToken) -> Classification:
        return classify_text(engine, self.task, self.setup, text, cancel, sampling=self.sampling)
