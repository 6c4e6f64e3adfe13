"""What the screenshot scripts share: the real window on the real model, and a tour started once it loads.

Each script builds its own tour (the steps and pictures); this module opens the window, loads the model on
the window's own bridge, starts the tour when the model is ready and quits after a time limit, so a run
that hangs under Xvfb still ends.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.engine.llama_engine import LlamaEngine
from app.core.models.starter import fetch_starter, model_cache_dir
from app.core.runtime import Runtime
from app.ui.i18n import install_translator
from app.ui.launch import AppParts, build_app


def open_window(model: Path | None) -> tuple[QApplication, Runtime, AppParts, Path]:
    """The application, its runtime, the shown 1400x900 window, and the model file to load (the starter
    model from the cache when ``model`` is None)."""
    app = QApplication(sys.argv)
    install_translator(app)
    runtime = Runtime.open()
    path = model or fetch_starter(model_cache_dir(runtime.paths))
    parts = build_app(runtime, load_model=False)
    parts.window.resize(1400, 900)
    parts.window.show()
    return app, runtime, parts, path


def run_when_loaded(
    app: QApplication,
    runtime: Runtime,
    parts: AppParts,
    model: Path,
    start: Callable[[], None],
    *,
    timeout_ms: int,
) -> int:
    """Load ``model``, call ``start`` once it is ready, run the event loop; quit after ``timeout_ms``."""
    parts.bridge.model_loaded.connect(lambda _info: QTimer.singleShot(300, start))
    parts.bridge.model_failed.connect(lambda error: (print("model failed:", error), app.quit()))
    parts.bridge.load_model(model.stem, lambda: LlamaEngine.load(model, runtime.load_options()))
    QTimer.singleShot(timeout_ms, app.quit)
    code = app.exec()
    parts.shutdown()
    return code
