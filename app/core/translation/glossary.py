"""A glossary for one language pair: preferred translations and terms that must never be translated."""

from __future__ import annotations

from dataclasses import dataclass, replace


class GlossaryError(ValueError):
    """A glossary that cannot be used as given; the message says what to fix."""


@dataclass(frozen=True)
class Term:
    """``target`` is the preferred translation; ``do_not_translate`` terms are copied as written."""

    source: str
    target: str = ""
    do_not_translate: bool = False
    note: str = ""
    case_sensitive: bool = False

    def __post_init__(self) -> None:
        if not self.source.strip():
            raise GlossaryError("a glossary term needs its source text")
        if not self.do_not_translate and not self.target.strip():
            raise GlossaryError(
                f"the term {self.source!r} needs a translation, or mark it 'do not translate'"
            )


@dataclass(frozen=True)
class Glossary:
    source_language: str
    target_language: str
    terms: tuple[Term, ...] = ()

    @property
    def dnt_terms(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.do_not_translate)

    @property
    def preferred_terms(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if not term.do_not_translate)

    def with_term(self, term: Term) -> Glossary:
        """A copy with ``term`` added, or replacing the term with the same source (case-insensitive)."""
        kept = tuple(t for t in self.terms if t.source.casefold() != term.source.casefold())
        return replace(self, terms=(*kept, term))

    def without(self, index: int) -> Glossary:
        if not 0 <= index < len(self.terms):
            raise IndexError(f"no glossary term at {index}")
        return replace(self, terms=self.terms[:index] + self.terms[index + 1 :])

    def is_empty(self) -> bool:
        return not self.terms
