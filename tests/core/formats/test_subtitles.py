"""SubRip subtitles: one segment per subtitle; numbering, timings and layout kept byte for byte."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
import srt

from app.core.formats.document import FormatError, Translation
from app.core.formats.subtitles import SrtDocument, open_srt

SAMPLES = Path(__file__).parent / "samples"
EPISODE = SAMPLES / "srt_episode.srt"  # as subtitle editors write it
IRREGULAR = SAMPLES / "srt_irregular.srt"  # dots in timestamps, odd spacing, blank lines, no final newline


def fake(text: str) -> str:
    """A deterministic "translation" that keeps tags and numbers."""
    return "\n".join("«" + line + "»" for line in text.split("\n"))


def translate_all(document: SrtDocument) -> dict[str, Translation]:
    return {s.key: Translation(fake(s.text)) for s in document.segments}


def expected_text(source: str, document: SrtDocument, newline: str = "\n") -> str:
    """The source with each subtitle's text (and nothing else) replaced by its fake translation."""
    for segment in document.segments:
        original = segment.text.replace("\n", newline)
        assert source.count(original) == 1
        source = source.replace(original, fake(segment.text).replace("\n", newline))
    return source


def timings(data: bytes, encoding: str = "utf-8") -> list[tuple[object, ...]]:
    return [(s.index, s.start, s.end, s.proprietary) for s in srt.parse(data.decode(encoding))]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_one_segment_per_subtitle_with_its_number_and_start() -> None:
    document = open_srt(EPISODE)
    assert document.format_name == "SubRip subtitles"
    assert [(s.key, s.text, s.note) for s in document.segments] == [
        ("s1", "Welcome to the harbour.", "subtitle 1, 00:00:01,000"),
        ("s2", "<i>Ship 42</i> leaves at 9:30,\nplease board now.", "subtitle 2, 00:00:04,500"),
        ("s3", "The fare is 12.50 EUR.", "subtitle 3, 00:01:02,000"),
        ("s4", "Goodbye!", "subtitle 4, 00:01:06,000"),
    ]


def test_round_trip_changes_only_the_text(tmp_path: Path) -> None:
    source = EPISODE.read_bytes()
    document = open_srt(EPISODE)
    output = document.render(translate_all(document), "de")
    assert output.decode("utf-8") == expected_text(source.decode("utf-8"), document)
    assert timings(output) == timings(source)  # numbering, timings and the position data after them
    again = open_srt(write(tmp_path, "out.srt", output))
    assert [s.text for s in again.segments] == [fake(s.text) for s in document.segments]
    assert EPISODE.read_bytes() == source


def test_irregular_files_are_patched_in_place(tmp_path: Path) -> None:
    source = IRREGULAR.read_bytes()
    document = open_srt(IRREGULAR)
    assert [s.text for s in document.segments] == [
        "Welcome to the harbour.",
        "<i>Ship 42</i> leaves at 9:30,\nplease board now.",
        "The fare is 12.50 EUR.",
        "Last line without a blank line after it",  # subtitle 4 is empty: nothing to translate
    ]
    assert [s.key for s in document.segments] == ["s1", "s2", "s3", "s5"]
    output = document.render(translate_all(document), "de")
    assert output.decode("utf-8") == expected_text(source.decode("utf-8"), document)
    assert timings(output) == timings(source)
    untouched = document.render({s.key: Translation(s.text) for s in document.segments}, "de")
    assert untouched == source


def test_windows_line_endings_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    text = EPISODE.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = write(tmp_path, "windows.srt", codecs.BOM_UTF8 + text.encode("utf-8"))
    document = open_srt(path)
    assert document.segments[1].text == "<i>Ship 42</i> leaves at 9:30,\nplease board now."
    output = document.render(translate_all(document), "de")
    assert output.startswith(codecs.BOM_UTF8)
    assert output[3:].decode("utf-8") == expected_text(text, document, "\r\n")


def test_legacy_code_page_is_kept_when_the_translation_fits(tmp_path: Path) -> None:
    head = "1\n00:00:01,000 --> 00:00:02,000\n"
    text = head + "À la fenêtre, le garçon a déjà payé 9 € pour le café crème, répète-t-il.\n\n"
    document = open_srt(write(tmp_path, "french.srt", text.encode("cp1252")))
    assert document.encoding == "cp1252"
    output = document.render({"s1": Translation("Am Fenster hat der Kellner schon 9 € bezahlt.")}, "de")
    assert output == (head + "Am Fenster hat der Kellner schon 9 € bezahlt.\n\n").encode("cp1252")
    notes = [document.output_encoding_note]
    output = document.render({"s1": Translation("Дежавю за 9 €")}, "ru")  # Cyrillic: not in cp1252
    assert output.decode("utf-8") == head + "Дежавю за 9 €\n\n"
    notes.append(document.output_encoding_note)
    assert notes[0] is None
    assert "cannot hold “Д”" in str(notes[1])


def test_an_encoding_can_be_forced(tmp_path: Path) -> None:
    path = write(tmp_path, "greek.srt", "1\n00:00:01,000 --> 00:00:02,000\nΚαλημέρα\n\n".encode("cp1253"))
    assert open_srt(path, encoding="cp1253").segments[0].text == "Καλημέρα"


def test_blank_lines_in_a_translation_cannot_split_a_subtitle(tmp_path: Path) -> None:
    document = open_srt(EPISODE)
    output = document.render({"s2": Translation("\nDas Schiff 42\n\n  fährt um 9:30 ab.  \n")}, "de")
    assert timings(output) == timings(EPISODE.read_bytes())
    assert list(srt.parse(output.decode("utf-8")))[1].content == "Das Schiff 42\n  fährt um 9:30 ab."


def test_missing_or_empty_translations_keep_the_source_text() -> None:
    document = open_srt(EPISODE)
    output = document.render(
        {"s1": Translation("  \n "), "s3": Translation("Der Preis ist 12.50 EUR.")}, "de"
    )
    contents = [s.content for s in srt.parse(output.decode("utf-8"))]
    assert contents[0] == "Welcome to the harbour."
    assert contents[2] == "Der Preis ist 12.50 EUR."
    assert contents[3] == "Goodbye!"


def test_a_translation_that_reads_as_timing_is_refused(tmp_path: Path) -> None:
    document = open_srt(EPISODE)
    with pytest.raises(FormatError, match=r"srt_episode\.srt: a translation contains text that reads as"):
        document.render({"s1": Translation("Hallo\n9\n00:00:02,000 --> 00:00:03,000\nmehr")}, "de")


def test_malformed_subtitles_are_refused_with_the_line(tmp_path: Path) -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nFine.\n\n"
        "2\n00:00:03,000 => 00:00:04,000\nBroken arrow.\n\n"
        "3\n00:00:05,000 --> 00:00:06,000\nFine again.\n"
    )
    with pytest.raises(FormatError, match=r"bad\.srt, line 5: this is not a subtitle.*“2 \| 00:00:03,000 =>"):
        open_srt(write(tmp_path, "bad.srt", text.encode("utf-8")))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"empty\.srt is empty"),
        (b"\n\n  \n", r"empty\.srt holds no subtitles"),
        (
            b"1\n00:00:01,000 --> 00:00:02,000\nSo \xff\xfe weird \x00\x00 bytes",
            r"empty\.srt does not look like",
        ),
    ],
)
def test_empty_or_binary_files_are_refused(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        open_srt(write(tmp_path, "empty.srt", data))
