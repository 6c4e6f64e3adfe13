"""XLIFF 1.2 and 2.0: segments with inline markers, targets and states written, everything else kept."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from app.core.formats.document import FormatError, Translation
from app.core.formats.xliff import XliffDocument, open_xliff

SAMPLES = Path(__file__).parent / "samples"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def fake(text: str) -> str:
    """A deterministic 'translation' that keeps every marker where it was."""
    return f"«{text}»"


def translate_all(document: XliffDocument, *, review: Iterable[str] = ()) -> dict[str, Translation]:
    flagged = set(review)
    return {s.key: Translation(fake(s.text), s.key in flagged) for s in document.segments}


def sample(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copy(SAMPLES / name, tmp_path / name))


def tree_of(data: bytes) -> Any:
    return etree.parse(io.BytesIO(data), etree.XMLParser(resolve_entities=False, no_network=True))


def inner(element: Any) -> str:
    """The content of an element as XML text, without the element's own tags."""
    text = element.text or ""
    children = "".join(etree.tostring(child, encoding="unicode", with_tail=True) for child in element)
    return re.sub(r' xmlns(?::\w+)?="[^"]*"', "", text + children)  # declarations lxml repeats per child


def units_12(root: Any) -> dict[str, Any]:
    return {unit.get("id"): unit for unit in root.iter(f"{{{NS12}}}trans-unit")}


def c14n(root: Any) -> bytes:
    """The canonical tree without layout whitespace (a new target takes over its neighbour's indent)."""
    for node in root.iter():
        if node.text is not None and not node.text.strip():
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    result: bytes = etree.tostring(root, method="c14n")
    return result


# ---- XLIFF 1.2 ----------------------------------------------------------------------------------------


def test_12_segments_carry_inline_markers_notes_and_keys(tmp_path: Path) -> None:
    document = open_xliff(sample(tmp_path, "xliff_12_inline.xlf"))

    assert document.format_name == "XLIFF 1.2"
    by_key = {s.key: s for s in document.segments}
    base = "ui/strings.properties#"
    assert list(by_key) == [
        base + "title",
        base + "save",
        base + "codes",
        base + "boxes",
        base + "redo",
        base + "paragraph#1",
        base + "paragraph#2",
    ]
    assert by_key[base + "title"].note == "Shown on the home page."
    assert by_key[base + "save"].text == "Click <g1>Save</g1> to keep <x2/>your changes."
    # bpt/ept become one pair; ph and it keep their native code out of the text.
    assert by_key[base + "codes"].text == (
        "Price: <x1/> for <g2>3 items</g2> at https://example.com/buy<x3/> now."
    )
    # bx/ex pair around a term mark; a protected mark is one opaque code.
    assert by_key[base + "boxes"].text == "<g1>Read the <g2>manual</g2> of <x3/></g1>."
    assert by_key[base + "paragraph#2"].text == "Second <g1>bold</g1> sentence."
    assert document.skipped_translated == (base + "done",)
    texts = " ".join(s.text for s in document.segments)
    assert "ACME" not in texts and "Licensed" not in texts and "Acme Widget" not in texts


def test_12_render_writes_targets_states_and_keeps_everything_else(tmp_path: Path) -> None:
    path = sample(tmp_path, "xliff_12_inline.xlf")
    document = open_xliff(path)
    base = "ui/strings.properties#"

    output = document.render(translate_all(document, review=[base + "codes"]), "de")

    assert document.fallbacks == ()
    original_text = path.read_text(encoding="utf-8")
    text = output.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!-- Exported for translation;')
    assert text.endswith("</xliff>\n<!-- end -->\n")
    assert '<?acme-checkpoint id="1"?>' in text and "<!-- unit comment -->" in text
    # A new target sits on its own line, indented like the source before it.
    assert (
        '</source>\n        <target state="translated">«Welcome to the shop»</target>\n        <note' in text
    )
    assert '</source>\n        <target state="needs-review-translation">«Price:' in text
    root = tree_of(output).getroot()
    units = units_12(root)
    source_units = units_12(tree_of(path.read_bytes()).getroot())
    target = f"{{{NS12}}}target"
    for unit_id in ("title", "save", "codes", "boxes", "redo"):
        written = units[unit_id].find(target)
        assert inner(written) == fake(inner(source_units[unit_id].find(f"{{{NS12}}}source")))
    assert units["codes"].find(target).get("state") == "needs-review-translation"
    assert units["save"].find(target).get("state") == "translated"
    assert units["redo"].find(target).get(XML_LANG) == "de"  # an existing target's language is updated
    assert units["done"].find(target).text == "Abbrechen"
    assert units["done"].find(target).get("state") == "final"
    for unit_id in ("brand", "licence", "empty"):
        assert units[unit_id].find(target) is None
    assert all(file.get("target-language") == "de" for file in root.iter(f"{{{NS12}}}file"))
    assert "https://example.com/buy" in inner(units["codes"].find(target))

    # Outside the targets written (and the target language), the file is the same tree.
    translated = {"title", "save", "codes", "boxes", "redo", "paragraph"}
    before, after = tree_of(path.read_bytes()).getroot(), root
    for tree in (before, after):
        for unit_id, unit in units_12(tree).items():
            if unit_id in translated and unit.find(target) is not None:
                unit.remove(unit.find(target))
        for file in tree.iter(f"{{{NS12}}}file"):
            file.attrib.pop("target-language", None)
    assert c14n(before) == c14n(after)
    assert original_text.count("<note") == text.count("<note")


def test_12_output_reads_back_as_translated(tmp_path: Path) -> None:
    document = open_xliff(sample(tmp_path, "xliff_12_inline.xlf"))
    out = tmp_path / "out.xlf"
    out.write_bytes(document.render(translate_all(document), "de"))

    again = open_xliff(out)

    assert again.segments == ()
    assert set(again.skipped_translated) == {s.key for s in document.segments} | set(
        document.skipped_translated
    )


def test_12_segmented_unit_gets_one_target_mark_per_segment(tmp_path: Path) -> None:
    document = open_xliff(sample(tmp_path, "xliff_12_inline.xlf"))

    root = tree_of(document.render(translate_all(document), "de")).getroot()

    target = units_12(root)["paragraph"].find(f"{{{NS12}}}target")
    marks = [m for m in target.iter(f"{{{NS12}}}mrk") if m.get("mtype") == "seg"]
    assert [m.get("mid") for m in marks] == ["1", "2"]
    assert inner(marks[0]) == "«First sentence.»"
    assert inner(marks[1]) == '«Second <g id="1">bold</g> sentence.»'
    assert marks[0].tail == " "
    assert target.get("state") == "translated"


def test_12_a_partly_translated_unit_keeps_source_text_and_asks_for_review(tmp_path: Path) -> None:
    document = open_xliff(sample(tmp_path, "xliff_12_inline.xlf"))
    key = "ui/strings.properties#paragraph#2"

    root = tree_of(document.render({key: Translation("Zweiter <g1>fetter</g1> Satz.")}, "de")).getroot()

    units = units_12(root)
    target = units["paragraph"].find(f"{{{NS12}}}target")
    marks = [m for m in target.iter(f"{{{NS12}}}mrk") if m.get("mtype") == "seg"]
    assert inner(marks[0]) == "First sentence."
    assert inner(marks[1]) == 'Zweiter <g id="1">fetter</g> Satz.'
    assert target.get("state") == "needs-review-translation"
    # Units without any translation keep their state: no target, or the old one as it was.
    assert units["title"].find(f"{{{NS12}}}target") is None
    redo = units["redo"].find(f"{{{NS12}}}target")
    assert (redo.text, redo.get("state")) == ("Supprimer 2 fichiers ?", "needs-translation")


# ---- XLIFF 2.0 ----------------------------------------------------------------------------------------


def test_20_segments_skip_ignorables_untranslatable_and_final(tmp_path: Path) -> None:
    document = open_xliff(sample(tmp_path, "xliff_20_inline.xlf"))

    assert document.format_name == "XLIFF 2.0"
    assert [(s.key, s.text) for s in document.segments] == [
        ("f1#greeting", "Hello <g1>dear</g1> <x2/>friend!"),
        ("f1#two#a", "Open <g1>the file</g1>."),
        ("f1#two#b", "Then press <x1/> or <g2>Save</g2><x3/>."),
        ("f1#plain", "Visit https://example.com/help for 24/7 help."),
    ]
    assert document.segments[0].note == "Greets the user after login."
    assert document.skipped_translated == ("f1#reviewed",)


def test_20_render_sets_states_target_language_and_keeps_the_rest(tmp_path: Path) -> None:
    path = sample(tmp_path, "xliff_20_inline.xlf")
    document = open_xliff(path)

    output = document.render(translate_all(document, review=["f1#two#a"]), "pt-BR")

    assert document.fallbacks == ()
    root = tree_of(output).getroot()
    assert root.get("trgLang") == "pt-BR"
    segments = {
        seg.getparent().get("id") + "/" + str(seg.get("id")): seg for seg in root.iter(f"{{{NS20}}}segment")
    }
    source_tag, target_tag = f"{{{NS20}}}source", f"{{{NS20}}}target"
    for name in ("greeting/s1", "two/a", "two/b", "plain/None"):
        segment = segments[name]
        assert inner(segment.find(target_tag)) == fake(inner(segment.find(source_tag)))
    assert segments["two/a"].get("state") == "initial"
    assert segments["greeting/s1"].get("state") == "translated"
    assert segments["reviewed/None"].find(target_tag).text == "Beenden"
    assert segments["skip/None"].find(target_tag) is None
    assert '<data id="d3">{name}</data>' in output.decode()
    assert "https://example.com/help for 24/7" in inner(segments["plain/None"].find(target_tag))

    before = tree_of(path.read_bytes()).getroot()
    for tree in (before, root):
        tree.attrib.pop("trgLang", None)
        for segment in tree.iter(f"{{{NS20}}}segment"):
            if segment.getparent().get("id") in {"greeting", "two", "plain"}:
                segment.attrib.pop("state", None)
                if segment.find(target_tag) is not None:
                    segment.remove(segment.find(target_tag))
    assert c14n(before) == c14n(root)


# ---- Markers that do not match ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("translated", "exact"),
    [
        ("Klicken Sie auf <g1>Speichern</g1>, <x2/>um alles zu behalten.", True),
        ("<x2/>Zum Behalten <g1>Speichern</g1> klicken.", True),  # reordered: still exact
        ("Klicken Sie auf Speichern, um alles zu behalten.", False),  # markers lost
        ("Klicken <g1>Speichern</g1> <g7>neu</g7> <x2/><x2/>behalten.", False),  # invented and repeated
        ("Klicken </g1>Speichern<g1> behalten <x2/>", False),  # closed before opened
    ],
)
def test_markers_that_do_not_match_keep_every_code_and_are_reported(
    tmp_path: Path, translated: str, exact: bool
) -> None:
    document = open_xliff(sample(tmp_path, "xliff_12_inline.xlf"))
    key = "ui/strings.properties#save"

    output = document.render({key: Translation(translated)}, "de")

    assert document.fallbacks == (() if exact else (key,))
    target = units_12(tree_of(output).getroot())["save"].find(f"{{{NS12}}}target")
    codes = [
        (child.tag.rpartition("}")[2], dict(child.attrib)) for child in target.iter() if child is not target
    ]
    assert sorted(codes, key=str) == [("g", {"id": "1", "ctype": "bold"}), ("x", {"id": "2", "ctype": "lb"})]
    words = "".join(target.itertext())
    for word in ("Klicken", "Speichern", "behalten"):
        assert word.casefold() in words.casefold()
    assert "<g" not in words and "<x" not in words


def test_a_fallback_is_reported_for_the_last_render_only(tmp_path: Path) -> None:
    document = open_xliff(sample(tmp_path, "xliff_20_inline.xlf"))
    document.render({"f1#greeting": Translation("Hallo Freund!")}, "de")
    first = document.fallbacks
    assert first == ("f1#greeting",)

    document.render({"f1#greeting": Translation("Hallo <g1>lieber</g1> <x2/>Freund!")}, "de")

    assert document.fallbacks == ()


def test_characters_xml_cannot_hold_are_left_out_of_the_target(tmp_path: Path) -> None:
    document = open_xliff(sample(tmp_path, "xliff_20_inline.xlf"))

    output = document.render({"f1#plain": Translation("Besuchen\x00 Sie\x1b https://example.com/help")}, "de")

    assert "Besuchen Sie https://example.com/help" in output.decode()


# ---- Encodings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("declared", "codec"), [("ISO-8859-1", "latin-1"), ("UTF-16", "utf-16")])
def test_the_original_encoding_and_declaration_are_kept(tmp_path: Path, declared: str, codec: str) -> None:
    text = (
        f"<?xml version='1.0' encoding='{declared}'?>\n"
        f'<xlf:xliff xmlns:xlf="{NS12}" version="1.2"><xlf:file original="m" source-language="en">'
        '<xlf:body><xlf:trans-unit id="1"><xlf:source>Grüße</xlf:source></xlf:trans-unit>'
        "</xlf:body></xlf:file></xlf:xliff>\n"
    )
    path = tmp_path / "m.xlf"
    path.write_bytes(text.encode(codec))
    document = open_xliff(path)

    output = document.render({"m#1": Translation("Привет, Grüße")}, "ru")

    decoded = output.decode(codec)
    assert decoded.startswith(f"<?xml version='1.0' encoding='{declared}'?>\n<xlf:xliff")
    target = tree_of(output).getroot().find(f".//{{{NS12}}}target")
    assert target.text == "Привет, Grüße"
    assert target.prefix == "xlf"


# ---- Bad input ----------------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_xml_names_the_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "broken.xlf",
        f'<xliff xmlns="{NS12}" version="1.2">\n<file original="a">\n<body></file>\n</xliff>\n',
    )

    with pytest.raises(FormatError, match=r"broken\.xlf, line 3: this is not well-formed XML"):
        open_xliff(path)


def test_another_root_element_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "page.xlf", "<html><body>Hi</body></html>")

    with pytest.raises(FormatError, match=r"page\.xlf is not an XLIFF file: its root element is <html>"):
        open_xliff(path)


def test_an_unsupported_version_is_named(tmp_path: Path) -> None:
    path = write(
        tmp_path / "old.xlf",
        '<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1"><file/></xliff>',
    )

    with pytest.raises(FormatError) as caught:
        open_xliff(path)
    assert "old.xlf is XLIFF version 1.1" in str(caught.value)
    assert "urn:oasis:names:tc:xliff:document:1.1" in str(caught.value)


@pytest.mark.parametrize("content", [b"", b"  \n"])
def test_an_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.xlf"
    path.write_bytes(content)

    with pytest.raises(FormatError, match=r"empty\.xlf is empty"):
        open_xliff(path)


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    path = write(
        tmp_path / "xxe.xlf",
        f'<?xml version="1.0"?>\n<!DOCTYPE xliff [\n  <!ENTITY xxe SYSTEM "{secret.as_uri()}">\n]>\n'
        f'<xliff xmlns="{NS12}" version="1.2"><file original="x" source-language="en"><body>\n'
        '<trans-unit id="1"><source>Value: &xxe; here</source></trans-unit>\n'
        "</body></file></xliff>\n",
    )

    document = open_xliff(path)
    output = document.render({s.key: Translation(fake(s.text)) for s in document.segments}, "de")

    assert [s.text for s in document.segments] == ["Value: <x1/> here"]
    assert b"TOP-SECRET-VALUE" not in output
    assert b'<target state="translated">\xc2\xabValue: &xxe; here\xc2\xbb</target>' in output
    assert b'<!ENTITY xxe SYSTEM "' + secret.as_uri().encode() + b'">' in output
