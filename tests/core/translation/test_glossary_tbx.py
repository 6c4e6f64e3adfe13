"""Importing TBX term bases: TBX-Basic/2008 and 2019, statuses, do-not-translate markers, hostile XML."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.core.translation.glossary import Glossary, GlossaryError, Term
from app.core.translation.glossary_io import ImportProblem, read_tbx

SAMPLES = Path(__file__).parent / "samples"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    """The 1-based line of ``needle`` in a sample, found independently of the reader."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def _pairs(glossary: Glossary) -> list[tuple[str, str, bool]]:
    return [(term.source, term.target, term.do_not_translate) for term in glossary.terms]


def test_tbx_basic_keeps_preferred_terms_and_drops_deprecated_ones() -> None:
    path = SAMPLES / "glossary_tbx_basic.tbx"
    imported = read_tbx(path, "en", "de")
    note = "Storage that lives on remote servers."
    assert imported.glossary.terms == (
        Term("cloud storage", "Cloud-Speicher", note=note),
        Term("online storage", "Cloud-Speicher", note=note),
        Term("Acme® Sync", do_not_translate=True),
        Term("Kubernetes", "Kubernetes", do_not_translate=True),
        Term("hotel", "hotel"),
        Term("GitHub", do_not_translate=True),
    )
    assert imported.problems == (
        ImportProblem(
            _line_of(path, 'id="c3"'),
            "entry “c3” ('dashboard') has no usable de term and is not marked do-not-translate; it was "
            "skipped.",
        ),
        ImportProblem(_line_of(path, 'id="c6"'), "entry “c6” has no usable en term; it was skipped."),
        ImportProblem(
            _line_of(path, 'id="c7"'),
            "entry “c7” ('Acme Cloud') has no usable de term and is not marked do-not-translate; it was "
            "skipped.",
        ),
    )


def test_tbx_2019_with_namespace_matches_regions_exactly_before_primary_subtags() -> None:
    path = SAMPLES / "glossary_tbx_2019.tbx"
    brazil = read_tbx(path, "en", "pt-BR").glossary
    portugal = read_tbx(path, "en-US", "pt").glossary
    assert _pairs(brazil) == [
        ("sign in", "entrar", False),
        ("Copydesk", "", True),
        ("spreadsheet", "folha de cálculo", False),
    ]
    assert _pairs(portugal)[0] == ("sign in", "iniciar sessão", False)
    assert "log on" not in {term.source for term in brazil.terms}


def _tbx(entry: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="en"><text><body>\n'
        f"{entry}\n</body></text></martif>\n"
    )


@pytest.mark.parametrize(
    "marker",
    [
        '<termNote type="doNotTranslate"/>',
        '<termNote type="do-not-translate">Yes</termNote>',
        '<descrip type="DNT">true</descrip>',
        '<admin type="translatable">false</admin>',
        "<note>DNT</note>",
        "<note>Don’t translate!</note>",
        '<descrip type="usageNote">Not to be translated</descrip>',
    ],
)
def test_tbx_do_not_translate_markers(tmp_path: Path, marker: str) -> None:
    entry = f'<termEntry><langSet xml:lang="en"><tig><term>Acme</term>{marker}</tig></langSet></termEntry>'
    path = _write(tmp_path, "g.tbx", _tbx(entry))
    assert read_tbx(path, "en", "de").glossary.terms == (Term("Acme", do_not_translate=True),)


@pytest.mark.parametrize(
    "marker",
    [
        '<termNote type="doNotTranslate">no</termNote>',
        '<admin type="translatable">yes</admin>',
        "<note>Do not translate in legal texts</note>",
    ],
)
def test_tbx_text_that_is_not_a_do_not_translate_marker(tmp_path: Path, marker: str) -> None:
    entry = f'<termEntry><langSet xml:lang="en"><tig><term>Acme</term>{marker}</tig></langSet></termEntry>'
    path = _write(tmp_path, "g.tbx", _tbx(entry))
    with pytest.raises(GlossaryError, match="not marked do-not-translate"):
        read_tbx(path, "en", "de")


def test_tbx_duplicate_sources_across_entries_keep_the_first(tmp_path: Path) -> None:
    entries = "\n".join(
        f'<termEntry><langSet xml:lang="en"><tig><term>cloud</term></tig></langSet>'
        f'<langSet xml:lang="de"><tig><term>{target}</term></tig></langSet></termEntry>'
        for target in ("Wolke", "Rechenwolke")
    )
    imported = read_tbx(_write(tmp_path, "g.tbx", _tbx(entries)), "en", "de")
    assert _pairs(imported.glossary) == [("cloud", "Wolke", False)]
    assert imported.problems == (
        ImportProblem(
            4,
            "'cloud' is already on line 3 (translated 'Wolke'); this one (translated "
            "'Rechenwolke') was skipped.",
        ),
    )


def test_malformed_tbx_names_the_line() -> None:
    with pytest.raises(GlossaryError) as caught:
        read_tbx(SAMPLES / "glossary_malformed.tbx", "en", "de")
    assert str(caught.value) == (
        "glossary_malformed.tbx is not well-formed XML (line 7): Opening and ending tag mismatch: langSet "
        "line 6 and termEntry. Nothing was imported."
    )


def test_internal_entities_expand_and_external_ones_are_never_read() -> None:
    imported = read_tbx(SAMPLES / "glossary_entities.tbx", "en", "de")
    assert _pairs(imported.glossary) == [("Acme widget", "Acme-Widget", False)]
    with pytest.raises(GlossaryError) as caught:
        read_tbx(SAMPLES / "glossary_external_entity.tbx", "en", "de")
    assert str(caught.value) == (
        "glossary_external_entity.tbx is not well-formed XML (line 9): Entity 'secret' not defined "
        "(entities from outside the file are never read). Nothing was imported."
    )


def test_an_entity_bomb_fails_fast(tmp_path: Path) -> None:
    entities = (
        '<!ENTITY a0 "'
        + "a" * 50
        + '">'
        + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    )
    body = "<martif><text><body>&a9;</body></text></martif>"
    text = f'<?xml version="1.0"?>\n<!DOCTYPE martif [{entities}]>\n{body}'
    started = time.monotonic()
    with pytest.raises(GlossaryError, match="amplification"):
        read_tbx(_write(tmp_path, "bomb.tbx", text), "en", "de")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "g.tbx is empty: there are no terms in it."),
        (
            '<?xml version="1.0"?>\n<tmx version="1.4"><body/></tmx>',
            "g.tbx is not a TBX file: its root element is <tmx>, not <martif> or <tbx>.",
        ),
        (
            '<martif type="TBX"><text><body/></text></martif>',
            "g.tbx has no usable en→de terms: it has no termEntry or conceptEntry elements.",
        ),
    ],
)
def test_unusable_tbx_files_fail_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        read_tbx(_write(tmp_path, "g.tbx", text), "en", "de")
    assert str(caught.value) == message


def test_a_tbx_without_the_pair_lists_the_first_problems() -> None:
    path = SAMPLES / "glossary_tbx_basic.tbx"
    with pytest.raises(GlossaryError) as caught:
        read_tbx(path, "sv", "de")
    message = str(caught.value)
    assert message.startswith(
        "glossary_tbx_basic.tbx has no usable sv→de terms. line 13: entry “c1” has no usable sv term; it was "
        "skipped; line 46: entry “c2”"
    )
    assert message.endswith("(and 5 more).")


def test_do_not_translate_entries_need_no_target_language_section() -> None:
    imported = read_tbx(SAMPLES / "glossary_tbx_basic.tbx", "en", "ja")
    assert _pairs(imported.glossary) == [
        ("Acme® Sync", "", True),
        ("Kubernetes", "", True),
        ("GitHub", "", True),
    ]
