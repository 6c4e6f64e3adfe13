"""HTML: text nodes and readable attributes are translated; every other byte of the page is kept."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.core.formats.document import FormatError, Translation
from app.core.formats.html_page import open_html
from tests.core.formats.conftest import Fake, TranslateAll

TRANSLATED_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "content", "lang"}
KEPT = (  # source fragments no translation may touch
    "<!DOCTYPE html>",
    "<!-- Navigation: keep this comment -->",
    'const message = "<p>Not translated</p>";',
    "body { font-family: sans-serif; } /* not text */",
    "<pre>  spaces   kept  </pre>",
    "<code>copydesk --version</code>",
    '<p translate="no">Copydesk <span translate="yes">',
    "<template><p>Template text</p></template>",
    "<noscript>Enable scripts</noscript>",
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<a href="https://example.com/docs?lang=en&amp;v=2">',
    '<img src="shot.png" alt="',
    '" width="640">',
)


class Tree(HTMLParser):
    """The page's element tree as html.parser sees it, without translatable text and attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = tuple(f"{k}={'…' if k in TRANSLATED_ATTRIBUTES else v}" for k, v in attrs)
        self.events.append(("start", tag, *kept))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("decl", decl))


def tree(data: bytes) -> list[tuple[str, ...]]:
    parser = Tree()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser.events


def test_segments_are_text_nodes_and_readable_attributes(samples: Path) -> None:
    document = open_html(samples / "html_page.html")

    assert [(segment.note, segment.text) for segment in document.segments] == [
        ("meta description", "Copydesk 2.4: write & translate offline"),
        ("page title", "Copydesk – Download"),
        ("aria-label attribute", "Main menu"),
        ("title attribute", "Back to the start page"),
        ("text", "Home"),
        ("title attribute", "Download"),
        ("text", "Get it"),
        ("text", "Write & translate, 100% offline"),
        ("text", "Copydesk 2.4 needs 4 GB of memory.\n    See"),
        ("text", "the documentation"),
        ("text", "for details."),
        ("alt attribute", "The main window"),
        ("placeholder attribute", "Your e-mail address"),
        ("text", "Run"),
        ("text", "to check."),
        ("text", "is free software"),
        ("text", "3 < 4 and 5 > 2"),
    ]
    keys = [segment.key for segment in document.segments]
    assert len(set(keys)) == len(keys) and keys[:2] == ["a1", "t2"]


def test_untranslated_and_unchanged_renders_are_the_source_bytes(samples: Path) -> None:
    document = open_html(samples / "html_page.html")
    source = (samples / "html_page.html").read_bytes()

    assert document.render({}, "en") == source
    same = {segment.key: Translation(segment.text) for segment in document.segments}
    assert document.render(same, "en") == source


def test_round_trip_changes_only_the_translatable_text(
    samples: Path, tmp_path: Path, shout: Fake, translate_all: TranslateAll
) -> None:
    document = open_html(samples / "html_page.html")
    source = (samples / "html_page.html").read_bytes()
    translations = translate_all(document, shout)

    output = document.render(translations, "en")

    assert tree(output) == tree(source)
    flat = html.unescape(output.decode()).replace("«", "").replace("»", "")
    assert flat.lower() == html.unescape(source.decode()).lower()
    for kept in KEPT:
        assert kept in output.decode()
    path = tmp_path / "page.en.html"
    path.write_bytes(output)
    reopened = open_html(path)
    assert [segment.text for segment in reopened.segments] == [t.text for t in translations.values()]


def test_numbers_and_urls_come_through(samples: Path, keep_markup: Fake, translate_all: TranslateAll) -> None:
    document = open_html(samples / "html_page.html")
    source = (samples / "html_page.html").read_bytes().decode()

    output = document.render(translate_all(document, keep_markup), "de").decode()

    assert re.findall(r"\d+", output) == re.findall(r"\d+", source)
    assert re.findall(r"https?://[^\"'\s]+", output) == re.findall(r"https?://[^\"'\s]+", source)


def test_escaping_quoting_and_the_lang_attribute(samples: Path) -> None:
    document = open_html(samples / "html_page.html")
    by_text = {segment.text: segment.key for segment in document.segments}
    translations = {
        by_text["Back to the start page"]: Translation("Zur 'Start' Seite"),
        by_text["Download"]: Translation("Herunterladen"),
        by_text["Main menu"]: Translation('Haupt "Menü" & mehr'),
        by_text["The main window"]: Translation("Fenster mit Leerzeichen"),
        by_text["3 < 4 and 5 > 2"]: Translation("3 < 4 & 5 > 2"),
    }

    output = document.render(translations, "pt-BR").decode()

    assert '<html lang="pt-BR">' in output
    assert "title='Zur &#x27;Start&#x27; Seite'" in output
    assert "TITLE=Herunterladen>" in output
    assert 'aria-label="Haupt &quot;Menü&quot; &amp; mehr"' in output
    assert "<p>3 &lt; 4 &amp; 5 &gt; 2</p>" in output
    parser = Tree()
    parser.feed(output)
    assert ("start", "a", "href=/download", "title=…") in parser.events


def test_a_declared_legacy_charset_is_kept_and_unfit_characters_become_references(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Café</title></head><body><p>Crème</p></body></html>'
    )
    path = tmp_path / "menu.html"
    path.write_bytes(page.encode("cp1252"))
    document = open_html(path)
    title, body = document.segments
    assert (title.text, body.text) == ("Café", "Crème")

    output = document.render({title.key: Translation("カフェ"), body.key: Translation("Crème brûlée")}, "ja")

    decoded = output.decode("cp1252")
    assert "<title>&#12459;&#12501;&#12455;</title>" in decoded
    assert "<p>Crème brûlée</p>" in decoded
    assert document.output_encoding_note is None


def test_http_equiv_charset_is_read(tmp_path: Path) -> None:
    page = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>Größe</p>'
    path = tmp_path / "old.html"
    path.write_bytes(page.encode("latin-1"))

    assert [segment.text for segment in open_html(path).segments] == ["Größe"]


def test_a_page_whose_bytes_do_not_fit_its_charset_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "wrong.html"
    path.write_bytes(b'<meta charset="utf-8">\n<p>Caf\xe9</p>\n')

    with pytest.raises(FormatError, match=r"wrong\.html cannot be read as utf-8: byte 0xe9 on line 2.*utf-8"):
        open_html(path)
    assert [segment.text for segment in open_html(path, encoding="cp1252").segments] == ["Café"]


def test_an_unknown_declared_charset_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "odd.html"
    path.write_bytes(b'<meta charset="klingon"><p>Hi</p>')

    with pytest.raises(FormatError, match=r"odd\.html declares the charset “klingon”"):
        open_html(path)


def test_an_empty_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"")

    with pytest.raises(FormatError, match=r"empty\.html is empty"):
        open_html(path)


def test_a_page_without_lang_gets_none(tmp_path: Path) -> None:
    path = tmp_path / "bare.html"
    path.write_bytes(b"<p>Hello <b>world</b></p>")
    document = open_html(path)

    output = document.render({segment.key: Translation("Hallo") for segment in document.segments}, "de")

    assert output == b"<p>Hallo <b>Hallo</b></p>"
