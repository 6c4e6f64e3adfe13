"""Runs the real window (under Xvfb for a real X server), sends one message and saves a PNG.

Usage: xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot.py OUT.png "message"
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.engine.types import Chunk
from app.core.runtime import Runtime
from app.ui.launch import build_app


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "copydesk.png")
    message = (
        sys.argv[2]
        if len(sys.argv) > 2
        else "Write a two-sentence product description for a steel water bottle."
    )
    app = QApplication(sys.argv)
    parts = build_app(Runtime.open())
    window = parts.window
    window.show()

    def send(_info: object) -> None:
        window.input.setPlainText(message)
        window.send()

    def save(_final: Chunk) -> None:
        QTimer.singleShot(300, lambda: (window.grab().save(str(out)), app.quit()))

    parts.bridge.model_loaded.connect(send)
    parts.bridge.generation_finished.connect(save)
    QTimer.singleShot(120_000, app.quit)
    code = app.exec()
    parts.shutdown()
    print(f"saved {out}" if out.exists() else "no screenshot taken")
    return code


if __name__ == "__main__":
    sys.exit(main())
