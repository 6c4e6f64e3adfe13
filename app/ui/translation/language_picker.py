"""A language chooser that finds a language however the user names it, and says how well the model knows it.

Translators type: "ger", "German", "Deutsch", "de" and "pt-br" should all land on the right entry, and
accents should not matter ("cestina" finds Čeština). A plain combo only matches from the start of its
text, so the popup is fed from `search_languages`, which ranks codes, English and native names.

The hint beside the combo comes from the model catalog's ``languages`` for the loaded model. A model the
catalog does not know gets no hint at all rather than a guess (an empty sequence). A row of pickers that
says the same in one line of its own (the Translate bar) builds them with ``show_hint=False``, so the
hint does not widen the row; `support` and the combo's accessible description still say it.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from typing import Final, Literal

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from app.core.translation.languages import (
    Language,
    UnknownLanguageError,
    all_languages,
    catalog_language_support,
    language,
)
from app.ui.workspaces.results_export import error_colour

__all__ = ["LanguagePicker", "display_name", "search_languages"]

log = logging.getLogger(__name__)

Support = Literal["listed", "many", "unlisted"]
DEFAULT_CODE: Final = "en"
MAX_SHOWN: Final = 12
"""Rows the search popup shows before it scrolls."""


def display_name(item: Language) -> str:
    """``"German · Deutsch (de)"``: the English name, the native one where it differs, the code."""
    if item.native_name.casefold() == item.name.casefold():
        return f"{item.name} ({item.code})"
    return f"{item.name} · {item.native_name} ({item.code})"


def _fold(text: str) -> str:
    """Search form: accents dropped, case folded, outer spaces and "_" forgiven."""
    decomposed = unicodedata.normalize("NFKD", text.strip().replace("_", "-"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _rank(item: Language, key: str) -> int | None:
    """Lower is better; None when ``key`` does not match the language at all."""
    code = _fold(item.code)
    names = (_fold(item.name), _fold(item.native_name))
    if key == code:
        return 0
    if any(name.startswith(key) for name in names):
        return 1
    if any(word.startswith(key) for name in names for word in name.replace("(", " ").split()):
        return 2
    if code.startswith(key):
        return 3
    if any(key in name for name in names):
        return 4
    return None


def search_languages(text: str, languages: Sequence[Language] | None = None) -> list[Language]:
    """The languages matching ``text``, best first; all of them (in table order) for an empty text.

    A full code, alias or name the language table resolves ("de-AT", "Deutsch") comes first, then names
    starting with the text, then names with a word starting with it, then codes, then names containing it.
    """
    pool = tuple(languages) if languages is not None else all_languages()
    key = _fold(text)
    if not key:
        return list(pool)
    ranked = sorted(
        (rank, position, item) for position, item in enumerate(pool) if (rank := _rank(item, key)) is not None
    )
    found = [item for _rank_, _position, item in ranked]
    try:
        exact = language(text)
    except UnknownLanguageError:
        return found
    if exact in pool:
        found = [exact, *(item for item in found if item != exact)]
    return found


class LanguagePicker(QWidget):
    """Searchable language combo with a catalog hint beside it."""

    changed = Signal(str)
    """The chosen language's code, whenever it changes (by the user or by `set_code`)."""

    def __init__(
        self, parent: QWidget | None = None, *, code: str = DEFAULT_CODE, show_hint: bool = True
    ) -> None:
        super().__init__(parent)
        self._show_hint_label = show_hint
        self._languages = all_languages()
        self._model_languages: tuple[str, ...] = ()
        self._code = ""

        self.combo = QComboBox()
        self.combo.setObjectName("languageCombo")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMaxVisibleItems(MAX_SHOWN)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(18)
        self.combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        for item in self._languages:
            self.combo.addItem(display_name(item), item.code)
        self.combo.setToolTip(self.tr("Type a language's name in English or in itself, or its code"))
        self._matches = QStringListModel(self)
        self.completer = QCompleter(self._matches, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(MAX_SHOWN)
        self.line = QLineEdit()
        self.combo.setLineEdit(self.line)
        self.combo.setCompleter(self.completer)
        line = self.line
        line.setPlaceholderText(self.tr("Type a language or code"))
        line.installEventFilter(self)
        self.combo.installEventFilter(self)  # the combo takes the focus and hands keys to its field

        self.hint = QLabel()
        self.hint.setObjectName("languageSupport")
        self.hint.setWordWrap(True)  # may wrap, so the language row never widens the window
        self.hint.hide()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.combo)

        self.combo.currentIndexChanged.connect(self._on_index_changed)
        line.textEdited.connect(self._on_typed)
        line.editingFinished.connect(self._commit_typed)
        if not self.set_code(code):
            self.set_code(DEFAULT_CODE)

    # ------------------------------------------------------------ API

    def code(self) -> str:
        return self._code

    def set_code(self, code: str) -> bool:
        """Choose the language for ``code`` (any spelling the language table knows); False, with the
        choice unchanged, for a language it does not know."""
        try:
            wanted = language(code)
        except UnknownLanguageError as exc:
            log.warning("Language picker: %s", exc)
            return False
        index = self.combo.findData(wanted.code)
        if index < 0:
            return False
        self.combo.setCurrentIndex(index)
        self._show_current()
        return True

    def set_model_languages(self, languages: Sequence[str]) -> None:
        """What the catalog lists for the loaded model; empty when the catalog does not know the model."""
        self._model_languages = tuple(languages)
        self._show_hint()

    def support(self) -> Support | None:
        """How the loaded model covers the chosen language; None when there is nothing to say."""
        if not self._model_languages or not self._code:
            return None
        return catalog_language_support(self._model_languages, self._code)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name
        """The combo takes the focus, so it is the one a screen reader names."""
        super().setAccessibleName(name)
        self.combo.setAccessibleName(name)

    # ------------------------------------------------------------ typing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Entering the field selects its text, so typing starts a new search; Escape goes back."""
        line = self.line
        if watched not in (line, self.combo):
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.FocusIn:
            QTimer.singleShot(
                0, line, line.selectAll
            )  # after the click that gave the focus placed the cursor
        elif event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and line.text() != self.combo.currentText():
                self._hide_popup()
                self._show_current()
                return True
        return super().eventFilter(watched, event)

    @Slot(str)
    def _on_typed(self, text: str) -> None:
        self._matches.setStringList([display_name(item) for item in search_languages(text, self._languages)])

    @Slot()
    def _commit_typed(self) -> None:
        """Enter or leaving the field: take the best match for what was typed, or go back to the choice."""
        text = self.line.text()
        index = self.combo.findText(text, Qt.MatchFlag.MatchExactly)
        if index < 0:
            found = search_languages(text, self._languages)
            index = self.combo.findData(found[0].code) if found and text.strip() else -1
        if index >= 0:
            self.combo.setCurrentIndex(index)
        self._hide_popup()
        self._show_current()

    def _show_current(self) -> None:
        """The field shows the chosen language in full again (not a half-typed search)."""
        shown = self.combo.itemText(self.combo.currentIndex())
        if self.line.text() != shown:
            self.line.setText(shown)

    def _hide_popup(self) -> None:
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()

    @Slot(int)
    def _on_index_changed(self, index: int) -> None:
        code = str(self.combo.itemData(index) or "")
        if code and code != self._code:
            self._code = code
            self._show_hint()
            self.changed.emit(code)

    # ------------------------------------------------------------ hint

    def _show_hint(self) -> None:
        support = self.support()
        if support is None:
            text = tip = ""
        elif support == "listed":
            text = self.tr("Listed for this model")
            tip = self.tr("The model catalog lists this language for the loaded model.")
        elif support == "many":
            text = self.tr("Many languages")
            tip = self.tr("The loaded model is made for many languages; the catalog does not list each one.")
        else:
            text = self.tr("Not listed for this model: expect weak results")
            tip = self.tr(
                "The model catalog does not list this language for the loaded model. Check its "
                "translations closely, or load a model made for this language."
            )
        warn = support == "unlisted"
        shown = f"⚠ {text}" if warn else text  # the sign, not only the colour, says it is a warning
        self.hint.setText(shown)
        self.hint.setToolTip(tip)
        colour = error_colour(self.palette()).name() if warn else "palette(placeholder-text)"
        self.hint.setStyleSheet(f"color: {colour};")
        self.hint.setVisible(bool(text) and self._show_hint_label)
        self.combo.setAccessibleDescription(text)
