"""Writing workbooks: new columns in place keep other sheets, styles and formulas; limits are refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill

from app.core.tables import TableError, read_table, write_table, write_with_columns


def feedback_workbook(path: Path) -> Path:
    """Two sheets: a styled table with a gap row and a formula, and a notes sheet."""
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Feedback"
    data.append(["id", "text", "stars"])
    data.append([1, "Great service", 5])
    data.append([None, None, None])  # a blank row: skipped on reading, kept in the file
    data.append([2, "Late delivery", 2])
    data["A1"].font = Font(bold=True, color="FF0000")
    data["C2"].fill = PatternFill("solid", fgColor="FFFF00")
    data["E6"] = "=SUM(C2:C4)"
    data.column_dimensions["B"].width = 42
    notes = book.create_sheet("Notes")
    notes["A1"] = "Do not lose me"
    notes["B2"] = 3.25
    book.save(path)
    return path


def test_new_columns_in_place_keep_other_sheets_styles_and_formulas(tmp_path: Path) -> None:
    path = feedback_workbook(tmp_path / "fb.xlsx")
    source = read_table(path, sheet="Feedback")
    # Row 6 holds only a formula that no spreadsheet program has computed yet: it reads as blank.
    assert source.row_numbers == (2, 4)

    note = write_with_columns(source, path, ["sentiment", "topic"], [["pos", "service"], ["neg", "delivery"]])

    book = openpyxl.load_workbook(path)
    try:
        data, notes = book["Feedback"], book["Notes"]
        assert notes["A1"].value == "Do not lose me"
        assert notes["B2"].value == 3.25
        assert data["A1"].font.bold is True
        assert data["A1"].font.color.rgb == "00FF0000"
        assert data["C2"].fill.fgColor.rgb == "00FFFF00"
        assert data.column_dimensions["B"].width == 42
        assert data["E6"].value == "=SUM(C2:C4)"
        # Column E is used (by the formula), so the new columns start at F.
        assert [data.cell(1, column).value for column in (6, 7)] == ["sentiment", "topic"]
        assert [data.cell(2, column).value for column in (6, 7)] == ["pos", "service"]
        assert data["F3"].value is None  # the blank row stays blank
        assert [data.cell(4, column).value for column in (6, 7)] == ["neg", "delivery"]
    finally:
        book.close()
    assert note is not None
    assert "formulas" in note
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fb.xlsx"]


def test_a_copy_leaves_the_source_untouched(tmp_path: Path) -> None:
    path = feedback_workbook(tmp_path / "fb.xlsx")
    before = path.read_bytes()
    source = read_table(path, sheet="Feedback")

    write_with_columns(source, tmp_path / "out.xlsx", ["label"], [["a"], ["b"]])

    assert path.read_bytes() == before
    copy = read_table(tmp_path / "out.xlsx", sheet="Feedback")
    assert copy.header == ("id", "text", "stars", "Column 4", "Column 5", "label")
    assert [row[-1] for row in copy.rows] == ["a", "b"]
    notes = read_table(tmp_path / "out.xlsx", sheet="Notes")
    assert (notes.header, notes.rows) == (("Do not lose me", "Column 2"), (("", "3.25"),))


def test_values_land_in_the_source_rows_under_a_lower_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Quarterly report"
    sheet.append([])
    sheet.append(["name", "city"])
    sheet.append(["Ana", "Porto"])
    sheet.append([])
    sheet.append(["Bo", "Oslo"])
    path = tmp_path / "report.xlsx"
    book.save(path)
    source = read_table(path)
    assert source.header_row == 1  # the title row counts as the header: the user maps columns anyway

    write_with_columns(source, path, ["label"], [[""], ["ana"], ["bo"]])

    result = read_table(path)
    assert result.header == ("Quarterly report", "Column 2", "label")
    assert [(number, row[-1]) for number, row in zip(result.row_numbers, result.rows, strict=True)] == [
        (3, ""),
        (4, "ana"),
        (6, "bo"),
    ]


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "in.xlsx"
    write_table(path, ["text"], [["=1+1"]])
    source = read_table(path)

    write_with_columns(source, path, ["answer"], [['=HYPERLINK("http://x")']])

    book = openpyxl.load_workbook(path)
    try:
        sheet = book.active
        assert (sheet["A2"].value, sheet["A2"].data_type) == ("=1+1", "s")
        assert (sheet["B2"].value, sheet["B2"].data_type) == ('=HYPERLINK("http://x")', "s")
    finally:
        book.close()
    assert read_table(path).rows == (("=1+1", '=HYPERLINK("http://x")'),)


def test_csv_to_xlsx_and_back(tmp_path: Path) -> None:
    csv_path = tmp_path / "in.csv"
    csv_path.write_bytes('id;text\n1;Zoë\n2;"multi\nline"\n'.encode())
    source = read_table(csv_path)

    assert write_with_columns(source, tmp_path / "out.xlsx", ["label"], [["a"], ["b"]]) is None
    workbook_table = read_table(tmp_path / "out.xlsx")
    assert workbook_table.sheet == "Results"
    assert workbook_table.rows == (("1", "Zoë", "a"), ("2", "multi\nline", "b"))

    write_with_columns(workbook_table, tmp_path / "back.csv", ["more"], [["x"], ["y"]])
    back = read_table(tmp_path / "back.csv")
    assert back.encoding == "utf-8-sig"
    assert back.rows == (("1", "Zoë", "a", "x"), ("2", "multi\nline", "b", "y"))


def test_write_table_makes_a_workbook_with_the_named_sheet(tmp_path: Path) -> None:
    path = tmp_path / "dash.xlsx"
    write_table(path, ["topic", "count"], [["shipping", "3"], ["price", "1"]], sheet="Topics")
    table = read_table(path)
    assert table.sheet == "Topics"
    assert table.rows == (("shipping", "3"), ("price", "1"))


def test_a_control_character_is_refused_with_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    path = feedback_workbook(tmp_path / "fb.xlsx")
    before = path.read_bytes()
    source = read_table(path, sheet="Feedback")

    with pytest.raises(TableError) as caught:
        write_with_columns(source, path, ["summary"], [["ok"], ["bad\x01byte"]])

    message = str(caught.value)
    assert "row 4" in message
    assert "“summary”" in message
    assert "U+0001" in message
    assert path.read_bytes() == before


def test_a_cell_longer_than_excel_allows_is_refused_not_cut(tmp_path: Path) -> None:
    with pytest.raises(TableError) as caught:
        write_table(tmp_path / "long.xlsx", ["text"], [["short"], ["x" * 40_000]])

    assert "row 3" in str(caught.value)
    assert "40,000 characters" in str(caught.value)
    assert not (tmp_path / "long.xlsx").exists()


def _with_extra_part(path: Path, name: str) -> None:
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(name, b"<slicer/>")


def test_parts_openpyxl_would_drop_block_writing_in_place(tmp_path: Path) -> None:
    path = feedback_workbook(tmp_path / "fb.xlsx")
    _with_extra_part(path, "xl/slicers/slicer1.xml")
    before = path.read_bytes()
    source = read_table(path, sheet="Feedback")

    with pytest.raises(TableError) as caught:
        write_with_columns(source, path, ["label"], [["a"], ["b"]])

    assert "slicers" in str(caught.value)
    assert "new file" in str(caught.value)
    assert path.read_bytes() == before

    note = write_with_columns(source, tmp_path / "copy.xlsx", ["label"], [["a"], ["b"]])
    assert note is not None
    assert "slicers" in note
    assert path.read_bytes() == before


def test_a_changed_workbook_is_not_used_for_a_copy_either(tmp_path: Path) -> None:
    path = feedback_workbook(tmp_path / "fb.xlsx")
    source = read_table(path, sheet="Feedback")
    book = openpyxl.load_workbook(path)
    book["Feedback"].insert_rows(2)  # rows moved: the source's row numbers no longer fit
    book.save(path)
    book.close()

    with pytest.raises(TableError, match="changed since it was read"):
        write_with_columns(source, tmp_path / "copy.xlsx", ["label"], [["a"], ["b"]])
    assert not (tmp_path / "copy.xlsx").exists()


def test_only_a_macro_workbook_may_be_saved_as_xlsm(tmp_path: Path) -> None:
    csv_path = tmp_path / "in.csv"
    csv_path.write_bytes(b"a\n1\n")
    source = read_table(csv_path)

    with pytest.raises(TableError, match=r"Choose a name ending in \.xlsx"):
        write_with_columns(source, tmp_path / "out.xlsm", ["b"], [["2"]])
    with pytest.raises(TableError, match=r"out\.xlsm"):
        write_table(tmp_path / "out.xlsm", ["a"], [["1"]])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.csv"]


def test_new_columns_go_past_merged_cells_and_stray_values(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "text"])
    sheet.append([1, "a"])
    sheet.append([2, "b"])
    sheet.merge_cells("C2:E3")  # an empty merged box beside the table: its cells cannot be written
    sheet["G9"] = " "  # a stray space far to the right is still a value
    path = tmp_path / "merged.xlsx"
    book.save(path)
    source = read_table(path)

    write_with_columns(source, path, ["label"], [["x"], ["y"]])

    book = openpyxl.load_workbook(path)
    try:
        sheet = book.active
        assert [sheet.cell(row, 8).value for row in (1, 2, 3)] == ["label", "x", "y"]
        assert [str(merged) for merged in sheet.merged_cells.ranges] == ["C2:E3"]
        assert sheet["G9"].value == " "
    finally:
        book.close()
