"""At startup: offer to resume the batch jobs that stopped before their last row.

The check reads files, so it runs in the background; nothing is shown when there is nothing to resume.
The offer is a small non-modal dialog with one line per job: Resume opens the batch dialog set up as
that job (its plan shows how far it got), Forget stops offering it.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.runtime import Runtime
from app.core.tasks.library import TaskLibrary
from app.ui.background import Background
from app.ui.batch.batch_dialog import BatchDialog, BridgeFor, InFlightFor, open_batch_dialog
from app.ui.batch.unfinished_jobs import JobRecipe, UnfinishedJobs
from app.ui.i18n import fill

log = logging.getLogger(__name__)


class UnfinishedJobsOffer(QObject):
    """At startup: finds jobs that stopped before their last row and offers to resume them.

    The check reads files, so it runs in the background; nothing is shown when there is nothing to
    resume. The offer is a non-modal dialog: the window is usable while it is open.
    """

    found = Signal(list)
    """The resumable `JobRecipe`s (possibly none), once the check is done."""

    def __init__(
        self,
        parent: QWidget,
        runtime: Runtime,
        bridge_for: BridgeFor,
        tasks: TaskLibrary,
        *,
        jobs: UnfinishedJobs | None = None,
        in_flight_for: InFlightFor | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = parent
        self.runtime = runtime
        self.bridge_for = bridge_for
        self.tasks = tasks
        self.jobs = jobs or UnfinishedJobs(runtime.paths.data_dir)
        self.in_flight_for = in_flight_for
        self.dialog: QDialog | None = None
        self.opened: list[BatchDialog] = []
        self.background = Background(self)
        self.background.run(self.jobs.resumable, self._on_found, self._on_failed, name="unfinished-jobs")

    @Slot(object)
    def _on_found(self, recipes: list[JobRecipe]) -> None:
        if recipes:
            self._show(recipes)
        self.found.emit(recipes)

    def _on_failed(self, error: BaseException) -> None:
        log.warning("Unfinished batch jobs could not be checked: %s", error)
        self.found.emit([])

    def _show(self, recipes: list[JobRecipe]) -> None:
        dialog = QDialog(self.window)
        dialog.setObjectName("unfinishedJobs")
        dialog.setWindowTitle(self.tr("Unfinished batch jobs"))
        layout = QVBoxLayout(dialog)
        intro = QLabel(
            self.tr(
                "These batch jobs stopped before every row was done. Resume one to go on from the "
                "first unfinished row; nothing done so far is repeated."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        rows = QFormLayout()
        for recipe in recipes:
            rows.addRow(self._job_row(recipe))
        layout.addLayout(rows)
        later = QPushButton(self.tr("Not now"))
        later.setAccessibleName(self.tr("Close this list; it is offered again next time"))
        later.clicked.connect(dialog.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(later)
        layout.addLayout(bottom)
        self.dialog = dialog
        dialog.show()

    def _job_row(self, recipe: JobRecipe) -> QWidget:
        try:
            name = self.tr(self.tasks.get(recipe.task_id).name)
            known = True
        except KeyError:
            name = fill(self.tr("%1 (task not found)"), recipe.task_id)
            known = False
        started = (
            time.strftime("%Y-%m-%d %H:%M", time.localtime(recipe.started_at)) if recipe.started_at else ""
        )
        text = fill(self.tr("%1: %2 → %3"), name, recipe.input.name, recipe.output.name)
        if started:
            text += "\n" + fill(self.tr("started %1"), started)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        label = QLabel(text)
        label.setToolTip(str(recipe.output))
        resume = QPushButton(self.tr("Resume…"))
        resume.setObjectName("resumeJob")
        resume.setAccessibleName(fill(self.tr("Resume the job writing %1"), recipe.output.name))
        resume.setEnabled(known)
        resume.clicked.connect(lambda: self._resume(recipe, row))
        forget = QPushButton(self.tr("Forget"))
        forget.setObjectName("forgetJob")
        forget.setAccessibleName(fill(self.tr("Stop offering the job writing %1"), recipe.output.name))
        forget.setToolTip(
            self.tr(
                "Stop offering this job. Its progress file stays, so running the same job again resumes it."
            )
        )
        forget.clicked.connect(lambda: self._forget(recipe, row))
        line.addWidget(label, 1)
        line.addWidget(resume)
        line.addWidget(forget)
        return row

    def resume(self, recipe: JobRecipe) -> BatchDialog:
        """Open the batch dialog set up as ``recipe``: its plan shows how far the job got."""
        dialog = open_batch_dialog(
            self.window,
            self.runtime,
            self.bridge_for,
            self.tasks,
            recipe=recipe,
            in_flight_for=self.in_flight_for,
        )
        self.opened.append(dialog)
        dialog.destroyed.connect(lambda: self.opened.remove(dialog) if dialog in self.opened else None)
        return dialog

    def _resume(self, recipe: JobRecipe, row: QWidget) -> None:
        row.setEnabled(False)
        self.resume(recipe)
        self._close_if_empty(row)

    def _forget(self, recipe: JobRecipe, row: QWidget) -> None:
        row.setEnabled(False)
        jobs = self.jobs
        self.background.run(lambda: jobs.forget(recipe.output), lambda _none: None, name="forget-job")
        self._close_if_empty(row)

    def _close_if_empty(self, row: QWidget) -> None:
        row.hide()
        if self.dialog is not None and not any(
            child.isVisibleTo(self.dialog) for child in self.dialog.findChildren(QPushButton, "resumeJob")
        ):
            self.dialog.close()


def offer_unfinished_jobs(
    parent: QWidget,
    runtime: Runtime,
    bridge_for: BridgeFor,
    tasks: TaskLibrary,
    *,
    in_flight_for: InFlightFor | None = None,
) -> UnfinishedJobsOffer:
    """Call once the window is shown: offers to resume batch jobs whose progress file is still there."""
    return UnfinishedJobsOffer(parent, runtime, bridge_for, tasks, in_flight_for=in_flight_for)
