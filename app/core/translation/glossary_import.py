"""What every glossary reader returns, and the rules they share for bad and repeated terms.

Readers keep the good terms of a file and report each skipped one with the line it is on, so a term
base with a few broken rows still imports; only a file with no usable term at all is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from app.core.translation.glossary import Glossary, GlossaryError, Term

__all__ = [
    "FALSE_WORDS",
    "TRUE_WORDS",
    "GlossaryImport",
    "ImportProblem",
    "TermCollector",
    "parse_flag",
    "read_glossary_file",
]

TRUE_WORDS: Final = frozenset({"yes", "y", "true", "1", "x", "✓", "✔"})
FALSE_WORDS: Final = frozenset({"", "no", "n", "false", "0", "-", "✗", "✘"})
_SHOWN_PROBLEMS: Final = 3


@dataclass(frozen=True)
class ImportProblem:
    """A term that was skipped (or kept once, for an exact repeat); ``line`` is the physical line in the
    file where its row or entry starts, counting from 1."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class GlossaryImport:
    glossary: Glossary
    problems: tuple[ImportProblem, ...] = ()


def read_glossary_file(path: Path) -> bytes:
    """The file's bytes; `GlossaryError` naming the file when it is a folder, missing or unreadable."""
    if path.is_dir():
        raise GlossaryError(f"{path} is a folder, not a glossary file.")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(f"{path} was not found. Check the name and the folder.") from None
    except OSError as exc:
        raise GlossaryError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc


def parse_flag(text: str) -> bool | None:
    """A yes/no cell ("x", "yes", "✓", "" ...) as a bool; ``None`` when it is neither."""
    word = text.strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


@dataclass
class TermCollector:
    """Gathers terms in file order. A source seen before (ignoring case, as `Glossary.with_term` does) keeps
    its first translation: a later, different one is skipped and reported, an identical one kept once."""

    source_language: str
    target_language: str
    problems: list[ImportProblem] = field(default_factory=list)
    _terms: dict[str, tuple[int, Term]] = field(default_factory=dict)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(ImportProblem(line, message))

    def add(self, line: int, term: Term) -> None:
        key = term.source.casefold()
        earlier = self._terms.get(key)
        if earlier is None:
            self._terms[key] = (line, term)
            return
        first_line, first = earlier
        if (first.target, first.do_not_translate) == (term.target, term.do_not_translate):
            self.problem(line, f"{term.source!r} repeats line {first_line}; it was kept once.")
            return
        self.problem(
            line,
            f"{term.source!r} is already on line {first_line} ({_meaning(first)}); this one "
            f"({_meaning(term)}) was skipped.",
        )

    def result(self, path: Path, *, nothing_found: str = "") -> GlossaryImport:
        """The import, or `GlossaryError` naming the file when not one term could be used.

        ``nothing_found`` explains an empty result that has no per-line problems (e.g. no data rows).
        """
        terms = tuple(term for _, term in self._terms.values())
        if not terms:
            pair = f"{self.source_language}→{self.target_language}"
            if not self.problems:
                reason = nothing_found or "it has no terms"
                raise GlossaryError(f"{path.name} has no usable {pair} terms: {reason}.")
            shown = "; ".join(str(problem).rstrip(".") for problem in self.problems[:_SHOWN_PROBLEMS])
            more = len(self.problems) - _SHOWN_PROBLEMS
            tail = f" (and {more} more)" if more > 0 else ""
            raise GlossaryError(f"{path.name} has no usable {pair} terms. {shown}{tail}.")
        glossary = Glossary(self.source_language, self.target_language, terms)
        return GlossaryImport(glossary, tuple(self.problems))


def _meaning(term: Term) -> str:
    if term.do_not_translate:
        return "do not translate"
    return f"translated {term.target!r}"
