"""What ``copydesk translate`` checks before the model loads: languages, the document, the output file,
the glossary and the translation memory.

Loading a model takes seconds to minutes; a typo in a language code or a broken PO file must fail in a
second with one line that names the option or file to fix, and must leave every file as it was.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from app.cli.common import CliError
from app.core.formats.document import TranslatableDocument
from app.core.formats.registry import default_output_path, open_document
from app.core.formats.table_columns import TableChoiceNeeded, TableColumnsDocument
from app.core.translation.glossary import Glossary
from app.core.translation.glossary_io import read_glossary
from app.core.translation.glossary_store import GlossaryStore, default_glossary_folder
from app.core.translation.languages import Language, UnknownLanguageError, language
from app.core.translation.memory import DamagedMemoryError, TranslationMemory, default_memory_path

STDIN = "-"
MAX_LISTED = 10
"""Problems listed one per line before the rest are counted."""
_TABLE_SUFFIXES = (".csv", ".xlsx")
_BINARY_SUFFIXES = (".docx", ".xlsx")


def warn(err: TextIO, message: str) -> None:
    err.write(f"copydesk: warning: {message}\n")


def note(err: TextIO, message: str) -> None:
    err.write(f"copydesk: note: {message}\n")


def warn_each(err: TextIO, where: str, problems: Sequence[object]) -> None:
    """``where: problem`` lines for the first few problems, then how many more there were."""
    for problem in problems[:MAX_LISTED]:
        warn(err, f"{where}: {problem}")
    if len(problems) > MAX_LISTED:
        warn(err, f"{where}: ... and {len(problems) - MAX_LISTED} more")


# ------------------------------------------------------------------------------------------ languages


def language_pair(args: argparse.Namespace) -> tuple[Language, Language]:
    source = _language(args.source, "--from")
    target = _language(args.target, "--to")
    if source.code == target.code:
        raise CliError(f"--from and --to are both {source.label}; translate into another language")
    return source, target


def _language(code: str, option: str) -> Language:
    try:
        return language(code)
    except UnknownLanguageError as exc:
        raise CliError(f"{option}: {exc}") from None


# ------------------------------------------------------------------------------------------ document


def split_columns(values: Sequence[str]) -> tuple[str, ...]:
    """``--columns A,B --columns C`` -> ("A", "B", "C")."""
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def open_input(args: argparse.Namespace, stack: ExitStack, err: TextIO) -> TranslatableDocument:
    """The document to translate, with at least one segment; stdin becomes a temporary text file."""
    if args.input == STDIN:
        path = _stdin_as_file(stack, err)
        document = open_document(path, encoding="utf-8")
    else:
        path = Path(args.input)
        columns = split_columns(args.columns)
        is_table = path.suffix.lower() in _TABLE_SUFFIXES
        if not is_table and (columns or args.sheet):
            note(err, f"--columns and --sheet apply to CSV and XLSX files; {path.name} is read whole")
        try:
            document = open_document(path, columns=columns, sheet=args.sheet, encoding=args.encoding)
        except TableChoiceNeeded as exc:
            raise CliError(_choice_as_option(path, exc)) from None
    if isinstance(document, TableColumnsDocument):
        warn_each(err, path.name, [f"row {p.row}: {p.message}" for p in document.problems])
    done = already_translated(document)
    if not document.segments:
        detail = f" ({done} entries are already translated)" if done else ""
        raise CliError(f"{shown_name(args)} has nothing to translate{detail}")
    if done:
        note(
            err, f"{counted(done, 'entry', 'entries')} already translated in {path.name} are kept as they are"
        )
    return document


def _stdin_as_file(stack: ExitStack, err: TextIO) -> Path:
    if sys.stdin.isatty():
        err.write("copydesk: reading the text from stdin; end it with Ctrl+D (Ctrl+Z, Enter on Windows)\n")
    text = sys.stdin.read()
    if not text.strip():
        raise CliError("stdin is empty: there is nothing to translate")
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="copydesk-translate-")))
    path = folder / "stdin.txt"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return path


def _choice_as_option(path: Path, exc: TableChoiceNeeded) -> str:
    """The table's question, answered by the option that answers it."""
    message = str(exc).rstrip(".")
    if exc.what == "sheet":
        return f"{path.name} has several sheets: {', '.join(exc.options)}; choose one with --sheet"
    if exc.what == "encoding":
        likely = f"; likely: {', '.join(exc.options[:4])}" if exc.options else ""
        return f"{message}: give it with --encoding NAME{likely}"
    joiner = " " if message.endswith("?") else ". "
    return f"{message}{joiner}Give them with --columns NAME[,NAME...]"


def already_translated(document: TranslatableDocument) -> int:
    """Entries of a PO or XLIFF file that already have a translation: not segments, left as they are."""
    skipped = getattr(document, "skipped_translated", 0)  # a count (PO) or the keys (XLIFF)
    return skipped if isinstance(skipped, int) else len(skipped) if isinstance(skipped, tuple) else 0


def shown_name(args: argparse.Namespace) -> str:
    return "stdin" if args.input == STDIN else Path(args.input).name


def check_renders(document: TranslatableDocument, target: Language) -> None:
    """Render once with no translations, so a file that cannot become a ``target`` file (a PO catalog
    already in another language) fails now rather than after the model's work."""
    document.render({}, target.code)


# ------------------------------------------------------------------------------------------ output


def output_path(args: argparse.Namespace, document: TranslatableDocument, target: Language) -> Path | None:
    """Where the translation goes (None: stdout), refused when it would replace the input or, without
    ``--overwrite``, any existing file."""
    if (args.input == STDIN and args.output is None) or str(args.output) == STDIN:
        suffix = document.path.suffix.lower()
        if suffix in _BINARY_SUFFIXES:
            raise CliError(f"a {document.format_name} cannot be written to stdout; give -o FILE")
        return None
    path: Path = args.output or default_output_path(document.path, target.code)
    if args.input != STDIN and _same_file(Path(args.input), path):
        raise CliError(f"{path} is the input file; choose another output with -o so the original is kept")
    if path.is_dir():
        raise CliError(f"{path} is a folder; give the output file's name with -o")
    if path.exists() and not args.overwrite:
        raise CliError(f"{path} already exists; add --overwrite to replace it, or choose another -o")
    if not path.parent.is_dir():
        raise CliError(f"the folder for the output does not exist: {path.parent}")
    return path


def _same_file(first: Path, second: Path) -> bool:
    try:
        if first.exists() and second.exists():
            return first.samefile(second)
    except OSError:
        pass
    return first.resolve() == second.resolve()


# ------------------------------------------------------------------------------------------ glossary


def load_glossary(
    args: argparse.Namespace, source: Language, target: Language, err: TextIO
) -> Glossary | None:
    """``--glossary FILE`` (bad rows are warnings with their line), else the saved glossary of the pair."""
    if args.glossary is not None:
        imported = read_glossary(args.glossary, source.code, target.code)
        warn_each(err, args.glossary.name, [f"{problem} (skipped)" for problem in imported.problems])
        glossary, origin = imported.glossary, args.glossary.name
    elif args.no_glossary:
        return None
    else:
        store = GlossaryStore(default_glossary_folder())
        loaded = store.load_with_warning(source.code, target.code)
        if loaded.warning:
            warn(err, loaded.warning)
        glossary, origin = loaded.glossary, f"the saved {source.code}→{target.code} glossary"
        if glossary.is_empty():
            return None
    dnt, preferred = len(glossary.dnt_terms), len(glossary.preferred_terms)
    err.write(
        f"copydesk: glossary: {origin}, {counted(len(glossary.terms), 'term')} "
        f"({dnt} do not translate, {preferred} preferred)\n"
    )
    return glossary


# ------------------------------------------------------------------------------------------ memory


def open_memory(
    args: argparse.Namespace, source: Language, target: Language, stack: ExitStack, err: TextIO
) -> TranslationMemory | None:
    """The memory this run reads and fills, with ``--tm`` imported into it first.

    ``--no-memory --tm FILE`` uses the TMX for this run only: it goes into a temporary memory that is
    deleted at the end, and nothing is stored for later runs.
    """
    if args.no_memory and args.tm is None:
        return None
    if args.no_memory:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="copydesk-tm-")))
        path = folder / "memory.sqlite"
    else:
        path = default_memory_path()
    try:
        memory = TranslationMemory(path)
    except DamagedMemoryError as exc:
        raise CliError(f"{exc} Or translate without it: --no-memory") from None
    stack.callback(memory.close)
    if args.tm is not None:
        from app.core.translation.tmx import TmxError, import_tmx  # lxml loads only for a TMX

        try:
            imported = import_tmx(args.tm, memory, source.code, target.code)
        except TmxError as exc:
            raise CliError(str(exc)) from None
        problems = [f"line {p.line}: {p.message}" if p.line else p.message for p in imported.problems]
        warn_each(err, args.tm.name, problems)
        err.write(
            f"copydesk: {args.tm.name}: {counted(imported.added, 'pair')} added to the translation memory, "
            f"{imported.skipped} skipped\n"
        )
    return memory


def counted(number: int, word: str, plural: str | None = None) -> str:
    """``1 term``, ``3 terms``, ``2 entries``."""
    return f"{number} {word}" if number == 1 else f"{number} {plural or word + 's'}"
