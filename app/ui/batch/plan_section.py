"""The job's plan: what Run would do with the choices as they are now, worked out in the background.

Every change of a choice drops the plan and checks again once the user pauses, so Run is only enabled
for a plan that matches what is shown. The plan is said in words: what is still missing, how many rows
run or are skipped, or how far an earlier run got, in which case Run becomes Resume and Start over
appears. What stops the job from running (the plan's problem, or the run's) is shown in red under it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QBoxLayout, QLabel, QPushButton

from app.core.jobs.batch import BatchPlan
from app.core.tasks.definitions import TaskDefinition
from app.ui.background import Background
from app.ui.batch.unfinished_jobs import JobRecipe
from app.ui.batch.user_message import user_message
from app.ui.i18n import fill

PLAN_DELAY_MS = 250
"""Typing in a setup field re-checks the plan once the user pauses, not at every key."""
PROBLEMS_SHOWN = 3
"""A plan lists its first few problems; the rest are in the output's error column."""


class PlanSection(QObject):
    """The plan's text and the problem shown under it, laid out in the dialog's column (`add_to`);
    ``run_button`` and ``start_over_button`` are made here (their state follows the plan) but laid out
    and connected by the dialog."""

    ready = Signal(object)
    """A `BatchPlan` for the current choices; Run is enabled."""
    failed = Signal(str)
    """The choices cannot run; the text is also shown."""

    def __init__(
        self,
        background: Background,
        *,
        recipe: Callable[[], JobRecipe],
        task: Callable[[], TaskDefinition | None],
        running: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        """``recipe``: the job as chosen (``ValueError`` says what is missing); ``task``: its task;
        ``running``: whether a job runs now (no plan is made or shown meanwhile)."""
        super().__init__(parent)
        self.background = background
        self._recipe = recipe
        self._task = task
        self._running = running
        self.plan: BatchPlan | None = None
        self._serial = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PLAN_DELAY_MS)
        self._timer.timeout.connect(self.check)

        self.plan_label = QLabel()
        self.plan_label.setObjectName("batchPlan")
        self.plan_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("batchError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.run_button = QPushButton(self.tr("Run"))
        self.run_button.setObjectName("batchRun")
        self.run_button.setAccessibleName(self.tr("Run the job"))
        self.run_button.setDefault(True)
        self.run_button.setEnabled(False)
        self.start_over_button = QPushButton(self.tr("Start over"))
        self.start_over_button.setObjectName("batchStartOver")
        self.start_over_button.setAccessibleName(self.tr("Discard the saved progress and run every row"))
        self.start_over_button.hide()

    def add_to(self, layout: QBoxLayout) -> None:
        layout.addWidget(self.plan_label)
        layout.addWidget(self.error_label)

    @Slot()
    def drop(self) -> None:
        """The plan no longer holds (a job ran, the input is read again); a later change checks anew."""
        self.plan = None
        self.update_run_button()

    @Slot()
    def schedule(self, *_args: object) -> None:
        """A choice changed: the plan is out of date, and is checked again after a short pause."""
        self.plan = None
        self.clear_error()
        self._serial += 1  # a plan under way is out of date now
        self.update_run_button()
        if not self._running():
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @Slot()
    def check(self) -> None:
        """Work out, in the background, what Run would do now (and whether it resumes)."""
        self.plan = None
        self._serial += 1
        serial = self._serial
        self.start_over_button.hide()
        self.update_run_button()
        try:
            recipe = self._recipe()
        except ValueError as exc:
            self.plan_label.setText(str(exc))
            self.plan_label.setStyleSheet("color: palette(placeholder-text);")
            self.clear_error()
            return
        task = self._task()
        assert task is not None
        self.plan_label.setText(self.tr("Checking…"))
        self.plan_label.setStyleSheet("color: palette(placeholder-text);")
        self.background.run(
            lambda: recipe.build(task).plan(),
            lambda plan: self._on_plan(serial, plan),
            lambda error: self._on_plan_failed(serial, error),
            name="batch-plan",
        )

    def _on_plan(self, serial: int, plan: BatchPlan) -> None:
        if serial != self._serial or self._running():
            return
        self.plan = plan
        self.clear_error()
        self.plan_label.setStyleSheet("")
        self.plan_label.setText(self._plan_text(plan))
        self.start_over_button.setVisible(plan.resuming and not plan.finished)
        self.update_run_button()
        self.ready.emit(plan)

    def _on_plan_failed(self, serial: int, error: BaseException) -> None:
        if serial != self._serial or self._running():
            return
        self.plan_label.setText("")
        self.show_error(user_message(error))
        self.failed.emit(user_message(error))

    def _plan_text(self, plan: BatchPlan) -> str:
        if plan.finished:
            return self.tr("This job had finished; Run tidies up the progress it left behind.")
        lines = []
        total = plan.already_done + plan.to_do
        if plan.resuming:
            lines.append(
                fill(
                    self.tr(
                        "%1 of %2 rows are already done. Resume from the first unfinished row, or start over."
                    ),
                    plan.already_done,
                    total,
                )
            )
        else:
            lines.append(self.tr("%n row(s) to run.", "", plan.to_do))
        if plan.skipped_rows:
            lines.append(self.tr("%n row(s) with empty cells will be skipped.", "", len(plan.skipped_rows)))
        lines.append(fill(self.tr("New columns: %1."), ", ".join(plan.new_columns)))
        lines += list(plan.problems[:PROBLEMS_SHOWN])
        return "\n".join(lines)

    def update_run_button(self) -> None:
        """Run only for a plan that holds and while no job runs; Resume when it goes on from a stop."""
        plan = self.plan
        self.run_button.setEnabled(plan is not None and not self._running())
        self.run_button.setText(
            self.tr("Resume") if plan is not None and plan.resuming and not plan.finished else self.tr("Run")
        )

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def error_shown(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""
