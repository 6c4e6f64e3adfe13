"""What every command shares: exit codes, the one-line error type, argument parsing and checks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, TextIO

from app.core.engine.types import MAX_SEED
from app.core.runtime import Runtime

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

Handler = Callable[[argparse.Namespace, Runtime, TextIO, TextIO], int]
"""A command: parsed arguments, the runtime, stdout, stderr -> exit status."""


class CliError(Exception):
    """A user-facing failure: printed as one line, exit status 1."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's default prints usage over several lines
        sys.stderr.write(f"copydesk: {message} (see copydesk --help)\n")
        raise SystemExit(EXIT_USAGE)


def positive_int(text: str) -> int:
    value = whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def seed(text: str) -> int:
    value = whole_number(text)
    if not 0 <= value < MAX_SEED:
        raise argparse.ArgumentTypeError(f"the seed must be between 0 and {MAX_SEED - 1}, got {value}")
    return value


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
