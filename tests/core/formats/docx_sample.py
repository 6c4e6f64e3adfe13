"""A Word document built in code with everything the DOCX format must keep: mixed run formatting, a
hyperlink, tabs and breaks, a page field, tables (one nested), images, two sections with their own page
setup, default / first-page / even-page headers and footers, and a text box saved as Choice + Fallback."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PYTHON_DOCX_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_WORD_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_TEXT_BOX = f"""<w:r {nsdecls("w", "wp", "a")} xmlns:v="urn:schemas-microsoft-com:vml"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
 <mc:AlternateContent>
  <mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>
   <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
    <wps:wsp><wps:txbx><w:txbxContent>
     <w:p><w:r><w:t>Boxed note: keep 3 copies.</w:t></w:r></w:p>
    </w:txbxContent></wps:txbx></wps:wsp>
   </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
     <w:p><w:r><w:t>Boxed note: keep 3 copies.</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
 </mc:AlternateContent>
</w:r>"""
_PAGE_FIELD = f"""<w:p {nsdecls("w")}>
 <w:r><w:t xml:space="preserve">Page </w:t></w:r>
 <w:r><w:fldChar w:fldCharType="begin"/></w:r>
 <w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>
 <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>
 <w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> of the guide</w:t></w:r>
</w:p>"""

# What open_docx must find in the sample, in order.
EXPECTED = [
    ("document:p0", "User guide", "style Title"),
    ("document:p1", "Click <g1>Save</g1> now, then <g2>wait 5 seconds</g2>.", ""),
    ("document:p2", "Read <g1>our guide</g1> at any time.", ""),
    ("document:p3", "Name:<x1/>Ada<x2/>Born 1815", ""),
    ("document:p4", "Before the picture<x1/>after the picture.", ""),
    ("document:p5", "See the box.", ""),
    ("document:p6", "Boxed note: keep 3 copies.", "text box"),
    ("document:p8", "Item", "table cell"),
    ("document:p9", "Price 12.50", "table cell"),
    ("document:p10", "Nested cell 7", "table cell"),
    ("document:p14", "Second section, landscape.", ""),
    ("header1:p0", "Default header", "header, style Header"),
    ("header2:p0", "First page header", "header (first page), style Header"),
    ("header3:p0", "Even page header", "header (even pages), style Header"),
    ("footer1:p0", "Page <x1/>1<x2/> of the guide", "footer"),
    ("footer2:p0", "First page footer", "footer (first page), style Footer"),
    ("footer3:p0", "Even page footer", "footer (even pages), style Footer"),
    ("footer4:p0", "Landscape footer", "footer, style Footer"),
]


def png_bytes() -> bytes:
    """A 1x1 red PNG, enough for python-docx to read its size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def build_sample(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("User guide", style="Title")
    mixed = document.add_paragraph("Click ")
    mixed.add_run("Save").bold = True
    mixed.add_run(" now, then ")
    italic = mixed.add_run("wait 5 seconds")
    italic.italic = True
    italic.font.size = Pt(14)
    mixed.add_run(".")
    _add_hyperlink(document.add_paragraph("Read "), "our guide", "https://example.com/guide")
    tabbed = document.add_paragraph().add_run("Name:")
    tabbed.add_tab()
    tabbed.add_text("Ada")
    tabbed.add_break()
    tabbed.add_text("Born 1815")
    pictured = document.add_paragraph("Before the picture")
    pictured.add_run().add_picture(io.BytesIO(png_bytes()), width=Inches(0.5))
    pictured.add_run("after the picture.")
    boxed = document.add_paragraph("See the box.")
    boxed._p.append(parse_xml(_TEXT_BOX))
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Item"
    table.cell(0, 1).text = "Price 12.50"
    table.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "Nested cell 7"
    document.add_paragraph()  # empty: no segment
    first = document.sections[0]
    first.different_first_page_header_footer = True
    document.settings.odd_and_even_pages_header_footer = True
    first.header.paragraphs[0].text = "Default header"
    first.first_page_header.paragraphs[0].text = "First page header"
    first.even_page_header.paragraphs[0].text = "Even page header"
    footer = first.footer
    footer._element.remove(footer.paragraphs[0]._p)
    footer._element.append(parse_xml(_PAGE_FIELD))
    first.first_page_footer.paragraphs[0].text = "First page footer"
    first.even_page_footer.paragraphs[0].text = "Even page footer"
    second = document.add_section(WD_SECTION.NEW_PAGE)
    second.orientation = WD_ORIENT.LANDSCAPE
    second.page_width, second.page_height = first.page_height, first.page_width
    second.footer.is_linked_to_previous = False
    second.footer.paragraphs[0].text = "Landscape footer"
    document.add_paragraph("Second section, landscape.")
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_as_word_writes_it(buffer.getvalue()))
    return path


def _as_word_writes_it(data: bytes) -> bytes:
    """Word's XML declaration and line end, and a part no relationship names (Word keeps such parts):
    a copy made by re-saving through python-docx would differ in both, so byte equality means kept."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if content.startswith(_PYTHON_DOCX_DECLARATION):
                content = _WORD_DECLARATION + content[len(_PYTHON_DOCX_DECLARATION) :]
            target.writestr(info, content)
        target.writestr("customXml/unreferenced.xml", b'<?xml version="1.0"?><kept-as-is/>')
    return buffer.getvalue()


def _add_hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
            f"</w:rPr><w:t>{text}</w:t></w:r></w:hyperlink>"
        )
    )
    paragraph.add_run(" at any time.")
