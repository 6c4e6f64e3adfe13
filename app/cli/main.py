"""The headless front end: the same jobs as the window, for scripts and tests.

Every failure is one readable line on stderr and a non-zero exit; tracebacks only with ``--debug``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from app.cli import (
    analyze,
    batch,
    chat,
    engine_tools,
    faq,
    info,
    models,
    rewrite,
    servers,
    translate,
    write,
)
from app.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE, CliError, Handler, Parser
from app.cli.jobs import describe_input_error
from app.core.build_info import current_build_info
from app.core.engine.types import EngineError
from app.core.formats.document import FormatError
from app.core.jobs.batch import BatchError
from app.core.jobs.document_translation import DocumentOutputError
from app.core.models.catalog import CatalogError
from app.core.models.download_errors import DownloadError
from app.core.models.hub_errors import HubError
from app.core.models.hub_token import TokenStoreError
from app.core.models.library import ModelLibraryError
from app.core.models.pull import PullError
from app.core.models.starter import StarterModelError
from app.core.remote.api_keys import ApiKeyError
from app.core.remote.endpoints import EndpointError
from app.core.runtime import Runtime
from app.core.settings import SettingsError
from app.core.tables.errors import TableError
from app.core.tasks.definitions import TaskDefinitionError
from app.core.tasks.faq_source import FaqError
from app.core.tasks.inputs import InputError
from app.core.tasks.splitting import PieceTooLongError
from app.core.tasks.templating import PromptTemplateError
from app.core.translation.glossary import GlossaryError
from app.core.translation.languages import UnknownLanguageError
from app.core.translation.memory_errors import TranslationMemoryError

EXPECTED_ERRORS = (
    CliError,
    EngineError,  # ContextOverflowError included
    PromptTemplateError,
    TaskDefinitionError,
    PieceTooLongError,
    StarterModelError,
    SettingsError,
    DownloadError,
    HubError,
    TokenStoreError,
    CatalogError,
    ModelLibraryError,
    PullError,
    ApiKeyError,
    EndpointError,
    TableError,  # EncodingUnclearError and SheetChoiceNeeded included
    BatchError,
    FaqError,
    FormatError,  # TableChoiceNeeded included
    GlossaryError,
    TranslationMemoryError,
    UnknownLanguageError,
    DocumentOutputError,
)
"""Failures whose message is written for the user: shown as they are, never as "unexpected"."""


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="copydesk", description="Offline writing and translation assistant.")
    # "copydesk 0.1.0 (source)" in a checkout; "copydesk 0.1.0 (cpu build 2026-11-29, commit abc1234)"
    # from a package (see app/core/build_info.py).
    parser.add_argument("--version", action="version", version=current_build_info().version_line())
    parser.add_argument("--debug", action="store_true", help="show tracebacks and llama.cpp's log")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in (info, chat, write, rewrite, translate, analyze, batch, faq, models, servers, engine_tools):
        module.register(commands)
    return parser


def run_cli(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.command is None:
        parser.error("a command is needed")
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING, format="%(name)s: %(message)s"
    )
    if not args.debug:
        # llama.cpp's own errors are turned into our one-line messages; its raw log only with --debug.
        logging.getLogger("copydesk.llama_cpp").setLevel(logging.CRITICAL + 1)
    try:
        runtime = Runtime.open()
        for warning in runtime.warnings:
            err.write(f"copydesk: warning: {warning}\n")
        handler: Handler = args.handler
        return handler(args, runtime, out, err)
    except BrokenPipeError:
        # The reader went away (``| head``): normal for a CLI, not an error worth a message.
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        err.write("\ncopydesk: stopped\n")
        return EXIT_INTERRUPTED
    except InputError as exc:
        # Fields left empty are a usage mistake, like a missing argument: exit status 2.
        err.write(f"copydesk: {describe_input_error(exc)} (see copydesk --help)\n")
        return EXIT_USAGE
    except EXPECTED_ERRORS as exc:
        err.write(f"copydesk: error: {exc}\n")
        return EXIT_ERROR
    except EOFError:
        err.write("copydesk: error: no answer on stdin (use --yes to skip the question)\n")
        return EXIT_ERROR
    except OSError as exc:
        if args.debug:
            raise
        err.write(f"copydesk: error: {exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}\n")
        return EXIT_ERROR
    except Exception as exc:
        if args.debug:
            raise
        err.write(
            f"copydesk: error: unexpected {type(exc).__name__}: {exc} (rerun with --debug for details)\n"
        )
        return EXIT_ERROR


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    return run_cli(sys.argv[1:] if argv is None else argv)
