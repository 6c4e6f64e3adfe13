"""Where the Translate workspace's text comes from: pasted into the editor, or a file that was opened.

With a file open there is nothing to type: the pane shrinks to the file's name and its button, laid out
in a row (`set_compact`), and says so with `mode_changed` so the workspace can give the room to the
segments.

A table (CSV, Excel) cannot be opened before the user says which columns to translate, and sometimes which
sheet or text encoding; the format says so with ``TableChoiceNeeded``, and this pane asks inline (a list of
columns to tick, or a list to pick from) rather than in a modal box, so the window never waits on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import fill


class SourcePane(QWidget):
    text_edited = Signal()
    """The pasted text changed by hand."""
    paste_requested = Signal()
    """Leave the file and go back to pasted text."""
    choice_made = Signal(str, object)
    """``(what, value)``: "columns" with a tuple of names, "sheet" or "encoding" with a name."""
    mode_changed = Signal()
    """Pasted text, a file, or a question about a file is shown now (see `showing_file`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paste_edit = QPlainTextEdit()
        self.paste_edit.setObjectName("translateSourceText")
        self.paste_edit.setAccessibleName(self.tr("Text to translate"))
        self.paste_edit.setPlaceholderText(
            self.tr("Paste the text to translate here, or open a file. Each paragraph becomes a segment.")
        )
        self.paste_edit.textChanged.connect(self._on_text_changed)

        self.file_label = QLabel()
        self.file_label.setObjectName("translateFileLabel")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.paste_button = QPushButton(self.tr("Paste text instead"))
        self.paste_button.setAccessibleName(self.tr("Paste text instead"))
        self.paste_button.setToolTip(self.tr("Close the file and translate pasted text"))
        self.paste_button.clicked.connect(self.paste_requested)
        self.file_box = QWidget()
        file_layout = self._file_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.file_box)
        file_layout.setContentsMargins(0, 0, 0, 0)
        file_layout.addWidget(self.file_label)
        file_layout.addWidget(self.paste_button, 0, Qt.AlignmentFlag.AlignLeft)
        file_layout.addStretch()  # the file's name and the button stay at the top (or left) of the box

        self.choice_box = QGroupBox(self.tr("Before the file can be opened"))
        self.choice_label = QLabel()
        self.choice_label.setWordWrap(True)
        self.choice_combo = QComboBox()
        self.choice_combo.setObjectName("translateChoiceCombo")
        self.choice_combo.setAccessibleName(self.tr("Choice before opening"))
        self.column_list = QListWidget()
        self.column_list.setObjectName("translateColumns")
        self.column_list.setAccessibleName(self.tr("Columns to translate"))
        self.choice_button = QPushButton(self.tr("Open"))
        self.choice_button.setObjectName("translateChoiceButton")
        self.choice_button.setAccessibleName(self.tr("Open with this choice"))
        self.choice_button.clicked.connect(self._on_choice)
        choice_layout = QVBoxLayout(self.choice_box)
        choice_layout.addWidget(self.choice_label)
        choice_layout.addWidget(self.choice_combo)
        choice_layout.addWidget(self.column_list)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.choice_button)
        choice_layout.addLayout(buttons)
        self._what = ""

        self.export_both = QCheckBox(self.tr("Export both languages"))
        self.export_both.setAccessibleName(self.tr("Export both languages"))
        self.export_both.setToolTip(
            self.tr("File > Export writes each source paragraph above its translation")
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.file_box)
        layout.addWidget(self.choice_box)
        layout.addWidget(self.paste_edit, 1)
        layout.addWidget(self.export_both)
        self._setting = False
        self.show_paste()

    # ------------------------------------------------------------ showing

    def set_text(self, text: str) -> None:
        """Put ``text`` in the editor (shown or not) without a `text_edited`: a draft's, not a change."""
        if text != self.paste_edit.toPlainText():
            self._setting = True
            try:
                self.paste_edit.setPlainText(text)
            finally:
                self._setting = False

    def show_paste(self, text: str | None = None) -> None:
        """Pasted text (``text`` replaces the editor's when given)."""
        if text is not None:
            self.set_text(text)
        self.file_box.hide()
        self.choice_box.hide()
        self.paste_edit.show()
        self.mode_changed.emit()

    def show_file(self, text: str, tooltip: str) -> None:
        """A file is (being) opened: ``text`` says which and how it went."""
        self.file_label.setText(text)
        self.file_label.setToolTip(tooltip)
        self.file_box.show()
        self.choice_box.hide()
        self.paste_edit.hide()
        self.mode_changed.emit()

    def ask(self, message: str, what: str, options: Sequence[str], chosen: Sequence[str] = ()) -> None:
        """Ask for a sheet, an encoding or the columns (``what``) among ``options``."""
        self._what = what
        self.choice_label.setText(message)
        self.choice_combo.clear()
        self.column_list.clear()
        if what == "columns":
            for name in options:
                item = QListWidgetItem(name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
                self.column_list.addItem(item)
            self.choice_button.setText(self.tr("Translate these columns"))
        else:
            self.choice_combo.addItems(list(options))
            self.choice_combo.setEditable(what == "encoding")
            self.choice_button.setText(self.tr("Open"))
        self.choice_combo.setVisible(what != "columns")
        self.column_list.setVisible(what == "columns")
        self.choice_box.show()
        self.paste_edit.hide()
        self.mode_changed.emit()

    def showing_file(self) -> bool:
        """A file is shown and nothing is asked about it: the pane needs little room."""
        return self.file_box.isVisibleTo(self) and not self.choice_box.isVisibleTo(self)

    def set_compact(self, compact: bool) -> None:
        """The file's name and its button side by side (a wide, short place) or one above the other."""
        self._file_layout.setDirection(
            QBoxLayout.Direction.LeftToRight if compact else QBoxLayout.Direction.TopToBottom
        )
        self.file_label.setWordWrap(not compact)

    def set_columns(self, names: Sequence[str]) -> None:
        """Tick ``names`` in the column list (and nothing else)."""
        for index in range(self.column_list.count()):
            item = self.column_list.item(index)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)

    def asking(self) -> str:
        """What is being asked ("columns", "sheet", "encoding"), or "" when nothing is."""
        return self._what if self.choice_box.isVisibleTo(self) else ""

    def set_read_only(self, read_only: bool) -> None:
        self.paste_edit.setReadOnly(read_only)
        self.paste_button.setEnabled(not read_only)
        self.choice_button.setEnabled(not read_only)

    def text(self) -> str:
        return self.paste_edit.toPlainText()

    # ------------------------------------------------------------ answers

    @Slot()
    def _on_choice(self) -> None:
        if self._what == "columns":
            names = tuple(
                self.column_list.item(i).text()
                for i in range(self.column_list.count())
                if self.column_list.item(i).checkState() == Qt.CheckState.Checked
            )
            if not names:
                self.choice_label.setText(self.tr("Tick at least one column to translate."))
                return
            self.choice_made.emit("columns", names)
        elif self.choice_combo.currentText().strip():
            self.choice_made.emit(self._what, self.choice_combo.currentText().strip())

    @Slot()
    def _on_text_changed(self) -> None:
        if not self._setting:
            self.text_edited.emit()

    def describe_file(self, name: str, format_name: str, segments: int) -> str:
        return fill(self.tr("%1 (%2): %3 segments"), name, format_name, segments)
