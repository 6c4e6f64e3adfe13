"""Gettext catalogs: pending msgids out, msgstr and every plural form back, valid for GNU msgfmt."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest

from app.core.formats.document import FormatError, Translation
from app.core.formats.gettext_po import PoDocument, open_po

SAMPLES = Path(__file__).parent / "samples"
TEMPLATE = SAMPLES / "po_app.pot"
PARTIAL = SAMPLES / "po_partial.de.po"


def fake(text: str) -> str:
    """A deterministic "translation": placeholders, numbers and edge newlines stay as they are."""
    core = text.strip("\n")
    return text[: text.index(core)] + "«" + core + "»" + text[text.index(core) + len(core) :]


def translate_all(document: PoDocument, **review: bool) -> dict[str, Translation]:
    return {
        s.key: Translation(fake(s.text), needs_review=review.get(s.key, False)) for s in document.segments
    }


def msgfmt(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """GNU msgfmt on ``path``; these tests need it (Debian/Ubuntu package gettext) and fail without it."""
    tool = shutil.which("msgfmt")
    assert tool is not None, "msgfmt is not installed: install GNU gettext (apt-get install gettext)"
    return subprocess.run([tool, *args, str(path)], capture_output=True, text=True, check=False, timeout=60)


def check_valid(path: Path) -> None:
    result = msgfmt(path, "--check", "-o", "/dev/null")
    assert result.returncode == 0, result.stderr


def render_to(tmp_path: Path, document: PoDocument, language: str, translations: Any = None) -> Path:
    output = tmp_path / f"out.{language}.po"
    chosen = translate_all(document) if translations is None else translations
    output.write_bytes(document.render(chosen, language))
    return output


def shape(entry: Any) -> tuple[object, ...]:
    """Everything about an entry except its translation state."""
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.comment, entry.tcomment, entry.occurrences)


def test_pending_msgids_become_segments_with_unique_keys() -> None:
    document = open_po(TEMPLATE)
    assert document.format_name == "Gettext PO template"
    assert document.skipped_translated == 0
    keys = [s.key for s in document.segments]
    assert len(keys) == len(set(keys)) == 12
    by_key = {s.key: s for s in document.segments}
    assert by_key["menu\x04Open"].text == by_key["Open"].text == "Open"
    assert by_key["menu\x04Open"].note == "context: menu; app/menu.py:3"
    assert by_key["Welcome back"].note == "Shown on the start screen.; app/start.py:12"
    plural = by_key["One file\x00plural"]
    assert (plural.text, plural.plural_of) == ("%d files", "One file")
    assert [s.key for s in document.segments][5:7] == ["One file", "One file\x00plural"]


@pytest.mark.parametrize(("language", "forms"), [("de", 2), ("ru", 3), ("ja", 1), ("fr", 2), ("ar", 6)])
def test_output_passes_msgfmt_check_with_every_plural_form(tmp_path: Path, language: str, forms: int) -> None:
    document = open_po(TEMPLATE)
    output = render_to(tmp_path, document, language)
    check_valid(output)
    catalog = polib.pofile(str(output))
    assert catalog.metadata["Language"] == language
    assert catalog.metadata["Plural-Forms"].startswith(f"nplurals={forms};")
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d[+-]\d{4}", catalog.metadata["PO-Revision-Date"])
    assert catalog.metadata["X-Generator"] == "sample-extractor 2.1"  # other headers kept
    assert not catalog.metadata_is_fuzzy
    files = catalog.find("One file")
    expected = (
        {0: "«%d files»"} if forms == 1 else {0: "«One file»", **{i: "«%d files»" for i in range(1, forms)}}
    )
    assert files.msgstr_plural == expected
    assert files.fuzzy == (forms > 2)  # forms 2 and up need a person
    assert (catalog.find("One file").fuzzy, "One file" in document.marked_fuzzy) == (forms > 2, forms > 2)


def test_every_segment_comes_back_and_the_catalog_shape_is_kept(tmp_path: Path) -> None:
    document = open_po(TEMPLATE)
    catalog = polib.pofile(str(render_to(tmp_path, document, "de")))
    source = polib.pofile(str(TEMPLATE))
    assert [shape(e) for e in catalog] == [shape(e) for e in source]
    assert [e.flags for e in catalog] == [e.flags for e in source]
    assert all(e.translated() for e in catalog)
    assert catalog.find("%s has %d new messages").msgstr == "«%s has %d new messages»"
    assert catalog.find("Open", msgctxt="menu").msgstr == "«Open»"
    long_text = next(e for e in catalog if "20,000" in e.msgid)
    assert "20,000" in long_text.msgstr and "1.5" in long_text.msgstr


def test_compiled_catalog_serves_the_translations(tmp_path: Path) -> None:
    for language, count, expected in [
        ("de", 5, "«%d files»"),
        ("de", 1, "«One file»"),
        ("ja", 1, "«%d files»"),
    ]:
        output = render_to(tmp_path, open_po(TEMPLATE), language)
        compiled = tmp_path / f"{language}.mo"
        assert msgfmt(output, "-o", str(compiled)).returncode == 0
        with compiled.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        assert catalog.ngettext("One file", "%d files", count) == expected
        assert catalog.pgettext("menu", "Open") == "«Open»"
        assert catalog.gettext("{user} joined the team") == "«{user} joined the team»"


def test_msgid_newlines_are_mirrored_in_msgstr(tmp_path: Path) -> None:
    document = open_po(TEMPLATE)
    translations = translate_all(document)
    translations["Usage: %s [options]\n"] = Translation("Aufruf: %s [Optionen]")  # newline dropped
    output = render_to(tmp_path, document, "de", translations)
    check_valid(output)
    assert polib.pofile(str(output)).find("Usage: %s [options]\n").msgstr == "Aufruf: %s [Optionen]\n"


def test_review_and_directive_mismatches_become_fuzzy_and_stay_valid(tmp_path: Path) -> None:
    document = open_po(TEMPLATE)
    translations = translate_all(document, **{"Welcome back": True})
    translations["%s has %d new messages"] = Translation("%s hat neue Nachrichten")  # %d lost
    translations["Hello, %(name)s! You have %(count)d tasks."] = Translation("Hallo! 50 % der Aufgaben")
    translations["{user} joined the team"] = Translation("{usr} ist beigetreten")
    output = render_to(tmp_path, document, "de", translations)
    check_valid(output)
    catalog = polib.pofile(str(output))
    fuzzy = [e.msgid for e in catalog if e.fuzzy]
    assert fuzzy == [
        "Welcome back",
        "%s has %d new messages",
        "Hello, %(name)s! You have %(count)d tasks.",
        "{user} joined the team",
    ]
    assert list(document.marked_fuzzy) == fuzzy
    assert catalog.find("%s has %d new messages").msgstr == "%s hat neue Nachrichten"  # kept for the person


def test_existing_translations_are_kept_and_not_offered_again(tmp_path: Path) -> None:
    document = open_po(PARTIAL)
    assert document.format_name == "Gettext PO"
    assert document.skipped_translated == 2
    assert [s.key for s in document.segments] == [
        "%s has %d new messages",  # fuzzy: offered again
        "Saved 3 files",
        "%(num)d item",
        "%(num)d item\x00plural",
    ]
    output = render_to(tmp_path, document, "de")
    check_valid(output)
    catalog = polib.pofile(str(output))
    assert catalog.find("Welcome back").msgstr == "Willkommen zurück"  # read from ISO-8859-1, kept
    assert catalog.find("One file").msgstr_plural == {0: "Eine Datei", 1: "%d Dateien"}
    was_fuzzy = catalog.find("%s has %d new messages")
    assert (was_fuzzy.fuzzy, was_fuzzy.previous_msgid) == (False, None)
    assert was_fuzzy.msgstr == "«%s has %d new messages»"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=n != 1;"  # the catalog's own rule
    assert catalog.metadata["Last-Translator"] == "Erika Muster <erika@example.com>"
    assert [(e.msgid, e.msgstr) for e in catalog.obsolete_entries()] == [("Old greeting", "Alter Gruß")]
    again = open_po(output)  # a second run finds nothing left to do and loses nothing
    assert (again.segments, again.skipped_translated) == ((), 5)


def test_untranslated_entries_stay_untranslated_with_the_language_s_forms(tmp_path: Path) -> None:
    document = open_po(TEMPLATE)
    output = render_to(tmp_path, document, "ja", {"Welcome back": Translation("おかえりなさい")})
    check_valid(output)
    catalog = polib.pofile(str(output))
    assert catalog.find("Welcome back").msgstr == "おかえりなさい"
    assert catalog.find("One file").msgstr_plural == {0: ""}  # one form in Japanese, still empty
    assert len(catalog.untranslated_entries()) == 9  # the other nine of ten


def test_an_unchanged_catalog_parses_to_the_same_entries(tmp_path: Path) -> None:
    """polib re-wraps long lines, so bytes may differ; the entries may not."""
    output = tmp_path / "same.po"
    output.write_bytes(open_po(PARTIAL).render({}, "de"))
    before, after = polib.pofile(str(PARTIAL)), polib.pofile(str(output))
    compare = [(*shape(e), e.flags, e.msgstr, e.msgstr_plural, e.obsolete, e.previous_msgid) for e in before]
    assert [
        (*shape(e), e.flags, e.msgstr, e.msgstr_plural, e.obsolete, e.previous_msgid) for e in after
    ] == compare


def test_a_catalog_of_another_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"po_partial\.de\.po is already a catalog for “de”"):
        open_po(PARTIAL).render({}, "fr")


def test_an_unknown_target_language_is_refused() -> None:
    with pytest.raises(FormatError, match="Unknown language"):
        open_po(TEMPLATE).render({}, "xx-nowhere")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[x] "c"\n', r"line 3"),
        ('msgid "a"b"\nmsgstr ""\n', r"line 1.*unescaped double quote"),
        ("name,price\nlamp,12\n", r"line 1"),
        ('msgid "a\nmsgstr "b"\n', "holds no gettext messages"),
    ],
)
def test_malformed_catalogs_are_refused_with_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.po"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match=message) as caught:
        open_po(path)
    assert "broken.po" in str(caught.value)


def test_bytes_that_do_not_fit_the_declared_charset_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.po"
    path.write_bytes(
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Caf\xe9"\nmsgstr ""\n'
    )
    with pytest.raises(FormatError, match=r"latin\.po, line 5: .*charset is UTF-8.*0xe9"):
        open_po(path)


def test_duplicate_messages_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.po"
    path.write_text('msgid "Save"\nmsgstr ""\n\nmsgid "Save"\nmsgstr ""\n', encoding="utf-8")
    with pytest.raises(FormatError, match=r"twice\.po, line 4: .*“Save” appears twice \(first as the first"):
        open_po(path)
    path.write_text(
        'msgid "A"\nmsgstr ""\n\nmsgid "B"\nmsgstr ""\n\nmsgid "B"\nmsgstr ""\n', encoding="utf-8"
    )
    with pytest.raises(FormatError, match=r"twice\.po, line 7: .*“B” appears twice \(first as line 4\)"):
        open_po(path)
