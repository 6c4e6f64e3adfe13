"""Chosen columns of CSV files and workbooks: cells out as segments, the same table back, bad input named."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from app.core.formats.document import FormatError, Translation
from app.core.formats.table_columns import TableChoiceNeeded, TableColumnsDocument, open_table_columns
from app.core.tables import read_table

SAMPLES = Path(__file__).parent / "samples"


def fake(text: str) -> str:
    return f"«{text}»"


def translate_all(document: TableColumnsDocument) -> dict[str, Translation]:
    return {s.key: Translation(fake(s.text)) for s in document.segments}


def products(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLES / "table_products.csv", tmp_path / "products.csv"))


# ---- CSV ----------------------------------------------------------------------------------------------


def test_csv_segments_are_the_text_cells_of_the_chosen_columns(tmp_path: Path) -> None:
    document = open_table_columns(products(tmp_path), columns=["name", "Description"])

    assert document.format_name == "CSV table"
    assert [(s.key, s.text, s.note) for s in document.segments] == [
        ("r2:name", "Oak chair", "name"),
        ("r2:description", "A sturdy chair, made of oak.\nSeats one.", "description"),
        ("r4:name", "Lamp", "name"),
        ("r6:name", "Desk", "name"),
        ("r6:description", "Desk with 2 drawers", "description"),
        ("r8:name", 'Shelf "Mini"', "name"),
        ("r8:description", "Wall shelf – 60 cm", "description"),
    ]  # r4 description is empty; r7's name is empty and its description is a date


def test_csv_render_changes_only_the_translated_cells(tmp_path: Path) -> None:
    path = products(tmp_path)
    document = open_table_columns(path, columns=["name", "description"])

    output = document.render(translate_all(document), "de")

    expected = (
        "sku,name,description,price,url\n"
        'A-100,«Oak chair»,"«A sturdy chair, made of oak.\nSeats one.»",49.90,https://example.com/chair\n'
        "A-101,«Lamp»,,12,https://example.com/lamp\n"
        "\n"
        "A-102,«Desk»,«Desk with 2 drawers»,120,\n"
        "A-103,,2024-05-01,7,\n"
        'A-104,"«Shelf ""Mini""»",«Wall shelf – 60 cm»,"1,5",\n'
    )
    assert output.decode("utf-8") == expected
    assert document.render_notes == ()
    out = tmp_path / "products.de.csv"
    out.write_bytes(output)
    before, after = read_table(path), read_table(out)
    assert after.header == before.header and after.row_numbers == before.row_numbers
    for old, new in zip(before.records(), after.records(), strict=True):
        assert {k: v for k, v in old.items() if k not in {"name", "description"}} == {
            k: v for k, v in new.items() if k not in {"name", "description"}
        }


def test_csv_cells_without_a_translation_keep_their_text(tmp_path: Path) -> None:
    path = products(tmp_path)
    document = open_table_columns(path, columns=["name"])

    output = document.render({"r4:name": Translation("Lampe")}, "de")

    assert output == path.read_bytes().replace(b"A-101,Lamp,", b"A-101,Lampe,")


def test_csv_keeps_delimiter_line_ends_missing_final_break_and_code_page(tmp_path: Path) -> None:
    path = tmp_path / "menu.csv"
    path.write_bytes("plat;prix\r\nCafé crème;2,50\r\nThé vert;3".encode("cp1252"))
    document = open_table_columns(path, columns=["plat"], encoding="cp1252")

    output = document.render(
        {"r2:plat": Translation("Milchkaffee"), "r3:plat": Translation("Grüner Tee")}, "de"
    )

    assert output == "plat;prix\r\nMilchkaffee;2,50\r\nGrüner Tee;3".encode("cp1252")
    assert document.render_notes == ()


def test_csv_falls_back_to_utf8_when_the_code_page_cannot_hold_the_translation(tmp_path: Path) -> None:
    path = tmp_path / "menu.csv"
    path.write_bytes("plat;prix\nCafé;2,50\n".encode("cp1252"))
    document = open_table_columns(path, columns=["plat"], encoding="cp1252")

    output = document.render({"r2:plat": Translation("Кофе")}, "ru")

    assert output.decode("utf-8-sig") == "plat;prix\nКофе;2,50\n"
    assert len(document.render_notes) == 1 and "UTF-8 instead of cp1252" in document.render_notes[0]


def test_a_single_column_file_gets_no_new_quotes(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_bytes(b"text\nHello, world\nBye\n")
    document = open_table_columns(path, columns=["text"])

    output = document.render({"r3:text": Translation("Tschüss, alle")}, "de")

    assert output.decode() == "text\nHello, world\nTschüss, alle\n"


# ---- XLSX ---------------------------------------------------------------------------------------------


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Products"
    sheet.append(["sku", "name", "description", "price"])
    sheet.append(["A-1", "Oak chair", "Sturdy, see https://example.com/chair", 49.9])
    sheet.append(["A-2", "Lamp", '=CONCAT("Lamp ", A2)', 12])
    sheet.append(["A-3", 42, datetime.date(2024, 5, 1), 7])
    sheet.append(["A-4", "Desk", None, None])
    sheet["B2"].font = Font(bold=True, color="FF0000")
    sheet.column_dimensions["C"].width = 41
    notes = book.create_sheet("Notes")
    notes.append(["Keep this sheet as it is."])
    book.save(path)
    return _with_cached_result(path, "C3", "Lamp A-2")


def _with_cached_result(path: Path, cell: str, value: str) -> Path:
    """Store a formula's last result, as Excel does (openpyxl saves formulas without one)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    start = f'<c r="{cell}"'.encode()
    formula = re.compile(re.escape(start) + rb"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?")
    parts[sheet], count = formula.subn(
        lambda m: start + m[1] + b' t="str"><f>' + m[2] + b"</f><v>" + value.encode() + b"</v>",
        parts[sheet],
    )
    assert count == 1
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_xlsx_segments_skip_numbers_dates_and_formulas(tmp_path: Path) -> None:
    path = workbook(tmp_path / "p.xlsx")
    assert read_table(path, sheet="Products").rows[1][2] == "Lamp A-2"  # a formula's text, as shown
    document = open_table_columns(path, columns=["name", "description"], sheet="Products")

    assert document.format_name == "Excel workbook"
    assert document.sheet == "Products"
    assert [(s.key, s.text) for s in document.segments] == [
        ("r2:name", "Oak chair"),
        ("r2:description", "Sturdy, see https://example.com/chair"),
        ("r3:name", "Lamp"),
        ("r5:name", "Desk"),
    ]


def test_xlsx_render_translates_in_place_and_keeps_the_rest(tmp_path: Path) -> None:
    path = workbook(tmp_path / "p.xlsx")
    document = open_table_columns(path, columns=["name", "description"], sheet="Products")
    translations = translate_all(document) | {"r5:name": Translation("=Schreibtisch")}

    output = document.render(translations, "de")

    before = openpyxl.load_workbook(path)
    after = openpyxl.load_workbook(io.BytesIO(output))
    assert after.sheetnames == ["Products", "Notes"]
    changed = {"B2": "«Oak chair»", "C2": "«Sturdy, see https://example.com/chair»", "B3": "«Lamp»"}
    changed["B5"] = "=Schreibtisch"
    for old_row, new_row in zip(before["Products"].iter_rows(), after["Products"].iter_rows(), strict=True):
        for old, new in zip(old_row, new_row, strict=True):
            assert new.value == changed.get(new.coordinate, old.value), new.coordinate
    assert after["Products"]["B5"].data_type == "s"  # text, not a formula
    assert after["Products"]["C3"].data_type == "f"
    assert after["Products"]["B2"].font.b and after["Products"]["B2"].font.color.rgb == "00FF0000"
    assert after["Products"].column_dimensions["C"].width == 41
    assert after["Notes"]["A1"].value == "Keep this sheet as it is."
    assert document.render_notes == ()


def test_xlsx_with_several_sheets_asks_which_one(tmp_path: Path) -> None:
    with pytest.raises(TableChoiceNeeded) as caught:
        open_table_columns(workbook(tmp_path / "p.xlsx"), columns=["name"])

    assert caught.value.what == "sheet"
    assert caught.value.options == ("Products", "Notes")
    assert "p.xlsx has 2 sheets" in str(caught.value)


def test_xlsx_changed_after_opening_is_not_rendered(tmp_path: Path) -> None:
    path = workbook(tmp_path / "p.xlsx")
    document = open_table_columns(path, columns=["name"], sheet="Products")
    book = openpyxl.load_workbook(path)
    book["Products"]["B2"] = "Pine chair"
    book["Products"]["E9"] = "added meanwhile"
    book.save(path)

    with pytest.raises(FormatError, match=r"p\.xlsx has changed since it was read"):
        document.render(translate_all(document), "de")


# ---- Bad input ----------------------------------------------------------------------------------------


def test_no_columns_asks_for_them_and_lists_those_found(tmp_path: Path) -> None:
    with pytest.raises(TableChoiceNeeded) as caught:
        open_table_columns(products(tmp_path), columns=[])

    assert caught.value.what == "columns"
    assert caught.value.options == ("sku", "name", "description", "price", "url")
    assert "“sku”, “name”, “description”, “price”, “url”" in str(caught.value)


def test_an_unknown_column_is_named_with_close_matches(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as caught:
        open_table_columns(products(tmp_path), columns=["name", "Descripton"])

    message = str(caught.value)
    assert "products.csv has no column “Descripton”" in message
    assert "Did you mean “description”?" in message


def test_a_csv_that_does_not_fit_the_chosen_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "menu.csv"
    path.write_bytes("plat\nCafé crème\n".encode("cp1252"))

    with pytest.raises(TableChoiceNeeded) as caught:
        open_table_columns(path, columns=["plat"], encoding="utf-8")

    assert caught.value.what == "encoding"
    assert "menu.csv cannot be read as utf-8" in str(caught.value)
    assert "line 2" in str(caught.value)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    with pytest.raises(FormatError, match=r"empty\.csv is empty"):
        open_table_columns(path, columns=["x"])
