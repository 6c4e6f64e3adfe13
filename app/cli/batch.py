"""``copydesk batch``: any task over every row of a CSV/XLSX file, and the row-job runner it shares with
``copydesk analyze``.

The job itself (``app.core.jobs.batch.BatchJob``) keeps a progress file next to the output, so running
the same command again after Ctrl+C, a crash or a reboot resumes at the first unfinished row. This
module adds what a terminal needs: the plan printed before the model loads (bad input fails in a
second, not after a minute of loading), a progress bar, failed rows as they happen, and exit statuses a
script can act on.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from app.cli.backends import Backend
from app.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, CliError, Parser, positive_int, seed
from app.cli.jobs import EventSink, JobRunner, add_engine_options, read_text_file
from app.cli.rows_progress import RowsProgress
from app.cli.table_options import add_table_options, table_errors_as_options
from app.core.engine.types import CancelToken, Engine
from app.core.jobs.batch import BatchJob, BatchPlan, BatchSpec, BatchSummary, RowOutcome
from app.core.jobs.batch_progress import BatchProgress
from app.core.jobs.row_task import RowTask
from app.core.jobs.text_rows import row_task_for
from app.core.runtime import Runtime
from app.core.tasks.analysis_lists import AnalysisLists, load_lists
from app.core.tasks.classify import ClassifyRows, ClassifySetup, parse_labels
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.faq import FaqRows
from app.core.tasks.faq_source import FaqEntry, read_faq
from app.core.tasks.feedback import FeedbackRows, FeedbackSetup
from app.core.tasks.inputs import InputError
from app.core.tasks.library import TaskLibrary
from app.core.tasks.teams import Team, parse_teams

EXIT_ROWS_FAILED = 3
"""The job finished and the output was written, but some rows failed (see the error column)."""

EXIT_STATUS_HELP = (
    "exit status: 0 every row done; 3 done, but some rows failed (their error is in the output's "
    "copydesk_error column); 130 stopped with Ctrl+C (run the same command again to resume); "
    "1 bad input or another error; 2 wrong usage"
)
_ROW_FLOWS = ("product", "rewrite", "generic", "feedback", "classify", "faq")
_MAX_LISTED_PROBLEMS = 10
_MAX_LISTED_ROWS = 20
_MAP_ITEM = re.compile(r",\s*(?=[A-Za-z_][\w-]*\s*=)")
"""A comma that starts the next ``field=`` pair, so a column name may itself contain commas."""


# ------------------------------------------------------------------------------------------ running


def add_rows_arguments(parser: argparse.ArgumentParser) -> None:
    """The input file, ``-o``, the table options and ``--in-flight``: what every row job takes."""
    parser.add_argument("input", type=Path, metavar="IN", help="the CSV or XLSX file to read")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT",
        help="the file to write (.csv or .xlsx): the input's columns plus the new ones; may be IN itself",
    )
    add_table_options(parser)
    parser.add_argument(
        "--in-flight",
        type=positive_int,
        metavar="N",
        help="rows sent to a server at once (default: the server's setting); a model on this computer "
        "always runs one row at a time",
    )


@dataclass(frozen=True)
class RowsRun:
    plan: BatchPlan
    summary: BatchSummary
    results: Mapping[int, Mapping[str, str]]
    """Data row index -> output columns of every row done without an error, in earlier runs too."""
    stopped: bool
    """The user pressed Ctrl+C; finished rows are kept in the progress file."""

    @property
    def complete(self) -> bool:
        return not self.summary.cancelled


def run_rows(
    args: argparse.Namespace,
    runtime: Runtime,
    err: TextIO,
    task: RowTask,
    mapping: Mapping[str, str],
    *,
    check_plan: Callable[[BatchPlan], None] | None = None,
) -> RowsRun:
    """Plan the job (raising on bad input before the model loads), run it with a progress bar on
    ``err``, and report how it ended there. ``check_plan`` may refuse the plan (e.g. a missing column)."""
    spec = BatchSpec(
        input=args.input,
        output=args.output,
        mapping=dict(mapping),
        sheet=args.sheet,
        encoding=args.encoding,
        overwrite=args.overwrite,
    )
    job = BatchJob(spec, task)
    if args.restart and job.journal_path(spec.output).exists():
        job.discard_progress()
        err.write("copydesk: starting again from the first row (--restart)\n")
    with table_errors_as_options(args.input):
        plan = job.plan()
    if check_plan is not None:
        check_plan(plan)
    # Only now the model: a mistake in the input is reported before a minute of loading, not after.
    runner = JobRunner(runtime, args, err)
    in_flight = rows_in_flight(args.in_flight, runner.backend, err)
    job = BatchJob(dataclasses.replace(spec, in_flight=in_flight), task)
    report_plan(plan, err)
    results: dict[int, Mapping[str, str]] = {}
    if plan.journal is not None:
        results.update((e.index, e.out) for e in plan.journal.entries if e.error is None)
    progress = RowsProgress(err)

    def show(event: object) -> None:
        if isinstance(event, BatchProgress):
            progress.update(event)
        elif isinstance(event, RowOutcome):
            if event.error is None:
                results[event.index] = event.values
            else:
                progress.note(f"copydesk: warning: row {event.row_number} failed: {event.error}")

    def work(engine: Engine, cancel: CancelToken, emit: EventSink) -> BatchSummary:
        return job.run(engine, cancel=cancel, on_progress=emit, on_row=emit)

    try:
        with runner:
            finished = runner.run(work, show)
    except KeyboardInterrupt:  # a second Ctrl+C: no waiting for the rows in flight
        progress.finish()
        err.write("\ncopydesk: the rows done so far are kept; run the same command again to resume\n")
        raise
    finally:
        progress.finish()
    run = RowsRun(plan, finished.result, results, finished.stopped)
    report_end(run, err)
    return run


def rows_in_flight(requested: int | None, backend: Backend, err: TextIO) -> int:
    """A server runs as many rows at once as it has slots; llama.cpp on this computer runs one."""
    if backend.remote is None:
        if requested is not None and requested > 1:
            err.write(
                "copydesk: note: a model on this computer runs one row at a time; "
                "--in-flight applies to servers (--endpoint)\n"
            )
        return 1
    return requested or backend.remote.endpoint.in_flight


def report_plan(plan: BatchPlan, err: TextIO) -> None:
    """What the reader noticed, which rows are skipped, and whether the job resumes."""
    for problem in plan.problems[:_MAX_LISTED_PROBLEMS]:
        err.write(f"copydesk: warning: {problem}\n")
    if len(plan.problems) > _MAX_LISTED_PROBLEMS:
        err.write(
            f"copydesk: warning: ... and {len(plan.problems) - _MAX_LISTED_PROBLEMS} more rows like these\n"
        )
    if plan.skipped_rows:
        count = len(plan.skipped_rows)
        err.write(
            f"copydesk: note: {_rows(count)} with empty cells skipped "
            f"({_row_list(plan.skipped_rows)}); their new cells stay empty\n"
        )
    total = len(plan.row_indices)
    if plan.finished:
        err.write("copydesk: every row was already done; finishing the job\n")
    elif plan.already_done:
        err.write(f"Resuming: {plan.already_done} of {total} rows already done\n")
    err.flush()


def report_end(run: RowsRun, err: TextIO) -> None:
    """Where the output is (or how to resume), what writing it noted, and which rows failed."""
    summary, plan = run.summary, run.plan
    total = len(plan.row_indices)
    if summary.cancelled:
        how = "stopped" if run.stopped else "the job stopped early"
        err.write(
            f"copydesk: {how}: {summary.done} of {total} rows are done and kept; "
            "run the same command again to resume\n"
        )
    else:
        details = [f"{summary.failed} failed"] if summary.failed else []
        if summary.skipped:
            details.append(f"{summary.skipped} empty skipped")
        extra = f" ({', '.join(details)})" if details else ""
        err.write(f"copydesk: wrote {summary.output}: {summary.done} of {total} rows done{extra}\n")
    if summary.note:
        err.write(f"copydesk: note: {summary.note}\n")
    if summary.failures and not summary.cancelled:
        column = plan.new_columns[-1] if plan.new_columns else "copydesk_error"
        numbers = [failure.row_number for failure in summary.failures]
        err.write(
            f"copydesk: warning: {_rows(len(numbers))} failed ({_row_list(numbers)}); "
            f"the {column} column says why\n"
        )
    err.flush()


def rows_exit_status(run: RowsRun) -> int:
    if run.stopped:
        return EXIT_INTERRUPTED
    if run.summary.cancelled:
        return EXIT_ERROR
    return EXIT_ROWS_FAILED if run.summary.failed else 0


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _row_list(numbers: Sequence[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:_MAX_LISTED_ROWS])
    more = f" and {len(numbers) - _MAX_LISTED_ROWS} more" if len(numbers) > _MAX_LISTED_ROWS else ""
    word = "row" if len(numbers) == 1 else "rows"
    return f"{word} {shown}{more}"


# ------------------------------------------------------------------------------------------ lists


def saved_lists(runtime: Runtime, err: TextIO) -> AnalysisLists:
    """The topics, teams and labels the user keeps in the app; a broken file gives the defaults."""
    lists, warning = load_lists(runtime.paths.data_dir)
    if warning:
        err.write(f"copydesk: warning: {warning}\n")
    return lists


def read_teams(path: Path) -> tuple[Team, ...]:
    """Teams from a file of "Name: what the team handles" lines."""
    try:
        teams = parse_teams(read_text_file(path, "teams file"))
    except ValueError as exc:
        raise CliError(f"{path}: {exc}") from None
    if not teams:
        raise CliError(f"{path}: the teams file names no team; write one per line as 'Name: description'")
    return teams


def split_names(text: str) -> tuple[str, ...]:
    """``"price, quality; delivery"`` or one per line -> the names."""
    return tuple(name for name in (part.strip() for part in re.split(r"[,;\n]", text)) if name)


# ------------------------------------------------------------------------------------------ command


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    parser = commands.add_parser(
        "batch",
        help="run a task over every row of a CSV/XLSX file (resumable)",
        description="Run a task over every row of a CSV or XLSX file and write the file with new "
        "columns. Running the same command again resumes at the first unfinished row.",
        epilog=EXIT_STATUS_HELP,
    )
    parser.add_argument(
        "--task",
        required=True,
        metavar="ID",
        help="product, rewrite, feedback, classify, faq, or the id of a task you made in the app",
    )
    add_rows_arguments(parser)
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN,...",
        help="which column fills which field of the task, e.g. name=Product,features=Features",
    )
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a value for every row, e.g. mode=shorten, channel=amazon, labels=a,b,c "
        "(a mapped cell that is not empty wins); repeat for several",
    )
    parser.add_argument(
        "--faq", type=Path, metavar="FILE", help="the FAQ (.csv, .xlsx or .md), for --task faq"
    )
    parser.add_argument(
        "--teams-file",
        type=Path,
        metavar="FILE",
        help='teams to route to, one "Name: what it handles" per line, for the feedback and faq tasks '
        "(default: your saved teams)",
    )
    parser.add_argument(
        "--seed", type=seed, help="one fixed seed for every row (default: one per row's text)"
    )
    add_engine_options(parser)
    parser.set_defaults(handler=cmd_batch)


def cmd_batch(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    task = _find_task(runtime, args.task)
    mapping = parse_map(args.map)
    options = parse_options(args.option)
    row_task = _row_task(args, runtime, err, task, options)
    check_mapping(row_task, mapping)
    run = run_rows(args, runtime, err, row_task, mapping)
    return rows_exit_status(run)


def parse_map(values: Sequence[str]) -> dict[str, str]:
    """``name=Product,features=Key features`` (``--map`` may be repeated) -> field -> column."""
    mapping: dict[str, str] = {}
    for value in values:
        for item in _MAP_ITEM.split(value.strip()):
            field, sep, column = item.partition("=")
            field, column = field.strip(), column.strip()
            if not sep or not field or not column:
                raise CliError(f"--map wants FIELD=COLUMN pairs separated by commas, not {item!r}")
            if field in mapping and mapping[field] != column:
                raise CliError(f"--map gives the field {field!r} twice ({mapping[field]!r} and {column!r})")
            mapping[field] = column
    return mapping


def parse_options(values: Sequence[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CliError(f"--option wants FIELD=VALUE, not {value!r}")
        options[name] = text.strip()
    return options


def _find_task(runtime: Runtime, task_id: str) -> TaskDefinition:
    library = TaskLibrary(runtime.paths.data_dir / "tasks")
    try:
        return library.get(task_id)
    except KeyError:
        usable = [t.id for t in library.all() if t.flow in _ROW_FLOWS]
        problems = "".join(f" ({problem})" for problem in library.problems)
        raise CliError(
            f"there is no task {task_id!r}; tasks that run over rows: {', '.join(usable)}{problems}"
        ) from None


def _row_task(
    args: argparse.Namespace,
    runtime: Runtime,
    err: TextIO,
    task: TaskDefinition,
    options: Mapping[str, str],
) -> RowTask:
    """The task set up for rows: writing tasks take ``--option``s; analyses their lists and files."""
    if task.flow not in ("feedback", "classify", "faq"):
        if args.faq is not None or args.teams_file is not None:
            raise CliError(
                f"--faq and --teams-file are for the feedback, classify and faq tasks, not {task.id!r}"
            )
        try:
            return row_task_for(task, options, sampling=runtime.sampling(args.seed))
        except InputError as exc:
            raise CliError(_describe_option_problems(exc, options)) from None
        except ValueError as exc:
            raise CliError(str(exc)) from None
    _check_option_names(task, options)
    if args.seed is not None:
        raise CliError(f"--seed is for writing tasks; the {task.flow} task always answers the same way")
    lists = saved_lists(runtime, err)
    teams: Sequence[Team] | str = lists.teams
    if options.get("teams"):
        teams = options["teams"]
    if args.teams_file is not None:
        teams = read_teams(args.teams_file)
    try:
        if task.flow == "feedback":
            topics = split_names(options["topics"]) if "topics" in options else lists.topics
            values = {**options, "topics": topics, "teams": teams}
            return FeedbackRows(task, FeedbackSetup.from_values(values))
        if task.flow == "classify":
            labels = parse_labels(options["labels"]) if options.get("labels") else lists.labels
            return ClassifyRows(task, ClassifySetup.from_values({**options, "labels": labels}))
        if args.faq is None:
            raise CliError("the faq task needs the FAQ: --faq FILE (.csv, .xlsx or .md)")
        if isinstance(teams, str):
            teams = parse_teams(teams)
        entries = load_faq_entries(args.faq, err, sheet=None, encoding=None)
        return FaqRows(task, entries, teams)
    except CliError:
        raise
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _describe_option_problems(exc: InputError, options: Mapping[str, str]) -> str:
    """The form's messages in terms of ``--option``: which value, and what is wrong with it."""
    details = [
        f"--option {name}={options[name]}: {message}" if name in options else f"{name}: {message}"
        for name, message in exc.problems.items()
    ]
    return "; ".join(details)


def _check_option_names(task: TaskDefinition, options: Mapping[str, str]) -> None:
    names = [spec.name for spec in task.fields]
    unknown = sorted(set(options) - set(names))
    if unknown:
        raise CliError(
            f"the task {task.id!r} has no field {', '.join(unknown)} for --option; "
            f"its fields are: {', '.join(names)}"
        )


def check_mapping(task: RowTask, mapping: Mapping[str, str]) -> None:
    """Every mapped field exists, and every required one has a column (a writing task's field given
    by ``--option`` is not required any more)."""
    known = {spec.name for spec in task.fields}
    unknown = [name for name in mapping if name not in known]
    fields = ", ".join(f"{spec.name}{' (required)' if spec.required else ''}" for spec in task.fields)
    if unknown:
        raise CliError(
            f"the {task.kind} task has no field {', '.join(map(repr, unknown))}; its fields are: {fields}"
        )
    missing = [spec.name for spec in task.fields if spec.required and spec.name not in mapping]
    if missing:
        pairs = ",".join(f"{name}=COLUMN" for name in missing)
        raise CliError(f"map a column to the required field(s) with --map {pairs} (fields: {fields})")


def load_faq_entries(
    path: Path, err: TextIO, *, sheet: str | None, encoding: str | None
) -> tuple[FaqEntry, ...]:
    """The FAQ's usable entries; skipped ones are warnings, so a FAQ with a few bad rows still works."""
    with table_errors_as_options(path):
        faq = read_faq(path, sheet=sheet, encoding=encoding)
    for problem in faq.problems[:_MAX_LISTED_PROBLEMS]:
        err.write(f"copydesk: warning: {path.name}: {problem}\n")
    if len(faq.problems) > _MAX_LISTED_PROBLEMS:
        err.write(
            f"copydesk: warning: {path.name}: ... and {len(faq.problems) - _MAX_LISTED_PROBLEMS} more\n"
        )
    return faq.entries
