"""Builds the window and its engine worker, and shuts them down in the right order."""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.core.documents.library import DraftLibrary, LibraryError
from app.core.engine.types import EngineError
from app.core.engine.worker import EngineWorker
from app.core.resources import resource_path
from app.core.runtime import Runtime
from app.core.startup import ms_since_start, smoke_exit_delay_ms
from app.core.tasks.library import TaskLibrary
from app.ui.engine_bridge import EngineBridge
from app.ui.gc_guard import GarbageCollector
from app.ui.i18n import fill, install_translator
from app.ui.main_window import MainWindow
from app.ui.theme import apply_theme

if TYPE_CHECKING:  # loaded when first used, so the window opens without llama.cpp or the HTTP stack
    from app.core.engine.llama_engine import LlamaEngine
    from app.ui.model_manager.bridge import DownloadBridge
    from app.ui.model_manager.dialog import ModelManagerDialog
    from app.ui.settings_dialog import SettingsDialog


@dataclass
class AppParts:
    runtime: Runtime
    worker: EngineWorker[LlamaEngine]
    bridge: EngineBridge
    window: MainWindow
    library: DraftLibrary
    closing: threading.Event = field(default_factory=threading.Event)
    """Set at shutdown: a model load in progress gives up."""
    downloads: DownloadBridge | None = None
    """Kept by the app, so downloads go on when the model manager is closed."""

    def open_model_manager(self) -> ModelManagerDialog:
        from app.core.models.download import Downloader
        from app.core.models.network import network_settings
        from app.ui.model_manager.bridge import DownloadBridge
        from app.ui.model_manager.dialog import ModelManagerDialog

        if self.downloads is None:
            try:
                network = network_settings(self.runtime.settings)
            except ValueError:
                network = None  # the dialog shows the problem; downloads go direct meanwhile
            self.downloads = DownloadBridge(Downloader(network), self.window)
        dialog = ModelManagerDialog(self.runtime, self.window, downloads=self.downloads)
        dialog.default_changed.connect(self.bridge.reload_requested)
        dialog.show()
        return dialog

    def open_settings(self) -> SettingsDialog:
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.runtime, self.window)
        dialog.engine_reload_needed.connect(self.bridge.reload_requested)
        dialog.settings_saved.connect(self._apply_appearance)
        dialog.settings_saved.connect(self.window.switcher.settings_changed)
        dialog.server_keys_changed.connect(self.window.switcher.keys_changed)
        dialog.open()
        return dialog

    def _apply_appearance(self, settings: object) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.runtime.settings.appearance.theme)

    def shutdown(self) -> None:
        """Cancel, then stop the worker and wait for it: never leave a thread inside llama.cpp."""
        self.closing.set()
        if self.downloads is not None:
            self.downloads.close()  # running downloads stop and keep their .part files for next time
        self.bridge.stop()
        self.window.autosaver.close()  # saves what is pending, bounded
        self.window.drafts.shutdown()  # no list query may run against a closed library
        self.window.background.close()
        self.window.switcher.shutdown()
        self.worker.shutdown()
        self.library.close()


def build_app(runtime: Runtime, *, load_model: bool = True) -> AppParts:
    worker: EngineWorker[LlamaEngine] = EngineWorker()
    bridge = EngineBridge(worker)
    library = DraftLibrary.open(runtime.paths.data_dir / "drafts.sqlite3")
    tasks = TaskLibrary(runtime.paths.data_dir / "tasks")
    window = MainWindow(bridge, runtime, tasks, library)
    parts = AppParts(runtime, worker, bridge, window, library)
    window.manage_models_requested.connect(parts.open_model_manager)
    window.settings_requested.connect(parts.open_settings)
    # Emitted only on the GUI thread (from the model manager), so a plain callable is safe here.
    bridge.reload_requested.connect(lambda: start_default_model(parts))
    for warning in (*runtime.warnings, *library.warnings, *tasks.problems):
        window.show_notice(warning)
    if load_model:
        start_default_model(parts)
    return parts


def start_default_model(parts: AppParts) -> None:
    """Load the default model off the GUI thread. With models but no usable default, use the first one;
    with no model at all, open the model manager so the user can get one."""
    from app.core.models.store import list_installed

    runtime = parts.runtime

    def keep_going(_fraction: float) -> bool:
        return not parts.closing.is_set()

    try:
        path = runtime.resolve_model(None)
    except EngineError as exc:
        installed = list_installed(runtime.paths, runtime.settings)
        if not installed:
            parts.window.show_notice(
                QCoreApplication.translate(
                    "launch",
                    "No model is installed yet. Choose one in the model manager (the small starter model "
                    "works on any computer), or run `copydesk models install-starter`.",
                )
            )
            parts.open_model_manager()
            return
        path = installed[0].path
        parts.window.show_notice(
            fill(QCoreApplication.translate("launch", "%1 Using %2 for now."), exc, installed[0].name)
        )

    def load() -> LlamaEngine:  # on the engine's thread, llama.cpp's import included
        from app.core.engine.llama_engine import LlamaEngine

        return LlamaEngine.load(path, runtime.load_options(), progress=keep_going)

    parts.bridge.load_model(path.stem, load)


def _log_to_file(runtime: Runtime) -> None:
    """The window has no console: warnings and llama.cpp's errors go to a log file the user can send."""
    handler = logging.FileHandler(runtime.paths.log_dir / "copydesk.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def launch_gui() -> int:
    runtime = Runtime.open()
    _log_to_file(runtime)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Copydesk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons/copydesk-256.png"))))
    install_translator(app)  # before any window is built; English when no translation ships
    GarbageCollector(app)
    apply_theme(app, runtime.settings.appearance.theme)
    try:
        parts = build_app(runtime, load_model=False)
    except LibraryError as exc:  # e.g. a library from a newer Copydesk: refuse, and touch nothing
        QMessageBox.critical(None, "Copydesk", str(exc))
        return 1
    parts.window.show()
    smoke_exit_ms = smoke_exit_delay_ms()
    if smoke_exit_ms is not None:  # COPYDESK_SMOKE_EXIT_MS (packaging smoke test): report, then quit
        QTimer.singleShot(0, lambda: print(f"shown after {ms_since_start():.0f} ms", file=sys.stderr))
        QTimer.singleShot(smoke_exit_ms, app.quit)
    QTimer.singleShot(0, lambda: start_default_model(parts))  # after the window is on screen
    QTimer.singleShot(0, parts.window.offer_unfinished_batches)
    try:
        return app.exec()
    finally:
        parts.shutdown()
