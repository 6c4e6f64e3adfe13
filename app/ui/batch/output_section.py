"""Step 4 of the batch dialog: where the results go.

Either a new file next to the input (an existing one is replaced only when the user says so) or new
columns added to the input file itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

OUTPUT_SUFFIXES = (".csv", ".xlsx")
"""The formats a job writes."""


def default_output(path: Path) -> Path:
    """A new file beside the input: "in.xlsx" gives "in-results.xlsx"; any other input gets a CSV."""
    suffix = path.suffix.lower() if path.suffix.lower() in OUTPUT_SUFFIXES else ".csv"
    return path.with_name(f"{path.stem}-results{suffix}")


class OutputChoice(QGroupBox):
    """A new file (its path, and whether to replace it) or "add columns to this file"."""

    changed = Signal()
    """The choice or the path changed."""

    def __init__(self, input_text: Callable[[], str], parent: QWidget | None = None) -> None:
        """``input_text``: the input path as typed, where "Save as…" starts when no output is set."""
        super().__init__(parent)
        self.setTitle(self.tr("4. Results"))
        self._input_text = input_text
        self.add_columns_radio = QRadioButton(self.tr("Add columns to this file"))
        self.add_columns_radio.setObjectName("batchAddColumns")
        self.add_columns_radio.setAccessibleName(self.tr("Add the results as columns to the input file"))
        self.new_file_radio = QRadioButton(self.tr("Save as a new file:"))
        self.new_file_radio.setObjectName("batchNewFile")
        self.new_file_radio.setAccessibleName(self.tr("Save the results as a new file"))
        self.new_file_radio.setChecked(True)
        modes = QButtonGroup(self)
        modes.addButton(self.add_columns_radio)
        modes.addButton(self.new_file_radio)
        modes.buttonToggled.connect(self._on_mode)
        self.output_edit = QLineEdit()
        self.output_edit.setObjectName("batchOutput")
        self.output_edit.setAccessibleName(self.tr("Output file"))
        self.output_edit.editingFinished.connect(self.changed)
        self.output_browse = QPushButton(self.tr("Save as…"))
        self.output_browse.setAccessibleName(self.tr("Choose the output file"))
        self.output_browse.clicked.connect(self._choose_output)
        self.overwrite_box = QCheckBox(self.tr("Replace that file if it exists"))
        self.overwrite_box.setObjectName("batchOverwrite")
        self.overwrite_box.setAccessibleName(self.tr("Replace the output file if it exists"))
        self.overwrite_box.toggled.connect(self.changed)
        out_row = QHBoxLayout()
        out_row.addWidget(self.new_file_radio)
        out_row.addWidget(self.output_edit, 1)
        out_row.addWidget(self.output_browse)
        layout = QVBoxLayout(self)
        layout.addLayout(out_row)
        layout.addWidget(self.overwrite_box)
        layout.addWidget(self.add_columns_radio)

    @Slot()
    def _on_mode(self, *_args: object) -> None:
        new_file = self.new_file_radio.isChecked()
        self.output_edit.setEnabled(new_file)
        self.output_browse.setEnabled(new_file)
        self.overwrite_box.setEnabled(new_file)
        self.changed.emit()

    @Slot()
    def _choose_output(self) -> None:
        start = self.output_edit.text() or self._input_text()
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the results as"), start, self.tr("CSV (*.csv);;Excel workbook (*.xlsx)")
        )
        if path:
            self.output_edit.setText(path)
            self.overwrite_box.setChecked(Path(path).exists())  # the file dialog asked already
            self.changed.emit()

    def suggest(self, source: Path) -> None:
        """Offer a new file beside ``source`` unless the user chose one already."""
        if not self.output_edit.text().strip():
            self.output_edit.setText(str(default_output(source)))

    def path(self, source: Path | None) -> Path | None:
        """Where the results go for input ``source``; a relative path is taken beside the input."""
        if self.add_columns_radio.isChecked():
            return source
        text = self.output_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.is_absolute() and source is not None:
            path = source.parent / path
        return path

    def overwrite(self) -> bool:
        return self.new_file_radio.isChecked() and self.overwrite_box.isChecked()

    def set_choice(self, *, in_place: bool, output: Path, overwrite: bool) -> None:
        """Show a remembered job's choice."""
        self.add_columns_radio.setChecked(in_place)
        self.new_file_radio.setChecked(not in_place)
        if not in_place:
            self.output_edit.setText(str(output))
        self.overwrite_box.setChecked(overwrite)
