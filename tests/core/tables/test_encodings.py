"""CSV encodings: certain ones are used, uncertain ones are asked about, bytes are never replaced."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest

from app.core.tables import EncodingUnclearError, TableError, read_table

WESTERN = "name,city\nCafé Müller,Köln\nSøren Ærø,Århus\n"


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_utf8_is_read_as_utf8(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "t.csv", WESTERN.encode()))
    assert table.encoding == "utf-8"
    assert table.rows[0] == ("Café Müller", "Köln")


def test_a_utf8_byte_order_mark_is_not_part_of_the_first_column_name(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "t.csv", codecs.BOM_UTF8 + WESTERN.encode()))
    assert table.encoding == "utf-8-sig"
    assert table.header == ("name", "city")
    assert table.column("name") == 0


def test_a_bom_file_read_with_utf8_chosen_still_drops_the_mark(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "t.csv", codecs.BOM_UTF8 + WESTERN.encode()), encoding="UTF8")
    assert table.encoding == "utf-8-sig"
    assert table.header[0] == "name"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    table = read_table(write(tmp_path / "t.csv", WESTERN.encode(encoding)))
    assert table.encoding == encoding
    assert table.rows[1] == ("Søren Ærø", "Århus")


@pytest.mark.parametrize(
    "text",
    [
        "name,city\nCafé Müller,Köln\n",  # a few accents fit many code pages; Western wins the tie
        "item,price\nBrötchen,3 €\nCafé,2 €\n",
        "name,comment\n" + "Café Müller,très bien, ça marche à merveille\n" * 50,
    ],
)
def test_western_legacy_text_is_detected_as_cp1252(tmp_path: Path, text: str) -> None:
    table = read_table(write(tmp_path / "legacy.csv", text.encode("cp1252")))

    assert table.encoding == "cp1252"
    assert ",".join(table.rows[0]).rstrip(",") == text.splitlines()[1]


def test_cyrillic_legacy_text_is_detected(tmp_path: Path) -> None:
    text = "имя,город\nИван,Москва\nПётр,Санкт-Петербург\n"
    table = read_table(write(tmp_path / "ru.csv", text.encode("cp1251")))

    assert table.encoding == "cp1251"
    assert table.rows == (("Иван", "Москва"), ("Пётр", "Санкт-Петербург"))


def test_an_unclear_encoding_asks_with_candidates_that_read_the_file(tmp_path: Path) -> None:
    text = "名前,都市\n田中,東京\n鈴木,大阪\n"  # Shift-JIS bytes that also decode cleanly as Korean
    path = write(tmp_path / "jp.csv", text.encode("shift_jis"))

    with pytest.raises(EncodingUnclearError) as caught:
        read_table(path)

    assert "jp.csv" in str(caught.value)
    assert "cp932" in caught.value.candidates
    table = read_table(path, encoding="cp932")
    assert table.rows == (("田中", "東京"), ("鈴木", "大阪"))
    assert table.encoding == "cp932"


def test_turkish_text_that_cp1252_would_misread_is_asked_about(tmp_path: Path) -> None:
    text = "ad,yorum\n" + "Şükrü,Ürün çok güzel, teşekkür ederim\nAyşe,Kargo geç geldi\n" * 5
    path = write(tmp_path / "tr.csv", text.encode("cp1254"))

    with pytest.raises(EncodingUnclearError) as caught:
        read_table(path)

    assert "cp1254" in caught.value.candidates
    assert read_table(path, encoding="cp1254").rows[0][0] == "Şükrü"


def test_a_chosen_encoding_overrides_detection(tmp_path: Path) -> None:
    data = "name\nCafé\n".encode("cp1252")
    table = read_table(write(tmp_path / "t.csv", data), encoding="latin-1")
    assert table.encoding == "iso8859-1"
    assert table.rows == (("Café",),)


def test_a_chosen_encoding_that_does_not_fit_names_the_line_and_offers_others(tmp_path: Path) -> None:
    path = write(tmp_path / "legacy.csv", "name,city\nAna,Porto\nCafé Müller,Köln\n".encode("cp1252"))

    with pytest.raises(EncodingUnclearError) as caught:
        read_table(path, encoding="utf-8")

    message = str(caught.value)
    assert "legacy.csv" in message
    assert "line 3" in message
    assert "cp1252" in caught.value.candidates
    assert "utf-8" not in caught.value.candidates


def test_an_unknown_encoding_name_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", b"a\n1\n")
    with pytest.raises(TableError, match="not a known text encoding"):
        read_table(path, encoding="klingon-8")


def test_a_file_mixing_utf8_and_cp1252_is_not_guessed(tmp_path: Path) -> None:
    data = "name,city\nJosé,São Paulo\n".encode() + "Müller,Köln\n".encode("cp1252")
    path = write(tmp_path / "mixed.csv", data)

    with pytest.raises(EncodingUnclearError) as caught:
        read_table(path)

    message = str(caught.value)
    assert "mixed.csv" in message
    assert "line 3" in message
    assert caught.value.candidates[0] == "utf-8"
    assert "cp1252" in caught.value.candidates
    # Choosing one reads every byte (the other part garbled, but present): nothing is replaced.
    table = read_table(path, encoding="cp1252")
    assert len(table.rows) == 2
    assert "\ufffd" not in "".join(table.rows[0] + table.rows[1])


def test_binary_data_is_not_read_as_text(tmp_path: Path) -> None:
    path = write(tmp_path / "noise.csv", bytes(range(256)) * 8)
    with pytest.raises(TableError) as caught:
        read_table(path)
    assert "noise.csv" in str(caught.value)


def test_a_workbook_saved_under_a_csv_name_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(TableError, match="looks like an Excel workbook"):
        read_table(path)
