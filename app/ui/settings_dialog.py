"""The settings dialog: sampling presets, engine threads and memory, inference servers, the theme, and
update checks.

It edits only the sections it shows and keeps every other value the runtime holds at the moment of
saving, so a thread tune finished while the dialog was open is not thrown away. Each tab is its own widget
in :mod:`app.ui.settings`.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.hardware import HardwareInfo, detect_hardware
from app.core.runtime import Runtime
from app.core.settings import EngineSettings, Settings, SettingsError, section_problems
from app.ui.background import Background
from app.ui.notify import show_warning
from app.ui.settings.appearance_tab import AppearanceTab
from app.ui.settings.controls import name_control, ok_cancel_buttons
from app.ui.settings.engine_tab import EngineTab
from app.ui.settings.generation_tab import GenerationTab
from app.ui.settings.servers_tab import ServersTab, apply_key_changes
from app.ui.settings.updates_tab import UpdatesTab
from app.ui.theme import apply_theme

ENGINE_FIELDS = ("context_size", "threads", "batch_threads", "gpu_layers")
"""Engine settings that only take effect when the model is loaded again."""


class SettingsDialog(QDialog):
    """Edits generation, engine, server, appearance and update settings; saves them on OK, or says why it
    cannot."""

    settings_saved = Signal(object)
    """The new ``Settings``, after they were written to disk."""
    engine_reload_needed = Signal()
    server_keys_changed = Signal(list)
    """Names of servers whose API key was stored, replaced or forgotten (after the keyring has it)."""
    """Threads, GPU layers or context size changed: the loaded model must be loaded again."""

    def __init__(
        self, runtime: Runtime, parent: QWidget | None = None, *, hardware: HardwareInfo | None = None
    ) -> None:
        super().__init__(parent)
        self._runtime = runtime
        self._hardware = hardware or detect_hardware()
        self.result_settings: Settings | None = None
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        settings = runtime.settings
        self.generation_tab = GenerationTab(settings.generation)
        self.engine_tab = EngineTab(settings.engine, runtime, self._hardware)
        self.servers_tab = ServersTab(settings.remote)
        self.appearance_tab = AppearanceTab(settings.appearance)
        self.updates_tab = UpdatesTab(settings.updates)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.generation_tab, self.tr("&Generation"))
        self.tabs.addTab(self.engine_tab, self.tr("&Engine"))
        self.tabs.addTab(self.servers_tab, self.tr("&Servers"))
        self.tabs.addTab(self.appearance_tab, self.tr("&Appearance"))
        self.tabs.addTab(self.updates_tab, self.tr("&Updates"))
        name_control(self.tabs, self.tr("Settings sections"))
        name_control(self.tabs.tabBar(), self.tr("Settings sections"))
        self._name_controls()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        self.buttons = self._button_box()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        if not runtime.settings_writable:
            self._show_problem(self._read_only_message())

    def _name_controls(self) -> None:
        """Every control of every tab is also the dialog's, under the same name."""
        self.preset = self.generation_tab.preset
        self.preset_hint = self.generation_tab.preset_hint
        self.temperature = self.generation_tab.temperature
        self.top_k = self.generation_tab.top_k
        self.top_p = self.generation_tab.top_p
        self.min_p = self.generation_tab.min_p
        self.repeat_penalty = self.generation_tab.repeat_penalty
        self.threads = self.engine_tab.threads
        self.threads_auto = self.engine_tab.threads_auto
        self.batch_threads = self.engine_tab.batch_threads
        self.batch_threads_auto = self.engine_tab.batch_threads_auto
        self.gpu_mode = self.engine_tab.gpu_mode
        self.gpu_layer_count = self.engine_tab.gpu_layer_count
        self.context_size = self.engine_tab.context_size
        self.theme = self.appearance_tab.theme
        self.check_for_updates = self.updates_tab.check_for_updates
        self.feed_url = self.updates_tab.feed_url

    def _button_box(self) -> QDialogButtonBox:
        return ok_cancel_buttons(self, self.tr("Save and close"), self.tr("Close without saving"))

    # -- saving -----------------------------------------------------------------------------------

    def accept(self) -> None:
        """Save and close; on any problem, say what it is and stay open so nothing typed is lost."""
        current = self._runtime.settings
        settings, problems = self._collect(current)
        if problems:
            self._show_problem("\n".join(problems))
            return
        if not self._runtime.settings_writable:
            self._show_problem(self._read_only_message())
            return
        try:
            self._runtime.save(settings)
        except (OSError, SettingsError) as exc:
            self._show_problem(self.tr("The settings could not be saved: %1").replace("%1", str(exc)))
            return
        self.result_settings = settings
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, settings.appearance.theme)
        self._apply_key_changes()
        self.settings_saved.emit(settings)
        if _engine_changed(current.engine, settings.engine):
            self.engine_reload_needed.emit()
        super().accept()

    def _apply_key_changes(self) -> None:
        """Store and forget server API keys off the GUI thread (the keyring may wait on D-Bus or a
        password prompt). The dialog closes meanwhile, so the work belongs to the window behind it."""
        changes = self.servers_tab.pending_key_changes()
        moves = self.servers_tab.pending_key_moves()
        if not changes and not moves:
            return
        # Without a window behind it (tests, a stand-alone dialog) the hidden dialog itself owns the work.
        owner = self.parentWidget() or self
        background = Background(owner)
        title = self.tr("API keys")
        intro = self.tr("The settings were saved, but a server API key could not be updated:")

        touched = sorted({*changes, *moves})

        def done() -> None:
            background.close()
            background.deleteLater()

        def finished(_result: object = None) -> None:
            done()
            self.server_keys_changed.emit(touched)

        def failed(exc: BaseException) -> None:
            done()
            show_warning(owner, title, f"{intro}\n\n{exc}")

        background.run(lambda: apply_key_changes(changes, moves), finished, failed, name="api-keys")

    def _collect(self, current: Settings) -> tuple[Settings, list[str]]:
        """The settings the form describes, on top of ``current``, and what is wrong with them."""
        engine, problems = self.engine_tab.section(current.engine)
        generation = self.generation_tab.section()
        appearance = self.appearance_tab.section()
        for section in (engine, generation, appearance):
            problems.extend(section_problems(section))
        remote = self.servers_tab.section(current.remote)
        updates, update_problems = self.updates_tab.section(current.updates)
        problems.extend(update_problems)
        settings = dataclasses.replace(
            current,
            engine=engine,
            generation=generation,
            appearance=appearance,
            remote=remote,
            updates=updates,
        )
        return settings, problems

    def _read_only_message(self) -> str:
        return self.tr(
            "The settings file %1 was written by a newer Copydesk and is read-only here, "
            "so changes cannot be saved. Update Copydesk, or move that file away."
        ).replace("%1", str(self._runtime.paths.settings_file))

    def _show_problem(self, text: str) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.problem.setStyleSheet(f"QLabel {{ color: {'#ff8a80' if dark else '#b3261e'}; }}")
        self.problem.setText(text)
        self.problem.show()


def _engine_changed(before: EngineSettings, after: EngineSettings) -> bool:
    return any(getattr(before, name) != getattr(after, name) for name in ENGINE_FIELDS)
