"""Reading CSV files: delimiters, quoted line breaks, ragged rows and bad input, with row numbers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.core.tables import RowProblem, TableError, read_table


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_found(tmp_path: Path, delimiter: str) -> None:
    lines = ["name", "price", "note"], ["Tea", "3.50", "green"], ["Cake", "2", "with cream"]
    path = write(tmp_path / "menu.csv", "".join(delimiter.join(line) + "\n" for line in lines))

    table = read_table(path)

    assert table.format == "csv"
    assert table.delimiter == delimiter
    assert table.header == ("name", "price", "note")
    assert table.rows == (("Tea", "3.50", "green"), ("Cake", "2", "with cream"))
    assert table.row_numbers == (2, 3)
    assert table.problems == ()


def test_quoted_line_breaks_stay_in_one_cell_and_rows_keep_their_first_line(tmp_path: Path) -> None:
    text = 'id,review\r\n1,"Great\r\nsecond line, with a comma"\r\n2,"She said ""hi"""\r\n3,plain\r\n'
    path = write(tmp_path / "reviews.csv", text)

    table = read_table(path)

    assert table.rows == (
        ("1", "Great\r\nsecond line, with a comma"),
        ("2", 'She said "hi"'),
        ("3", "plain"),
    )
    assert table.row_numbers == (2, 4, 5)
    assert table.line_terminator == "\r\n"


def test_blank_lines_are_skipped_but_later_rows_keep_their_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "gaps.csv", "\n\nname,city\n\nAna,Lisbon\n , \n\nBo,Oslo\n")

    table = read_table(path)

    assert table.header_row == 3
    assert table.rows == (("Ana", "Lisbon"), ("Bo", "Oslo"))
    assert table.row_numbers == (5, 8)
    assert table.problems == ()


def test_a_short_row_is_padded_and_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "short.csv", "a,b,c\n1,2,3\n4\n5,6,7\n")

    table = read_table(path)

    assert table.rows == (("1", "2", "3"), ("4", "", ""), ("5", "6", "7"))
    assert [problem.row for problem in table.problems] == [3]
    assert "line 3 has 1 cell but the header has 3" in table.problems[0].message


def test_a_long_row_widens_the_header_so_nothing_is_lost(tmp_path: Path) -> None:
    path = write(tmp_path / "long.csv", "a,b\n1,2\n3,4,extra,more\n5,6\n")

    table = read_table(path)

    assert table.header == ("a", "b", "Column 3", "Column 4")
    assert table.rows == (("1", "2", "", ""), ("3", "4", "extra", "more"), ("5", "6", "", ""))
    assert table.problems == (
        RowProblem(
            3, "line 3 has 4 cells but the header has 2; the extra cells were kept in: Column 3, Column 4."
        ),
    )


def test_trailing_empty_cells_past_the_header_are_ignored_silently(tmp_path: Path) -> None:
    path = write(tmp_path / "trailing.csv", "a,b,\n1,2,,\n3,4,\n")

    table = read_table(path)

    assert table.header == ("a", "b")
    assert table.rows == (("1", "2"), ("3", "4"))
    assert table.problems == ()


def test_blank_and_repeated_header_names_become_unique_and_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "names.csv", "Price,,Price,Column 2,Price\n1,2,3,4,5\n")

    table = read_table(path)

    assert table.header == ("Price", "Column 2 (2)", "Price (2)", "Column 2", "Price (3)")
    assert table.rows == (("1", "2", "3", "4", "5"),)
    assert {problem.row for problem in table.problems} == {1}
    messages = " ".join(problem.message for problem in table.problems)
    assert "column 2 has no name" in messages
    assert "column 3 is called “Price (2)”" in messages
    assert "column 5 is called “Price (3)”" in messages


def test_a_header_only_file_is_a_table_without_rows(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "header.csv", "name,email\n"))

    assert table.header == ("name", "email")
    assert table.rows == ()
    assert table.row_numbers == ()
    assert table.records() == []


def test_a_single_column_keeps_commas_inside_its_text(tmp_path: Path) -> None:
    text = "text\nI love it, really\nBad, slow, and late\nFine\n"
    table = read_table(write(tmp_path / "feedback.csv", text))

    assert table.header == ("text",)
    assert table.rows == (("I love it, really",), ("Bad, slow, and late",), ("Fine",))
    assert table.delimiter == ","
    assert table.problems == ()


def test_a_tsv_file_with_one_column_gets_a_tab_as_its_delimiter(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "feedback.tsv", "text\nfine, thanks\n"))

    assert table.delimiter == "\t"
    assert table.rows == (("fine, thanks",),)


def test_a_cell_larger_than_the_csv_modules_default_limit_is_read_whole(tmp_path: Path) -> None:
    huge = "word " * 60_000  # 300 kB, past the csv module's 128 KiB default
    table = read_table(write(tmp_path / "long.csv", f'id,text\n1,"{huge}"\n2,short\n'))

    assert table.rows == (("1", huge), ("2", "short"))


def test_a_quote_that_is_never_closed_is_an_error_naming_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.csv", 'id,text\n1,fine\n2,"opened here\n3,lost\n4,also lost\n')

    with pytest.raises(TableError) as caught:
        read_table(path)

    message = str(caught.value)
    assert "broken.csv" in message
    assert "line 3" in message
    assert "never closed" in message


def test_text_after_a_closing_quote_is_read_leniently(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "sloppy.csv", 'a,b\n"x"y,2\n5" screen,3\n'))

    assert table.rows == (("xy", "2"), ('5" screen', "3"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", r"empty \(0 bytes\)"), (b"\n\r\n  \n", "only blank lines"), (b",,\n,,,\n", "no header row")],
)
def test_an_empty_file_is_an_error_naming_it(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "nothing.csv"
    path.write_bytes(content)

    with pytest.raises(TableError, match=expected) as caught:
        read_table(path)

    assert "nothing.csv" in str(caught.value)


def test_a_missing_file_is_an_error_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "gone.csv"
    with pytest.raises(TableError, match="was not found") as caught:
        read_table(path)
    assert str(path) in str(caught.value)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data.csv"
    folder.mkdir()
    with pytest.raises(TableError, match="is a folder"):
        read_table(folder)


@pytest.mark.parametrize("name", ["report.pdf", "README", "old.xls"])
def test_an_unknown_extension_is_refused_with_the_accepted_ones(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, "a,b\n1,2\n")
    with pytest.raises(TableError) as caught:
        read_table(path)
    message = str(caught.value)
    assert name in message
    assert ".xlsx" in message


def test_txt_files_are_read_as_csv(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "export.txt", "a;b\n1;2\n"))
    assert table.rows == (("1", "2"),)


def test_columns_are_found_exactly_then_loosely(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "t.csv", "Review Text,Id,id\nok,1,2\n"))

    assert table.column("Id") == 1
    assert table.column("id") == 2
    assert table.column("  review   text ") == 0
    assert table.records() == [{"Review Text": "ok", "Id": "1", "id": "2"}]


def test_an_unknown_column_lists_the_real_ones(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "t.csv", "text,score\nok,1\n"))

    with pytest.raises(TableError) as caught:
        table.column("txt")

    message = str(caught.value)
    assert "t.csv" in message
    assert "“txt”" in message
    assert "“text”, “score”" in message


def test_an_ambiguous_loose_column_name_is_refused(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "t.csv", "Name,NAME\na,b\n"))
    with pytest.raises(TableError, match="several columns"):
        table.column("name")


def test_a_hundred_thousand_rows_read_quickly(tmp_path: Path) -> None:
    lines = ["id,name,city,a,b,c,d,e,f,g"]
    lines += [f'{i},"Name {i}",City,{i % 7},x,y,z,"q, r",1.5,end' for i in range(100_000)]
    path = write(tmp_path / "big.csv", "\n".join(lines) + "\n")

    started = time.perf_counter()
    table = read_table(path)
    elapsed = time.perf_counter() - started

    assert len(table.rows) == 100_000
    assert table.rows[-1] == ("99999", "Name 99999", "City", "4", "x", "y", "z", "q, r", "1.5", "end")
    assert table.row_numbers[-1] == 100_001
    assert elapsed < 15, f"reading took {elapsed:.1f} s"
