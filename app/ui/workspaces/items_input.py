"""Items to analyse, one at a time: where they come from, and how a run over them reports progress.

`ItemsInput` takes pasted items (one per line, or blocks separated by blank lines) or one column of a CSV
or Excel file, with a sheet picker for workbooks with several sheets, an encoding picker when the file's
encoding is unclear, and (for classification) a true-label column. Files are read on a background thread.

`items_job` runs one analysis per item in a single engine job and emits an `ItemFinished` after each,
so tables and charts fill in while it runs; Stop keeps what is finished, and an item that fails is
reported with its error while the run goes on. `ProgressLine` shows "n of N, items/min".
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.engine.types import CancelToken, Engine, EngineError
from app.core.tables.errors import EncodingUnclearError, TableError
from app.core.tables.reading import Table, list_sheets, read_table
from app.core.tasks.events import Emit, StepFinished, TaskEvent
from app.core.tasks.streaming import TaskCancelledError
from app.ui.background import Background
from app.ui.i18n import fill
from app.ui.workspaces.base import Job, Workspace
from app.ui.workspaces.results_export import error_colour

SPLIT_LINES = "lines"
SPLIT_BLOCKS = "blocks"
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_TEXT_COLUMNS = ("text", "feedback", "review", "comment", "message", "body", "content", "item")
_LABEL_COLUMNS = ("true_label", "true label", "label", "expected", "category", "class")
MAX_PROBLEMS_SHOWN = 3
AUTOSAVE_DURING_RUN_MS = 1500
"""While a run goes on, finished items are handed to autosave at most this often."""


def split_items(text: str, mode: str = SPLIT_LINES) -> list[str]:
    """Pasted text as items: every non-blank line, or (``blocks``) every run of lines between blank
    lines, so a multi-line e-mail stays one item."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pieces = _BLANK_LINES.split(text) if mode == SPLIT_BLOCKS else text.split("\n")
    return [piece.strip() for piece in pieces if piece.strip()]


def guess_column(header: Sequence[str], names: Sequence[str]) -> str | None:
    """The first column whose name reads like one of ``names`` (case and spaces ignored)."""
    wanted = [name.replace(" ", "_") for name in names]
    keyed = {column.strip().casefold().replace(" ", "_"): column for column in header}
    for name in wanted:
        if name in keyed:
            return keyed[name]
    return None


@dataclass(frozen=True)
class Items:
    """The items to analyse, with what the file said about them."""

    texts: tuple[str, ...] = ()
    true_labels: tuple[str, ...] | None = None
    """Aligned with ``texts``; None when no true-label column was chosen."""
    rows: tuple[int, ...] | None = None
    """The file's row numbers, as the user sees them; None for pasted items."""
    source: str = ""
    """The file's name, or "" for pasted items."""
    skipped: int = 0
    """Rows whose text cell was empty."""


def items_from_table(table: Table, column: str, label_column: str | None = None) -> Items:
    """The non-empty cells of ``column``; a row with an empty text cell is skipped and counted."""
    at = table.column(column)
    label_at = table.column(label_column) if label_column else None
    texts: list[str] = []
    labels: list[str] = []
    rows: list[int] = []
    skipped = 0
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        text = row[at].strip()
        if not text:
            skipped += 1
            continue
        texts.append(text)
        rows.append(number)
        if label_at is not None:
            labels.append(row[label_at].strip())
    return Items(
        tuple(texts),
        tuple(labels) if label_at is not None else None,
        tuple(rows),
        Path(table.path).name,
        skipped,
    )


def read_items_file(path: Path, sheet: str | None, encoding: str | None) -> tuple[Table, tuple[str, ...]]:
    """The table and the workbook's sheets (``()`` for CSV), off the GUI thread. A workbook with several
    sheets opens on the one asked for, or on its first sheet (a draft's sheet may have been renamed): the
    sheet picker then shows them all, with the one read selected."""
    sheets = list_sheets(path)
    if sheets and sheet not in sheets:
        sheet = sheets[0]
    return read_table(path, sheet=sheet, encoding=encoding), sheets


def place_in_form(workspace: Workspace, widget: QWidget) -> None:
    """Put ``widget`` (the items box) at the top of a workspace's scrolling form column."""
    holder = workspace.form.parentWidget()
    layout = holder.layout() if holder is not None else None
    if isinstance(layout, QVBoxLayout):
        layout.insertWidget(0, widget)


class ItemsInput(QWidget):
    changed = Signal()
    """The items (or where they come from) changed."""
    loading_changed = Signal(bool)
    """A file is being read (True) or reading ended (False)."""

    def __init__(
        self, background: Background, *, true_labels: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._background = background
        self._with_labels = true_labels
        self._table: Table | None = None
        self._path: Path | None = None
        self._sheet: str | None = None
        self._encoding: str | None = None
        self._reads = 0
        self._quiet_read = 0
        self._loading = False
        self._setting = False
        self._wanted_column = ""
        self._wanted_label = ""
        self._file_message = ""

        self.tabs = QTabWidget()
        self.tabs.setObjectName("itemsSource")
        self.tabs.setDocumentMode(True)

        paste = QWidget()
        paste_layout = QVBoxLayout(paste)
        paste_layout.setContentsMargins(0, 4, 0, 0)
        self.split_combo = QComboBox()
        self.split_combo.setObjectName("splitMode")
        self.split_combo.addItem(self.tr("One item per line"), SPLIT_LINES)
        self.split_combo.addItem(self.tr("Items separated by blank lines"), SPLIT_BLOCKS)
        self.split_combo.setAccessibleName(self.tr("How pasted items are separated"))
        self.paste_edit = QPlainTextEdit()
        self.paste_edit.setObjectName("pastedItems")
        self.paste_edit.setAccessibleName(self.tr("Pasted items"))
        self.paste_edit.setPlaceholderText(self.tr("Paste reviews, e-mails or posts here"))
        self.paste_edit.setTabChangesFocus(True)
        self.paste_edit.setMinimumHeight(120)
        self.paste_count = QLabel()
        self.paste_count.setObjectName("pastedCount")
        self.paste_count.setStyleSheet("color: palette(placeholder-text);")
        paste_layout.addWidget(self.split_combo)
        paste_layout.addWidget(self.paste_edit, 1)
        paste_layout.addWidget(self.paste_count)

        file_tab = QWidget()
        form = self._file_form = QFormLayout(file_tab)
        form.setContentsMargins(0, 4, 0, 0)
        self.choose_button = QPushButton(self.tr("Choose a CSV or Excel file…"))
        self.choose_button.setObjectName("chooseFile")
        self.choose_button.setAccessibleName(self.tr("Choose a CSV or Excel file"))
        self.file_label = QLabel()
        self.file_label.setObjectName("fileName")
        self.file_label.setWordWrap(True)
        chooser = QWidget()
        chooser_row = QHBoxLayout(chooser)
        chooser_row.setContentsMargins(0, 0, 0, 0)
        chooser_row.addWidget(self.choose_button)
        chooser_row.addWidget(self.file_label, 1)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_combo.setAccessibleName(self.tr("Sheet"))
        self.encoding_combo = QComboBox()
        self.encoding_combo.setObjectName("encodingCombo")
        self.encoding_combo.setAccessibleName(self.tr("Encoding"))
        self.column_combo = QComboBox()
        self.column_combo.setObjectName("columnCombo")
        self.column_combo.setAccessibleName(self.tr("Column with the items"))
        self.label_combo = QComboBox()
        self.label_combo.setObjectName("labelColumnCombo")
        self.label_combo.setAccessibleName(self.tr("Column with the true labels"))
        self.label_combo.setToolTip(
            self.tr("Optional: a column with the right label for each item, to measure accuracy")
        )
        self.file_status = QLabel()
        self.file_status.setObjectName("fileStatus")
        self.file_status.setWordWrap(True)
        form.addRow(chooser)
        form.addRow(self.tr("Sheet"), self.sheet_combo)
        form.addRow(self.tr("Encoding"), self.encoding_combo)
        form.addRow(self.tr("Column"), self.column_combo)
        form.addRow(self.tr("True label"), self.label_combo)
        form.addRow(self.file_status)
        form.setRowVisible(self.sheet_combo, False)
        form.setRowVisible(self.encoding_combo, False)
        form.setRowVisible(self.label_combo, true_labels)

        self.tabs.addTab(paste, self.tr("Paste"))
        self.tabs.addTab(file_tab, self.tr("From a file"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.paste_edit.textChanged.connect(self._on_paste_changed)
        self.split_combo.currentIndexChanged.connect(self._on_paste_changed)
        self.tabs.currentChanged.connect(self._on_edited)
        self.choose_button.clicked.connect(self.choose_file)
        self.sheet_combo.activated.connect(self._on_sheet_chosen)
        self.encoding_combo.activated.connect(self._on_encoding_chosen)
        self.column_combo.currentIndexChanged.connect(self._on_column_changed)
        self.label_combo.currentIndexChanged.connect(self._on_column_changed)
        self._on_paste_changed()

    # ------------------------------------------------------------ what the workspace asks

    def from_file(self) -> bool:
        return self.tabs.currentIndex() == 1

    def is_loading(self) -> bool:
        return self._loading

    def items(self) -> Items:
        """The items of the source shown now (the pasted text, or the chosen file column)."""
        if not self.from_file():
            return Items(tuple(split_items(self.paste_edit.toPlainText(), self._split_mode())))
        if self._table is None or not self.column_combo.currentText():
            return Items()
        label = self.label_combo.currentData() if self._with_labels else None
        return items_from_table(self._table, self.column_combo.currentText(), label or None)

    def problem(self) -> str | None:
        """Why there is nothing to analyse yet, in the user's terms; None when there are items."""
        if self._loading:
            return self.tr("The file is still being read; try again in a moment.")
        if self.items().texts:
            return None
        if not self.from_file():
            return self.tr("Paste some items first (one per line), or load them from a file.")
        if self._path is None:
            return self.tr("Choose a CSV or Excel file first, or paste the items.")
        if self._table is None:
            return self._file_message or self.tr("The file could not be read.")
        return fill(self.tr("The column '%1' has no text in any row."), self.column_combo.currentText())

    def state(self) -> dict[str, Any]:
        """Plain data for drafts: the pasted text and the file choices (the file is read again)."""
        return {
            "source": "file" if self.from_file() else "paste",
            "split": self._split_mode(),
            "text": self.paste_edit.toPlainText(),
            "file": str(self._path) if self._path is not None else "",
            "sheet": self._sheet or "",
            "encoding": self._encoding or "",
            "column": self.column_combo.currentText() or self._wanted_column,
            "label_column": (self.label_combo.currentData() or "") or self._wanted_label,
        }

    def set_state(self, state: Mapping[str, Any]) -> None:
        """Show a saved state; a saved file is read again in the background (no ``changed`` for it)."""
        self._setting = True
        try:
            index = self.split_combo.findData(str(state.get("split") or SPLIT_LINES))
            self.split_combo.setCurrentIndex(max(index, 0))
            text = str(state.get("text") or "")
            if self.paste_edit.toPlainText() != text:
                self.paste_edit.setPlainText(text)
            self.tabs.setCurrentIndex(1 if state.get("source") == "file" else 0)
            path = str(state.get("file") or "")
            self._wanted_column = str(state.get("column") or "")
            self._wanted_label = str(state.get("label_column") or "")
            if path:
                self.load_file(
                    Path(path),
                    sheet=str(state.get("sheet") or "") or None,
                    encoding=str(state.get("encoding") or "") or None,
                    remember_columns=True,
                    quiet=True,
                )
            else:
                self._forget_file()
        finally:
            self._setting = False

    # ------------------------------------------------------------ files

    @Slot()
    def choose_file(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self,
            self.tr("Load items from a file"),
            str(self._path.parent) if self._path is not None else "",
            self.tr("Tables (*.csv *.tsv *.txt *.xlsx *.xlsm);;All files (*)"),
        )
        if path:
            self.tabs.setCurrentIndex(1)
            self.load_file(Path(path))

    def load_file(
        self,
        path: Path,
        *,
        sheet: str | None = None,
        encoding: str | None = None,
        remember_columns: bool = False,
        quiet: bool = False,
    ) -> None:
        """Read ``path`` on a background thread; only the latest read is shown. A ``quiet`` read (a draft
        being shown again) sends no ``changed``: nothing was edited."""
        if not remember_columns and path != self._path:
            self._wanted_column = self._wanted_label = ""
        if path != self._path:
            self.form_rows_reset()
        self._path, self._sheet, self._encoding = path, sheet, encoding
        self._reads += 1
        read_id = self._reads
        self._quiet_read = read_id if quiet else 0
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self._show_status(self.tr("Reading the file…"))
        self._set_loading(True)
        self._background.run(
            lambda: read_items_file(path, sheet, encoding),
            lambda read: self._on_read(read_id, *read),
            lambda error: self._on_read_failed(read_id, error),
            name="read-items",
        )

    def form_rows_reset(self) -> None:
        """A new file: its sheets and encoding are not known yet."""
        self.sheet_combo.clear()
        self.encoding_combo.clear()
        self._file_form.setRowVisible(self.sheet_combo, False)
        self._file_form.setRowVisible(self.encoding_combo, False)

    def _on_read(self, read_id: int, table: Table, sheets: tuple[str, ...]) -> None:
        if read_id != self._reads:
            return
        self._table = table
        self._sheet = table.sheet
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(sheets))
        self.sheet_combo.setCurrentText(table.sheet or "")
        self.sheet_combo.blockSignals(False)
        self._file_form.setRowVisible(self.sheet_combo, len(sheets) > 1)
        self._fill_columns(table)
        self._refresh_file_status()
        self._set_loading(False)  # only now: whoever waits for the file finds its items ready
        self._after_read(read_id)

    def _after_read(self, read_id: int) -> None:
        if self._quiet_read != read_id:
            self._on_edited()

    def _on_read_failed(self, read_id: int, error: BaseException) -> None:
        if read_id != self._reads:
            return
        self._table = None
        if isinstance(error, EncodingUnclearError):
            self.encoding_combo.clear()
            self.encoding_combo.addItem(self.tr("Choose…"), "")
            for candidate in error.candidates:
                self.encoding_combo.addItem(str(candidate), str(candidate))
            self._file_form.setRowVisible(self.encoding_combo, True)
            self._file_message = fill(self.tr("%1 Pick the encoding above."), error)
        elif isinstance(error, TableError | OSError | ValueError):
            self._file_message = str(error)
        else:
            self._file_message = fill(self.tr("The file could not be read: %1"), error)
        self._fill_columns(None)
        self._show_status(self._file_message, error=True)
        self._set_loading(False)
        self._after_read(read_id)

    def _fill_columns(self, table: Table | None) -> None:
        header = list(table.header) if table is not None else []
        wanted = self._wanted_column or self.column_combo.currentText()
        wanted_label = self._wanted_label or str(self.label_combo.currentData() or "")
        for combo in (self.column_combo, self.label_combo):
            combo.blockSignals(True)
            combo.clear()
        self.column_combo.addItems(header)
        self.label_combo.addItem(self.tr("(none)"), "")
        for name in header:
            self.label_combo.addItem(name, name)
        column = wanted if wanted in header else guess_column(header, _TEXT_COLUMNS)
        if column is None and header:
            column = header[0]
        if column is not None:
            self.column_combo.setCurrentText(column)
        label = wanted_label if wanted_label in header else None
        if label is None and self._with_labels and not self._wanted_label:
            label = guess_column([c for c in header if c != column], _LABEL_COLUMNS)
        self.label_combo.setCurrentIndex(max(self.label_combo.findData(label or ""), 0))
        for combo in (self.column_combo, self.label_combo):
            combo.blockSignals(False)
        self._wanted_column = self._wanted_label = ""

    def _refresh_file_status(self) -> None:
        if self._table is None:
            return
        items = self.items()
        parts = [
            fill(
                self.tr("%1 item(s) from %2, column '%3'."),
                len(items.texts),
                items.source,
                self.column_combo.currentText(),
            )
        ]
        if self.sheet_combo.count() > 1:
            parts.append(
                fill(
                    self.tr("The workbook has %1 sheets; this is '%2'."),
                    self.sheet_combo.count(),
                    self._sheet,
                )
            )
        if items.skipped:
            parts.append(fill(self.tr("%1 row(s) with an empty cell skipped."), items.skipped))
        problems = list(self._table.problems)
        if problems:
            shown = "; ".join(
                fill(self.tr("row %1: %2"), p.row, p.message) for p in problems[:MAX_PROBLEMS_SHOWN]
            )
            more = len(problems) - MAX_PROBLEMS_SHOWN
            parts.append(
                fill(self.tr("%1 row(s) with problems: %2"), len(problems), shown)
                + (fill(self.tr(" (and %1 more)"), more) if more > 0 else "")
            )
        if items.true_labels is not None:
            missing = sum(1 for label in items.true_labels if not label)
            if missing:
                parts.append(fill(self.tr("%1 item(s) have no true label."), missing))
        self._show_status(" ".join(parts), error=bool(problems) or not items.texts)

    def _forget_file(self) -> None:
        self._reads += 1
        self._path = self._table = None
        self._sheet = self._encoding = None
        self.file_label.clear()
        self.form_rows_reset()
        self._fill_columns(None)
        self._show_status(self.tr("No file loaded."))
        self._set_loading(False)

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.file_status.setText(text)
        colour = error_colour(self.palette()).name() if error else "palette(placeholder-text)"
        self.file_status.setStyleSheet(f"color: {colour};")

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.choose_button.setEnabled(not loading)
            self.loading_changed.emit(loading)

    # ------------------------------------------------------------ reacting

    def _split_mode(self) -> str:
        return str(self.split_combo.currentData() or SPLIT_LINES)

    @Slot()
    def _on_paste_changed(self) -> None:
        count = len(split_items(self.paste_edit.toPlainText(), self._split_mode()))
        self.paste_count.setText(self.tr("%n item(s)", "", count))
        self._on_edited()

    @Slot(int)
    def _on_sheet_chosen(self, _index: int) -> None:
        if self._path is not None and self.sheet_combo.currentText() != self._sheet:
            self.load_file(self._path, sheet=self.sheet_combo.currentText(), encoding=self._encoding)

    @Slot(int)
    def _on_encoding_chosen(self, _index: int) -> None:
        encoding = str(self.encoding_combo.currentData() or "")
        if self._path is not None and encoding:
            self.load_file(self._path, sheet=self._sheet, encoding=encoding, remember_columns=True)

    @Slot()
    def _on_column_changed(self) -> None:
        self._refresh_file_status()
        self._on_edited()

    @Slot()
    def _on_edited(self) -> None:
        if not self._setting:
            self.changed.emit()


# ---------------------------------------------------------------- running over the items


@dataclass(frozen=True)
class ItemFinished:
    """One item is done: ``result`` is the analysis, or None with ``error`` saying why it failed."""

    index: int
    result: object | None
    error: str
    done: int
    """Items finished so far in this run, failures included."""
    total: int
    elapsed_s: float


@dataclass(frozen=True)
class ItemsRun:
    """How a run over the items ended (the results themselves came as `ItemFinished` events)."""

    done: int
    total: int
    cancelled: bool


AnalyzeOne = Callable[[Engine, CancelToken, Emit, str], object]


def items_job(texts: Sequence[str], analyze: AnalyzeOne) -> Job:
    """One engine job over ``texts``: ``analyze`` each, emit an `ItemFinished` after each.

    An ``EngineError`` or ``ValueError`` for one item (too long, no valid answer) is recorded against it
    and the run goes on; Stop ends the run after the items already finished.
    """
    items = tuple(texts)

    def job(engine: Engine, cancel: CancelToken, emit: Emit) -> ItemsRun:
        # The bridge delivers any object to the GUI thread; these events are ours, not TaskEvents.
        report = cast(Callable[[object], None], emit)

        def meters_only(event: TaskEvent) -> None:
            if isinstance(event, StepFinished):  # speed and context meters; streamed JSON is not shown
                emit(event)

        started = time.monotonic()
        done = 0
        for index, text in enumerate(items):
            if cancel.cancelled():
                break
            try:
                result: object | None = analyze(engine, cancel, meters_only, text)
                error = ""
            except TaskCancelledError:
                break
            except (EngineError, ValueError) as exc:
                result, error = None, str(exc)
            if cancel.cancelled() and result is None:
                break  # an error caused by the Stop itself is not the item's fault
            done += 1
            report(ItemFinished(index, result, error, done, len(items), time.monotonic() - started))
        return ItemsRun(done, len(items), cancel.cancelled())

    return job


class ProgressLine(QWidget):
    """A progress bar with "n of N items · x items/min · about t left" beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setObjectName("itemsProgress")
        self.bar.setAccessibleName(self.tr("Items analysed"))
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(220)
        self.label = QLabel()
        self.label.setObjectName("progressText")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar)
        row.addWidget(self.label, 1)
        self.hide()

    def start(self, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(0)
        self.label.setText(fill(self.tr("Analysing %1 item(s)…"), total))
        self.bar.show()
        self.show()

    def advance(self, done: int, total: int, elapsed_s: float) -> None:
        self.bar.setValue(done)
        text = fill(self.tr("%1 of %2 items"), done, total)
        if elapsed_s > 0 and done:
            per_minute = done / elapsed_s * 60
            text += " · " + fill(self.tr("%1 items/min"), f"{per_minute:.1f}")
            left = (total - done) / per_minute * 60
            if done < total:
                text += " · " + fill(self.tr("about %1 left"), self._duration(left))
        self.label.setText(text)

    def finish(self, done: int, total: int, failed: int, *, cancelled: bool) -> None:
        self.bar.setValue(done)
        self.bar.hide()
        if cancelled:
            text = fill(self.tr("Stopped after %1 of %2 items."), done, total)
        else:
            text = fill(self.tr("%1 of %2 items analysed."), done, total)
        if failed:
            text += " " + fill(self.tr("%1 failed (see the table)."), failed)
        self.label.setText(text)
        self.show()

    def show_loaded(self, count: int, failed: int) -> None:
        """A saved result set: no run, just what it holds."""
        if not count:
            self.hide()
            return
        self.bar.hide()
        text = self.tr("%n item(s) analysed.", "", count)
        if failed:
            text += " " + fill(self.tr("%1 failed (see the table)."), failed)
        self.label.setText(text)
        self.show()

    def stop_running(self) -> None:
        """The run ended with an error: keep the last count, drop the bar."""
        self.bar.hide()

    def _duration(self, seconds: float) -> str:
        if seconds < 90:
            return fill(self.tr("%1 s"), max(1, round(seconds)))
        if seconds < 5400:
            return fill(self.tr("%1 min"), round(seconds / 60))
        return fill(self.tr("%1 h"), f"{seconds / 3600:.1f}")
