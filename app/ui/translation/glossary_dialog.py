"""The glossary editor: a table of terms, CSV/TBX import, CSV export, for a language pair or a project.

Everything that touches a file (load, save, import, export) runs off the GUI thread (`Background`), and
every outcome is said in the message area inside the dialog: a static message box would block the
window, and an import with skipped rows needs a list the user can read while fixing the file.

Nothing is lost silently: rows that cannot be saved are marked and keep Save disabled; a glossary file
that cannot be read is never saved over; closing with unsaved changes asks for a second Close first.
Imported terms join the table as unsaved changes, so an import can still be looked over and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.tables.errors import EncodingUnclearError
from app.core.translation.glossary import Glossary, GlossaryError
from app.core.translation.glossary_io import GlossaryImport, read_glossary, write_glossary_csv
from app.core.translation.glossary_store import GlossaryStore, LoadedGlossary, load_file, save_file
from app.core.translation.languages import UnknownLanguageError, language
from app.ui.background import Background
from app.ui.i18n import fill
from app.ui.translation.glossary_editor import GlossaryEditor
from app.ui.translation.glossary_import_box import GlossaryImportBox
from app.ui.translation.glossary_table import TermRow
from app.ui.workspaces.results_export import error_colour

__all__ = ["GlossaryDialog", "Scope"]

Scope = Literal["pair", "project"]


def _label(code: str) -> str:
    try:
        return language(code).name
    except UnknownLanguageError:
        return code


def _user_message(error: BaseException) -> str:
    """The error's own words when it was written for the user; its type otherwise (a bug to report)."""
    return str(error) if isinstance(error, ValueError | OSError) and str(error) else repr(error)


def _read_project(path: Path, source: str, target: str) -> LoadedGlossary:
    """A project's glossary file; none yet is an empty glossary, an unreadable one a `GlossaryError`."""
    if not path.exists():
        return LoadedGlossary(Glossary(source, target))
    return LoadedGlossary(load_file(path))


@dataclass(frozen=True)
class _Saved:
    glossary: Glossary
    path: Path


class GlossaryDialog(QDialog):
    glossary_changed = Signal(object)
    """The `Glossary` just saved (of the scope shown)."""

    def __init__(
        self,
        store: GlossaryStore,
        source: str,
        target: str,
        parent: QWidget | None = None,
        *,
        project_file: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._store, self._source, self._target = store, source, target
        self._project_file = project_file
        self._scope: Scope = "project" if project_file is not None and project_file.exists() else "pair"
        self._load_id = 0
        self._writable = False
        self._saving = False
        self._discard_armed = False
        self._background = Background(self)
        pair = fill(self.tr("%1 → %2"), _label(source), _label(target))
        self.setWindowTitle(fill(self.tr("Glossary: %1"), pair))
        self.setObjectName("glossaryDialog")
        self.resize(820, 560)

        self.pair_radio = QRadioButton(fill(self.tr("This language pair (%1)"), pair))
        self.pair_radio.setObjectName("pairScope")
        self.pair_radio.setToolTip(self.tr("Used for every document translated between these languages"))
        self.project_radio = QRadioButton(self.tr("This project"))
        self.project_radio.setObjectName("projectScope")
        self.project_radio.setVisible(project_file is not None)
        if project_file is not None:
            self.project_radio.setText(fill(self.tr("This project (%1)"), project_file.name))
            self.project_radio.setToolTip(str(project_file))
        scopes = QButtonGroup(self)
        scopes.addButton(self.pair_radio)
        scopes.addButton(self.project_radio)
        (self.project_radio if self._scope == "project" else self.pair_radio).setChecked(True)
        self.scope_note = QLabel()
        self.scope_note.setStyleSheet("color: palette(placeholder-text);")

        self.editor = GlossaryEditor()
        self.model = self.editor.model
        self.import_box = GlossaryImportBox()
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setObjectName("exportGlossary")
        self.status = QLabel()
        self.status.setObjectName("glossaryStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(readOnly=True)
        self.details.setObjectName("glossaryDetails")
        self.details.setAccessibleName(self.tr("Details of the last import"))
        self.details.setMaximumHeight(110)
        self.details.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)

        scope_row = QHBoxLayout()
        scope_row.addWidget(QLabel(self.tr("Applies to:")))
        scope_row.addWidget(self.pair_radio)
        scope_row.addWidget(self.project_radio)
        scope_row.addWidget(self.scope_note)
        scope_row.addStretch()
        io_row = QHBoxLayout()
        io_row.addWidget(self.import_box, 1)
        io_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(scope_row)
        layout.addWidget(self.editor, 1)
        layout.addLayout(io_row)
        layout.addWidget(self.status)
        layout.addWidget(self.details)
        layout.addWidget(self.buttons)

        self.pair_radio.toggled.connect(self._on_scope_toggled)
        self.import_box.import_requested.connect(self.import_file)
        self.export_button.clicked.connect(self.choose_export)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.editor.changed.connect(self._refresh)
        self.model.modified_changed.connect(self._on_modified)
        self._background.busy_changed.connect(self._refresh)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter finishes a cell's edit; it must never press Save or Add
        self._load()

    # ------------------------------------------------------------ state

    @property
    def busy(self) -> bool:
        """A file is being read or written."""
        return self._background.busy

    def scope(self) -> Scope:
        return self._scope

    def select_scope(self, scope: Scope) -> None:
        """Show the language pair's or the project's glossary (refused while there are unsaved changes)."""
        (self.project_radio if scope == "project" else self.pair_radio).setChecked(True)

    def glossary(self) -> Glossary:
        """The table as a glossary; ``ValueError`` while a row has a problem."""
        return Glossary(self._source, self._target, self.model.terms())

    # ------------------------------------------------------------ loading and saving

    def _load(self) -> None:
        self._load_id += 1
        load_id, scope = self._load_id, self._scope
        self._writable = False
        self.model.set_terms(())
        self._show(self.tr("Reading the glossary…"))
        store, source, target, project_file = self._store, self._source, self._target, self._project_file

        def read() -> LoadedGlossary:
            if scope == "project" and project_file is not None:
                return _read_project(project_file, source, target)
            return store.load_with_warning(source, target)

        self._background.run(
            read,
            lambda loaded: self._on_loaded(load_id, loaded),
            lambda error: self._on_load_failed(load_id, error),
            name="read-glossary",
        )

    def _on_loaded(self, load_id: int, loaded: LoadedGlossary) -> None:
        if load_id != self._load_id:
            return
        self._writable = True
        found = loaded.glossary
        self.model.set_terms(found.terms)
        warning = loaded.warning
        made_for = (found.source_language, found.target_language)
        if [code.casefold() for code in made_for] != [self._source.casefold(), self._target.casefold()]:
            warning = fill(
                self.tr("This glossary was made for %1 → %2; saving it stores it for %3 → %4."),
                *made_for,
                self._source,
                self._target,
            )
        self._show(warning or "", error=bool(warning))
        self._refresh()

    def _on_load_failed(self, load_id: int, error: BaseException) -> None:
        if load_id == self._load_id:
            advice = self.tr("It will not be saved over; repair or move the file, then open this again.")
            self._show(f"{_user_message(error)} {advice}", error=True)
            self._refresh()

    @Slot()
    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        glossary = self.glossary()
        saved_rows = self.model.snapshot()
        scope, project_file, store = self._scope, self._project_file, self._store

        def write() -> _Saved:
            if scope == "project" and project_file is not None:
                save_file(glossary, project_file)
                return _Saved(glossary, project_file)
            return _Saved(glossary, store.save(glossary))

        self._saving = True
        self._show(self.tr("Saving…"))
        self._background.run(
            write,
            lambda saved: self._on_saved(saved, saved_rows),
            self._on_save_failed,
            name="save-glossary",
        )
        self._refresh()

    def _on_saved(self, saved: _Saved, rows: tuple[TermRow, ...]) -> None:
        self._saving = False
        self.model.mark_saved(rows)
        self._discard_armed = False
        count = len(saved.glossary.terms)
        self._show(fill(self.tr("Saved %n term(s) to %1.", "", count), saved.path.name))
        self.status.setToolTip(str(saved.path))
        self._refresh()
        self.glossary_changed.emit(saved.glossary)

    def _on_save_failed(self, error: BaseException) -> None:
        self._saving = False
        self._show(fill(self.tr("Not saved: %1"), _user_message(error)), error=True)
        self._refresh()

    # ------------------------------------------------------------ import and export

    @Slot(object, str)
    def import_file(self, path: Path, encoding: str = "") -> None:
        """Read ``path`` (CSV, TSV or TBX) and add its terms; the file's problems are listed by line."""
        source, target = self._source, self._target
        self._show(fill(self.tr("Importing %1…"), path.name))
        self._background.run(
            lambda: read_glossary(path, source, target, encoding=encoding or None),
            lambda result: self._on_imported(path, result),
            lambda error: self._on_import_failed(path, error),
            name="import-glossary",
        )
        self._refresh()

    def _on_imported(self, path: Path, result: GlossaryImport) -> None:
        self.import_box.hide_encodings()
        merged = self.model.merge(result.glossary.terms, replace_existing=self.import_box.replace_existing())
        parts = [
            self.tr("%n term(s) added", "", merged.added),
            self.tr("%n replaced", "", merged.replaced),
            self.tr("%n already here, left unchanged", "", merged.kept),
        ]
        text = fill(self.tr("From %1: %2."), path.name, ", ".join(parts))
        if merged.added or merged.replaced:
            text += " " + self.tr("Press Save to keep them.")
        lines = [fill(self.tr("Line %1: %2"), problem.line, problem.message) for problem in result.problems]
        if lines:
            text += " " + self.tr("%n entry(ies) of the file skipped; see below.", "", len(lines))
        self._show(text, error=bool(lines), details=lines)

    def _on_import_failed(self, path: Path, error: BaseException) -> None:
        cause = error.__cause__
        if isinstance(error, GlossaryError) and isinstance(cause, EncodingUnclearError):
            self.import_box.offer_encodings(path, cause.candidates)
        self._show(fill(self.tr("Nothing imported: %1"), _user_message(error)), error=True)

    @Slot()
    def choose_export(self) -> None:
        suggested = f"glossary-{self._source}-{self._target}.csv"
        path, _chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export the glossary"), suggested, self.tr("CSV files (*.csv);;TSV files (*.tsv)")
        )
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> None:
        """Write the table as it is now (saved or not) to ``path``."""
        if self.model.problems():
            self._show(self.tr("Fix the marked rows before exporting."), error=True)
            return
        glossary = self.glossary()
        self._background.run(
            lambda: write_glossary_csv(glossary, path),
            lambda _none: self._show(
                fill(self.tr("Exported %n term(s) to %1.", "", len(glossary.terms)), path.name)
            ),
            lambda error: self._show(fill(self.tr("Not exported: %1"), _user_message(error)), error=True),
            name="export-glossary",
        )
        self._refresh()

    # ------------------------------------------------------------ closing

    def reject(self) -> None:
        """Close; with unsaved changes only on the second try, after saying so."""
        if self._saving:
            self._show(self.tr("Still saving; close again in a moment."))
            return
        if self.model.is_modified() and not self._discard_armed:
            self._discard_armed = True
            self._show(
                self.tr(
                    "This glossary has unsaved changes. Save them, or press Close again to discard them."
                ),
                error=True,
            )
            return
        self._background.close()
        super().reject()

    # ------------------------------------------------------------ showing

    @Slot(bool)
    def _on_scope_toggled(self, pair_checked: bool) -> None:
        scope: Scope = "pair" if pair_checked else "project"
        if scope == self._scope:
            return
        if self.model.is_modified():  # never drop unsaved terms by switching
            current = self.pair_radio if self._scope == "pair" else self.project_radio
            current.setChecked(True)
            self._show(self.tr("Save the changes before switching to the other glossary."), error=True)
            return
        self._scope = scope
        self._load()

    @Slot(bool)
    def _on_modified(self, _modified: bool) -> None:
        self._discard_armed = False
        self._refresh()

    def _show(self, text: str, *, error: bool = False, details: list[str] | None = None) -> None:
        self.status.setText(text)
        self.status.setToolTip("")
        colour = error_colour(self.palette()).name() if error else "palette(window-text)"
        self.status.setStyleSheet(f"color: {colour};")
        self.details.setPlainText("\n".join(details or []))
        self.details.setVisible(bool(details))

    @Slot()
    def _refresh(self, *_args: object) -> None:
        busy = self._background.busy
        modified = self.model.is_modified()
        problems = bool(self.model.problems())
        self.save_button.setEnabled(self._writable and modified and not problems and not busy)
        self.export_button.setEnabled(not problems and not busy and self.model.term_count() > 0)
        self.import_box.setEnabled(self._writable and not busy)
        self.editor.set_editable(self._writable)
        switch = not modified and not busy
        self.pair_radio.setEnabled(switch or self._scope == "pair")
        self.project_radio.setEnabled(switch or self._scope == "project")
        self.scope_note.setText(self.tr("(save to switch)") if modified and self._project_file else "")
