"""The downloads list: one row per file with a progress bar, bytes, speed and time left, Pause/Resume/Cancel,
and the error in words when one stops it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.models.download_errors import DownloadError
from app.core.models.download_queue import DownloadItem, DownloadStatus
from app.ui.i18n import fill
from app.ui.model_manager.bridge import DownloadBridge
from app.ui.model_manager.formatting import error_style, human_bytes, progress_text

_BAR_STEPS = 1000
"""The bar counts permille, not bytes: QProgressBar is limited to a C int (2 GiB)."""


class DownloadRow(QFrame):
    """One download. The buttons call the bridge; what is shown comes only from `DownloadItem` updates."""

    def __init__(self, bridge: DownloadBridge, item: DownloadItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"download-{item.id}")
        self._bridge = bridge
        self.item_id = item.id
        self.title = QLabel(item.spec.display_name)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.bar.setRange(0, _BAR_STEPS)
        self.bar.setTextVisible(False)
        self.detail = QLabel()
        self.error = QLabel()
        self.error.setObjectName("downloadError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(error_style())
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.pause_button = QPushButton(self.tr("Pause"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop and delete what was downloaded so far"))
        self.pause_button.setToolTip(self.tr("Stop now; Resume continues where it stopped"))
        self.pause_button.clicked.connect(self._pause)
        self.resume_button.clicked.connect(self._resume)
        self.cancel_button.clicked.connect(self._cancel)

        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.cancel_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 4)
        column.addLayout(buttons)
        column.addWidget(self.bar)
        column.addWidget(self.detail)
        column.addWidget(self.error)
        self.update_item(item)

    def update_item(self, item: DownloadItem) -> None:
        status = item.status
        cancelled = (
            status.finished and status is not DownloadStatus.DONE and self._bridge.was_cancelled(item.id)
        )
        progress = item.progress
        if status is not DownloadStatus.RUNNING:
            self.bar.setRange(0, _BAR_STEPS)
        if status is DownloadStatus.DONE and item.result is not None:
            self.bar.setValue(_BAR_STEPS)
            installed = (
                self.tr("Installed: %1 (%2, SHA-256 was already there)")
                if item.result.already_present
                else self.tr("Installed: %1 (%2, SHA-256 verified)")
            )
            self.detail.setText(fill(installed, item.result.path.name, human_bytes(item.result.size)))
        elif cancelled:
            self.bar.setValue(0)
            self.detail.setText(self.tr("Cancelled; the partial file was deleted."))
        elif status is DownloadStatus.QUEUED:
            self.detail.setText(self.tr("Waiting for the downloads before it…"))
        elif status is DownloadStatus.RUNNING:
            if progress is None:
                self.detail.setText(self.tr("Connecting…"))
            else:
                fraction = progress.fraction
                self.bar.setRange(0, 0 if fraction is None else _BAR_STEPS)  # busy until the size is known
                self.bar.setValue(round((fraction or 0.0) * _BAR_STEPS))
                self.detail.setText(progress_text(progress))
        elif status is DownloadStatus.CANCELLED:
            self.detail.setText(
                self.tr("Paused at %1. Resume continues from there.").replace(
                    "%1", human_bytes(progress.done)
                )
                if progress is not None
                else self.tr("Paused. Resume continues from there.")
            )
        elif status is DownloadStatus.FAILED:
            kept = isinstance(item.exception, DownloadError) and item.exception.part_kept
            self.detail.setText(
                self.tr("Stopped by the error below. Retry continues from what was kept.")
                if kept
                else self.tr("Stopped by the error below. Retry starts again from the beginning.")
            )
        failed = status is DownloadStatus.FAILED and not cancelled
        self.error.setText((item.error or "") if failed else "")
        self.error.setVisible(failed)
        active = status in (DownloadStatus.QUEUED, DownloadStatus.RUNNING)
        stopped = status in (DownloadStatus.CANCELLED, DownloadStatus.FAILED)
        self.pause_button.setEnabled(active)
        self.resume_button.setEnabled(stopped and not cancelled)
        self.resume_button.setText(self.tr("Retry") if status is DownloadStatus.FAILED else self.tr("Resume"))
        self.cancel_button.setEnabled(active or (stopped and not cancelled))

    def show_problem(self, text: str) -> None:
        """A problem found after the transfer (the file is there but cannot be used)."""
        self.error.setText(text)
        self.error.show()

    @Slot()
    def _pause(self) -> None:
        self._bridge.pause(self.item_id)

    @Slot()
    def _resume(self) -> None:
        self._bridge.resume(self.item_id)

    @Slot()
    def _cancel(self) -> None:
        self._bridge.cancel(self.item_id)


class DownloadsPanel(QWidget):
    """Rows in the order downloads were asked for; the newest at the bottom."""

    def __init__(self, bridge: DownloadBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.rows: dict[int, DownloadRow] = {}
        self.empty_label = QLabel(
            self.tr("No downloads yet. Choose a model in Catalog or Search and press Download.")
        )
        self.empty_label.setWordWrap(True)
        inner = QWidget()
        self._rows_layout = QVBoxLayout(inner)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.addWidget(self.empty_label)
        self._rows_layout.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.clear_button = QPushButton(self.tr("Clear finished downloads"))
        """Placed by the dialog, beside its Close button."""
        self.clear_button.setToolTip(self.tr("Remove installed and cancelled downloads from this list"))
        self.clear_button.clicked.connect(self.clear_finished)
        scroll.setMinimumHeight(120)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(scroll)
        bridge.item_changed.connect(self._on_item)
        for item in bridge.items():
            self._on_item(item)

    def row(self, item_id: int) -> DownloadRow:
        return self.rows[item_id]

    @Slot(object)
    def _on_item(self, item: DownloadItem) -> None:
        row = self.rows.get(item.id)
        if row is None:
            row = self.rows[item.id] = DownloadRow(self._bridge, item)
            self._rows_layout.insertWidget(self._rows_layout.count() - 1, row)
            self.empty_label.hide()
        else:
            row.update_item(item)

    @Slot()
    def clear_finished(self) -> None:
        for item_id, row in list(self.rows.items()):
            item = self._bridge.item(item_id)
            if item.status is DownloadStatus.DONE or (
                item.status.finished and self._bridge.was_cancelled(item_id)
            ):
                del self.rows[item_id]
                row.deleteLater()
        self.empty_label.setVisible(not self.rows)
