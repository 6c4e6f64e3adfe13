"""The running job: it starts on the task's engine, pauses and cancels, and shows how it goes.

Progress bar with rows/min and the time left (`progress_text`), Pause and Cancel (a second Cancel stops
at once), the rows that failed, and how the job ended. The dialog says when to start and what the job
is; it hears back through `finished` and `failed` once this section has shown the end.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from app.core.jobs.batch import BatchJob, BatchPlan, BatchSummary, RowOutcome
from app.core.jobs.batch_progress import BatchProgress
from app.ui.batch.batch_runner import BatchRunner
from app.ui.batch.user_message import user_message
from app.ui.engine_bridge import EngineBridge
from app.ui.i18n import fill

FAILURES_MAX_HEIGHT = 140
"""The failures list stays short: the output's error column has them all."""


def format_duration(seconds: float) -> str:
    """A time left, as people say it: "under a minute", "12 min", "2 h 5 min"."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return QCoreApplication.translate("RunSection", "under a minute")
    if minutes < 60:
        return fill(QCoreApplication.translate("RunSection", "%1 min"), minutes)
    return fill(QCoreApplication.translate("RunSection", "%1 h %2 min"), minutes // 60, minutes % 60)


def progress_text(report: BatchProgress) -> str:
    """The line under the progress bar: rows done, failures, speed, and the time left or "paused"."""
    parts = [fill(QCoreApplication.translate("RunSection", "%1 of %2 rows done"), report.done, report.total)]
    if report.failed:
        parts.append(QCoreApplication.translate("RunSection", "%n failed", None, report.failed))
    if report.rows_per_min > 0:
        parts.append(
            fill(QCoreApplication.translate("RunSection", "%1 rows/min"), f"{report.rows_per_min:.1f}")
        )
    if report.paused:
        parts.append(QCoreApplication.translate("RunSection", "paused"))
    elif report.eta_s is not None and report.remaining:
        left = format_duration(report.eta_s)
        parts.append(fill(QCoreApplication.translate("RunSection", "about %1 left"), left))
    return " · ".join(parts)


class RunSection(QObject):
    """Progress bar with pause and cancel, the line of numbers under it, the failed rows and the result.

    The widgets go straight into the dialog's layout (`add_to`), so they share its space as one column;
    ``open_folder_button`` goes next to the dialog's own buttons.
    """

    finished = Signal(object)
    """The job ended with a `BatchSummary` (``cancelled`` after Cancel), now shown."""
    failed = Signal(str)
    """The job stopped on an error, now shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner: BatchRunner | None = None
        self.progress = QProgressBar()
        self.progress.setObjectName("batchProgress")
        self.progress.setAccessibleName(self.tr("Rows done"))
        self.progress.setFormat(self.tr("%v / %m rows"))
        self.progress.hide()
        self.stats_label = QLabel()
        self.stats_label.setObjectName("batchStats")
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setObjectName("batchPause")
        self.pause_button.setAccessibleName(self.tr("Pause or resume the job"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button = QPushButton(self.tr("Cancel job"))
        self.cancel_button.setObjectName("batchCancel")
        self.cancel_button.setAccessibleName(self.tr("Cancel the job"))
        self.cancel_button.clicked.connect(self.cancel)
        self.failures = QTableWidget(0, 2)
        self.failures.setObjectName("batchFailures")
        self.failures.setAccessibleName(self.tr("Rows that failed"))
        self.failures.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Error")])
        self.failures.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.failures.verticalHeader().hide()
        self.failures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.failures.setMaximumHeight(FAILURES_MAX_HEIGHT)
        self.failures.hide()
        self.result_label = QLabel()
        self.result_label.setObjectName("batchResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(self.tr("Open output folder"))
        self.open_folder_button.setObjectName("batchOpenFolder")
        self.open_folder_button.setAccessibleName(self.tr("Open the folder of the output file"))
        self.open_folder_button.hide()

    def add_to(self, layout: QBoxLayout) -> None:
        """Lay the section out in ``layout``, from the progress bar down to the result."""
        run_row = QHBoxLayout()
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self.pause_button)
        run_row.addWidget(self.cancel_button)
        layout.addLayout(run_row)
        layout.addWidget(self.stats_label)
        layout.addWidget(self.failures)
        layout.addWidget(self.result_label)

    @property
    def running(self) -> bool:
        return self.runner is not None and self.runner.running

    def engine_problem(self, bridge: EngineBridge) -> str | None:
        """Why a job cannot start on ``bridge`` now (no model, or busy); None when it can."""
        if bridge.model_info is None:
            return self.tr("No model is loaded for this task yet. Load one, then run again.")
        if bridge.busy:
            return self.tr(
                "The engine is busy with another generation or job. "
                "Wait for it to finish, or stop it, then run again."
            )
        return None

    def start(
        self,
        bridge: EngineBridge,
        build: Callable[[], BatchJob],
        after: Callable[[BatchSummary], None],
        plan: BatchPlan | None,
    ) -> bool:
        """Run the job ``build`` makes on ``bridge`` (see `BatchRunner.start`); False when the engine is busy.

        The bar starts at the rows the ``plan`` found done by an earlier run.
        """
        runner = BatchRunner(bridge, self)
        runner.progress.connect(self._on_progress)
        runner.row_finished.connect(self._on_row)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)
        runner.paused_changed.connect(self._on_paused)
        if not runner.start(build, after=after):
            runner.deleteLater()
            return False
        if self.runner is not None:
            self.runner.deleteLater()
        self.runner = runner
        self.failures.setRowCount(0)
        self.failures.hide()
        self.result_label.clear()
        self.open_folder_button.hide()
        self.progress.setMaximum(max(1, plan.to_do + plan.already_done) if plan else 1)
        self.progress.setValue(plan.already_done if plan else 0)
        self.stats_label.setText(self.tr("Starting…"))
        return True

    @Slot()
    def toggle_pause(self) -> None:
        if self.runner is None or not self.runner.running:
            return
        if self.runner.paused:
            self.runner.resume()
        else:
            self.runner.pause()

    @Slot()
    def cancel(self) -> None:
        """First press: the rows in flight finish, then the job stops. Second press: stop at once."""
        if self.runner is None or not self.runner.running:
            return
        if self.runner.cancelling:
            self.runner.stop_now()
            self.cancel_button.setEnabled(False)
            self.stats_label.setText(self.tr("Stopping now; the row being written will run again on resume…"))
            return
        self.runner.cancel()
        self.pause_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Stop now"))
        self.cancel_button.setToolTip(
            self.tr("Stop without waiting; a row cut short is not saved and runs again when you resume.")
        )
        self.stats_label.setText(
            self.tr("Cancelling: the rows in progress finish first, then the job stops…")
        )

    def set_running(self, running: bool, *, show_progress: bool) -> None:
        """Pause and cancel only while a job runs; the bar also stays up to show how a job ended."""
        self.progress.setVisible(show_progress)
        self.pause_button.setVisible(running)
        self.cancel_button.setVisible(running)
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        self.pause_button.setText(self.tr("Pause"))
        self.cancel_button.setText(self.tr("Cancel job"))
        self.cancel_button.setToolTip(
            self.tr("Stops the job once the rows in progress are done; finished rows are kept for a resume.")
        )

    @Slot(object)
    def _on_progress(self, report: BatchProgress) -> None:
        self.progress.setMaximum(max(1, report.total))
        self.progress.setValue(report.done)
        if not (self.runner is not None and self.runner.cancelling):
            self.stats_label.setText(progress_text(report))

    @Slot(object)
    def _on_row(self, outcome: RowOutcome) -> None:
        if outcome.error is not None:
            self.add_failure(outcome)

    @Slot(bool)
    def _on_paused(self, paused: bool) -> None:
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        if paused:
            self.stats_label.setText(self.tr("Pausing: rows already running finish, no new row starts…"))

    @Slot(object)
    def _on_finished(self, summary: BatchSummary) -> None:
        """The job ended (finished or cancelled): every failed row, and what to do next."""
        self.failures.setRowCount(0)
        for outcome in summary.failures:
            self.add_failure(outcome)
        self.result_label.setText(self._summary_text(summary))
        self.result_label.setStyleSheet("")
        self.open_folder_button.setVisible(summary.output.parent.exists())
        self.finished.emit(summary)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        """The job could not go on (a file that cannot be written, the engine failed)."""
        message = user_message(error) if isinstance(error, BaseException) else str(error)
        self.result_label.setText(fill(self.tr("The job stopped: %1"), message))
        self.result_label.setStyleSheet("color: #c62828;")
        self.stats_label.clear()
        self.failed.emit(message)

    def _summary_text(self, summary: BatchSummary) -> str:
        total = summary.rows - summary.skipped
        if summary.cancelled:
            text = fill(
                self.tr(
                    "Stopped: %1 of %2 rows are saved. "
                    "Run the job again to resume from the first unfinished row."
                ),
                summary.done,
                total,
            )
        else:
            text = fill(self.tr("Done: %1 rows written to %2."), summary.rows, str(summary.output))
            if summary.failed:
                text += " " + self.tr(
                    "%n row(s) failed; their error is in the error column.", "", summary.failed
                )
            if summary.skipped:
                text += " " + self.tr("%n row(s) were skipped for empty cells.", "", summary.skipped)
        if summary.note:
            text += "\n" + summary.note
        return text

    def add_failure(self, outcome: RowOutcome) -> None:
        row = self.failures.rowCount()
        self.failures.insertRow(row)
        number = QTableWidgetItem(str(outcome.row_number))
        number.setData(Qt.ItemDataRole.UserRole, outcome.row_number)
        self.failures.setItem(row, 0, number)
        error = QTableWidgetItem(outcome.error or "")
        error.setToolTip(outcome.error or "")
        self.failures.setItem(row, 1, error)
        self.failures.show()

    def failure_rows(self) -> list[tuple[int, str]]:
        """What the failures list shows: (row number, error)."""
        rows = []
        for row in range(self.failures.rowCount()):
            number, error = self.failures.item(row, 0), self.failures.item(row, 1)
            if number is not None and error is not None:
                rows.append((int(number.text()), error.text()))
        return rows
