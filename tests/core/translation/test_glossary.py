"""The glossary model: what a term must hold, and edits that never leave two entries for one source."""

from __future__ import annotations

import dataclasses

import pytest

from app.core.translation.glossary import Glossary, GlossaryError, Term

CLOUD = Term("cloud", "Wolke")
API = Term("API", do_not_translate=True, note="interface name", case_sensitive=True)


def test_a_term_needs_a_source() -> None:
    with pytest.raises(GlossaryError, match="needs its source text"):
        Term("  ", "Wolke")


def test_a_term_needs_a_translation_unless_it_is_kept_as_is() -> None:
    with pytest.raises(GlossaryError, match="'cloud' needs a translation, or mark it 'do not translate'"):
        Term("cloud", " ")
    assert Term("API", do_not_translate=True).target == ""


def test_glossary_errors_are_value_errors() -> None:
    assert issubclass(GlossaryError, ValueError)


def test_terms_split_into_kept_and_preferred() -> None:
    glossary = Glossary("en", "de", (CLOUD, API, Term("printer", "Drucker")))
    assert glossary.dnt_terms == (API,)
    assert [term.source for term in glossary.preferred_terms] == ["cloud", "printer"]
    assert not glossary.is_empty()
    assert Glossary("en", "de").is_empty()


def test_with_term_adds_or_replaces_the_same_source_ignoring_case() -> None:
    glossary = Glossary("en", "de", (CLOUD, API))
    added = glossary.with_term(Term("printer", "Drucker"))
    assert [term.source for term in added.terms] == ["cloud", "API", "printer"]
    replaced = added.with_term(Term("Cloud", "Rechenwolke"))
    assert [term.source for term in replaced.terms] == ["API", "printer", "Cloud"]
    assert replaced.terms[-1].target == "Rechenwolke"
    assert glossary.terms == (CLOUD, API), "the original is unchanged"


def test_without_removes_one_term_by_position() -> None:
    glossary = Glossary("en", "de", (CLOUD, API))
    assert glossary.without(0).terms == (API,)
    with pytest.raises(IndexError, match="no glossary term at 2"):
        glossary.without(2)
    with pytest.raises(IndexError):
        glossary.without(-1)


def test_terms_and_glossaries_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        CLOUD.target = "Nebel"  # type: ignore[misc]
    assert hash(Glossary("en", "de", (CLOUD,))) == hash(Glossary("en", "de", (Term("cloud", "Wolke"),)))
