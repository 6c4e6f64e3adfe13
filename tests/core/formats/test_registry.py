"""Opening a file by its extension, the messages for files that cannot be opened, and output names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from app.core.formats.document import FormatError
from app.core.formats.html_page import HtmlDocument
from app.core.formats.markdown_text import MarkdownDocument
from app.core.formats.plain_text import PlainTextDocument
from app.core.formats.registry import SUPPORTED, default_output_path, open_document


@pytest.mark.parametrize(
    ("sample", "name", "kind", "format_name"),
    [
        ("text_letter.txt", "letter.txt", PlainTextDocument, "Plain text"),
        ("md_guide.md", "guide.md", MarkdownDocument, "Markdown"),
        ("md_guide.md", "GUIDE.Markdown", MarkdownDocument, "Markdown"),
        ("html_page.html", "page.html", HtmlDocument, "HTML"),
        ("html_page.html", "PAGE.HTM", HtmlDocument, "HTML"),
    ],
)
def test_the_extension_picks_the_format(
    samples: Path, tmp_path: Path, sample: str, name: str, kind: type, format_name: str
) -> None:
    path = tmp_path / name
    shutil.copyfile(samples / sample, path)

    document = open_document(path)

    assert isinstance(document, kind)
    assert document.format_name == format_name
    assert document.path == path
    assert document.segments
    assert SUPPORTED[path.suffix.lower()] == format_name


def test_the_encoding_option_reaches_the_text_formats(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Überschrift\n".encode("cp850"))

    assert open_document(path, encoding="cp850").segments[0].text == "Überschrift"


def test_an_unknown_extension_lists_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "slides.pptx"
    path.write_bytes(b"PK\x03\x04")

    with pytest.raises(FormatError, match=r"slides\.pptx: “\.pptx” files cannot be translated") as caught:
        open_document(path)
    for suffix in (".txt", ".md", ".html", ".docx", ".srt", ".po", ".xliff", ".csv", ".xlsx"):
        assert suffix in str(caught.value)
    with pytest.raises(FormatError, match="files without an extension"):
        open_document(tmp_path / "README")


@pytest.mark.parametrize("name", ["empty.md", "empty.txt", "empty.html", "empty.docx", "empty.po"])
def test_an_empty_file_is_refused_for_every_format(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")

    with pytest.raises(FormatError, match=re.escape(f"{name} is empty")):
        open_document(path)


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"gone\.md does not exist"):
        open_document(tmp_path / "gone.md")
    folder = tmp_path / "site.html"
    folder.mkdir()
    with pytest.raises(FormatError, match=r"site\.html is a folder, not a file"):
        open_document(folder)


@pytest.mark.parametrize(
    ("name", "language", "expected"),
    [
        ("guide.md", "de", "guide.de.md"),
        ("messages.pot", "de", "messages.de.po"),
        ("messages.po", "fr", "messages.fr.po"),
        ("Report.DOCX", "pt-BR", "Report.pt-BR.DOCX"),
        ("site.en.html", "ja", "site.en.ja.html"),
    ],
)
def test_default_output_path_sits_beside_the_source(name: str, language: str, expected: str) -> None:
    source = Path("/projects/docs") / name

    assert default_output_path(source, language) == Path("/projects/docs") / expected
