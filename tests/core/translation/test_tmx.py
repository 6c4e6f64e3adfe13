"""TMX import and export: languages, inline codes, bad files, large files and the round trip."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from app import __version__
from app.core.translation.memory import MemoryEntry, TranslationMemory
from app.core.translation.tmx import TmxError, export_tmx, import_tmx, iter_units, parse_tmx_date, tmx_date

SAMPLES = Path(__file__).parent / "samples"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    with TranslationMemory(tmp_path / "tm.sqlite") as opened:
        yield opened


def _pairs(memory: TranslationMemory, source: str, target: str) -> list[tuple[str, str]]:
    return [(entry.source, entry.target) for entry in memory.entries(source, target)]


def test_import_reads_one_direction_and_reports_units_without_both_sides(memory: TranslationMemory) -> None:
    result = import_tmx(SAMPLES / "tmx_basic.tmx", memory, "en-US", "de-DE")
    assert _pairs(memory, "en-US", "de-DE") == [
        ("Save your changes before closing.", "Speichern Sie Ihre Änderungen vor dem Schließen."),
        ("Click Save to keep the file.", "Klicken Sie auf Speichern, um die Datei zu behalten."),
        ("The quick fox jumps.", "Der schnelle Fuchs springt."),
        ("Open the settings.", "Öffnen Sie die Einstellungen."),
    ]
    assert (result.added, result.skipped) == (4, 2)
    assert [(p.line, p.message) for p in result.problems] == [
        (18, "skipped: no de-DE text (this unit has en-US, fr-FR)"),
        (26, "skipped: no de-DE text (this unit has en-US)"),  # its German segment is blank
    ]
    entry = next(memory.entries("en-US", "de-DE"))
    assert (entry.origin, entry.uses) == ("import", 4)
    assert entry.created == parse_tmx_date("20230105T101500Z")
    assert entry.updated == parse_tmx_date("20240301T120000Z")


def test_inline_codes_are_dropped_and_highlighted_text_is_kept(memory: TranslationMemory) -> None:
    import_tmx(SAMPLES / "tmx_basic.tmx", memory, "en", "de")
    targets = dict(_pairs(memory, "en", "de"))
    assert targets["Click Save to keep the file."] == "Klicken Sie auf Speichern, um die Datei zu behalten."
    assert targets["The quick fox jumps."] == "Der schnelle Fuchs springt."  # no <br/>, footnote, {\b}


def test_languages_match_by_primary_subtag_when_the_region_is_absent(memory: TranslationMemory) -> None:
    result = import_tmx(SAMPLES / "tmx_basic.tmx", memory, "en-GB", "fr-CA", origin="human")
    assert _pairs(memory, "en-GB", "fr-CA") == [
        ("Save your changes before closing.", "Enregistrez vos modifications avant de fermer."),
        ("This unit has no German text.", "Cette unité n'a pas de texte allemand."),
    ]
    assert result.added == 2
    assert {entry.origin for entry in memory.entries("en-GB", "fr-CA")} == {"human"}
    assert memory.count("en-US", "fr-FR") == 0  # stored under the languages asked for


def test_an_exact_language_code_wins_over_a_bare_one_and_a_bare_one_over_another_region(
    tmp_path: Path, memory: TranslationMemory
) -> None:
    path = tmp_path / "variants.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="*all*"/><body><tu>'
        '<tuv xml:lang="pt-PT"><seg>autocarro</seg></tuv>'
        '<tuv xml:lang="pt"><seg>ônibus (pt)</seg></tuv>'
        '<tuv xml:lang="pt-BR"><seg>ônibus</seg></tuv>'
        '<tuv xml:lang="en"><seg>bus</seg></tuv>'
        "</tu></body></tmx>",
        encoding="utf-8",
    )
    import_tmx(path, memory, "en", "pt-BR")
    import_tmx(path, memory, "en", "pt-AO")
    import_tmx(path, memory, "en-US", "pt-PT")
    assert _pairs(memory, "en", "pt-BR") == [("bus", "ônibus")]
    assert _pairs(memory, "en", "pt-AO") == [("bus", "ônibus (pt)")]
    assert _pairs(memory, "en-US", "pt-PT") == [("bus", "autocarro")]


def test_tmx_1_1_lang_attributes_and_other_encodings_are_read(memory: TranslationMemory) -> None:
    result = import_tmx(SAMPLES / "tmx_version11.tmx", memory, "en", "de")
    assert _pairs(memory, "en", "de") == [("Good morning", "Guten Morgen"), ("Thank you", "Danke schön")]
    assert (result.added, result.skipped, result.problems) == (2, 0, ())


def test_a_malformed_file_names_the_line_and_stores_nothing(memory: TranslationMemory) -> None:
    path = SAMPLES / "tmx_malformed.tmx"
    with pytest.raises(TmxError, match=r"line 6") as caught:
        import_tmx(path, memory, "en", "de")
    assert str(path) in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert memory.count() == 0  # the good unit before the error was not stored either


def test_files_that_are_not_tmx_or_not_there_are_refused(memory: TranslationMemory, tmp_path: Path) -> None:
    with pytest.raises(TmxError, match="root element is <xliff>, not <tmx>"):
        import_tmx(SAMPLES / "tmx_not_tmx.tmx", memory, "en", "de")
    with pytest.raises(TmxError, match="cannot be read"):
        import_tmx(tmp_path / "missing.tmx", memory, "en", "de")
    empty = tmp_path / "empty.tmx"
    empty.write_bytes(b"")
    with pytest.raises(TmxError, match=str(empty)):
        import_tmx(empty, memory, "en", "de")
    assert memory.count() == 0


def test_entities_are_never_expanded_and_their_unit_is_reported(memory: TranslationMemory) -> None:
    result = import_tmx(SAMPLES / "tmx_external_entity.tmx", memory, "en", "de")
    assert memory.count() == 0
    assert (result.added, result.skipped) == (0, 1)
    [problem] = result.problems
    assert problem.line == 10
    assert "&greeting;" in problem.message and "&secret;" in problem.message
    assert "TOP SECRET" not in problem.message


def test_many_problems_are_summarised(tmp_path: Path, memory: TranslationMemory) -> None:
    units = "".join(f'<tu><tuv xml:lang="en"><seg>only English {n}</seg></tuv></tu>\n' for n in range(150))
    path = tmp_path / "one-sided.tmx"
    path.write_text(
        f'<tmx version="1.4"><header srclang="en"/><body>\n{units}</body></tmx>', encoding="utf-8"
    )
    result = import_tmx(path, memory, "en", "de")
    assert (result.added, result.skipped) == (0, 150)
    assert len(result.problems) == 101
    assert result.problems[99].line == 101
    assert result.problems[-1].message == "50 more units were skipped for these reasons"


def test_a_human_translation_in_the_memory_is_not_replaced_by_an_import(memory: TranslationMemory) -> None:
    memory.add("en", "de", "Open the settings.", "Einstellungen öffnen.", "human")
    result = import_tmx(SAMPLES / "tmx_basic.tmx", memory, "en", "de")
    assert (result.added, result.skipped) == (3, 3)
    match = memory.exact("en", "de", "Open the settings.")
    assert match is not None and match.target == "Einstellungen öffnen."


def _write_units(path: Path, count: int, pad: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>\n'
        )
        for n in range(count):
            handle.write(
                f'<tu><tuv xml:lang="en"><seg>Sentence {n}{pad}</seg></tuv>'
                f'<tuv xml:lang="de"><seg>Satz {n}{pad}</seg></tuv></tu>\n'
            )
        handle.write("</body></tmx>\n")


def _resident_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 1e6


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the resident size from /proc")
def test_a_large_file_is_read_with_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "large.tmx"
    _write_units(path, 20_000, " lorem ipsum dolor sit amet" * 20)  # about 24 MB
    start = peak = _resident_mb()
    count = 0
    for count, unit in enumerate(iter_units(path), start=1):
        if count % 500 == 0:
            peak = max(peak, _resident_mb())
        assert unit.variants[0][1].startswith(f"Sentence {count - 1} ")
    assert count == 20_000
    # The whole tree would take several times the file's 24 MB; reading it unit by unit takes almost nothing.
    assert peak - start < 12


@pytest.mark.slow
def test_twenty_thousand_units_are_imported(tmp_path: Path, memory: TranslationMemory) -> None:
    path = tmp_path / "many.tmx"
    _write_units(path, 20_000, "")
    result = import_tmx(path, memory, "en", "de")
    assert (result.added, result.skipped, result.problems) == (20_000, 0, ())
    assert memory.count("en", "de") == 20_000
    match = memory.exact("en", "de", "Sentence 12345")
    assert match is not None and match.target == "Satz 12345"


# -- export -------------------------------------------------------------------------------------------


def test_export_then_import_gives_the_same_pairs_dates_and_counts(
    tmp_path: Path, memory: TranslationMemory
) -> None:
    entries = [
        MemoryEntry(
            "en", "pt-br", "Fish & chips <b>now</b>", "Peixe & batatas <b>agora</b>", "human", 1e9, 1.5e9, 3
        ),
        MemoryEntry("en", "pt-br", "Line one\nline two", "Linha um\nlinha dois", "machine", 1.6e9, 1.6e9, 0),
        MemoryEntry("en", "pt-br", "Emoji 🎉 and ‘quotes’", "Emoji 🎉 e “aspas”", "import", 1.7e9, 1.7e9, 12),
    ]
    memory.add_many(entries)
    memory.add("en", "de", "Not exported", "Nicht exportiert", "human")
    path = tmp_path / "out" / "memory.tmx"
    path.parent.mkdir()
    assert export_tmx(memory, path, "EN", "pt_BR") == 3
    with TranslationMemory(tmp_path / "fresh.sqlite") as fresh:
        result = import_tmx(path, fresh, "en", "pt-BR")
        assert (result.added, result.skipped, result.problems) == (3, 0, ())
        back = list(fresh.entries("en", "pt-BR"))
    assert [(e.source, e.target, e.created, e.updated, e.uses) for e in back] == [
        (e.source, e.target, e.created, e.updated, e.uses) for e in entries
    ]


def test_export_writes_a_proper_tmx_1_4b_header_and_units(tmp_path: Path, memory: TranslationMemory) -> None:
    memory.add("en", "pt-BR", "Hello", "Olá", "human")
    memory.add("en", "pt-BR", "Control\x01character", "Controle\x01caractere", "machine")
    path = tmp_path / "memory.tmx"
    export_tmx(memory, path, "en", "pt-BR")
    tree = etree.parse(str(path))
    assert tree.docinfo.doctype.startswith('<!DOCTYPE tmx PUBLIC "-//LISA OSCAR:1998//DTD')
    root = tree.getroot()
    assert (root.tag, root.get("version")) == ("tmx", "1.4")
    header = root.find("header")
    assert header is not None
    stamp = re.compile(r"^\d{8}T\d{6}Z$")
    attributes = dict(header.attrib)
    assert stamp.match(attributes.pop("creationdate"))
    assert attributes == {
        "creationtool": "Copydesk",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": "en",
        "o-tmf": "Copydesk",
    }
    units = root.findall("body/tu")
    assert len(units) == 2
    for unit in units:
        assert stamp.match(unit.get("creationdate", "")) and stamp.match(unit.get("changedate", ""))
        assert unit.get("usagecount") == "0"
        assert [child.tag for child in unit] == ["prop", "tuv", "tuv"]
        assert [tuv.get(XML_LANG) for tuv in unit.findall("tuv")] == ["en", "pt-BR"]
    assert [unit.findtext("prop[@type='x-origin']") for unit in units] == ["human", "machine"]
    assert units[1].findtext("tuv/seg") == "Controlcharacter"


def test_a_failed_export_leaves_the_older_file_as_it_was(tmp_path: Path, memory: TranslationMemory) -> None:
    memory.add("en", "de", "Hello", "Hallo", "human")
    with pytest.raises(TmxError, match="cannot be written"):
        export_tmx(memory, tmp_path / "no such folder" / "memory.tmx", "en", "de")
    target = tmp_path / "memory.tmx"
    target.write_text("older export", encoding="utf-8")
    (tmp_path / "blocker").mkdir()
    with pytest.raises(TmxError, match="cannot be written"):
        export_tmx(memory, tmp_path / "blocker", "en", "de")  # a folder where the file should go
    assert target.read_text(encoding="utf-8") == "older export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "blocker",
        "memory.tmx",
        "tm.sqlite",
        "tm.sqlite-shm",
        "tm.sqlite-wal",
    ]


def test_tmx_dates_round_trip_and_bad_ones_are_ignored() -> None:
    assert tmx_date(0) == "19700101T000000Z"
    assert parse_tmx_date("20240229T235959Z") == 1709251199.0
    assert parse_tmx_date(tmx_date(1.7e9)) == 1.7e9
    for bad in (None, "", "2024-02-29", "20241399T000000Z"):
        assert parse_tmx_date(bad) is None
