"""Markdown in, the same Markdown out: only the inline text of blocks changes, byte for byte elsewhere."""

from __future__ import annotations

import codecs
import random
import re
import time
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.core.formats.document import FormatError, Translation
from app.core.formats.markdown_text import open_markdown
from tests.core.formats.conftest import Fake, TranslateAll

URL = re.compile(r"https?://[^\s)>\]\"]+")
NUMBER = re.compile(r"\d+")
UNTOUCHED = (  # source lines that no translation may change
    "title: Installing Copydesk\nversion: 2.4\n",
    '```python\n# Code is never translated.\nprint("Hello, world")\n```\n',
    "~~~\nTilde fences stay too.\n~~~\n",
    "    Indented code stays as it is.\n",
    '<div class="warning">\nAn HTML block is kept exactly.\n</div>\n',
    '[guide]: https://example.com/guide "The full guide"\n',
    "|:--------|:-------:|-----------------:|\n",
)


def structure(data: bytes, *, inline: bool = False) -> list[tuple[str, str, str]]:
    """Block tokens (and, on request, inline tokens) as markdown-it sees them, without text or lines."""
    tokens = MarkdownIt("commonmark").enable("table").parse(data.decode("utf-8-sig"))
    shape: list[tuple[str, str, str]] = []
    for token in tokens:
        shape.append((token.type, token.tag, token.markup))
        children: list[Token] = token.children or [] if inline else []
        shape.extend((child.type, child.tag, child.markup) for child in children if child.type != "text")
    return shape


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_segments_are_the_prose_and_nothing_else(samples: Path) -> None:
    document = open_markdown(samples / "md_guide.md")
    notes = {segment.text.split("\n")[0]: segment.note for segment in document.segments}

    assert notes["Getting started"] == "heading 1"
    assert notes["Setext headings work too"] == "heading 1"
    assert notes["Requirements"] == "heading 2"
    assert notes["A 64-bit processor with 4 GB of memory."] == "list item"
    assert notes["Nested step two uses `copydesk --check`."] == "list item"
    assert notes["**Note:** the first start takes about 30 seconds"] == "blockquote"
    assert notes["Setting"] == "table header cell"
    assert notes["Meaning | notes"] == "table header cell"
    assert notes["Number of CPU threads"] == "table cell"
    assert notes["Final paragraph with trailing spaces."] == "paragraph"
    assert [segment.key for segment in document.segments] == [f"b{n}" for n in range(1, 23)]
    everything = "\n".join(segment.text for segment in document.segments)
    for kept in ("Installing Copydesk", "Code is never", "Tilde fences", "Indented code", "HTML block"):
        assert kept not in everything
    assert "[the release page](https://example.com/releases/v2.4.1?channel=stable)" in everything
    assert "The full guide" not in everything


def test_untranslated_and_unchanged_renders_are_the_source_bytes(samples: Path) -> None:
    document = open_markdown(samples / "md_guide.md")
    source = (samples / "md_guide.md").read_bytes()

    assert document.render({}, "de") == source
    same = {segment.key: Translation(segment.text) for segment in document.segments}
    assert document.render(same, "de") == source


def test_round_trip_changes_only_the_translatable_text(
    samples: Path, tmp_path: Path, shout: Fake, translate_all: TranslateAll
) -> None:
    document = open_markdown(samples / "md_guide.md")
    source = (samples / "md_guide.md").read_bytes()
    translations = translate_all(document, shout)

    output = document.render(translations, "de")

    assert structure(output) == structure(source)
    # Upper case and the guillemets are the only changes, and they sit exactly where the segments were.
    assert output.decode().replace("«", "").replace("»", "").lower() == source.decode().lower()
    for kept in UNTOUCHED:
        assert kept in output.decode()
    reopened = open_markdown(write(tmp_path, "guide.de.md", output.decode()))
    assert [segment.text for segment in reopened.segments] == [t.text for t in translations.values()]
    assert [segment.note for segment in reopened.segments] == [segment.note for segment in document.segments]


def test_round_trip_keeps_markup_urls_and_numbers(
    samples: Path, keep_markup: Fake, translate_all: TranslateAll
) -> None:
    document = open_markdown(samples / "md_guide.md")
    source = (samples / "md_guide.md").read_bytes()

    output = document.render(translate_all(document, keep_markup), "de")

    assert structure(output, inline=True) == structure(source, inline=True)
    assert sorted(URL.findall(output.decode())) == sorted(URL.findall(source.decode()))
    assert sorted(NUMBER.findall(output.decode())) == sorted(NUMBER.findall(source.decode()))
    assert "COPYDESK RUNS ON **WINDOWS**, *MACOS* AND LINUX." in output.decode()
    assert "«![A SCREENSHOT OF THE MAIN WINDOW](images/main.png)»" in output.decode()
    assert "[FULL GUIDE][guide]" in output.decode()


def test_crlf_line_endings_and_byte_order_mark_are_kept(
    samples: Path, tmp_path: Path, shout: Fake, translate_all: TranslateAll
) -> None:
    text = (samples / "md_guide.md").read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "guide.md"
    path.write_bytes(codecs.BOM_UTF8 + text.encode())
    document = open_markdown(path)

    output = document.render(translate_all(document, shout), "de")

    assert output.startswith(codecs.BOM_UTF8) and not output.startswith(codecs.BOM_UTF8 * 2)
    assert output.count(b"\r\n") == text.count("\r\n")
    assert b"\n" not in output.replace(b"\r\n", b"")
    assert document.render({}, "de") == path.read_bytes()


def test_a_translation_with_more_lines_keeps_the_blocks(tmp_path: Path) -> None:
    source = "Intro on one line.\n\n> Quoted first line\n> quoted second line.\n\n- Item\n"
    document = open_markdown(write(tmp_path, "notes.md", source))
    intro, quote, item = document.segments
    translations = {
        intro.key: Translation("Erste Zeile\nzweite Zeile"),
        quote.key: Translation("Eins\nzwei\ndrei\nvier"),
        item.key: Translation("Punkt\nmit Fortsetzung"),
    }

    output = document.render(translations, "de").decode()

    assert output == (
        "Erste Zeile zweite Zeile\n\n> Eins\n> zwei\n> drei\n> vier\n\n- Punkt mit Fortsetzung\n"
    )
    assert structure(output.encode()) == structure(source.encode())


def test_a_translated_line_never_starts_a_new_block(tmp_path: Path) -> None:
    source = "First line of a paragraph\nand its second line.\n\nNext paragraph.\n"
    document = open_markdown(write(tmp_path, "notes.md", source))
    first = document.segments[0]
    wild = "1. Januar 2024\n- kein Listenpunkt\n# keine Überschrift\n===\n```"
    output = document.render({first.key: Translation(wild)}, "de")

    assert structure(output) == structure(source.encode())
    reopened = open_markdown(write(tmp_path, "notes.de.md", output.decode()))
    flat = " ".join(reopened.segments[0].text.split())
    for word in ("Januar 2024", "kein Listenpunkt", "keine Überschrift", "===", "```"):
        assert word in flat
    assert reopened.segments[1].text == "Next paragraph."


def test_a_table_cell_translation_stays_in_its_cell(tmp_path: Path) -> None:
    source = "| Name | Value |\n| --- | --- |\n| a \\| b | 1 |\n"
    document = open_markdown(write(tmp_path, "table.md", source))
    assert [segment.text for segment in document.segments] == ["Name", "Value", "a | b", "1"]
    cell = document.segments[2]

    output = document.render({cell.key: Translation("x | y\nz")}, "de").decode()

    assert output == "| Name | Value |\n| --- | --- |\n| x \\| y z | 1 |\n"
    assert structure(output.encode()) == structure(source.encode())


def test_front_matter_is_kept_and_an_unclosed_rule_is_not_front_matter(tmp_path: Path) -> None:
    toml = '+++\ntitle = "Hallo"\n+++\nBody text.\n'
    document = open_markdown(write(tmp_path, "toml.md", toml))
    assert [segment.text for segment in document.segments] == ["Body text."]
    output = document.render({document.segments[0].key: Translation("Text.")}, "de")
    assert output.decode() == '+++\ntitle = "Hallo"\n+++\nText.\n'

    unclosed = open_markdown(write(tmp_path, "rule.md", "---\nNot front matter.\n"))
    assert [segment.text for segment in unclosed.segments] == ["Not front matter."]


def test_a_legacy_encoding_is_kept_unless_the_translation_does_not_fit(tmp_path: Path) -> None:
    path = write(tmp_path, "menu.md", "# Café\n\nCrème brûlée à la carte, très bien.\n", "cp1252")
    document = open_markdown(path)
    heading, body = document.segments

    german = document.render({body.key: Translation("Crème brûlée à la carte, sehr gut.")}, "de")
    assert document.encoding.codec == "cp1252"
    first_note = document.output_encoding_note
    assert first_note is None
    assert german == "# Café\n\nCrème brûlée à la carte, sehr gut.\n".encode("cp1252")

    japanese = document.render({heading.key: Translation("カフェ")}, "ja")
    assert japanese.decode("utf-8") == "# カフェ\n\nCrème brûlée à la carte, très bien.\n"
    note = document.output_encoding_note
    assert note is not None
    assert "menu.md" in note and "UTF-8" in note


def test_a_twenty_thousand_word_document_opens_fast(tmp_path: Path) -> None:
    rng = random.Random(20_000)
    words = ("the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "translators", "keep")
    blocks: list[str] = []
    prose: list[str] = []  # every line of text a segment must hold, in order
    while len(prose) < 2_000:  # ten words a line
        lines = [" ".join(rng.choice(words) for _ in range(10)) for _ in range(rng.randint(1, 4))]
        shape = len(blocks) % 6
        if shape == 0:
            prose.append(f"Part {len(blocks)}")
            blocks.append(f"## {prose[-1]}")
            continue
        prose.extend(lines)
        if shape == 3:
            blocks.append("\n".join(f"> {line}" for line in lines))
        elif shape == 4:
            blocks.append("\n".join(f"- {line}" for line in lines))
        else:
            blocks.append("\n".join(lines))
        if shape == 5:
            blocks.append("```\ncode()\n```")
    path = write(tmp_path, "long.md", "\n\n".join(blocks) + "\n")

    started = time.perf_counter()
    document = open_markdown(path)
    elapsed = time.perf_counter() - started

    assert elapsed < 1.0
    assert len(path.read_text().split()) > 20_000
    assert [line for segment in document.segments for line in segment.text.split("\n")] == prose
    assert len(document.segments) > 1000


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.md", "")
    with pytest.raises(FormatError, match=r"empty\.md is empty"):
        open_markdown(path)


@pytest.mark.parametrize("with_nul", [True, False])
def test_binary_junk_is_refused_and_left_alone(tmp_path: Path, with_nul: bool) -> None:
    junk = random.Random(7).randbytes(4096)
    junk = junk if with_nul else junk.replace(b"\x00", b"\x01")
    path = tmp_path / "photo.md"
    path.write_bytes(junk)

    with pytest.raises(FormatError, match=r"photo\.md does not look like a text file"):
        open_markdown(path)
    assert path.read_bytes() == junk


def test_bytes_that_do_not_fit_the_chosen_encoding_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.md", "# Title\n\nCafé crème\n", "cp1252")

    with pytest.raises(FormatError, match=r"notes\.md cannot be read as utf-8: byte 0xe9 on line 3"):
        open_markdown(path, encoding="utf-8")
    with pytest.raises(FormatError, match="not a known text encoding"):
        open_markdown(path, encoding="klingon-8")
    assert [segment.text for segment in open_markdown(path, encoding="cp1252").segments] == [
        "Title",
        "Café crème",
    ]


def test_a_file_that_mixes_encodings_asks_for_one(tmp_path: Path) -> None:
    path = tmp_path / "mixed.md"
    path.write_bytes("# Grüße\n\n".encode() + b"Caf\xe9\n")

    with pytest.raises(FormatError, match=r"mixed\.md is mostly UTF-8, but line 3.*--encoding"):
        open_markdown(path)


@pytest.mark.parametrize(
    "source",
    [
        "-\tA tab after the marker\n\tand a tab before the next line.\n",
        ">\tA tab after the quote marker\n>\tline two.\n",
        "* One\n    * Nested\n        * Deeper\n          continued.\n",
        "> | Name | Kind |\n> |---|---|\n> | > | 1. |\n",
    ],
)
def test_tabs_and_nested_containers_round_trip(tmp_path: Path, source: str, shout: Fake) -> None:
    document = open_markdown(write(tmp_path, "nested.md", source))
    assert document.segments

    output = document.render({s.key: Translation(shout(s.text)) for s in document.segments}, "de")

    assert structure(output) == structure(source.encode())
    assert output.decode().replace("«", "").replace("»", "").lower() == source.lower()
