"""A draft's history: every kept version, newest first, with a preview and a way back to it.

Restoring never loses the newer text: the library keeps what the draft held as a version of its own
before putting the old one back, so the user can change their mind again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.documents import Draft, DraftLibrary, Version
from app.ui import notify
from app.ui.background import Background

__all__ = ["VersionsDialog", "meta_summary", "outputs_preview"]

ID_ROLE = Qt.ItemDataRole.UserRole
MAX_META_PARTS = 3


def _kind_label(kind: str) -> str:
    labels = {
        "generation": QCoreApplication.translate("VersionsDialog", "Generated"),
        "edit": QCoreApplication.translate("VersionsDialog", "Edited"),
        "restore": QCoreApplication.translate("VersionsDialog", "Restored"),
    }
    return labels.get(kind, kind)


def _meta_labels() -> dict[str, str]:
    """Meta keys worth naming in the list, in this order; others show only when none of these is there."""
    return {
        "model": QCoreApplication.translate("VersionsDialog", "model"),
        "seed": QCoreApplication.translate("VersionsDialog", "seed"),
        "preset": QCoreApplication.translate("VersionsDialog", "preset"),
        "temperature": QCoreApplication.translate("VersionsDialog", "temperature"),
    }


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) and str(value).strip() != ""


def meta_summary(meta: dict[str, Any]) -> str:
    """A short line from a version's meta, such as "model SmolLM2, seed 42"."""
    if isinstance(meta.get("restored_from"), int):
        return QCoreApplication.translate("VersionsDialog", "from version {n}").format(
            n=meta["restored_from"]
        )
    parts = [f"{label} {meta[key]}" for key, label in _meta_labels().items() if _scalar(meta.get(key))]
    if not parts:
        parts = [f"{key} {value}" for key, value in meta.items() if _scalar(value)]
    return ", ".join(parts[:MAX_META_PARTS])


def _part_name(key: str) -> str:
    """``product_description`` -> "Product description"."""
    text = key.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else key


def _value_lines(value: Any, indent: str = "") -> list[str]:
    if isinstance(value, str):
        return [indent + line for line in value.splitlines()] or [indent]
    if isinstance(value, list | tuple):
        return [line for item in value for line in _bullet(item, indent)]
    if isinstance(value, dict):
        lines: list[str] = []
        for key, item in value.items():
            name = _part_name(str(key))
            if _scalar(item) and "\n" not in str(item):
                lines.append(f"{indent}{name}: {item}")
            else:
                lines.append(f"{indent}{name}:")
                lines.extend(_value_lines(item, indent + "  "))
        return lines
    return [] if value is None else [f"{indent}{value}"]


def _bullet(item: Any, indent: str) -> list[str]:
    lines = _value_lines(item, indent + "  ")
    if not lines:
        return []
    return [f"{indent}• {lines[0].strip()}", *lines[1:]]


def outputs_preview(outputs: dict[str, Any]) -> str:
    """Readable text for a version's outputs: each part under its name, lists as bullet lines."""
    if not outputs:
        return QCoreApplication.translate("VersionsDialog", "(This version has no text yet.)")
    if len(outputs) == 1 and isinstance(next(iter(outputs.values())), str):
        return str(next(iter(outputs.values())))
    blocks = []
    for key, value in outputs.items():
        blocks.append("\n".join([_part_name(str(key)), *_value_lines(value)]))
    return "\n\n".join(blocks)


class VersionsDialog(QDialog):
    """Shows a draft's versions; "Restore this version" puts the selected one back."""

    restored = Signal(object)
    """The `Draft` as it is after the restore."""

    def __init__(self, library: DraftLibrary, draft_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._draft_id = draft_id
        self._background = Background(self)
        self._versions: dict[int, Version] = {}
        self.setWindowTitle(self.tr("Versions"))
        self.setAccessibleName(self.tr("Draft versions"))
        self.resize(720, 480)
        self._build()
        self._selection_changed()
        self._load()

    def _build(self) -> None:
        self.version_list = QListWidget()
        self.version_list.setAccessibleName(self.tr("Versions, newest first"))
        self.version_list.currentItemChanged.connect(self._selection_changed)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Preview of the selected version"))
        self.status = QLabel(self.tr("Loading versions…"))
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Versions status"))
        splitter = QSplitter()
        splitter.addWidget(self.version_list)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        self.restore_button = QPushButton(self.tr("&Restore this version"))
        self.restore_button.setAccessibleName(self.tr("Restore this version"))
        self.restore_button.setToolTip(
            self.tr("Put this version back. The current text is kept as a version too.")
        )
        self.restore_button.clicked.connect(self.restore_selected)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    # -- public ------------------------------------------------------------------------------------

    def selected_version(self) -> Version | None:
        item = self.version_list.currentItem()
        return None if item is None else self._versions.get(int(item.data(ID_ROLE)))

    def restore_selected(self) -> None:
        version = self.selected_version()
        if version is None or self._background.closed:
            return
        library = self._library
        self.restore_button.setEnabled(False)
        self._background.run(
            lambda: library.restore_version(version.id),
            self._restored,
            lambda exc: self._failed(self.tr("Could not restore this version"), exc),
            name="restore version",
        )

    def done(self, result: int) -> None:
        """Nothing comes back from the library once the dialog is closed."""
        self._background.close()
        super().done(result)

    # -- GUI thread --------------------------------------------------------------------------------

    def _load(self) -> None:
        library, draft_id = self._library, self._draft_id
        self._background.run(
            lambda: library.versions(draft_id),
            self._show,
            lambda exc: self._failed(self.tr("Could not read the versions"), exc),
            name="versions",
        )

    def _show(self, versions: list[Version]) -> None:
        self._versions = {version.id: version for version in versions}
        self.version_list.clear()
        for version in versions:
            item = QListWidgetItem(self._label(version))
            item.setData(ID_ROLE, version.id)
            self.version_list.addItem(item)
        if versions:
            self.version_list.setCurrentRow(0)
            self.status.setText(self.tr("{n} versions").format(n=len(versions)))
        else:
            self.status.setText(
                self.tr("No versions yet: one is kept each time text is generated or restored.")
            )
        self._selection_changed()

    def _label(self, version: Version) -> str:
        when = QDateTime.fromMSecsSinceEpoch(int(version.created_at * 1000)).toString("d MMM yyyy, HH:mm:ss")
        summary = meta_summary(version.meta)
        head = f"{_kind_label(version.kind)} · {when}"
        return f"{head}\n{summary}" if summary else head

    def _selection_changed(self) -> None:
        version = self.selected_version()
        self.restore_button.setEnabled(version is not None)
        self.preview.setPlainText("" if version is None else outputs_preview(version.outputs))

    def _restored(self, draft: Draft) -> None:
        self.restored.emit(draft)
        self.accept()

    def _failed(self, title: str, exc: BaseException) -> None:
        self.status.setText(title)
        self._selection_changed()
        notify.show_warning(self, title, str(exc) or type(exc).__name__)
