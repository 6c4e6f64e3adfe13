"""The options every command over a CSV/XLSX file shares, and table errors in command-line terms.

The core's table errors are written for any front end ("choose a sheet"); here they name the option
that fixes them (``--sheet``, ``--encoding``, ``--restart``), so the one-line message is all a script
author needs.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.cli.common import CliError
from app.core.tables.errors import EncodingUnclearError, SheetChoiceNeeded


def add_table_options(parser: argparse.ArgumentParser, *, resumable: bool = True) -> None:
    """``--sheet`` and ``--encoding`` for reading; with ``resumable``, what to do with an output file
    that already exists (``--restart``, ``--overwrite``)."""
    group = parser.add_argument_group("input and output files")
    group.add_argument("--sheet", metavar="NAME", help="the sheet to read, for an XLSX file with several")
    group.add_argument(
        "--encoding",
        metavar="NAME",
        help="the CSV file's text encoding, e.g. cp1252 (default: UTF-8, else detected)",
    )
    if not resumable:
        return
    group.add_argument(
        "--restart",
        action="store_true",
        help="start again from the first row instead of resuming an unfinished job with this output",
    )
    group.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an output file that another job (or another program) made",
    )


def describe_encoding_unclear(exc: EncodingUnclearError) -> str:
    """The reader's explanation, then the option that fixes it and the likeliest encodings."""
    likely = f"; likely: {', '.join(exc.candidates[:4])}" if exc.candidates else ""
    return f"{str(exc).rstrip('.')}: give it with --encoding NAME{likely}"


def describe_sheet_choice(path: Path, exc: SheetChoiceNeeded) -> str:
    return f"{path.name} has several sheets: {', '.join(exc.sheets)}; choose one with --sheet"


@contextmanager
def table_errors_as_options(path: Path) -> Iterator[None]:
    """Turn the table errors of reading ``path`` that an option fixes into ``CliError``s naming it."""
    try:
        yield
    except SheetChoiceNeeded as exc:
        raise CliError(describe_sheet_choice(path, exc)) from None
    except EncodingUnclearError as exc:
        raise CliError(describe_encoding_unclear(exc)) from None
