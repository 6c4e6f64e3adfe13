"""Builds the window and its engine worker, and shuts them down in the right order."""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass, field

from PySide6.QtWidgets import QApplication

from app import __version__
from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import EngineError
from app.core.engine.worker import EngineWorker
from app.core.models.starter import install_starter, model_cache_dir
from app.core.models.store import list_installed
from app.core.runtime import Runtime
from app.ui.chat_window import ChatWindow
from app.ui.engine_bridge import EngineBridge


@dataclass
class AppParts:
    runtime: Runtime
    worker: EngineWorker[LlamaEngine]
    bridge: EngineBridge
    window: ChatWindow

    closing: threading.Event = field(default_factory=threading.Event)
    """Set at shutdown: a starter download or a model load in progress gives up."""

    def shutdown(self) -> None:
        """Cancel, then stop the worker and wait for it: never leave a thread inside llama.cpp."""
        self.closing.set()
        self.bridge.stop()
        self.worker.shutdown()


def build_app(runtime: Runtime, *, load_model: bool = True) -> AppParts:
    worker: EngineWorker[LlamaEngine] = EngineWorker()
    bridge = EngineBridge(worker)
    window = ChatWindow(bridge)
    parts = AppParts(runtime, worker, bridge, window)
    for warning in runtime.warnings:
        window.show_notice(warning)
    if load_model:
        start_default_model(parts)
    return parts


def start_default_model(parts: AppParts) -> None:
    """Load the default model off the GUI thread. With no model at all, fetch the starter first; with
    models but no usable default, say so and use the first one rather than downloading anything."""
    runtime = parts.runtime
    options = runtime.load_options()

    def keep_going(_fraction: float) -> bool:
        return not parts.closing.is_set()

    try:
        path = runtime.resolve_model(None)
    except EngineError as exc:
        installed = list_installed(runtime.paths, runtime.settings)
        if installed:
            path = installed[0].path
            parts.window.show_notice(f"{exc} Using {installed[0].name} for now.")
        else:
            parts.window.show_notice(
                "No model installed yet: fetching the starter model (about 100 MB) once."
            )

            def install_then_load() -> LlamaEngine:
                installed_path = install_starter(
                    runtime.paths, model_cache_dir(runtime.paths), is_cancelled=parts.closing.is_set
                )
                return LlamaEngine.load(installed_path, options, progress=keep_going)

            parts.bridge.load_model("starter model", install_then_load)
            return
    parts.bridge.load_model(path.stem, lambda: LlamaEngine.load(path, options, progress=keep_going))


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
    parts = build_app(runtime)
    parts.window.show()
    try:
        return app.exec()
    finally:
        parts.shutdown()
