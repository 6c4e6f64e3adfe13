"""The writing tasks (product copy, rewrite, the user's own one-prompt tasks) as batch row tasks.

Each adapter turns one row's cells into the task's form values, runs the task's own flow and turns its
result into output columns. Options fixed for the whole job (the channel, the rewrite mode, a tone...)
are given once and fill the fields a row leaves empty.

Every row gets a seed derived from its own values, so a row that is redone after a crash or an engine
restart is written the same way, and two runs of a job over the same file agree. A result the flow
could not finish (output length ran out, an incomplete product JSON) is an error for that row rather
than half a text in the output: a batch must never truncate silently.

Product bullets go into one cell, one bullet per line: a line break inside a cell survives CSV quoting
and shows as separate lines in spreadsheet apps, while a separator such as " | " could also occur in
the bullets themselves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from app.core.engine.types import MAX_SEED, CancelToken, Engine, EngineError, SamplingOptions
from app.core.jobs.row_task import RowField, RowTask
from app.core.tasks.definitions import TaskDefinition, task_to_table
from app.core.tasks.events import ignore
from app.core.tasks.generic import generate_text
from app.core.tasks.inputs import InputError
from app.core.tasks.product import ProductPlan, generate_product
from app.core.tasks.rewrite import RewritePlan, rewrite
from app.core.tasks.streaming import TaskCancelledError

BULLET_SEPARATOR = "\n"
_FINGERPRINT_KEYS = ("id", "flow", "fields", "prompts", "options")


@dataclass(frozen=True)
class _Adapter:
    """What every adapter shares: the task, the job-wide options and the sampling settings."""

    task: TaskDefinition
    options: Mapping[str, str] = field(default_factory=dict)
    sampling: SamplingOptions = field(default_factory=SamplingOptions)

    def __post_init__(self) -> None:
        """Where an adapter checks its options, so a bad one fails before the first row, not at each."""

    def _fingerprint(self, kind: str) -> str:
        table = task_to_table(self.task)
        content = {
            "kind": kind,
            "task": {key: table.get(key) for key in _FINGERPRINT_KEYS},
            "options": dict(self.options),
            "sampling": {**asdict(self.sampling), "logit_bias": sorted(self.sampling.logit_bias.items())},
        }
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

    def _fields(self, names: tuple[str, ...] | None = None) -> tuple[RowField, ...]:
        return tuple(
            RowField(
                spec.name, spec.label, spec.required and not str(self.options.get(spec.name, "")).strip()
            )
            for spec in self.task.fields
            if names is None or spec.name in names
        )

    def _values(self, values: Mapping[str, str]) -> dict[str, Any]:
        """The job's options, overridden by the row's non-empty cells."""
        filled = {name: text for name, text in values.items() if text.strip()}
        return {**self.options, **filled}

    def _sampling(self, values: Mapping[str, Any]) -> SamplingOptions:
        """The same row always gets the same seed (unless the job asked for one seed for all rows)."""
        if self.sampling.seed is not None:
            return self.sampling
        encoded = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
        seed = int.from_bytes(hashlib.sha256(encoded).digest()[:8], "big") % MAX_SEED
        return replace(self.sampling, seed=seed)


def _row_problems(task: TaskDefinition, error: InputError) -> ValueError:
    """The form's "Please check the form" reads oddly in a spreadsheet cell: just the cells' problems."""
    labels = {spec.name: spec.label for spec in task.fields}
    problems = "; ".join(f"{labels.get(name, name)}: {message}" for name, message in error.problems.items())
    return ValueError(problems)


def _unfinished(cancel: CancelToken, what: str) -> Exception:
    if cancel.cancelled():
        return TaskCancelledError()
    return EngineError(what)


class ProductRows(_Adapter):
    """Product copy per row: title, bullets (one per line) and description."""

    @property
    def kind(self) -> str:
        return "product"

    @property
    def fields(self) -> tuple[RowField, ...]:
        return self._fields()

    @property
    def output_columns(self) -> tuple[str, ...]:
        return ("title", "bullets", "description")

    def fingerprint(self) -> str:
        return self._fingerprint(self.kind)

    def run(self, engine: Engine, values: Mapping[str, str], cancel: CancelToken) -> Mapping[str, str]:
        merged = self._values(values)
        try:
            plan = ProductPlan.from_inputs(self.task, merged)
        except InputError as exc:
            raise _row_problems(self.task, exc) from None
        result = generate_product(engine, plan, cancel, ignore, sampling=self._sampling(merged))
        if not result.complete:
            raise _unfinished(cancel, "The answer ran out of output length before every part was written.")
        copy = result.copy
        return {
            "title": copy.title,
            "bullets": BULLET_SEPARATOR.join(copy.bullets),
            "description": copy.description,
        }


class RewriteRows(_Adapter):
    """One text per row, rewritten in the mode (and tone or instruction) chosen for the whole job."""

    def __post_init__(self) -> None:
        RewritePlan.from_inputs(self.task, {**self.options, "text": "-"})

    @property
    def kind(self) -> str:
        return "rewrite"

    @property
    def fields(self) -> tuple[RowField, ...]:
        return (RowField("text", self.task.field("text").label, required=True),)

    @property
    def output_columns(self) -> tuple[str, ...]:
        return ("rewritten",)

    def fingerprint(self) -> str:
        return self._fingerprint(self.kind)

    def run(self, engine: Engine, values: Mapping[str, str], cancel: CancelToken) -> Mapping[str, str]:
        merged = {**self.options, "text": values.get("text", "")}
        try:
            plan = RewritePlan.from_inputs(self.task, merged)
        except InputError as exc:
            raise _row_problems(self.task, exc) from None
        result = rewrite(engine, plan, cancel, ignore, sampling=self._sampling(merged))
        if not result.complete:
            raise _unfinished(cancel, "The rewrite ran out of output length before it was finished.")
        return {"rewritten": result.text}


class TextTaskRows(_Adapter):
    """Any one-prompt task (the user's own tasks): every field can come from a column; one text out."""

    @property
    def kind(self) -> str:
        return self.task.id

    @property
    def fields(self) -> tuple[RowField, ...]:
        return self._fields()

    @property
    def output_columns(self) -> tuple[str, ...]:
        return ("text",)

    def fingerprint(self) -> str:
        return self._fingerprint(self.kind)

    def run(self, engine: Engine, values: Mapping[str, str], cancel: CancelToken) -> Mapping[str, str]:
        merged = self._values(values)
        try:
            result = generate_text(engine, self.task, merged, cancel, ignore, sampling=self._sampling(merged))
        except InputError as exc:
            raise _row_problems(self.task, exc) from None
        if not result.complete:
            raise _unfinished(cancel, "The answer ran out of output length before it was finished.")
        return {"text": result.text}


def row_task_for(
    task: TaskDefinition,
    options: Mapping[str, str] | None = None,
    *,
    sampling: SamplingOptions | None = None,
) -> RowTask:
    """The batch adapter for a writing task; ``ValueError`` for tasks that cannot run row by row here."""
    chosen = dict(options or {})
    unknown = sorted(set(chosen) - {spec.name for spec in task.fields})
    if unknown:
        names = ", ".join(spec.name for spec in task.fields)
        raise ValueError(f"The task {task.name!r} has no field {', '.join(unknown)}; its fields are: {names}")
    sampling = sampling or SamplingOptions()
    if task.flow == "product":
        return ProductRows(task, chosen, sampling)
    if task.flow == "rewrite":
        return RewriteRows(task, chosen, sampling)
    if task.flow == "generic":
        return TextTaskRows(task, chosen, sampling)
    if task.flow in ("feedback", "classify", "faq"):
        raise ValueError(
            f"The task {task.name!r} needs its own setup (labels, topics, a FAQ); "
            f"run it with its own batch command or workspace."
        )
    raise ValueError(f"The task {task.name!r} ({task.flow}) writes one long text and cannot run over rows.")
