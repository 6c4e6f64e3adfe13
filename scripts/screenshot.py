"""Runs the real app under a real X server, drives every workspace with the real model, saves PNGs.

Usage: xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot.py [OUT_DIR]
Writes product.png, blog.png, rewrite.png, chat.png and settings.png (default: docs/screenshots).
Use a throwaway COPYDESK_HOME with the starter model installed, so real drafts are not touched.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.engine.types import SamplingOptions
from app.core.runtime import Runtime
from app.ui.i18n import install_translator
from app.ui.launch import AppParts, build_app
from app.ui.workspaces.blog import BlogWorkspace
from app.ui.workspaces.chat import ChatWorkspace
from app.ui.workspaces.rewrite import RewriteWorkspace

REWRITE_TEXT = (
    "Our new bottle is made of steel and it is really very good at keeping your drinks cold for a long "
    "time, which is something that a lot of people who go hiking or who commute to work every day have "
    "told us that they really want to have.\n\nIt also doesn't leak."
)


class Tour:
    """Each step starts a job; the next step runs when the bridge reports the job finished."""

    def __init__(self, app: QApplication, parts: AppParts, out: Path) -> None:
        self.app, self.parts, self.out = app, parts, out
        self.window = parts.window
        self.steps: list[Callable[[], None]] = [
            self.product,
            self.snap("product"),
            self.blog_outline,
            self.blog_sections,
            self.snap("blog"),
            self.rewrite,
            self.snap("rewrite"),
            self.chat,
            self.snap("chat"),
            self.settings,
        ]
        parts.bridge.task_finished.connect(lambda _r: QTimer.singleShot(400, self.next))
        parts.bridge.task_failed.connect(lambda e: print("failed:", e) or QTimer.singleShot(400, self.next))

    def next(self) -> None:
        if self.steps:
            self.steps.pop(0)()
        else:
            self.app.quit()

    def snap(self, name: str) -> Callable[[], None]:
        def take() -> None:
            self.window.grab().save(str(self.out / f"{name}.png"))
            print("saved", self.out / f"{name}.png")
            QTimer.singleShot(100, self.next)

        return take

    def product(self) -> None:
        workspace = self.window.show_workspace("product")
        workspace.form.set_values(
            {
                "name": "Trailhead insulated water bottle, 750 ml",
                "category": "Outdoor gear",
                "features": ["keeps drinks cold for 24 hours", "BPA-free stainless steel", "leak-proof lid"],
                "audience": "hikers and commuters",
                "keywords": ["water bottle", "insulated", "BPA-free"],
                "channel": "amazon",
            }
        )
        workspace.generate()

    def blog_outline(self) -> None:
        workspace = self.window.show_workspace("blog")
        workspace.form.set_values({"topic": "How to choose a water bottle for long hikes", "words": 600})
        workspace.generate()

    def blog_sections(self) -> None:
        workspace = self.window.workspaces["blog"]
        assert isinstance(workspace, BlogWorkspace)
        workspace.write_post()

    def rewrite(self) -> None:
        workspace = self.window.show_workspace("rewrite")
        assert isinstance(workspace, RewriteWorkspace)
        workspace.editor.setPlainText(REWRITE_TEXT)
        cursor = workspace.editor.textCursor()
        cursor.setPosition(0)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        workspace.editor.setTextCursor(cursor)
        workspace.form.set_values({"mode": "simplify"})
        workspace.generate()

    def chat(self) -> None:
        workspace = self.window.show_workspace("chat")
        assert isinstance(workspace, ChatWorkspace)
        workspace.input.setPlainText("Suggest three names for a water bottle brand.")
        workspace.generate()

    def settings(self) -> None:
        dialog = self.parts.open_settings()

        def take() -> None:
            dialog.grab().save(str(self.out / "settings.png"))
            print("saved", self.out / "settings.png")
            dialog.reject()
            QTimer.singleShot(100, self.app.quit)

        QTimer.singleShot(500, take)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    install_translator(app)  # as the app does: English plural forms
    parts = build_app(Runtime.open())
    for workspace in parts.window.workspaces.values():
        workspace.sampling = lambda: SamplingOptions(seed=11)  # the same pictures on every run
    parts.window.resize(1400, 900)
    parts.window.show()
    tour = Tour(app, parts, out)
    parts.bridge.model_loaded.connect(lambda _info: QTimer.singleShot(300, tour.next))
    QTimer.singleShot(600_000, app.quit)
    code = app.exec()
    parts.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
