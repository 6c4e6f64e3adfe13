"""Reading workbooks: sheet choice, cell values as text, real row numbers, damaged files, no open handles."""

from __future__ import annotations

import datetime
import gc
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
import pytest

from app.core.tables import SheetChoiceNeeded, TableError, list_sheets, read_table


def workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def test_a_single_sheet_is_read_without_asking(tmp_path: Path) -> None:
    path = workbook(tmp_path / "one.xlsx", {"Feedback": [["id", "text"], [1, "Great"], [2, "Slow"]]})

    table = read_table(path)

    assert table.format == "xlsx"
    assert table.sheet == "Feedback"
    assert table.header == ("id", "text")
    assert table.rows == (("1", "Great"), ("2", "Slow"))
    assert table.row_numbers == (2, 3)
    assert table.encoding is None
    assert table.delimiter is None


def test_several_sheets_need_a_choice_that_lists_them(tmp_path: Path) -> None:
    path = workbook(tmp_path / "two.xlsx", {"2023": [["a"], ["old"]], "2024": [["a"], ["new"]]})

    with pytest.raises(SheetChoiceNeeded) as caught:
        read_table(path)

    assert caught.value.sheets == ("2023", "2024")
    assert "two.xlsx" in str(caught.value)
    assert list_sheets(path) == ("2023", "2024")
    assert read_table(path, sheet="2024").rows == (("new",),)


def test_an_unknown_sheet_is_refused_with_the_real_ones(tmp_path: Path) -> None:
    path = workbook(tmp_path / "two.xlsx", {"Data": [["a"], [1]], "Notes": [["b"], [2]]})

    with pytest.raises(TableError) as caught:
        read_table(path, sheet="Dta")

    assert not isinstance(caught.value, SheetChoiceNeeded)
    message = str(caught.value)
    assert "“Dta”" in message
    assert "“Data”, “Notes”" in message


def test_a_csv_file_has_no_sheets(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    assert list_sheets(path) == ()


def test_cell_values_become_the_text_a_user_would_type(tmp_path: Path) -> None:
    row: list[object] = [
        None,
        12,
        3.0,
        3.5,
        0.1 + 0.2,
        datetime.datetime(2024, 3, 1),
        datetime.datetime(2024, 3, 1, 14, 30),
        datetime.date(2024, 12, 24),
        True,
        False,
        "  spaced  ",
    ]
    header = [f"c{index}" for index in range(len(row))]
    path = workbook(tmp_path / "values.xlsx", {"S": [header, row]})

    table = read_table(path)

    assert table.rows == (
        (
            "",
            "12",
            "3",
            "3.5",
            "0.3",
            "2024-03-01",
            "2024-03-01 14:30:00",
            "2024-12-24",
            "TRUE",
            "FALSE",
            "  spaced  ",
        ),
    )


def test_row_numbers_are_the_sheets_own_across_gaps_and_a_lower_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B3"] = "name"
    sheet["C3"] = "score"
    sheet["B4"] = "Ana"
    sheet["C4"] = 1
    sheet["B7"] = "Bo"  # rows 5 and 6 are blank, C7 is empty
    sheet["B9"] = "Cy"
    sheet["C9"] = 3
    path = tmp_path / "gaps.xlsx"
    book.save(path)

    table = read_table(path)

    assert table.header_row == 3
    assert table.header == ("Column 1", "name", "score")
    assert table.rows == (("", "Ana", "1"), ("", "Bo", ""), ("", "Cy", "3"))
    assert table.row_numbers == (4, 7, 9)
    assert table.problems[0].row == 3
    assert "column 1 has no name" in table.problems[0].message


def test_ragged_sheet_rows_are_reported_with_their_row_numbers(tmp_path: Path) -> None:
    path = workbook(tmp_path / "ragged.xlsx", {"S": [["a", "b"], ["1", "2", "3"], ["4", "5"]]})

    table = read_table(path)

    assert table.header == ("a", "b", "Column 3")
    assert table.rows == (("1", "2", "3"), ("4", "5", ""))
    assert [problem.row for problem in table.problems] == [2]
    assert "row 2 has 3 cells" in table.problems[0].message


def test_a_header_only_sheet_is_a_table_without_rows(tmp_path: Path) -> None:
    table = read_table(workbook(tmp_path / "h.xlsx", {"S": [["name", "email"]]}))
    assert table.header == ("name", "email")
    assert table.rows == ()


def test_an_empty_sheet_is_an_error_naming_file_and_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "blank.xlsx", {"Empty": []})
    with pytest.raises(TableError) as caught:
        read_table(path)
    assert "blank.xlsx" in str(caught.value)
    assert "“Empty”" in str(caught.value)


def _truncated(tmp_path: Path) -> Path:
    whole = workbook(tmp_path / "whole.xlsx", {"S": [["a"], *[[f"row {i}"] for i in range(200)]]})
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    return path


def _renamed_text(tmp_path: Path) -> Path:
    path = tmp_path / "renamed.xlsx"
    path.write_text("name,city\nAna,Porto\n", encoding="utf-8")
    return path


def _zip_without_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "hollow.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return path


def _damaged_sheet(tmp_path: Path) -> Path:
    whole = workbook(tmp_path / "whole.xlsx", {"S": [["a"], ["b"]]})
    path = tmp_path / "badsheet.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    return path


@pytest.mark.parametrize("make", [_truncated, _renamed_text, _zip_without_workbook, _damaged_sheet])
def test_a_damaged_or_disguised_workbook_is_a_clear_error(tmp_path: Path, make: object) -> None:
    assert callable(make)
    path: Path = make(tmp_path)

    with pytest.raises(TableError) as caught:
        read_table(path)

    message = str(caught.value)
    assert path.name in message
    assert "cannot be opened as an Excel workbook" in message


def test_an_empty_workbook_file_is_reported_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "zero.xlsx"
    path.touch()
    with pytest.raises(TableError, match=r"zero.xlsx is empty \(0 bytes\)"):
        read_table(path)


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="counts open files through /proc")
def test_workbooks_are_closed_after_reading_and_after_failures(tmp_path: Path) -> None:
    good = workbook(tmp_path / "good.xlsx", {"A": [["x"], [1]], "B": [["y"], [2]]})
    bad = _damaged_sheet(tmp_path)
    before = len(list(Path("/proc/self/fd").iterdir()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(5):
            read_table(good, sheet="B")
            list_sheets(good)
            with pytest.raises(SheetChoiceNeeded):
                read_table(good)
            with pytest.raises(TableError):
                read_table(bad)
        gc.collect()
    assert len(list(Path("/proc/self/fd").iterdir())) == before
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
