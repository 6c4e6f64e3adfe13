"""``copydesk faq``: answer one customer question from a FAQ file only, citing the entries used, or say
that the FAQ does not cover it and name the team to route it to.

The exit status is 0 in both cases: a routed question is a normal outcome, not a failure, and ``set -e``
scripts should not stop on it. Scripts that branch on it read ``"covered"`` from ``--json``.
Answering many questions from a file is ``copydesk batch --task faq``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from app.cli.batch import load_faq_entries, read_teams, saved_lists
from app.cli.common import EXIT_INTERRUPTED, CliError, Parser
from app.cli.jobs import EventSink, JobRunner, add_engine_options, load_task
from app.cli.table_options import add_table_options
from app.core.engine.types import CancelToken, Engine
from app.core.runtime import Runtime
from app.core.tasks.events import Notice
from app.core.tasks.faq import FaqAnswer, answer_question
from app.core.tasks.faq_source import FaqEntry
from app.core.tasks.streaming import TaskCancelledError


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    parser = commands.add_parser(
        "faq",
        help="answer a question from a FAQ only, citing its entries, or route it to a team",
        description="Answer a customer question from the FAQ only. The answer cites the entries it "
        "used; a question the FAQ does not cover is routed to one of your teams.",
        epilog='exit status: 0 answered or routed (--json\'s "covered" tells which); 130 stopped with '
        "Ctrl+C; 1 bad input or another error; 2 wrong usage",
    )
    parser.add_argument(
        "question", nargs="?", metavar="QUESTION", help='the customer question (default, or "-": stdin)'
    )
    parser.add_argument(
        "--faq",
        type=Path,
        required=True,
        metavar="FILE",
        help="the FAQ: a .csv or .xlsx file with question and answer columns, or a .md file",
    )
    parser.add_argument(
        "--teams-file",
        type=Path,
        metavar="FILE",
        help='teams to route to, one "Name: what it handles" per line (default: your saved teams)',
    )
    add_table_options(parser, resumable=False)
    parser.add_argument("--json", action="store_true", help="print the answer as JSON, nothing else")
    parser.add_argument("--task", default="faq", metavar="ID", help="use a custom FAQ task made in the app")
    add_engine_options(parser)
    parser.set_defaults(handler=cmd_faq)


def cmd_faq(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    task = load_task(runtime, args.task, "faq")
    question = _question(args.question, err)
    entries = load_faq_entries(args.faq, err, sheet=args.sheet, encoding=args.encoding)
    teams = read_teams(args.teams_file) if args.teams_file is not None else saved_lists(runtime, err).teams
    notices: list[str] = []

    def show(event: object) -> None:
        if isinstance(event, Notice):
            notices.append(event.text)

    def job(engine: Engine, cancel: CancelToken, emit: EventSink) -> FaqAnswer:
        return answer_question(engine, task, entries, teams, question, cancel, emit=emit)

    try:
        with JobRunner(runtime, args, err) as runner:
            finished = runner.run(job, show)
    except TaskCancelledError:
        err.write("copydesk: stopped before the answer was ready\n")
        return EXIT_INTERRUPTED
    for notice in notices:
        err.write(f"copydesk: note: {notice}\n")
    answer = finished.result
    if args.json:
        out.write(json.dumps(answer_report(answer, entries), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(describe_answer(answer, entries))
    out.flush()
    return 0


def _question(given: str | None, err: TextIO) -> str:
    if given is None or given == "-":
        if sys.stdin.isatty():
            err.write(
                "copydesk: reading the question from stdin; end it with Ctrl+D (Ctrl+Z, Enter on Windows)\n"
            )
        given = sys.stdin.read()
    question = given.strip()
    if not question:
        raise CliError("the question is empty; give it as an argument or on stdin")
    return question


def describe_answer(answer: FaqAnswer, entries: tuple[FaqEntry, ...]) -> str:
    """The answer and the cited entries' questions, or the team the question is routed to."""
    if not answer.covered:
        return f"Not covered by the FAQ: routed to {answer.route_to}\n"
    by_number = {entry.number: entry for entry in entries}
    cited = "".join(f"  #{number} {by_number[number].question}\n" for number in answer.sources)
    numbers = ", ".join(f"#{number}" for number in answer.sources)
    return f"{answer.answer}\n\nSources: {numbers}\n{cited}"


def answer_report(answer: FaqAnswer, entries: tuple[FaqEntry, ...]) -> dict[str, Any]:
    """The ``--json`` object: ``FaqAnswer``'s fields plus the cited entries' questions."""
    by_number = {entry.number: entry for entry in entries}
    report = dataclasses.asdict(answer)
    report["cited"] = [
        {"number": number, "question": by_number[number].question} for number in answer.sources
    ]
    return report
