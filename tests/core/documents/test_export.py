"""Export: one document model, four formats, and a write that never leaves half a file behind."""

from __future__ import annotations

import errno
import importlib
import os
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from app.core.documents.export import (
    BulletList,
    ExportDocument,
    ExportError,
    Heading,
    Paragraph,
    document_from_draft,
    document_from_text,
    export,
    format_for,
    to_html,
    to_html_fragment,
    to_markdown,
    to_plain_text,
    write_docx,
)
from app.core.documents.library import Draft

DOC = ExportDocument(
    "Crunchy Müsli",
    (
        Paragraph("Oats, nuts and honey.\nBaked slowly."),
        Heading("Why you'll love it", 2),
        BulletList(("Rolled oats", "Hazelnuts & almonds")),
        Paragraph("Serve with milk."),
    ),
)

BLOG = """# Green tea at home

A short guide.
Second line of the intro.

## Water

- Not boiling
* About 80 °C

Steep for two minutes.
"""


# The package re-exports the function ``export``, which hides the module of the same name as an attribute.
export_module = importlib.import_module("app.core.documents.export")


def _draft(outputs: dict[str, object], title: str = "Draft title") -> Draft:
    return Draft(1, title, "product", {}, dict(outputs), 0.0, 0.0, None)


# -- building ---------------------------------------------------------------------------------------


def test_document_from_text_recognises_headings_bullets_and_paragraphs() -> None:
    doc = document_from_text("Green tea at home", BLOG)
    assert doc.title == "Green tea at home"  # the repeated "# " title is not shown twice
    assert doc.blocks == (
        Paragraph("A short guide.\nSecond line of the intro."),
        Heading("Water", 2),
        BulletList(("Not boiling", "About 80 °C")),
        Paragraph("Steep for two minutes."),
    )


def test_document_from_text_takes_a_missing_title_from_the_first_heading() -> None:
    assert document_from_text("", "# Found it\n\nBody").title == "Found it"


def test_document_from_text_keeps_a_different_first_heading() -> None:
    doc = document_from_text("Draft", "# Other\n\nBody")
    assert doc.title == "Draft"
    assert doc.blocks == (Heading("Other", 1), Paragraph("Body"))


def test_document_from_text_plain_text_and_edge_cases() -> None:
    text = (
        "First para\r\nstill first\r\n\r\n\r\n"
        "Second *emphasis* para\n#hashtag is text\n---\n- item\nafter list"
    )
    assert document_from_text("T", text).blocks == (
        Paragraph("First para\nstill first"),
        Paragraph("Second *emphasis* para\n#hashtag is text\n---"),
        BulletList(("item",)),
        Paragraph("after list"),
    )
    assert document_from_text("T", "").blocks == ()
    assert document_from_text("T", "### Deep ###").blocks == (Heading("Deep", 3),)


def test_heading_level_is_checked() -> None:
    with pytest.raises(ValueError, match="1 to 6"):
        Heading("x", 7)


def test_document_from_a_product_draft_keeps_part_order() -> None:
    draft = _draft(
        {"title": "Crunchy Müsli", "bullets": ["Oats", "Nuts"], "description": "Tasty.\n\nHealthy."}
    )
    assert document_from_draft(draft) == ExportDocument(
        "Crunchy Müsli", (BulletList(("Oats", "Nuts")), Paragraph("Tasty."), Paragraph("Healthy."))
    )


def test_document_from_a_text_draft_uses_the_markdown_inside() -> None:
    doc = document_from_draft(_draft({"text": BLOG}, title="Green tea at home"))
    assert doc.title == "Green tea at home"
    assert Heading("Water", 2) in doc.blocks


# -- formats ----------------------------------------------------------------------------------------


def test_markdown() -> None:
    assert to_markdown(DOC) == (
        "# Crunchy Müsli\n\n"
        "Oats, nuts and honey.\nBaked slowly.\n\n"
        "## Why you'll love it\n\n"
        "- Rolled oats\n- Hazelnuts & almonds\n\n"
        "Serve with milk.\n"
    )


def test_markdown_escapes_paragraph_lines_that_would_change_meaning() -> None:
    doc = ExportDocument("T", (Paragraph("# not a heading\n- not a bullet\n1. not a list\nplain"),))
    text = to_markdown(doc)
    assert "\\# not a heading\n\\- not a bullet\n\\1. not a list\nplain" in text
    assert document_from_text("T", text).blocks[0] == Paragraph(
        "\\# not a heading\n\\- not a bullet\n\\1. not a list\nplain"
    )


def test_markdown_round_trip_of_a_blog_draft() -> None:
    assert to_markdown(document_from_text("Green tea at home", BLOG)) == BLOG.replace("* About", "- About")


def test_plain_text() -> None:
    assert to_plain_text(DOC) == (
        "Crunchy Müsli\n\n"
        "Oats, nuts and honey.\nBaked slowly.\n\n"
        "Why you'll love it\n\n"
        "- Rolled oats\n- Hazelnuts & almonds\n\n"
        "Serve with milk.\n"
    )


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_a_complete_utf8_document() -> None:
    page = to_html(DOC)
    assert page.startswith("<!DOCTYPE html>\n<html>")
    assert '<meta charset="utf-8">' in page
    assert "<title>Crunchy Müsli</title>" in page
    parser = _TagCollector()
    parser.feed(page)
    assert parser.tags[:3] == ["html", "head", "meta"]
    assert [t for t in parser.tags if t in {"h1", "h2", "ul", "li", "p", "br"}] == [
        "h1",
        "p",
        "br",
        "h2",
        "ul",
        "li",
        "li",
        "p",
    ]
    assert "Hazelnuts &amp; almonds" in page


def test_html_escapes_everything() -> None:
    evil = ExportDocument(
        "<script>alert(1)</script>",
        (
            Heading('<img src=x onerror="bad()">', 2),
            Paragraph("<script>steal()</script> & 'quotes'"),
            BulletList(("<b>bold?</b>",)),
        ),
    )
    page = to_html(evil)
    assert "<script>" not in page
    assert "<img" not in page
    assert "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;steal()&lt;/script&gt; &amp; &#x27;quotes&#x27;" in page


def test_html_fragment_is_the_body_only() -> None:
    fragment = to_html_fragment(DOC)
    assert fragment.startswith("<h1>Crunchy Müsli</h1>\n<p>Oats, nuts and honey.<br>\nBaked slowly.</p>")
    assert "<html" not in fragment
    assert "<meta" not in fragment
    assert fragment in to_html(DOC)


def test_docx_has_real_heading_and_bullet_styles(tmp_path: Path) -> None:
    path = write_docx(DOC, tmp_path / "müsli.docx")
    word = docx.Document(str(path))
    rows = [(p.style.name if p.style is not None else "", p.text) for p in word.paragraphs]
    assert rows == [
        ("Title", "Crunchy Müsli"),
        ("Normal", "Oats, nuts and honey.\nBaked slowly."),
        ("Heading 2", "Why you'll love it"),
        ("List Bullet", "Rolled oats"),
        ("List Bullet", "Hazelnuts & almonds"),
        ("Normal", "Serve with milk."),
    ]
    assert word.core_properties.title == "Crunchy Müsli"


def test_docx_heading_levels(tmp_path: Path) -> None:
    doc = ExportDocument("T", tuple(Heading(f"Level {n}", n) for n in range(1, 7)))
    word = docx.Document(str(export(doc, tmp_path / "levels.docx")))
    styles = [p.style.name for p in word.paragraphs if p.style is not None]
    assert styles == ["Title"] + [f"Heading {n}" for n in range(1, 7)]


# -- export() ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("out.md", to_markdown(DOC)),
        ("out.MARKDOWN", to_markdown(DOC)),
        ("out.html", to_html(DOC)),
        ("out.htm", to_html(DOC)),
        ("out.txt", to_plain_text(DOC)),
    ],
)
def test_export_picks_the_format_from_the_extension(tmp_path: Path, name: str, expected: str) -> None:
    path = export(DOC, tmp_path / name)
    assert path == tmp_path / name
    assert path.read_bytes() == expected.encode("utf-8")


def test_export_with_an_explicit_format(tmp_path: Path) -> None:
    path = export(DOC, tmp_path / "notes", "md")
    assert path.read_text(encoding="utf-8") == to_markdown(DOC)


def test_export_docx_by_extension(tmp_path: Path) -> None:
    word = docx.Document(str(export(DOC, tmp_path / "out.docx")))
    assert word.paragraphs[0].text == "Crunchy Müsli"


@pytest.mark.parametrize("name", ["out.pdf", "out", "out.md.bak"])
def test_unknown_extension_is_a_clear_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(ExportError, match=r"\.docx, \.htm, \.html, \.markdown, \.md, \.txt"):
        export(DOC, tmp_path / name)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ExportError, match="Cannot export"):
        format_for(tmp_path / name)


def test_export_overwrites_and_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "out.txt"
    export(ExportDocument("Old", ()), path)
    export(DOC, path)
    assert path.read_text(encoding="utf-8") == to_plain_text(DOC)
    assert [p.name for p in path.parent.iterdir()] == ["out.txt"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_export_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    path.write_text("old")
    path.chmod(0o640)
    export(DOC, path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_failed_rename_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.html"
    path.write_text("the older good export", encoding="utf-8")

    def crash(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ExportError, match="not enough free space") as caught:
        export(DOC, path)
    assert str(path) in str(caught.value)
    assert path.read_text(encoding="utf-8") == "the older good export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.docx"
    write_docx(ExportDocument("Old", ()), path)
    before = path.read_bytes()

    def crash(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(ExportError, match="Input/output error"):
        export(DOC, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_a_renderer_failure_touches_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.md"
    path.write_text("old")

    def broken(doc: ExportDocument) -> str:
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(export_module, "to_markdown", broken)
    with pytest.raises(RuntimeError):
        export(DOC, path)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_exporting_onto_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "taken.md"
    folder.mkdir()
    with pytest.raises(ExportError, match=r"taken\.md"):
        export(DOC, folder)
    assert folder.is_dir()
    assert list(tmp_path.iterdir()) == [folder]
