"""Plain text: paragraphs are translated; separators, spacing, line endings and the encoding are kept."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from app.core.formats.document import FormatError, Translation
from app.core.formats.plain_text import open_plain_text
from tests.core.formats.conftest import Fake, TranslateAll


def paragraphs(text: str) -> list[str]:
    """The paragraphs a reader sees, found independently of the format: runs of non-blank lines."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [block.strip() for block in blocks if block.strip()]


def test_paragraphs_are_the_segments(samples: Path) -> None:
    document = open_plain_text(samples / "text_letter.txt")

    assert [segment.text for segment in document.segments] == [
        "Dear customer,",
        "thank you for your order 4711 of 12 March.\nIt ships within 3 days.",
        "An indented paragraph, with a tab.\nVisit https://example.com/orders for details.",
        "Kind regards,\nThe team",
    ]
    assert [segment.key for segment in document.segments] == ["p1", "p2", "p3", "p4"]
    assert document.format_name == "Plain text"


def test_round_trip_keeps_everything_between_paragraphs(
    samples: Path, tmp_path: Path, shout: Fake, translate_all: TranslateAll
) -> None:
    document = open_plain_text(samples / "text_letter.txt")
    source = (samples / "text_letter.txt").read_text(encoding="utf-8")
    translations = translate_all(document, shout)

    output = document.render(translations, "de").decode("utf-8")

    assert output.replace("«", "").replace("»", "").lower() == source.lower()
    assert paragraphs(output) == [translation.text for translation in translations.values()]
    assert "   \n\n\t«AN INDENTED" in output and output.endswith("THE TEAM»\n")
    assert document.render({}, "de") == (samples / "text_letter.txt").read_bytes()
    reopened = tmp_path / "letter.de.txt"
    reopened.write_text(output, encoding="utf-8")
    assert [s.text for s in open_plain_text(reopened).segments] == [t.text for t in translations.values()]


def test_numbers_and_urls_come_through(samples: Path, keep_markup: Fake, translate_all: TranslateAll) -> None:
    document = open_plain_text(samples / "text_letter.txt")

    output = document.render(translate_all(document, keep_markup), "de").decode("utf-8")

    assert "https://example.com/orders" in output
    assert re.findall(r"\d+", output) == ["4711", "12", "3"]


def test_crlf_bom_and_a_translation_with_other_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"First line\r\nsecond line\r\n\r\n\r\nLast  \r\n")
    document = open_plain_text(path)
    first, last = document.segments
    assert first.text == "First line\nsecond line"

    output = document.render(
        {first.key: Translation("Erste\nzweite\r\ndritte\n"), last.key: Translation("  Letzte ")}, "de"
    )

    assert output == codecs.BOM_UTF8 + b"Erste\r\nzweite\r\ndritte\r\n\r\n\r\nLetzte  \r\n"


def test_utf16_is_written_back_as_utf16(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(codecs.BOM_UTF16_BE + "Hello\n\nWorld\n".encode("utf-16-be"))
    document = open_plain_text(path)

    output = document.render({document.segments[1].key: Translation("Welt")}, "de")

    assert output == codecs.BOM_UTF16_BE + "Hello\n\nWelt\n".encode("utf-16-be")


def test_a_translation_the_encoding_cannot_hold_is_written_as_utf8_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "menu.txt"
    path.write_bytes("Café au lait\n\nCrème brûlée\n".encode("cp1252"))
    document = open_plain_text(path)
    assert document.encoding.codec == "cp1252"

    french = document.render({"p1": Translation("Café crème")}, "fr")
    assert french == "Café crème\n\nCrème brûlée\n".encode("cp1252")
    first_note = document.output_encoding_note
    assert first_note is None

    japanese = document.render({"p1": Translation("カフェオレ")}, "ja")
    assert japanese == "カフェオレ\n\nCrème brûlée\n".encode()
    note = document.output_encoding_note
    assert note is not None
    assert "menu.txt" in note and "cp1252" in note


def test_an_encoding_chosen_by_the_user_wins(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Überschrift\n".encode("cp850"))

    assert open_plain_text(path, encoding="cp850").segments[0].text == "Überschrift"
    with pytest.raises(FormatError, match=r"old\.txt cannot be read as utf-8: byte 0x9a on line 1"):
        open_plain_text(path, encoding="utf-8")


def test_an_unclear_encoding_asks_for_one(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes(b"\x81\x8d\x8f\x90\x9d\n")
    with pytest.raises(FormatError, match=r"short\.txt is not UTF-8.*--encoding"):
        open_plain_text(path)
    assert path.read_bytes() == b"\x81\x8d\x8f\x90\x9d\n"


def test_an_empty_file_and_a_missing_one_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(FormatError, match=r"empty\.txt is empty"):
        open_plain_text(empty)
    with pytest.raises(FormatError, match="does not exist"):
        open_plain_text(tmp_path / "gone.txt")


def test_only_blank_lines_give_no_segments_and_render_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b"\n  \n\t\n")
    document = open_plain_text(path)
    assert document.segments == ()
    assert document.render({}, "de") == b"\n  \n\t\n"
