"""One text item in, one JSON answer out: what feedback analysis and classification share.

Both ask for one item's answer the same way (`ask_item`: the task's prompt filled from the setup, the
setup's schema, greedy sampling unless another is given, one retry), and both run over a file as the
same ``RowTask`` (`TextItemRows`); they differ only in their kind, the label of the text field, what
they make of the answer and which parts of the setup change it. The rest lives here, so both
fingerprints are built the same way and a resumed job checks either kind alike.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from app.core.engine.types import CancelToken, Engine, GenerationRequest, SamplingOptions
from app.core.jobs.row_task import RowField
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit
from app.core.tasks.prompting import build_request
from app.core.tasks.structured import GREEDY, StructuredAnswer, ask_json, canonical

SetupT = TypeVar("SetupT")

TEXT_FIELD = "text"
"""The one field a row fills."""


class ItemSetup(Protocol):
    """An analysis' setup: the schema its answers follow and the prompt's values for one item."""

    def schema(self) -> dict[str, Any]: ...

    def template_values(self, text: str) -> dict[str, Any]: ...


def ask_item(
    engine: Engine,
    task: TaskDefinition,
    setup: ItemSetup,
    text: str,
    cancel: CancelToken,
    *,
    what: str,
    tokens: tuple[int, int],
    sampling: SamplingOptions | None = None,
    emit: Emit | None = None,
) -> StructuredAnswer:
    """The answer for one (stripped, non-empty) item under ``setup``'s schema; ``tokens`` are the output
    tokens for the first try and the retry. Raises as ``ask_json`` does; ``what`` names the answer."""
    first, retry = tokens
    schema = setup.schema()
    chosen = sampling or GREEDY

    def request(item: str) -> GenerationRequest:
        values = setup.template_values(item)
        return build_request(task, values, sampling=chosen, max_tokens=first, json_schema=schema)

    return ask_json(
        engine, request(text), request(""), cancel, what=what, retry_max_tokens=retry, key=text, emit=emit
    )


class HasColumns(Protocol):
    """An analysis result as the cells of a row."""

    def as_columns(self) -> dict[str, str]: ...


class TextItemRows(ABC, Generic[SetupT]):
    """An analysis of one text as a batch ``RowTask``; a subclass names its kind and columns and does the
    analysis of one text."""

    KIND: ClassVar[str]
    FIELD_LABEL: ClassVar[str]
    """How the text field is shown when the user maps a column to it."""
    OUTPUT_COLUMNS: ClassVar[tuple[str, ...]]

    def __init__(self, task: TaskDefinition, setup: SetupT, sampling: SamplingOptions | None = None) -> None:
        self.task = task
        self.setup = setup
        self.sampling = sampling

    @property
    def kind(self) -> str:
        return self.KIND

    @property
    def fields(self) -> tuple[RowField, ...]:
        return (RowField(TEXT_FIELD, self.FIELD_LABEL, True),)

    @property
    def output_columns(self) -> tuple[str, ...]:
        return self.OUTPUT_COLUMNS

    def fingerprint(self) -> str:
        setup = {
            "kind": self.kind,
            "task": [self.task.id, dict(self.task.prompts), dict(self.task.options)],
            **self.setup_fingerprint(),
            "sampling": repr(self.sampling or GREEDY),
        }
        return hashlib.sha256(canonical(setup).encode("utf-8")).hexdigest()[:16]

    @abstractmethod
    def setup_fingerprint(self) -> dict[str, Any]:
        """The parts of the setup that change an answer, as plain JSON values."""

    @abstractmethod
    def analyze(self, engine: Engine, text: str, cancel: CancelToken) -> HasColumns:
        """One item; raises as the ``RowTask`` protocol says when the item cannot be done."""

    def run(self, engine: Engine, values: Mapping[str, str], cancel: CancelToken) -> Mapping[str, str]:
        return self.analyze(engine, values.get(TEXT_FIELD, ""), cancel).as_columns()
