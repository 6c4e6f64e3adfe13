"""Importing CSV glossaries (and choosing a reader by extension): good terms kept, every bad row reported by
its line, nothing guessed. TBX is in test_glossary_tbx.py."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from app.core.tables.errors import EncodingUnclearError
from app.core.translation.glossary import Glossary, GlossaryError, Term
from app.core.translation.glossary_io import (
    CSV_HEADER,
    ImportProblem,
    read_glossary,
    read_glossary_csv,
    write_glossary_csv,
)

SAMPLES = Path(__file__).parent / "samples"


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def _pairs(glossary: Glossary) -> list[tuple[str, str, bool]]:
    return [(term.source, term.target, term.do_not_translate) for term in glossary.terms]


# ----------------------------------------------------------------------------------------------- CSV


def test_bad_csv_rows_are_skipped_and_reported_by_physical_line() -> None:
    imported = read_glossary_csv(SAMPLES / "glossary_bad_rows.csv", "en", "de")
    assert _pairs(imported.glossary) == [
        ("cloud", "Wolke", False),
        ("sign in\n(button)", "Anmelden", False),
        ("API", "", True),
        ("account", "Konto", False),
        ("setting", "Einstellung", False),
    ]
    assert imported.glossary.terms[0].note == "Use for weather, not computing"
    assert imported.problems == (
        ImportProblem(5, "it has no source term; the row was skipped."),
        ImportProblem(
            6, "'dashboard' has no translation and is not marked do-not-translate; the row was skipped."
        ),
        ImportProblem(
            8, "'invoice': “maybe” in the do-not-translate column is neither yes nor no; the row was skipped."
        ),
        ImportProblem(
            9,
            "it has 5 cells but there are only 4 columns (is there an unquoted “,” inside a term?); "
            "the row was skipped.",
        ),
        ImportProblem(
            10,
            "'Cloud' is already on line 2 (translated 'Wolke'); this one (translated "
            "'Rechenwolke') was skipped.",
        ),
        ImportProblem(11, "'cloud' repeats line 2; it was kept once."),
    )
    assert str(imported.problems[0]) == "line 5: it has no source term; the row was skipped."


def test_a_csv_without_header_is_source_then_target() -> None:
    imported = read_glossary_csv(SAMPLES / "glossary_headerless.csv", "en", "de")
    assert _pairs(imported.glossary) == [("cloud", "Wolke", False), ("sign in", "anmelden", False)]
    assert imported.problems == ()
    assert (imported.glossary.source_language, imported.glossary.target_language) == ("en", "de")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "a.csv",
            "Term,Translation,Do not translate,Comments,Case sensitive\ncloud,Wolke,no,sky,no\nAPI,,x,,YES\n",
        ),
        ("b.csv", "EN;DE;keep;notes;case\ncloud;Wolke;;sky;\nAPI;;✓;;y\n"),
        ("c.csv", "Notes,German,English,DNT,match_case\nsky,Wolke,cloud,,\n,,API,TRUE,1\n"),
        (
            "d.tsv",
            "Source Term\tTarget Term\tdo-not-translate\tDescription\tCase-Sensitive\n"
            "cloud\tWolke\tn\tsky\tfalse\nAPI\t\tyes\t\ttrue\n",
        ),
        ("e.csv", "source_text,de-DE,DNT,note,Case_Sensitive\ncloud,Wolke,0,sky,0\nAPI,,1,,1\n"),
        ("f.csv", "original,Deutsch,untranslatable,definition,case\ncloud,Wolke,,sky,\nAPI,,X,,x\n"),
    ],
)
def test_header_names_are_recognised_in_any_case_order_and_spelling(
    tmp_path: Path, name: str, text: str
) -> None:
    imported = read_glossary_csv(_write(tmp_path, name, text), "en", "de")
    assert imported.glossary.terms == (
        Term("cloud", "Wolke", note="sky"),
        Term("API", do_not_translate=True, case_sensitive=True),
    )
    assert imported.problems == ()


@pytest.mark.parametrize("flag", ["yes", "Y", "TRUE", "1", "x", "✓"])
def test_truthy_dnt_values(tmp_path: Path, flag: str) -> None:
    path = _write(tmp_path, "g.csv", f"source,target,dnt\nKubernetes,,{flag}\n")
    assert read_glossary_csv(path, "en", "de").glossary.terms[0].do_not_translate


@pytest.mark.parametrize("flag", ["", "no", "N", "false", "0", "-"])
def test_falsy_dnt_values_need_a_translation(tmp_path: Path, flag: str) -> None:
    path = _write(tmp_path, "g.csv", f"source,target,dnt\ncloud,Wolke,{flag}\nprinter,,{flag}\n")
    imported = read_glossary_csv(path, "en", "de")
    assert _pairs(imported.glossary) == [("cloud", "Wolke", False)]
    assert [problem.line for problem in imported.problems] == [3]


def test_language_columns_follow_the_requested_direction(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.csv", "de,en\nWolke,cloud\n")
    assert _pairs(read_glossary_csv(path, "en", "de").glossary) == [("cloud", "Wolke", False)]
    assert _pairs(read_glossary_csv(path, "de", "en").glossary) == [("Wolke", "cloud", False)]


def test_columns_that_are_not_glossary_fields_are_reported_once(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.csv", "Domain,source,target,Status\nIT,cloud,Wolke,approved\n")
    imported = read_glossary_csv(path, "en", "de")
    assert _pairs(imported.glossary) == [("cloud", "Wolke", False)]
    assert imported.problems == (
        ImportProblem(1, "the columns “Domain”, “Status” are not glossary fields and were ignored."),
    )


def test_too_many_cells_in_a_tab_separated_file_says_tab(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.tsv", "source\ttarget\ncloud\tWolke\nsign\tin\tanmelden\n")
    imported = read_glossary_csv(path, "en", "de")
    assert imported.problems == (
        ImportProblem(
            3,
            "it has 3 cells but there are only 2 columns (is there an unquoted tab inside a term?); "
            "the row was skipped.",
        ),
    )


def test_trailing_delimiters_and_blank_lines_are_not_problems(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.csv", "\n\nsource,target,,\n\ncloud,Wolke,,\n,,,\nprinter,Drucker\n")
    imported = read_glossary_csv(path, "en", "de")
    assert _pairs(imported.glossary) == [("cloud", "Wolke", False), ("printer", "Drucker", False)]
    assert imported.problems == ()


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-16"])
def test_legacy_and_unicode_encodings_decode(tmp_path: Path, encoding: str) -> None:
    text = "source;target\r\nstreet;Straße\r\ncafé;Café\r\nvoilà;fertig\r\nnaïve;naiv\r\n"
    imported = read_glossary_csv(_write(tmp_path, "g.csv", text, encoding), "en", "de")
    assert _pairs(imported.glossary)[:2] == [("street", "Straße", False), ("café", "Café", False)]


def test_an_unclear_encoding_names_the_line_and_the_user_can_choose(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes("source,target\nstreet,Straße\ncafé,Café\n".encode() + "naïve,naiv\n".encode("cp1252"))
    with pytest.raises(GlossaryError, match=r"g\.csv .*line 4") as caught:
        read_glossary_csv(path, "en", "de")
    assert isinstance(caught.value.__cause__, EncodingUnclearError)
    assert caught.value.__cause__.candidates
    chosen = read_glossary_csv(path, "en", "de", encoding="latin-1")
    assert len(chosen.glossary.terms) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "g.csv is empty (0 bytes): there are no terms in it."),
        ("\n \n\r\n", "g.csv is empty: it has only blank lines, no terms."),
        ("source,target\n", "g.csv has no usable en→de terms: it has a header row but no terms below it."),
        (
            "Domain,Status,Owner\nIT,approved,me\n",
            "g.csv, line 1: the first line does not name the glossary's columns (“Domain”, “Status”, "
            "“Owner”). Name them source, target, dnt, note, case_sensitive, or use the language codes en "
            "and de for the term columns.",
        ),
        (
            "target,note\nWolke,sky\n",
            "g.csv, line 1: no column holds the source terms (“target”, “note”). Name it source, term or en.",
        ),
        (
            "source,note,Domain\ncloud,sky,IT\n",
            "g.csv, line 1: no column holds the de translations (“source”, “note”, “Domain”). Name it "
            "target, translation or de, or add a dnt column for terms that stay as they are.",
        ),
        (
            "source,term,target\ncloud,cloud,Wolke\n",
            "g.csv, line 1: the columns “source” and “term” both look like the source term column; rename "
            "one of them.",
        ),
        (
            'source,target\ncloud,Wolke\n"sign in,anmelden\nprinter,Drucker\n',
            'g.csv, line 3: a quote (") opened on this line is never closed',
        ),
        (
            "source,target\n,Wolke\nprinter,\nsign in,anmelden,x\nmouse,Maus,,extra\n",
            "g.csv has no usable en→de terms. line 2: it has no source term; the row was skipped; line 3: "
            "'printer' has no translation and is not marked do-not-translate; the row was skipped; line 4: "
            "it has 3 cells but there are only 2 columns",
        ),
    ],
    ids=[
        "zero-bytes",
        "blank",
        "header-only",
        "no-usable-column",
        "no-source",
        "no-target",
        "twice",
        "open-quote",
        "all-bad",
    ],
)
def test_unusable_csv_files_fail_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        read_glossary_csv(_write(tmp_path, "g.csv", text), "en", "de")
    assert str(caught.value).startswith(message)


def test_all_bad_rows_error_counts_the_ones_not_shown(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.csv", "source,target\n" + "".join(f"term{n},\n" for n in range(5)))
    with pytest.raises(GlossaryError, match=r"line 4: 'term2' .*\(and 2 more\)\.$"):
        read_glossary_csv(path, "en", "de")


def test_missing_file_folder_and_workbook_in_disguise(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="was not found"):
        read_glossary_csv(tmp_path / "none.csv", "en", "de")
    with pytest.raises(GlossaryError, match="is a folder"):
        read_glossary_csv(tmp_path, "en", "de")
    workbook = tmp_path / "g.csv"
    workbook.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(GlossaryError, match=r"g\.csv is not a CSV file: it looks like an Excel workbook"):
        read_glossary_csv(workbook, "en", "de")


TRICKY = Glossary(
    "en",
    "de",
    (
        Term("cloud", "Wolke", note='weather, "not" computing'),
        Term("sign in\n(button)", "Anmelden"),
        Term("API", do_not_translate=True, case_sensitive=True),
        Term("Kubernetes", "Kubernetes", do_not_translate=True, note="brand; keep"),
        Term("straße", "Straße", note="tab\there"),
        Term("=SUM(A1)", "=SUMME(A1)"),
    ),
)


@pytest.mark.parametrize("name", ["out.csv", "out.tsv"])
def test_written_csv_reads_back_unchanged(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_glossary_csv(TRICKY, path)
    imported = read_glossary_csv(path, "en", "de")
    assert imported.glossary == TRICKY
    assert imported.problems == ()
    assert [item.name for item in tmp_path.iterdir()] == [name], "no temporary file left behind"


def test_written_csv_is_utf8_with_the_documented_header(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_glossary_csv(TRICKY, path)
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(CSV_HEADER) == "source,target,dnt,note,case_sensitive"
    assert "API,,yes,,yes" in text


def test_writing_into_a_missing_folder_fails_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.csv"
    with pytest.raises(GlossaryError, match=r"Could not save out\.csv: the folder .* does not exist"):
        write_glossary_csv(TRICKY, target)
    assert not target.parent.exists()


# ------------------------------------------------------------------------------------------ dispatch


def test_read_glossary_picks_the_reader_by_extension(tmp_path: Path) -> None:
    tbx = tmp_path / "TERMS.TBX"
    tbx.write_bytes((SAMPLES / "glossary_tbx_2019.tbx").read_bytes())
    assert read_glossary(tbx, "en", "pt-BR").glossary.terms[0].target == "entrar"
    csv_path = _write(tmp_path, "g.tsv", "en\tde\ncloud\tWolke\n")
    assert _pairs(read_glossary(csv_path, "en", "de").glossary) == [("cloud", "Wolke", False)]
    with pytest.raises(
        GlossaryError,
        match=r"g\.xlsx has “\.xlsx”; glossaries can be imported from .csv, "
        r"\.tsv, \.tbx files\.",
    ):
        read_glossary(tmp_path / "g.xlsx", "en", "de")
