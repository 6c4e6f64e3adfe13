"""``copydesk analyze feedback`` and ``copydesk analyze classify``: one column of a CSV/XLSX file analysed
row by row, the file written with new columns, and a short summary printed at the end.

Both are batch jobs (:mod:`app.cli.batch`), so rerunning the same command resumes where it stopped.
The summary is computed from every finished row, the ones done before a resume included; it goes to
stdout, while progress and notes go to stderr, so ``> summary.txt`` keeps only the results.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from app.cli.batch import (
    EXIT_STATUS_HELP,
    RowsRun,
    add_rows_arguments,
    read_teams,
    rows_exit_status,
    run_rows,
    saved_lists,
    split_names,
)
from app.cli.common import CliError, Handler, Parser
from app.cli.jobs import add_engine_options, load_task, read_text_file
from app.core.jobs.batch import BatchPlan
from app.core.runtime import Runtime
from app.core.tasks.classify import ClassifyRows, ClassifySetup, Label, parse_labels
from app.core.tasks.confusion import NOT_A_LABEL, ConfusionMatrix, confusion_matrix, first_label
from app.core.tasks.feedback import FeedbackItem, FeedbackRows, FeedbackSetup
from app.core.tasks.feedback_summary import summarize

TOP_TOPICS = 5


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    analyze = commands.add_parser(
        "analyze", help="feedback analysis or classification of a CSV/XLSX column (resumable)"
    )
    kinds = analyze.add_subparsers(dest="analyze_kind", metavar="KIND", parser_class=Parser, required=True)

    feedback = _kind_parser(
        kinds,
        "feedback",
        help="sentiment, topics, a summary, urgency and a team for each row",
        description="Analyse the feedback in one column: sentiment and score, topics, a one-line "
        "summary, urgency and the team to route it to, added as new columns.",
        column_help="the column with the feedback",
    )
    feedback.add_argument(
        "--topics",
        metavar="LIST",
        help='topics to tag, e.g. "price,quality,delivery" ("other" is always offered too; '
        "default: your saved topics)",
    )
    feedback.add_argument(
        "--teams-file",
        type=Path,
        metavar="FILE",
        help='teams to route to, one "Name: what it handles" per line (default: your saved teams)',
    )
    feedback.add_argument("--language", help="language of the summaries (default: English)")
    _finish_kind_parser(feedback, "feedback", cmd_feedback)

    classify = _kind_parser(
        kinds,
        "classify",
        help="one of your labels for each row (or several with --multi)",
        description="Give each row of one column one of your labels (or several with --multi), added as "
        "a new column. With --true-column, compare with the right answers.",
        column_help="the column with the text",
    )
    classify.add_argument(
        "--labels",
        metavar="LIST",
        help='the labels, e.g. "billing,shipping,product" (default: your saved labels)',
    )
    classify.add_argument(
        "--labels-file",
        type=Path,
        metavar="FILE",
        help='labels with descriptions, one "name: what it covers" per line',
    )
    classify.add_argument("--multi", action="store_true", help="allow several labels per row")
    classify.add_argument(
        "--true-column",
        metavar="NAME",
        help="a column with the right labels: print the accuracy and a confusion table",
    )
    _finish_kind_parser(classify, "classify", cmd_classify)


def _kind_parser(
    kinds: argparse._SubParsersAction[Parser], kind: str, *, help: str, description: str, column_help: str
) -> Parser:
    """A subcommand's parser with what every analysis takes first: the batch options and the column."""
    parser = kinds.add_parser(kind, help=help, description=description, epilog=EXIT_STATUS_HELP)
    add_rows_arguments(parser)
    parser.add_argument("--column", required=True, metavar="NAME", help=column_help)
    return parser


def _finish_kind_parser(parser: Parser, kind: str, handler: Handler) -> None:
    """What every analysis takes last: another task of the same flow, and the engine options."""
    parser.add_argument(
        "--task", default=kind, metavar="ID", help=f"use a custom {kind} task made in the app"
    )
    add_engine_options(parser)
    parser.set_defaults(handler=handler)


# ------------------------------------------------------------------------------------------ feedback


def cmd_feedback(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    task = load_task(runtime, args.task, "feedback")
    lists = saved_lists(runtime, err)
    topics = split_names(args.topics) if args.topics is not None else lists.topics
    teams = read_teams(args.teams_file) if args.teams_file is not None else lists.teams
    try:
        setup = FeedbackSetup(tuple(topics), tuple(teams), args.language or "English")
    except ValueError as exc:
        raise CliError(f"{exc} (see --topics and --teams-file)") from None
    run = run_rows(args, runtime, err, FeedbackRows(task, setup), {"text": args.column})
    if run.complete:
        write_lines(out, feedback_summary(run, setup))
    return rows_exit_status(run)


def feedback_summary(run: RowsRun, setup: FeedbackSetup) -> list[str]:
    """Counts per sentiment, urgency, topic and team, over every analysed row."""
    items = [FeedbackItem.from_columns(values) for _, values in sorted(run.results.items())]
    summary = summarize(items, topics=setup.all_topics, teams=[team.name for team in setup.teams])
    topics = [(name, count) for name, count in summary.topic_counts.items() if count][:TOP_TOPICS]
    teams = [(name, count) for name, count in summary.team_counts.items() if count]
    return [
        _done_line(run, "analysed"),
        "Sentiment: " + _counts(summary.sentiment_counts.items()),
        "Urgency: " + _counts(summary.urgency_counts.items()),
        "Top topics: " + (_counts(topics) or "none"),
        "Teams: " + (_counts(teams) or "none"),
    ]


# ------------------------------------------------------------------------------------------ classify


def cmd_classify(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    task = load_task(runtime, args.task, "classify")
    labels = _labels(args, runtime, err)
    try:
        setup = ClassifySetup(labels, multi=args.multi)
    except ValueError as exc:
        raise CliError(f"{exc} (see --labels)") from None
    true_column: list[int] = []

    def check(plan: BatchPlan) -> None:
        if args.true_column is not None:
            true_column.append(plan.table.column(args.true_column))

    run = run_rows(args, runtime, err, ClassifyRows(task, setup), {"text": args.column}, check_plan=check)
    if run.complete:
        write_lines(out, label_summary(run, setup))
        if true_column:
            if setup.multi:
                err.write(
                    "copydesk: note: with --multi, the confusion table compares each row's first label\n"
                )
            write_lines(out, confusion_lines(_confusion(run, true_column[0], setup)))
    return rows_exit_status(run)


def _labels(args: argparse.Namespace, runtime: Runtime, err: TextIO) -> tuple[Label, ...]:
    if args.labels is not None and args.labels_file is not None:
        raise CliError("give the labels with --labels or --labels-file, not both")
    try:
        if args.labels is not None:
            return parse_labels(args.labels)
        if args.labels_file is not None:
            return parse_labels(read_text_file(args.labels_file, "labels file"))
    except ValueError as exc:
        where = "--labels" if args.labels is not None else str(args.labels_file)
        raise CliError(f"{where}: {exc}") from None
    labels = saved_lists(runtime, err).labels
    err.write(f"copydesk: note: using your saved labels: {', '.join(label.name for label in labels)}\n")
    return labels


def label_summary(run: RowsRun, setup: ClassifySetup) -> list[str]:
    counts: Counter[str] = Counter()
    for values in run.results.values():
        counts.update(name.strip() for name in values.get("label", "").split(";") if name.strip())
    ordered = [(name, counts.get(name, 0)) for name in setup.names]
    return [_done_line(run, "classified"), "Labels: " + _counts(ordered)]


def _confusion(run: RowsRun, column: int, setup: ClassifySetup) -> ConfusionMatrix:
    rows = run.plan.table.rows
    indices = run.plan.row_indices
    true = [rows[index][column] for index in indices]
    predicted = [first_label(run.results.get(index, {}).get("label", "")) for index in indices]
    return confusion_matrix(true, predicted, setup.names)


def confusion_lines(matrix: ConfusionMatrix) -> list[str]:
    """Accuracy, the table (true labels down, predicted across), then precision and recall per label."""
    if not matrix.total:
        return ["Accuracy: no row has both a true label and a predicted one"]
    rows = "1 row" if matrix.skipped == 1 else f"{matrix.skipped} rows"
    left_out = f"; {rows} without a true label or a prediction left out" if matrix.skipped else ""
    lines = [f"Accuracy: {matrix.accuracy:.1%} ({matrix.correct} of {matrix.total} rows{left_out})"]
    corner = "true \\ predicted"
    first = max(len(corner), *(len(label) for label in matrix.labels))
    widths = [
        max(len(label), *(len(str(row[i])) for row in matrix.counts)) for i, label in enumerate(matrix.labels)
    ]
    lines.append(
        "  ".join(
            [corner.ljust(first), *(label.rjust(w) for label, w in zip(matrix.labels, widths, strict=True))]
        )
    )
    for label, row in zip(matrix.labels, matrix.counts, strict=True):
        cells = (str(count).rjust(w) for count, w in zip(row, widths, strict=True))
        lines.append("  ".join([label.ljust(first), *cells]))
    for label in (label for label in matrix.labels if label != NOT_A_LABEL):
        lines.append(f"{label}: precision {matrix.precision(label):.1%}, recall {matrix.recall(label):.1%}")
    return lines


# ------------------------------------------------------------------------------------------ shared


def _done_line(run: RowsRun, verb: str) -> str:
    """``Analysed 6 rows; 1 failed (row 5); 1 empty, skipped (row 4)``."""
    summary = run.summary
    parts = [f"{verb.capitalize()} {summary.done - summary.failed} rows"]
    if summary.failed:
        numbers = [failure.row_number for failure in summary.failures]
        parts.append(f"{summary.failed} failed ({_numbers(numbers)})")
    if summary.skipped:
        parts.append(f"{summary.skipped} empty, skipped ({_numbers(run.plan.skipped_rows)})")
    return "; ".join(parts)


def _numbers(rows: Sequence[int]) -> str:
    shown = ", ".join(str(number) for number in rows[:20])
    return f"{'row' if len(rows) == 1 else 'rows'} {shown}{' ...' if len(rows) > 20 else ''}"


def _counts(pairs: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{name} {count}" for name, count in pairs)


def write_lines(out: TextIO, lines: Sequence[str]) -> None:
    out.write("".join(line + "\n" for line in lines))
    out.flush()
