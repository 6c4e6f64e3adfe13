"""The main window: workspaces in a sidebar, the drafts library beneath them, and a status bar.

The window builds the parts and wires them together; the workspaces do the writing, the draft keeper
(:mod:`app.ui.draft_keeper`) decides which draft each workspace shows and when it is saved or versioned,
and the drafts package does the storing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.documents.library import Draft, DraftLibrary
from app.core.engine.types import Chunk
from app.core.runtime import Runtime
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.library import TaskLibrary
from app.ui.background import Background
from app.ui.batch import offer_unfinished_jobs, open_batch_dialog
from app.ui.draft_keeper import DraftKeeper
from app.ui.drafts.autosave import Autosaver
from app.ui.drafts.drafts_panel import DraftsPanel
from app.ui.drafts.export_actions import copy_as_rich_text, export_document
from app.ui.drafts.versions_dialog import VersionsDialog
from app.ui.engine_bridge import EngineBridge
from app.ui.run_on import RunOnControls
from app.ui.task_editor import TaskEditorDialog
from app.ui.update_checker import UpdateChecker
from app.ui.workspaces.base import Workspace
from app.ui.workspaces.registry import FACTORIES, WORKSPACE_ORDER

if TYPE_CHECKING:
    pass


class MainWindow(QMainWindow):
    manage_models_requested = Signal()
    settings_requested = Signal()

    def __init__(
        self, bridge: EngineBridge, runtime: Runtime, tasks: TaskLibrary, library: DraftLibrary
    ) -> None:
        super().__init__()
        self.setWindowTitle("Copydesk")
        self.resize(1280, 820)
        self.bridge = bridge
        self.runtime = runtime
        self.tasks = tasks
        self.library = library
        self.background = Background(self)
        self.autosaver = Autosaver(library, self)
        self.workspaces: dict[str, Workspace] = {}
        self.run_on = RunOnControls(
            bridge, runtime, self.workspaces, self.current_flow, self.statusBar(), self
        )
        self.switcher = self.run_on.switcher
        self.backend_picker = self.run_on.picker
        self.keeper = DraftKeeper(
            library,
            tasks,
            self.autosaver,
            self.background,
            self.workspaces,
            WORKSPACE_ORDER,
            host=self,
            parent=self,
        )

        self.nav = QListWidget()
        self.nav.setObjectName("workspaceList")
        self.nav.setAccessibleName(self.tr("Workspaces"))
        self.stack = QStackedWidget()
        for flow in WORKSPACE_ORDER:
            task = tasks.for_flow(flow)[0]
            workspace = self._build_workspace(task)
            self.stack.addWidget(workspace)
            item = QListWidgetItem(self.tr(task.name))
            item.setData(Qt.ItemDataRole.UserRole, flow)
            self.nav.addItem(item)
        self.nav.setMaximumHeight(self.nav.sizeHintForRow(0) * (len(WORKSPACE_ORDER) + 1))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.currentRowChanged.connect(self._on_workspace_switched)

        task_names = {task.id: task.name for task in tasks.all()}
        self.drafts = DraftsPanel(library, task_names)
        self.drafts.draft_opened.connect(self.keeper.open_draft)
        self.drafts.draft_trashed.connect(self.keeper.on_draft_trashed)

        self.task_combo = QComboBox()
        self.task_combo.setObjectName("taskCombo")
        self.task_combo.setAccessibleName(self.tr("Task"))
        self.task_combo.setToolTip(self.tr("The built-in task or one of your own copies"))
        self.task_combo.activated.connect(self._on_task_chosen)
        self.edit_task_button = QPushButton(self.tr("Edit task…"))
        self.edit_task_button.setAccessibleName(self.tr("Edit task"))
        self.edit_task_button.setToolTip(
            self.tr("Make your own copy of this task and edit its prompts and fields")
        )
        self.edit_task_button.clicked.connect(self.edit_task)
        self.draft_label = QLabel()
        self.draft_label.setObjectName("draftLabel")

        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("Task:")))
        header.addWidget(self.task_combo)
        header.addWidget(self.edit_task_button)
        header.addSpacing(12)
        header.addWidget(QLabel(self.tr("Run on:")))
        header.addWidget(self.backend_picker)
        header.addStretch()
        header.addWidget(self.draft_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(header)
        right_layout.addWidget(self.stack, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("<b>Workspaces</b>")))
        left_layout.addWidget(self.nav)
        left_layout.addWidget(QLabel(self.tr("<b>Drafts</b>")))
        left_layout.addWidget(self.drafts, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 1020])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self._build_status_bar()
        self.updates = UpdateChecker(runtime, self.background, self.statusBar(), self)
        self._build_menus()
        self.run_on.watch(bridge)
        self.run_on.show_in(self.model_label, self.context_meter)
        bridge.model_failed.connect(self._on_model_failed)
        self.autosaver.state_changed.connect(self.autosave_label.setText)
        self.autosaver.saved.connect(lambda _id: self.drafts.refresh())
        self.keeper.draft_shown.connect(self._show_draft_label)
        self.keeper.drafts_changed.connect(self.drafts.refresh)
        self.keeper.message.connect(self._show_status)
        self.keeper.not_saved.connect(self.autosave_label.setText)
        self.keeper.task_missing.connect(self._on_task_missing)
        self.nav.setCurrentRow(0)
        self.keeper.load_recent_drafts()

    @property
    def draft_ids(self) -> dict[str, int | None]:
        """The draft each workspace shows; None for a new one not saved yet."""
        return self.keeper.draft_ids

    # ------------------------------------------------------------ building

    def _build_workspace(self, task: TaskDefinition) -> Workspace:
        bridge = self.switcher.bridge_for(task.flow)
        workspace = FACTORIES[task.flow](task, bridge, self.runtime.sampling, None)
        workspace.bridge_changed.connect(self.run_on.refresh)
        workspace.edited.connect(lambda flow=task.flow: self.keeper.on_edited(flow))
        workspace.generated.connect(lambda meta, flow=task.flow: self.keeper.on_generated(flow, meta))
        workspace.step_finished.connect(self._on_step_finished)
        workspace.run_starting.connect(lambda flow=task.flow: self.keeper.checkpoint_edits(flow))
        self.workspaces[task.flow] = workspace
        return workspace

    def _build_status_bar(self) -> None:
        self.model_label = QLabel(self.tr("No model"))
        self.model_label.setObjectName("modelLabel")
        self.autosave_label = QLabel()
        self.autosave_label.setObjectName("autosaveLabel")
        self.speed_label = QLabel()
        self.speed_label.setObjectName("speedLabel")
        self.context_meter = QProgressBar()
        self.context_meter.setObjectName("contextMeter")
        self.context_meter.setAccessibleName(self.tr("Context used"))
        self.context_meter.setFixedWidth(220)
        self.context_meter.setFormat(self.tr("context %v/%m tokens"))
        self.context_meter.setToolTip(self.tr("Tokens of the model's context used by the last request"))
        self.context_meter.setValue(0)
        status = self.statusBar()
        status.addWidget(self.model_label, 1)
        status.addPermanentWidget(self.autosave_label)
        status.addPermanentWidget(self.speed_label)
        status.addPermanentWidget(self.context_meter)

    def _action(
        self, menu: Any, text: str, shortcut: str | QKeySequence.StandardKey | None, slot: Any
    ) -> QAction:
        action = QAction(text, self)  # already translated by the caller
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&New draft"), QKeySequence.StandardKey.New, self.keeper.new_draft)
        self._action(
            file_menu, self.tr("Save &version"), QKeySequence.StandardKey.Save, self.keeper.save_version
        )
        self._action(file_menu, self.tr("&History…"), "Ctrl+H", self.show_versions)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Export…"), "Ctrl+E", self.export_current)
        self._action(file_menu, self.tr("&Copy as rich text"), "Ctrl+Shift+C", self.copy_current)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("Run a task over a &spreadsheet…"), "Ctrl+B", self.open_batch)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        write_menu = bar.addMenu(self.tr("&Write"))
        generate = self._action(
            write_menu, self.tr("&Generate"), "Ctrl+Return", lambda: self.current_workspace().generate()
        )
        generate.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self._action(write_menu, self.tr("&Stop"), None, lambda: self.current_workspace().stop())
        write_menu.addSeparator()
        for index, flow in enumerate(WORKSPACE_ORDER, start=1):
            name = self.tasks.for_flow(flow)[0].name
            self._action(
                write_menu,
                self.tr(name),
                f"Ctrl+{index}",
                lambda _c=False, i=index - 1: self.nav.setCurrentRow(i),
            )
        tools = bar.addMenu(self.tr("&Tools"))
        self._action(tools, self.tr("&Models…"), "Ctrl+M", self.manage_models_requested.emit)
        self._action(tools, self.tr("&Settings…"), "Ctrl+,", self.settings_requested.emit)
        self._action(tools, self.tr("Edit &task…"), None, self.edit_task)
        help_menu = bar.addMenu(self.tr("&Help"))
        self.check_updates_action = self._action(
            help_menu, self.tr("Check for &updates…"), None, self.updates.check_now
        )

    # ------------------------------------------------------------ batch jobs

    def open_batch(self) -> None:
        open_batch_dialog(
            self, self.runtime, self._bridge_for_task, self.tasks, in_flight_for=self._rows_in_flight
        )

    def offer_unfinished_batches(self) -> None:
        """After a restart (or a crash), offer to resume batch jobs whose progress file is still there."""
        offer_unfinished_jobs(
            self, self.runtime, self._bridge_for_task, self.tasks, in_flight_for=self._rows_in_flight
        )

    def _bridge_for_task(self, task: TaskDefinition) -> EngineBridge:
        return self.switcher.bridge_for(task.flow)

    def _rows_in_flight(self, bridge: EngineBridge) -> int:
        """A server takes its endpoint's "requests in flight"; a local model decodes one row at a time."""
        name = self.switcher.name_of(bridge)
        endpoint = self.runtime.settings.remote.endpoint(name) if name else None
        return endpoint.in_flight if endpoint is not None else 1

    # ------------------------------------------------------------ workspaces

    def current_flow(self) -> str:
        return WORKSPACE_ORDER[max(0, self.stack.currentIndex())]

    def current_workspace(self) -> Workspace:
        return self.workspaces[self.current_flow()]

    def show_workspace(self, flow: str) -> Workspace:
        self.nav.setCurrentRow(WORKSPACE_ORDER.index(flow))
        return self.workspaces[flow]

    @Slot(int)
    def _on_workspace_switched(self, _row: int) -> None:
        self._fill_task_combo()
        self._show_draft_label()
        self.run_on.refresh()

    def _fill_task_combo(self) -> None:
        flow = self.current_flow()
        current = self.workspaces[flow].task.id
        self.task_combo.blockSignals(True)
        self.task_combo.clear()
        for task in self.tasks.for_flow(flow):
            self.task_combo.addItem(task.name if task.builtin else f"{task.name} ★", task.id)
        self.task_combo.setCurrentIndex(max(0, self.task_combo.findData(current)))
        self.task_combo.blockSignals(False)

    @Slot(int)
    def _on_task_chosen(self, index: int) -> None:
        task_id = self.task_combo.itemData(index)
        if isinstance(task_id, str):
            self.use_task(self.tasks.get(task_id))

    def use_task(self, task: TaskDefinition) -> None:
        """Rebuild a workspace for another task of its flow, keeping the values of shared fields."""
        old = self.workspaces[task.flow]
        if old.running:
            self.statusBar().showMessage(self.tr("Stop the running generation first."), 4000)
            self._fill_task_combo()
            return
        inputs, outputs = old.inputs(), old.outputs()
        index = self.stack.indexOf(old)
        workspace = self._build_workspace(task)
        self.stack.insertWidget(index, workspace)
        self.stack.removeWidget(old)
        old.deleteLater()
        workspace.load(inputs, outputs)
        self.stack.setCurrentIndex(index)
        self._fill_task_combo()

    @Slot()
    def edit_task(self) -> None:
        dialog = TaskEditorDialog(self.tasks, self.current_workspace().task, self)
        dialog.task_saved.connect(self.use_task)
        dialog.open()
        self._fill_task_combo()

    # ------------------------------------------------------------ drafts

    @Slot()
    def show_versions(self) -> None:
        draft_id = self.draft_ids[self.current_flow()]
        if draft_id is None:
            self.statusBar().showMessage(self.tr("This draft has no history yet."), 3000)
            return
        self.autosaver.flush(timeout_s=2.0)
        dialog = VersionsDialog(self.library, draft_id, self)
        dialog.restored.connect(self.open_draft)
        dialog.open()

    @Slot(object)
    def open_draft(self, draft: Draft) -> None:
        self.keeper.open_draft(draft)

    @Slot(str)
    def _on_task_missing(self, task_id: str) -> None:
        QMessageBox.warning(
            self,
            self.tr("Task not found"),
            self.tr("This draft was made with a task that no longer exists (%1).").replace("%1", task_id),
        )

    def _show_draft_label(self) -> None:
        draft_id = self.draft_ids[self.current_flow()]
        self.draft_label.setText(
            self.tr("Draft #%1").replace("%1", str(draft_id)) if draft_id else self.tr("New draft")
        )

    # ------------------------------------------------------------ export

    @Slot()
    def export_current(self) -> None:
        workspace = self.current_workspace()
        export_document(self, self.background, workspace.export_document(), workspace.draft_title())

    @Slot()
    def copy_current(self) -> None:
        copy_as_rich_text(self.current_workspace().export_document())
        self.statusBar().showMessage(self.tr("Copied with formatting."), 3000)

    # ------------------------------------------------------------ engine

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self.show_notice(self.tr("The model could not be loaded: %1").replace("%1", message))

    @Slot(object)
    def _on_step_finished(self, chunk: Chunk) -> None:
        if chunk.timings is not None and chunk.timings.generated_tokens > 1:
            self.speed_label.setText(
                self.tr("%1 tok/s").replace("%1", f"{chunk.timings.tokens_per_second:.1f}")
            )
        self.context_meter.setValue(
            min(chunk.prompt_tokens + chunk.generated_tokens, self.context_meter.maximum())
        )

    def show_notice(self, text: str) -> None:
        """Warnings the user must see (a recovered settings file, a missing model)."""
        self.current_workspace().show_notice(text)

    @Slot(str, int)
    def _show_status(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # ------------------------------------------------------------ showing and closing

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.updates.schedule_startup_check()  # only when turned on and a day has passed; off the GUI thread

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.bridge.stop()
        for workspace in self.workspaces.values():
            workspace.stop()
        self.keeper.save_before_quit()
        super().closeEvent(event)
