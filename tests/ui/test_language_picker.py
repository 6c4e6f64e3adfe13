"""The language picker: found by code, English or native name (accents optional), and the catalog hint."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.translation.language_picker import LanguagePicker, search_languages

pytestmark = pytest.mark.gui


def codes(text: str) -> list[str]:
    return [item.code for item in search_languages(text)]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("ger", "de"),
        ("German", "de"),
        ("Deutsch", "de"),
        ("deutsch", "de"),
        ("de", "de"),
        ("de_AT", "de"),  # a region the table does not list falls back to the language
        ("pt_br", "pt-BR"),
        ("brasil", "pt-BR"),
        ("cestina", "cs"),  # accents are optional
        ("日本", "ja"),
        ("traditional", "zh-Hant"),
    ],
)
def test_search_finds_the_language_first(typed: str, first: str) -> None:
    assert codes(typed)[0] == first


def test_search_ranks_and_leaves_out() -> None:
    assert codes("pt")[:2] == ["pt", "pt-BR"]
    assert codes("chinese")[:2] == ["zh", "zh-Hant"]
    assert codes("xyzzy") == []
    assert len(codes("")) == len(codes(" ")) > 40


def make_picker(qtbot: QtBot, code: str = "en") -> LanguagePicker:
    picker = LanguagePicker(code=code)
    qtbot.addWidget(picker)
    picker.show()
    picker.activateWindow()
    picker.combo.setFocus()
    qtbot.waitUntil(lambda: picker.line.hasFocus())
    qtbot.waitUntil(lambda: picker.line.selectedText() == picker.line.text())  # entering selects all
    return picker


def type_and_enter(qtbot: QtBot, picker: LanguagePicker, text: str) -> None:
    picker.line.selectAll()
    qtbot.keyClicks(picker.line, text)
    qtbot.keyClick(picker.line, Qt.Key.Key_Return)


def test_typing_a_name_and_enter_chooses_it(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)
    assert picker.code() == "en"

    qtbot.keyClicks(picker.line, "ger")  # the whole text was selected on entering: typing replaces it
    popup = picker.completer.popup()
    assert popup is not None and popup.isVisible()
    assert popup.model().index(0, 0).data() == "German · Deutsch (de)"
    with qtbot.waitSignal(picker.changed) as changed:
        qtbot.keyClick(picker.line, Qt.Key.Key_Return)
    assert changed.args == ["de"]
    assert picker.code() == "de"
    assert picker.line.text() == "German · Deutsch (de)"

    type_and_enter(qtbot, picker, "Deutsch")  # the same language again: no second signal
    assert picker.code() == "de"
    type_and_enter(qtbot, picker, "japan")
    assert picker.code() == "ja"


def test_picking_from_the_popup(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)
    qtbot.keyClicks(picker.line, "port")
    popup = picker.completer.popup()
    assert popup is not None
    assert [popup.model().index(row, 0).data() for row in range(2)] == [
        "Portuguese · Português (pt)",
        "Portuguese (Brazil) · Português (Brasil) (pt-BR)",
    ]
    popup.setCurrentIndex(popup.model().index(1, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.code() == "pt-BR"


def test_an_unknown_name_keeps_the_choice(qtbot: QtBot) -> None:
    picker = make_picker(qtbot, "fr")
    changes: list[str] = []
    picker.changed.connect(changes.append)
    type_and_enter(qtbot, picker, "Klingon")
    assert picker.code() == "fr"
    assert picker.line.text() == "French · Français (fr)"
    assert changes == []


def test_set_code_accepts_any_spelling_and_refuses_unknown_codes(qtbot: QtBot) -> None:
    picker = LanguagePicker()
    qtbot.addWidget(picker)
    with qtbot.waitSignal(picker.changed) as changed:
        assert picker.set_code("PT_br")
    assert changed.args == ["pt-BR"]
    assert picker.line.text() == "Portuguese (Brazil) · Português (Brasil) (pt-BR)"
    assert not picker.set_code("qq")
    assert picker.code() == "pt-BR"
    assert LanguagePicker(code="qq").code() == "en"


def test_the_hint_says_how_the_catalog_covers_the_language(qtbot: QtBot) -> None:
    picker = LanguagePicker(code="de")
    qtbot.addWidget(picker)
    picker.show()
    assert picker.support() is None
    assert not picker.hint.isVisible()  # a model the catalog does not know: no guess

    picker.set_model_languages(["en", "de", "fr"])
    assert picker.support() == "listed"
    assert picker.hint.text() == "Listed for this model"
    assert picker.hint.isVisible()
    assert picker.combo.accessibleDescription() == "Listed for this model"

    picker.set_code("ja")
    assert picker.support() == "unlisted"
    assert picker.hint.text() == "⚠ Not listed for this model: expect weak results"

    picker.set_model_languages(["*"])
    assert picker.support() == "many"
    assert picker.hint.text() == "Many languages"

    picker.set_model_languages(["en", "pt"])
    picker.set_code("pt-BR")
    assert picker.support() == "listed"  # a region does not matter

    picker.set_model_languages([])
    assert picker.support() is None
    assert not picker.hint.isVisible()


def test_a_picker_without_its_hint_label_still_says_the_support(qtbot: QtBot) -> None:
    picker = LanguagePicker(code="ja", show_hint=False)
    qtbot.addWidget(picker)
    picker.show()
    picker.set_model_languages(["en"])
    assert picker.support() == "unlisted"
    assert not picker.hint.isVisible()  # the row it sits in says it once for both pickers
    assert picker.combo.accessibleDescription() == "Not listed for this model: expect weak results"


def test_the_accessible_name_reaches_the_combo(qtbot: QtBot) -> None:
    picker = LanguagePicker()
    qtbot.addWidget(picker)
    picker.setAccessibleName("Translate from")
    assert picker.combo.accessibleName() == "Translate from"
