"""Writing CSV: new tables, and source files with result columns, keeping delimiter, line ends, encoding."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from app.core.tables import TableError, read_table, write_table, write_with_columns


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("delimiter", "terminator"), [(",", "\n"), (";", "\r\n"), ("\t", "\n"), ("|", "\r\n")]
)
def test_a_source_without_new_columns_is_written_back_byte_for_byte(
    tmp_path: Path, delimiter: str, terminator: str
) -> None:
    rows = [
        ["id", "text", "note"],
        ["1", '"two\nlines"', "x"],
        ["2", '"a ""quote"""', ""],
        ["3", "plain", "z"],
    ]
    data = "".join(delimiter.join(row) + terminator for row in rows).encode()
    source = read_table(write(tmp_path / "in.csv", data))

    note = write_with_columns(source, tmp_path / "out.csv", [], [[] for _ in source.rows])

    assert note is None
    assert (tmp_path / "out.csv").read_bytes() == data


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_new_columns_round_trip_with_the_sources_delimiter(tmp_path: Path, delimiter: str) -> None:
    text = delimiter.join(["id", "review"]) + "\n" + delimiter.join(["1", '"Good,\nbut; slow\tok"']) + "\n"
    source = read_table(write(tmp_path / "in.csv", text.encode()))
    new_rows = [['negative\n"late"; said so']]

    write_with_columns(source, tmp_path / "out.csv", ["sentiment"], new_rows)

    result = read_table(tmp_path / "out.csv")
    assert result.delimiter == delimiter
    assert result.header == ("id", "review", "sentiment")
    assert result.rows == (("1", "Good,\nbut; slow\tok", 'negative\n"late"; said so'),)


def test_a_line_break_inside_a_cell_survives_a_file_with_lf_line_ends(tmp_path: Path) -> None:
    source = read_table(write(tmp_path / "in.csv", b"a\nx\n"))

    write_with_columns(source, tmp_path / "out.csv", ["b"], [["one\rtwo\r\nthree"]])

    assert read_table(tmp_path / "out.csv").rows == (("x", "one\rtwo\r\nthree"),)


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    source = read_table(write(tmp_path / "in.csv", codecs.BOM_UTF8 + "name\nZoë\n".encode()))

    assert write_with_columns(source, tmp_path / "out.csv", ["len"], [["3"]]) is None

    assert (tmp_path / "out.csv").read_bytes() == codecs.BOM_UTF8 + "name,len\nZoë,3\n".encode()


def test_utf16_stays_utf16(tmp_path: Path) -> None:
    source = read_table(write(tmp_path / "in.csv", "name\r\nZoë\r\n".encode("utf-16")))

    write_with_columns(source, tmp_path / "out.csv", ["summary"], [["日本語"]])

    assert (tmp_path / "out.csv").read_bytes() == "name,summary\r\nZoë,日本語\r\n".encode("utf-16")


def test_a_legacy_encoding_is_kept_when_the_new_text_fits(tmp_path: Path) -> None:
    source = read_table(write(tmp_path / "in.csv", "name;city\nCafé Müller;Köln\n".encode("cp1252")))
    assert source.encoding == "cp1252"

    note = write_with_columns(source, tmp_path / "out.csv", ["Stimmung"], [["schön – 5 €"]])

    assert note is None
    expected = "name;city;Stimmung\nCafé Müller;Köln;schön – 5 €\n".encode("cp1252")
    assert (tmp_path / "out.csv").read_bytes() == expected


def test_a_legacy_encoding_that_cannot_hold_the_new_text_becomes_utf8_with_a_note(tmp_path: Path) -> None:
    source = read_table(write(tmp_path / "in.csv", "name;city\nCafé Müller;Köln\n".encode("cp1252")))

    note = write_with_columns(source, tmp_path / "out.csv", ["summary"], [["東京 ✓"]])

    assert note is not None
    assert "out.csv" in note
    assert "UTF-8" in note
    assert "cp1252" in note
    result = read_table(tmp_path / "out.csv")
    assert result.encoding == "utf-8-sig"
    assert result.rows == (("Café Müller", "Köln", "東京 ✓"),)


def test_results_can_be_written_into_the_source_file(tmp_path: Path) -> None:
    path = write(tmp_path / "data.csv", b"id,text\n1,a\n\n2,b\n")
    source = read_table(path)

    write_with_columns(source, path, ["label"], [["x"], ["y"]])

    assert path.read_bytes() == b"id,text,label\n1,a,x\n2,b,y\n"
    assert [p.name for p in tmp_path.iterdir()] == ["data.csv"]


def test_a_source_changed_after_reading_is_not_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path / "data.csv", b"id,text\n1,a\n")
    source = read_table(path)
    path.write_bytes(b"id,text\n1,a\n2,added in Excel meanwhile\n")

    with pytest.raises(TableError) as caught:
        write_with_columns(source, path, ["label"], [["x"]])

    assert "data.csv" in str(caught.value)
    assert "changed since it was read" in str(caught.value)
    assert path.read_bytes() == b"id,text\n1,a\n2,added in Excel meanwhile\n"


def test_padded_and_widened_rows_are_written_whole(tmp_path: Path) -> None:
    source = read_table(write(tmp_path / "in.csv", b"a,b\n1\n2,3,4\n"))

    write_with_columns(source, tmp_path / "out.csv", ["new"], [["p"], ["q"]])

    assert (tmp_path / "out.csv").read_bytes() == b"a,b,Column 3,new\n1,,,p\n2,3,4,q\n"


def test_the_number_of_new_rows_must_match(tmp_path: Path) -> None:
    source = read_table(write(tmp_path / "in.csv", b"a\n1\n2\n"))
    with pytest.raises(ValueError, match="1 new rows for a table of 2 rows"):
        write_with_columns(source, tmp_path / "out.csv", ["b"], [["x"]])
    with pytest.raises(ValueError, match="row 1 has 2 cells for 1 columns"):
        write_with_columns(source, tmp_path / "out.csv", ["b"], [["x"], ["y", "z"]])
    assert not (tmp_path / "out.csv").exists()


def test_write_table_makes_a_utf8_csv_that_excel_reads(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"

    write_table(path, ["topic", "count"], [["Lieferung, Versand", "3"], ["Qualität", "1"]])

    assert (
        path.read_bytes()
        == codecs.BOM_UTF8 + 'topic,count\r\n"Lieferung, Versand",3\r\nQualität,1\r\n'.encode()
    )


def test_write_table_uses_tabs_for_tsv(tmp_path: Path) -> None:
    path = tmp_path / "export.tsv"
    write_table(path, ["a", "b"], [["1, 2", "3"]])
    table = read_table(path)
    assert table.delimiter == "\t"
    assert table.rows == (("1, 2", "3"),)


def test_write_table_refuses_an_unknown_extension_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(TableError, match=r"export\.json"):
        write_table(tmp_path / "export.json", ["a"], [["1"]])
    assert list(tmp_path.iterdir()) == []
