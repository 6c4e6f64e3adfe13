"""Batch jobs the user started, remembered so that after a restart the window can offer to resume them.

A job's rows are resumable through the journal the batch writes next to its output; what the journal
cannot tell is *how* the job was set up (which task, which labels or FAQ file, which columns). A
`JobRecipe` holds exactly that, and it is also what the dialog builds a fresh job from: a resumed job
is rebuilt by the same code as the original, so its fingerprint matches the journal's.

Recipes live in one small JSON file in the data folder. A damaged file is treated as empty (the
journals are untouched, so rerunning a job by hand still resumes it). Nothing here imports Qt; the
functions that read files are meant to run off the GUI thread.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.core.atomic_files import atomic_write_text
from app.core.jobs.batch import BatchJob, BatchSpec
from app.core.jobs.row_task import RowField, RowTask
from app.core.jobs.text_rows import row_task_for
from app.core.tasks.classify import ClassifyRows, ClassifySetup
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.faq import FaqRows
from app.core.tasks.faq_source import load_faq
from app.core.tasks.feedback import FeedbackRows, FeedbackSetup
from app.core.tasks.teams import DEFAULT_TEAMS, parse_teams

log = logging.getLogger(__name__)

JOBS_FILE = "batch_jobs.json"
FORMAT_VERSION = 1

_FILE_LOCK = threading.Lock()
"""Jobs are remembered from the engine threads (one per server) and forgotten from the GUI's background
threads; a read-modify-write of the one file must not interleave."""


@dataclass(frozen=True)
class JobRecipe:
    """What a batch job is: the task and its setup, the input, the columns and where results go."""

    task_id: str
    input: Path
    output: Path
    mapping: Mapping[str, str]
    options: Mapping[str, Any] = field(default_factory=dict)
    """The task's setup as plain JSON values (see `build_row_task`)."""
    sheet: str | None = None
    encoding: str | None = None
    in_flight: int = 1
    overwrite: bool = False
    """Replace an output file that exists (the user said so when choosing it)."""
    started_at: float = 0.0

    def spec(self) -> BatchSpec:
        return BatchSpec(
            input=self.input,
            output=self.output,
            mapping=dict(self.mapping),
            sheet=self.sheet,
            encoding=self.encoding,
            in_flight=self.in_flight,
            overwrite=self.overwrite,
        )

    @property
    def journal(self) -> Path:
        return BatchJob.journal_path(self.output)

    def build(self, task: TaskDefinition) -> BatchJob:
        """The job, ready to plan and run. Reads the FAQ file for a FAQ task: call it off the GUI thread.
        Raises ``ValueError`` (bad labels or teams, a FAQ that cannot be used) with a message for the user."""
        return BatchJob(self.spec(), build_row_task(task, self.options))

    def to_json(self) -> dict[str, Any]:
        return {
            "task_id": self.task_id,
            "input": str(self.input),
            "output": str(self.output),
            "mapping": dict(self.mapping),
            "options": dict(self.options),
            "sheet": self.sheet,
            "encoding": self.encoding,
            "in_flight": self.in_flight,
            "overwrite": self.overwrite,
            "started_at": self.started_at,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> JobRecipe:
        """Raises ``KeyError``/``TypeError``/``ValueError`` for an entry that is not a recipe."""
        mapping = data["mapping"]
        options = data.get("options") or {}
        if not isinstance(mapping, dict) or not isinstance(options, dict):
            raise TypeError("mapping and options must be objects")
        sheet, encoding = data.get("sheet"), data.get("encoding")
        return cls(
            task_id=str(data["task_id"]),
            input=Path(str(data["input"])),
            output=Path(str(data["output"])),
            mapping={str(k): str(v) for k, v in mapping.items()},
            options=options,
            sheet=None if sheet is None else str(sheet),
            encoding=None if encoding is None else str(encoding),
            in_flight=max(1, int(data.get("in_flight", 1))),
            overwrite=bool(data.get("overwrite", False)),
            started_at=float(data.get("started_at", 0.0)),
        )


def build_row_task(task: TaskDefinition, options: Mapping[str, Any]) -> RowTask:
    """The task, set up for rows. One place for fresh and resumed jobs, so their fingerprints agree.

    ``options["values"]`` are form values: the setup of an analysis task (topics, teams, labels...),
    or, for a writing task, the values every row gets for the fields no column fills. A FAQ task also
    reads ``options["faq"]`` (and ``"faq_sheet"``): call this off the GUI thread.
    """
    raw = options.get("values")
    values: dict[str, Any] = dict(raw) if isinstance(raw, Mapping) else {}
    if task.flow == "feedback":
        return FeedbackRows(task, FeedbackSetup.from_values(values))
    if task.flow == "classify":
        return ClassifyRows(task, ClassifySetup.from_values(values))
    if task.flow == "faq":
        faq = str(options.get("faq") or "").strip()
        if not faq:
            raise ValueError("Choose the FAQ file the answers must come from.")
        sheet = options.get("faq_sheet") or None
        entries = load_faq(Path(faq), sheet=None if sheet is None else str(sheet))
        teams_text = str(values.get("teams") or "").strip()
        return FaqRows(task, entries, parse_teams(teams_text) if teams_text else DEFAULT_TEAMS)
    return row_task_for(task, {name: _cell_text(value) for name, value in values.items()})


def row_fields(task: TaskDefinition) -> tuple[RowField, ...]:
    """The fields a column can fill, known without any setup (nothing is read)."""
    if task.flow == "feedback":
        return FeedbackRows(task).fields
    if task.flow == "classify":
        return ClassifyRows(task, ClassifySetup()).fields
    if task.flow == "faq":
        return FaqRows.fields
    return row_task_for(task).fields


def setup_fields(task: TaskDefinition) -> tuple[str, ...]:
    """The task's form fields that set the whole job up rather than come from a column; for a writing
    task every field may come from a column, and the ones without a column are set once for all rows."""
    if task.flow in ("feedback", "classify", "faq"):
        per_row = {field.name for field in row_fields(task)}
        return tuple(spec.name for spec in task.fields if spec.name not in per_row)
    return tuple(spec.name for spec in task.fields)


def _cell_text(value: Any) -> str:
    """A form value as the text a cell would hold: lists one item per line."""
    if isinstance(value, list | tuple):
        return "\n".join(str(item) for item in value)
    return "" if value is None else str(value)


class UnfinishedJobs:
    """The recipes of started jobs, keyed by output file (one job per output, like the journal)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / JOBS_FILE

    def all(self) -> list[JobRecipe]:
        with _FILE_LOCK:
            return self._read()

    def resumable(self) -> list[JobRecipe]:
        """The jobs whose journal is still there: those a rerun would resume. Others are dropped from
        the file (finished elsewhere, or their progress was discarded)."""
        with _FILE_LOCK:
            jobs = self._read()
            alive = [job for job in jobs if job.journal.exists()]
            if len(alive) != len(jobs):
                self._write(alive)
            return alive

    def remember(self, recipe: JobRecipe) -> JobRecipe:
        """Store ``recipe`` (replacing any job with the same output); returns it with its start time."""
        stamped = recipe if recipe.started_at else _with_time(recipe)
        with _FILE_LOCK:
            jobs = [job for job in self._read() if not _same_file(job.output, stamped.output)]
            self._write([*jobs, stamped])
        return stamped

    def forget(self, output: Path) -> None:
        with _FILE_LOCK:
            jobs = self._read()
            kept = [job for job in jobs if not _same_file(job.output, output)]
            if len(kept) != len(jobs):
                self._write(kept)

    # ------------------------------------------------------------ the file

    def _read(self) -> list[JobRecipe]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("Unfinished batch jobs could not be read from %s: %s", self.path, exc)
            return []
        entries = data.get("jobs") if isinstance(data, dict) else None
        jobs = []
        for entry in entries if isinstance(entries, list) else []:
            try:
                jobs.append(JobRecipe.from_json(entry))
            except (KeyError, TypeError, ValueError) as exc:
                log.warning("Skipped a damaged batch job entry in %s: %s", self.path, exc)
        return jobs

    def _write(self, jobs: list[JobRecipe]) -> None:
        data = {"version": FORMAT_VERSION, "jobs": [job.to_json() for job in jobs]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps(data, indent=2, ensure_ascii=False))


def _with_time(recipe: JobRecipe) -> JobRecipe:
    return replace(recipe, started_at=time.time())


def _same_file(a: Path, b: Path) -> bool:
    return a.expanduser().resolve() == b.expanduser().resolve()
