"""Installed tab: the models Copydesk can use, with size, default mark and whether each is used in place
from another app; Set default, Remove (asks first), Verify, Import…, Use in place…, Discover and Open
folder. Listing, copying, hashing and discovery all run on worker threads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.models.library import (
    VerifyReport,
    import_model,
    remove_model,
    use_in_place,
    verify_model,
    with_default,
    without_default,
)
from app.core.models.store import InstalledModel, list_installed
from app.core.settings import Settings, SettingsError
from app.ui.i18n import fill
from app.ui.model_manager.context import ManagerContext
from app.ui.model_manager.discover_box import DiscoverBox
from app.ui.model_manager.formatting import OK_COLOUR, error_style, human_bytes
from app.ui.model_manager.tables import fill_table, make_table, selected_row

COLUMNS = (
    QT_TRANSLATE_NOOP("InstalledTab", "Name"),
    QT_TRANSLATE_NOOP("InstalledTab", "Size"),
    QT_TRANSLATE_NOOP("InstalledTab", "Default"),
    QT_TRANSLATE_NOOP("InstalledTab", "Where"),
)
"""The column headers in English; the table shows them translated."""


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


class InstalledTab(QWidget):
    def __init__(self, context: ManagerContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = context
        self.models: list[InstalledModel] = []
        self._showing_error = False
        self._list_request = 0

        self.table = make_table(tuple(self.tr(str(column)) for column in COLUMNS), "installedTable")
        self.default_button = _button(self.tr("Set default"), self.tr("Load this model when Copydesk starts"))
        self.remove_button = _button(
            self.tr("Remove…"), self.tr("Delete the file, or forget a model used in place")
        )
        self.verify_button = _button(
            self.tr("Verify"), self.tr("Check the header and compute the SHA-256 of every byte")
        )
        self.import_button = _button(
            self.tr("Import…"), self.tr("Copy a .gguf file into Copydesk's models folder")
        )
        self.use_in_place_button = _button(
            self.tr("Use in place…"), self.tr("Use a .gguf file where it is, uncopied")
        )
        self.discover_button = _button(
            self.tr("Discover"), self.tr("Find models of LM Studio, Ollama, GPT4All, HF cache")
        )
        self.open_folder_button = _button(
            self.tr("Open folder"), self.tr("Show the models folder in the file manager")
        )
        self.message = QLabel()
        self.message.setObjectName("installedMessage")
        self.message.setWordWrap(True)
        self.found_box = DiscoverBox(context)

        buttons = QHBoxLayout()
        for button in (self.default_button, self.remove_button, self.verify_button):
            buttons.addWidget(button)
        buttons.addStretch()
        for button in (
            self.import_button,
            self.use_in_place_button,
            self.discover_button,
            self.open_folder_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.found_box, 1)

        self.table.itemSelectionChanged.connect(self._on_selection)
        self.default_button.clicked.connect(self.set_default)
        self.remove_button.clicked.connect(self.remove)
        self.verify_button.clicked.connect(self.verify)
        self.import_button.clicked.connect(self.import_file)
        self.use_in_place_button.clicked.connect(self.use_file_in_place)
        self.discover_button.clicked.connect(self.found_box.discover)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.found_box.use_requested.connect(self.use_in_place)
        context.models_changed.connect(self.refresh)
        self._on_selection()
        self.refresh()

    def _say(self, text: str, *, error: bool = False, colour: str | None = None) -> None:
        style = error_style() if error else (f"QLabel {{ color: {colour}; }}" if colour else "")
        self.message.setStyleSheet(style)
        self.message.setText(text)
        self._showing_error = error

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        """Show ``what`` (already translated) and the error's message."""

        def show(error: BaseException) -> None:
            self._say(fill(self.tr("%1: %2"), what, error), error=True)

        return show

    # ------------------------------------------------------------------ the list

    @Slot()
    def refresh(self) -> None:
        self._list_request += 1
        request = self._list_request
        paths, settings = self._ctx.runtime.paths, self._ctx.runtime.settings

        def done(models: list[InstalledModel]) -> None:
            if request == self._list_request:
                self._show(models)

        self._ctx.background.run(
            lambda: list_installed(paths, settings),
            done,
            self._failed(self.tr("Could not list models")),
            name="list",
        )

    def _show(self, models: list[InstalledModel]) -> None:
        chosen = self.selected_model()
        self.models = models
        fill_table(
            self.table,
            [
                (
                    model.name,
                    human_bytes(model.size_bytes),
                    self.tr("★ default") if model.is_default else "",
                    self.tr("used in place: %1").replace("%1", str(model.path))
                    if model.external
                    else self.tr("models folder"),
                )
                for model in models
            ],
        )
        if chosen is not None:
            for row, model in enumerate(models):
                if model.path == chosen.path:
                    self.table.selectRow(row)
        if not models and not self._showing_error:  # a list refresh must not hide an error just shown
            self._say(
                self.tr(
                    "No models yet. Download one from Catalog or Search, import a .gguf file, or use "
                    "Discover. Models folder: %1"
                ).replace("%1", str(self._ctx.runtime.paths.models_dir))
            )
        self._on_selection()

    def selected_model(self) -> InstalledModel | None:
        row = selected_row(self.table, len(self.models))
        return None if row is None else self.models[row]

    @Slot()
    def _on_selection(self) -> None:
        model = self.selected_model()
        for button in (self.default_button, self.remove_button, self.verify_button):
            button.setEnabled(model is not None)
        if model is not None:
            self.default_button.setEnabled(not model.is_default)
            self.remove_button.setText(self.tr("Forget…") if model.external else self.tr("Remove…"))

    # ------------------------------------------------------------------ actions on one model

    def _save(self, settings: Settings) -> bool:
        try:
            self._ctx.runtime.save(settings)
        except (SettingsError, OSError) as exc:
            self._say(self.tr("Could not save the settings: %1").replace("%1", str(exc)), error=True)
            return False
        return True

    @Slot()
    def set_default(self) -> None:
        model = self.selected_model()
        if model is None:
            return
        runtime = self._ctx.runtime
        if self._save(with_default(runtime.paths, runtime.settings, model)):
            self._say(self.tr("%1 is now the default model.").replace("%1", model.name))
            self._ctx.default_changed.emit(model.name)
            self._ctx.models_changed.emit()

    @Slot()
    def remove(self) -> None:
        model = self.selected_model()
        if model is None:
            return
        if model.external:
            question = fill(
                self.tr("Stop using %1? Its file stays where it is (%2); only Copydesk forgets it."),
                model.name,
                model.path,
            )
        else:
            question = fill(
                self.tr("Delete %1 (%2) from disk? This cannot be undone."),
                model.name,
                human_bytes(model.size_bytes),
            )
        answer = QMessageBox.question(
            self,
            self.tr("Remove model"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        runtime = self._ctx.runtime
        paths, settings = runtime.paths, runtime.settings

        def done(_ignored: Settings) -> None:
            # From the settings as they are now: others may have changed while the file was deleted.
            current = runtime.settings
            updated = without_default(paths, current, model.path)
            if updated != current:
                self._save(updated)
            done_text = self.tr("Forgot %1.") if model.external else self.tr("Removed %1.")
            self._say(done_text.replace("%1", model.name))
            self._ctx.models_changed.emit()

        self._ctx.background.run(
            lambda: remove_model(paths, settings, model),
            done,
            self._failed(self.tr("Could not remove")),
            name="remove",
        )

    @Slot()
    def verify(self) -> None:
        model = self.selected_model()
        if model is None:
            return
        expected = self._ctx.known_sha256(model.path)
        self._say(self.tr("Verifying %1: reading every byte…").replace("%1", model.name))

        def done(report: VerifyReport) -> None:
            self._say(report.describe(), error=not report.ok, colour=OK_COLOUR if report.ok else None)

        self._ctx.background.run(
            lambda: verify_model(model.path, expected),
            done,
            self._failed(self.tr("Verification failed")),
            name="verify",
        )

    # ------------------------------------------------------------------ adding models

    @Slot()
    def import_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, self.tr("Import a model"), "", self._gguf_filter())
        if not name:
            return
        source, paths = Path(name), self._ctx.runtime.paths
        self._say(self.tr("Checking and copying %1…").replace("%1", source.name))

        def op(report: Callable[[tuple[int, int]], None]) -> Path:
            return import_model(paths, source, progress=lambda done, total: report((done, total)))

        def progress(value: tuple[int, int]) -> None:
            done, total = value
            self._say(
                fill(self.tr("Copying %1: %2 of %3"), source.name, human_bytes(done), human_bytes(total))
            )

        def done(target: Path) -> None:
            self._say(fill(self.tr("Imported %1 into %2."), target.name, target.parent))
            self._ctx.models_changed.emit()

        self._ctx.background.run_with_progress(
            op,
            progress,
            done,
            self._failed(self.tr("Could not import %1").replace("%1", source.name)),
            name="import",
        )

    @Slot()
    def use_file_in_place(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Use a model in place"), "", self._gguf_filter()
        )
        if name:
            self.use_in_place(Path(name))

    @Slot(object)
    def use_in_place(self, source: Path) -> None:
        paths = self._ctx.runtime.paths

        def done(path: Path) -> None:
            self._say(fill(self.tr("Using %1 in place from %2; nothing was copied."), path.name, path.parent))
            self._ctx.models_changed.emit()

        self._say(self.tr("Checking %1…").replace("%1", source.name))
        self._ctx.background.run(
            lambda: use_in_place(paths, source),
            done,
            self._failed(self.tr("Could not use %1").replace("%1", source.name)),
            name="use-in-place",
        )

    @Slot()
    def open_folder(self) -> None:
        folder = self._ctx.runtime.paths.models_dir
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._say(
                self.tr("Could not open a file manager. The models folder is %1").replace("%1", str(folder)),
                error=True,
            )

    def _gguf_filter(self) -> str:
        """The open dialog's filters: the descriptions are translated, the patterns are not."""
        return ";;".join(
            (
                self.tr("GGUF models (%1)").replace("%1", "*.gguf"),
                self.tr("All files (%1)").replace("%1", "*"),
            )
        )
