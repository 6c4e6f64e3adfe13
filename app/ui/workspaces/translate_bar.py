"""The Translate workspace's top row: from and to languages, what the model is known to handle, the
glossary, and opening and saving files.

The one line under the languages comes from the model catalog: when the loaded model's file is a catalog
model, its ``languages`` say which languages it writes well, and the line names the chosen ones it does
not list. It is the only place that says so (the pickers' own hints are off), so the row of controls
stays as narrow as its buttons. A model the catalog does not know (an imported file, a server) gets no
verdict rather than a guess.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from app.core.models.catalog import ANY_LANGUAGE, Catalog, CatalogEntry
from app.core.translation.languages import UnknownLanguageError, language
from app.ui.i18n import fill
from app.ui.translation.language_picker import LanguagePicker
from app.ui.workspaces.results_export import error_colour


def catalog_entry_for(catalog: Catalog | None, info: object) -> CatalogEntry | None:
    """The catalog entry whose file the loaded model is (matched by file name); None when unknown."""
    path = getattr(info, "path", None)
    if catalog is None or not isinstance(path, Path):
        return None
    name = path.name.casefold()
    for entry in catalog:
        if any(item.file.casefold() == name for item in entry.files):
            return entry
    return None


def language_label(code: str) -> str:
    try:
        return language(code).label
    except UnknownLanguageError:
        return code


def language_name(code: str) -> str:
    try:
        return language(code).name
    except UnknownLanguageError:
        return code


class TranslateBar(QWidget):
    languages_changed = Signal()
    glossary_requested = Signal()
    open_requested = Signal()
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_picker = LanguagePicker(show_hint=False)
        self.source_picker.setObjectName("sourceLanguage")
        self.source_picker.setAccessibleName(self.tr("Translate from"))
        self.target_picker = LanguagePicker(show_hint=False)
        self.target_picker.setObjectName("targetLanguage")
        self.target_picker.setAccessibleName(self.tr("Translate into"))
        self.swap_button = QToolButton()
        self.swap_button.setObjectName("swapLanguages")
        self.swap_button.setText("⇄")
        self.swap_button.setAccessibleName(self.tr("Swap the languages"))
        self.swap_button.setToolTip(self.tr("Swap the languages"))
        self.hint = QLabel()
        self.hint.setObjectName("languageHint")
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)  # the warning part is coloured
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.glossary_button = QPushButton(self.tr("Glossary…"))
        self.glossary_button.setObjectName("glossaryButton")
        self.glossary_button.setAccessibleName(self.tr("Glossary"))
        self.glossary_button.setToolTip(self.tr("Preferred translations and terms never to translate"))
        self.open_button = QPushButton(self.tr("Open file…"))
        self.open_button.setObjectName("openFileButton")
        self.open_button.setAccessibleName(self.tr("Open file"))
        self.save_button = QPushButton(self.tr("Save translation…"))
        self.save_button.setObjectName("saveTranslationButton")
        self.save_button.setAccessibleName(self.tr("Save translation"))
        self.save_button.setToolTip(self.tr("Write the translated file in the same format as the source"))

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("From:")))
        row.addWidget(self.source_picker)
        row.addWidget(self.swap_button)
        row.addWidget(QLabel(self.tr("Into:")))
        row.addWidget(self.target_picker)
        row.addWidget(self.glossary_button)
        row.addStretch()
        row.addWidget(self.open_button)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.hint)

        self.source_picker.changed.connect(self._on_language)
        self.target_picker.changed.connect(self._on_language)
        self.swap_button.clicked.connect(self.swap)
        self.glossary_button.clicked.connect(self.glossary_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.save_button.clicked.connect(self.save_requested)
        self._model_name = ""
        self._model_languages: tuple[str, ...] | None = None
        self._hint_plain = ""

    def source(self) -> str:
        return self.source_picker.code()

    def target(self) -> str:
        return self.target_picker.code()

    def set_languages(self, source: str, target: str) -> None:
        """Show a draft's languages without a `languages_changed` per picker."""
        self.blockSignals(True)
        try:
            self.source_picker.set_code(source)
            self.target_picker.set_code(target)
        finally:
            self.blockSignals(False)
        self._show_hint()

    def set_running(self, running: bool) -> None:
        """While a run goes on, the document and its languages stay as they are."""
        for widget in (self.source_picker, self.target_picker, self.swap_button, self.open_button):
            widget.setEnabled(not running)

    @Slot()
    def swap(self) -> None:
        source, target = self.source(), self.target()
        self.set_languages(target, source)
        self.languages_changed.emit()

    def set_model(self, name: str, languages: Sequence[str] | None) -> None:
        """The loaded model and the languages the catalog lists for it (None: not in the catalog)."""
        self._model_name = name
        self._model_languages = tuple(languages) if languages is not None else None
        for picker in (self.source_picker, self.target_picker):
            picker.set_model_languages(self._model_languages or ())
        self._show_hint()

    @Slot(str)
    def _on_language(self, _code: str) -> None:
        self._show_hint()
        self.languages_changed.emit()  # dropped while `set_languages` blocks this widget's signals

    def _show_hint(self) -> None:
        """Which languages the model writes well, and which chosen language it does not list."""
        text, warning = self._model_line(), self._unlisted_line()
        parts = [html.escape(text)] if text else []
        if warning:
            colour = error_colour(self.palette()).name()
            parts.append(f'<span style="color: {colour};">⚠ {html.escape(warning)}</span>')
        self.hint.setText(" ".join(parts))
        self._hint_plain = " ".join(part for part in (text, warning) if part)
        self.hint.setAccessibleName(self._hint_plain)  # the marked-up text is for the eye
        self.hint.setVisible(bool(parts))

    def hint_text(self) -> str:
        """The line under the languages as plain text (what a screen reader gets)."""
        return self._hint_plain

    def _model_line(self) -> str:
        languages = self._model_languages
        if not self._model_name:
            return ""
        if languages is None:
            return fill(self.tr("The catalog does not say which languages %1 handles."), self._model_name)
        if ANY_LANGUAGE in languages:
            return fill(self.tr("%1 is made for translation between many languages."), self._model_name)
        names = ", ".join(language_label(code) for code in languages)
        return fill(self.tr("%1 writes well in: %2."), self._model_name, names)

    def _unlisted_line(self) -> str:
        pickers = (self.source_picker, self.target_picker)
        unlisted = [language_name(p.code()) for p in pickers if p.support() == "unlisted"]
        if len(unlisted) == 1:
            return fill(self.tr("%1 is not listed for it: expect weak results."), unlisted[0])
        if len(unlisted) == 2:
            return fill(self.tr("%1 and %2 are not listed for it: expect weak results."), *unlisted)
        return ""
