"""What a batch job needs from a task: which fields a row fills, which columns it adds, how to run one row.

Every job that can run over the rows of a CSV/XLSX file (product copy, rewrite, feedback analysis,
classification, FAQ answers, the user's own tasks) is adapted to this one protocol, so the batch runner,
its resume journal, the CLI and the window's batch dialog never need to know which task they run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from app.core.engine.types import CancelToken, Engine


@dataclass(frozen=True)
class RowField:
    """An input of the task that a column can be mapped to."""

    name: str
    label: str
    required: bool = False


class RowTask(Protocol):
    """One task, set up (labels, topics, FAQ...) and ready to run row after row."""

    @property
    def kind(self) -> str:
        """Short name shown to the user and stored in the journal, e.g. ``"product"`` or ``"classify"``."""
        ...

    @property
    def fields(self) -> tuple[RowField, ...]:
        """The inputs a column can fill, in form order."""
        ...

    @property
    def output_columns(self) -> tuple[str, ...]:
        """The columns each row adds to the output, in order."""
        ...

    def fingerprint(self) -> str:
        """Changes whenever the output for the same row would be made differently (task prompts,
        options, labels, topics, the FAQ): a resumed job refuses a journal written by another setup."""
        ...

    def run(self, engine: Engine, values: Mapping[str, str], cancel: CancelToken) -> Mapping[str, str]:
        """One row: the mapped cells in (field name -> text), the output columns out (column -> text).

        Raise an ``EngineError`` (or ``ValueError``) with a message for the user when the row cannot be
        done (too long for the context, invalid answer...): the batch records it and goes on. Must return
        or raise promptly once ``cancel`` is set. May be called from several threads at once when the
        engine is thread-safe (a remote server); must then keep no per-row state on ``self``.
        """
        ...
