"""Word documents: segments from every story, run-by-run rendering, and every other part kept."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from app.core.formats.document import FormatError, Translation
from app.core.formats.docx_file import DocxDocument, open_docx
from tests.core.formats.docx_sample import EXPECTED, W, build_sample

_TEXT_PARTS = re.compile(r"word/(document|header\d+|footer\d+)\.xml")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def fake(text: str) -> str:
    """A deterministic "translation" that keeps markers and numbers where they are."""
    return "«" + text + "»"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return build_sample(tmp_path / "guide.docx")


def render_all(document: DocxDocument) -> bytes:
    return document.render({s.key: Translation(fake(s.text)) for s in document.segments}, "de")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def without_text(part: bytes) -> bytes:
    """The part's XML with every w:t emptied: its structure, and nothing of its text."""
    root = etree.fromstring(part)
    for element in root.iter(f"{{{W}}}t"):
        element.text = None
        element.attrib.pop(_XML_SPACE, None)
    return bytes(etree.tostring(root, method="c14n"))


def test_segments_come_from_body_tables_text_boxes_headers_and_footers(sample: Path) -> None:
    document = open_docx(sample)
    assert document.format_name == "Word document"
    assert document.path == sample
    assert [(s.key, s.text, s.note) for s in document.segments] == EXPECTED


def test_round_trip_keeps_every_other_part_byte_for_byte(sample: Path, tmp_path: Path) -> None:
    source = sample.read_bytes()
    output = render_all(open_docx(sample))
    before, after = entries(source), entries(output)
    assert list(after) == list(before)  # same entries, same order
    assert after["customXml/unreferenced.xml"] == b'<?xml version="1.0"?><kept-as-is/>'
    text_parts = [name for name in before if _TEXT_PARTS.fullmatch(name)]
    assert len(text_parts) == 8  # the body, 3 headers, 4 footers
    for name, data in before.items():
        if name in text_parts:
            assert after[name] != data, name
            assert without_text(after[name]) == without_text(data), name
        else:
            assert after[name] == data, name
    assert sample.read_bytes() == source  # rendering never touches the source


def test_output_parses_again_with_every_segment_translated_in_place(sample: Path, tmp_path: Path) -> None:
    output = write(tmp_path, "guide.de.docx", render_all(open_docx(sample)))
    again = open_docx(output)
    assert [(s.key, s.text) for s in again.segments] == [(key, fake(text)) for key, text, _ in EXPECTED]
    reopened = docx.Document(str(output))  # python-docx itself reads it
    assert reopened.paragraphs[1].text == "«Click Save now, then wait 5 seconds.»"
    assert reopened.tables[0].cell(0, 1).tables[0].cell(0, 0).text == "«Nested cell 7»"
    assert len(reopened.inline_shapes) == 1
    width, height = reopened.sections[1].page_width, reopened.sections[1].page_height
    assert width is not None and height is not None and width > height  # the landscape section


def test_marked_text_keeps_its_formatting(sample: Path, tmp_path: Path) -> None:
    document = open_docx(sample)
    translated = "Klicken Sie auf <g1>Speichern</g1> und <g2>warten Sie 5 Sekunden</g2>."
    output = write(tmp_path, "out.docx", document.render({"document:p1": Translation(translated)}, "de"))
    runs = [(run.text, run.bold, run.italic) for run in docx.Document(str(output)).paragraphs[1].runs]
    assert runs == [
        ("Klicken Sie auf ", None, None),
        ("Speichern", True, None),
        (" und ", None, None),
        ("warten Sie 5 Sekunden", None, True),
        (".", None, None),
    ]
    assert document.fallbacks == ()


def test_reordered_groups_move_with_their_runs(sample: Path, tmp_path: Path) -> None:
    document = open_docx(sample)
    translated = "<g2>Warten Sie 5 Sekunden</g2>, nachdem Sie <g1>Speichern</g1> geklickt haben."
    output = write(tmp_path, "out.docx", document.render({"document:p1": Translation(translated)}, "de"))
    paragraph = docx.Document(str(output)).paragraphs[1]
    assert paragraph.text == "Warten Sie 5 Sekunden, nachdem Sie Speichern geklickt haben."
    styled = {run.text: (run.bold, run.italic) for run in paragraph.runs if run.text}
    assert styled["Warten Sie 5 Sekunden"] == (None, True)
    assert styled["Speichern"] == (True, None)
    assert document.fallbacks == ()


def test_text_may_move_around_a_marker(sample: Path, tmp_path: Path) -> None:
    document = open_docx(sample)
    translated = "<g1>Unseren Leitfaden</g1> jederzeit lesen."
    output = write(tmp_path, "out.docx", document.render({"document:p2": Translation(translated)}, "de"))
    paragraph = docx.Document(str(output)).paragraphs[2]
    assert paragraph.text == "Unseren Leitfaden jederzeit lesen."
    assert paragraph.hyperlinks[0].text == "Unseren Leitfaden"
    assert paragraph.hyperlinks[0].url == "https://example.com/guide"


def test_tabs_and_breaks_stay_between_their_words(sample: Path, tmp_path: Path) -> None:
    document = open_docx(sample)
    output = write(
        tmp_path,
        "out.docx",
        document.render({"document:p3": Translation("Name:<x1/>Ada<x2/>Geb. 1815")}, "de"),
    )
    assert docx.Document(str(output)).paragraphs[3].text == "Name:\tAda\nGeb. 1815"


@pytest.mark.parametrize(
    "translated",
    [
        "Klicken Sie auf Speichern und warten Sie 5 Sekunden.",  # markers missing
        "Klicken <g1>Sie</g1> auf <g1>Speichern</g1> und <g2>warten</g2> 5.",  # duplicated
        "Klicken <g1>Speichern</g1> <g3>und</g3> <g2>warten</g2> 5.",  # invented
        "Klicken <g1>Speichern <g2>warten</g2></g1> 5.",  # nested
        "Klicken </g1>Speichern<g1> <g2>warten</g2> 5.",  # closed before opened
    ],
)
def test_mismatched_markers_fall_back_to_the_first_run(sample: Path, tmp_path: Path, translated: str) -> None:
    document = open_docx(sample)
    rendered = document.render(
        {"document:p1": Translation(translated), "document:p0": Translation("X")}, "de"
    )
    assert document.fallbacks == ("document:p1",)
    paragraph = docx.Document(str(write(tmp_path, "out.docx", rendered))).paragraphs[1]
    words_in = re.sub(r"<[^>]+>", "", translated)
    assert paragraph.text == words_in  # every word kept, markers gone
    assert paragraph.runs[0].text == words_in
    assert paragraph.runs[1].bold is True  # the runs themselves (and their formatting) are still there


def test_fallbacks_are_reset_by_each_render(sample: Path) -> None:
    document = open_docx(sample)
    document.render({"document:p1": Translation("no markers")}, "de")
    assert document.fallbacks == ("document:p1",)
    render_all(document)
    assert not document.fallbacks


def test_objects_sharing_a_run_with_text_cannot_be_reordered(sample: Path, tmp_path: Path) -> None:
    document = open_docx(sample)
    rendered = document.render({"document:p3": Translation("Geb. 1815<x2/>Name:<x1/>Ada")}, "de")
    assert document.fallbacks == ("document:p3",)
    paragraph = docx.Document(str(write(tmp_path, "out.docx", rendered))).paragraphs[3]
    assert paragraph.text == "Geb. 1815Name:Ada\t\n"


def test_text_box_copies_both_get_the_translation(sample: Path, tmp_path: Path) -> None:
    rendered = open_docx(sample).render({"document:p6": Translation("Notiz: 3 Kopien behalten.")}, "de")
    body = entries(rendered)["word/document.xml"].decode("utf-8")
    assert body.count("Notiz: 3 Kopien behalten.") == 2
    assert "Boxed note" not in body


def test_untranslated_paragraphs_keep_their_text(sample: Path, tmp_path: Path) -> None:
    rendered = open_docx(sample).render({"document:p0": Translation("Benutzerhandbuch")}, "de")
    again = open_docx(write(tmp_path, "out.docx", rendered))
    assert again.segments[0].text == "Benutzerhandbuch"
    assert [(s.key, s.text) for s in again.segments[1:]] == [(key, text) for key, text, _ in EXPECTED[1:]]
    before, after = entries(sample.read_bytes()), entries(rendered)
    assert after["word/header1.xml"] == before["word/header1.xml"]  # untouched parts are not rewritten


def test_leading_and_trailing_spaces_are_preserved(sample: Path, tmp_path: Path) -> None:
    rendered = open_docx(sample).render(
        {"document:p1": Translation("<g1>Speichern</g1>  und <g2>ok</g2> ")}, "de"
    )
    paragraph = docx.Document(str(write(tmp_path, "out.docx", rendered))).paragraphs[1]
    assert paragraph.text == "Speichern  und ok "


def test_text_that_looks_like_markers_is_taken_literally(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Write <g1> to ")
    paragraph.add_run("open").bold = True
    document.save(str(tmp_path / "markup.docx"))
    opened = open_docx(tmp_path / "markup.docx")
    assert [s.text for s in opened.segments] == ["Write <g1> to open"]
    rendered = opened.render({opened.segments[0].key: Translation("Schreibe <g1> zum Öffnen")}, "de")
    out = docx.Document(str(write(tmp_path, "out.docx", rendered)))
    assert out.paragraphs[0].text == "Schreibe <g1> zum Öffnen"
    assert opened.fallbacks == ()


def test_characters_xml_cannot_hold_are_dropped(sample: Path, tmp_path: Path) -> None:
    rendered = open_docx(sample).render({"document:p0": Translation("Hand\x00buch\x0b")}, "de")
    assert docx.Document(str(write(tmp_path, "out.docx", rendered))).paragraphs[0].text == "Handbuch"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: b"This is plain text, not a document.", "is not a Word document"),
        (lambda data: data[: len(data) // 2], "is not a Word document"),
        (
            lambda data: _zip({k: v for k, v in entries(data).items() if k != "word/document.xml"}),
            "is not a complete Word document",
        ),
        (
            lambda data: _zip({**entries(data), "word/document.xml": b"<w:document><broken"}),
            "is a damaged Word document",
        ),
        (lambda data: _zip({"readme.txt": b"hello"}), "is not a complete Word document"),
    ],
    ids=["not-a-zip", "truncated", "no-document-part", "bad-xml", "other-zip"],
)
def test_malformed_files_are_refused_with_the_file_name(
    sample: Path, tmp_path: Path, damage: object, message: str
) -> None:
    assert callable(damage)
    bad = write(tmp_path, "broken.docx", damage(sample.read_bytes()))
    with pytest.raises(FormatError, match=message) as caught:
        open_docx(bad)
    assert "broken.docx" in str(caught.value)


def test_a_workbook_renamed_to_docx_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.save(str(tmp_path / "sheet.docx"))
    with pytest.raises(FormatError, match=r"sheet\.docx is not a Word document.*spreadsheet"):
        open_docx(tmp_path / "sheet.docx")


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"empty\.docx is empty"):
        open_docx(write(tmp_path, "empty.docx", b""))


_WORD_NOISE = f"""<w:p xmlns:w="{W}">
 <w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="intro"/>
 <w:r w:rsidR="00AB12"><w:rPr><w:lang w:val="en-GB"/></w:rPr>
  <w:t xml:space="preserve">The harbour </w:t></w:r>
 <w:proofErr w:type="spellEnd"/><w:bookmarkEnd w:id="0"/>
 <w:r w:rsidR="00CD34"><w:rPr><w:lang w:val="en-US"/></w:rPr>
  <w:lastRenderedPageBreak/><w:t>opens at</w:t></w:r>
 <w:del w:id="1" w:author="Ed"><w:r><w:delText> noon</w:delText></w:r></w:del>
 <w:ins w:id="2" w:author="Ed"><w:r><w:t xml:space="preserve"> 9:00</w:t></w:r></w:ins>
 <w:r><w:t>.</w:t></w:r>
</w:p>"""


def test_proofing_splits_are_one_formatting_and_deleted_text_is_left(tmp_path: Path) -> None:
    document = docx.Document()
    document.element.body.insert(0, etree.fromstring(_WORD_NOISE))
    document.save(str(tmp_path / "noise.docx"))
    opened = open_docx(tmp_path / "noise.docx")
    assert [s.text for s in opened.segments] == ["The harbour opens at<g1> 9:00</g1>."]
    rendered = opened.render(
        {opened.segments[0].key: Translation("Der Hafen öffnet um<g1> 9:00</g1>.")}, "de"
    )
    body = docx.Document(str(write(tmp_path, "out.docx", rendered))).element.body
    texts = [t.text or "" for t in body.iter(f"{{{W}}}t")]
    assert texts == ["Der Hafen öffnet um", "", " 9:00", "."]
    assert [t.text for t in body.iter(f"{{{W}}}delText")] == [" noon"]
    assert opened.fallbacks == ()


def test_a_group_keeps_its_tab_and_moves_as_a_whole(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Bold").bold = True
    tabbed = paragraph.add_run()
    tabbed.bold = True
    tabbed.add_tab()
    tabbed.add_text("text")
    paragraph.add_run(" and a long plain tail ")
    paragraph.add_run("Ital").italic = True
    document.save(str(tmp_path / "group.docx"))
    opened = open_docx(tmp_path / "group.docx")
    assert [s.text for s in opened.segments] == ["<g1>Bold<x1/>text</g1> and a long plain tail <g2>Ital</g2>"]
    translated = "<g2>Kursiv</g2> und ein langer Rest <g1>Fett<x1/>Text</g1>"
    rendered = opened.render({opened.segments[0].key: Translation(translated)}, "de")
    runs = docx.Document(str(write(tmp_path, "out.docx", rendered))).paragraphs[0].runs
    assert [(run.text, run.bold, run.italic) for run in runs] == [
        ("Kursiv", None, True),
        (" und ein langer Rest ", None, None),
        ("Fett", True, None),
        ("\tText", True, None),
    ]
    assert opened.fallbacks == ()
