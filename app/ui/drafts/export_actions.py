"""Export a document to a file the user picks, and copy it to the clipboard as rich text.

Writing a Word file can take a moment and a network drive can hang, so the write runs through
`Background`; the user hears back in the status bar, or in a message box that says what went wrong.
The clipboard gets HTML and plain text together, so a word processor pastes headings and lists while a
plain editor still gets clean text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, QStandardPaths
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from app.core.documents import (
    ExportDocument,
    ExportError,
    ExportFormat,
    export,
    to_html_fragment,
    to_plain_text,
)
from app.core.documents.export import SUFFIX_FORMATS
from app.ui import notify
from app.ui.background import Background

__all__ = ["copy_as_rich_text", "export_document", "file_filters", "safe_file_name"]

SUFFIXES: dict[ExportFormat, str] = {"md": ".md", "html": ".html", "txt": ".txt", "docx": ".docx"}
MAX_NAME_LENGTH = 100
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_filters() -> dict[str, ExportFormat]:
    """The file dialog's filters, each with the format it stands for, Markdown first."""
    return {
        QCoreApplication.translate("export_actions", "Markdown (*.md *.markdown)"): "md",
        QCoreApplication.translate("export_actions", "Web page (*.html *.htm)"): "html",
        QCoreApplication.translate("export_actions", "Plain text (*.txt)"): "txt",
        QCoreApplication.translate("export_actions", "Word document (*.docx)"): "docx",
    }


def safe_file_name(title: str) -> str:
    """A file name (without suffix) from a title that every file system accepts."""
    name = " ".join(_UNSAFE.sub(" ", title).split()).strip(" .")
    return name[:MAX_NAME_LENGTH].rstrip(" .") or QCoreApplication.translate("export_actions", "Untitled")


def _ask_path(parent: QWidget, suggested_name: str) -> Path | None:
    """The save dialog; a name typed without a known suffix gets the chosen filter's suffix."""
    filters = file_filters()
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    start = str(Path(folder) / f"{safe_file_name(suggested_name)}.md") if folder else suggested_name
    name, chosen_filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("export_actions", "Export draft"),
        start,
        ";;".join(filters),
        next(iter(filters)),
        QFileDialog.Option.DontUseNativeDialog,
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in SUFFIX_FORMATS:
        path = path.with_name(path.name + SUFFIXES[filters.get(chosen_filter, "md")])
    return path


def export_document(
    parent: QWidget,
    background: Background,
    doc: ExportDocument,
    suggested_name: str,
    *,
    path: Path | None = None,
    status: Callable[[str], None] | None = None,
) -> bool:
    """Ask where to export (unless ``path`` is given) and write there in the background; the format
    follows the file's suffix. Success goes to ``status``; a failure to a message box. Returns whether
    an export was started (False when the user cancelled)."""
    target = path if path is not None else _ask_path(parent, suggested_name)
    if target is None or background.closed:
        return False

    def done(written: Path) -> None:
        if status is not None:
            status(QCoreApplication.translate("export_actions", "Exported to {path}").format(path=written))

    def failed(exc: BaseException) -> None:
        if isinstance(exc, ExportError):
            message = str(exc)
        else:
            message = QCoreApplication.translate(
                "export_actions", "Could not export to {path}: {error}"
            ).format(path=target, error=exc)
        notify.show_warning(parent, QCoreApplication.translate("export_actions", "Export failed"), message)

    background.run(lambda: export(doc, target), done, failed, name="export")
    return True


def copy_as_rich_text(doc: ExportDocument, clipboard: QClipboard | None = None) -> None:
    """Put the document on the clipboard as HTML and as plain text in one go."""
    mime = QMimeData()
    mime.setHtml(to_html_fragment(doc))
    mime.setText(to_plain_text(doc))
    (clipboard or QGuiApplication.clipboard()).setMimeData(mime)
