"""The confusion view: true labels (rows) against predicted labels (columns), with accuracy.

Shown when the items came with a true-label column. The diagonal (right answers) is shaded green and the
rest red, stronger for bigger counts, with translucent colours so both themes read well. The last column
gives each label's recall and the last row its precision, the two numbers that say which label the model
confuses with which.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.tasks.confusion import NOT_A_LABEL, ConfusionMatrix
from app.ui.i18n import fill

RIGHT = QColor(67, 160, 71)
WRONG = QColor(229, 57, 53)


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


class ConfusionView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: ConfusionMatrix | None = None
        self.heading = QLabel(f"<b>{self.tr('Confusion matrix')}</b>")
        self.accuracy_label = QLabel()
        self.accuracy_label.setObjectName("accuracyLabel")
        self.accuracy_label.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("confusionTable")
        self.table.setAccessibleName(self.tr("Confusion matrix"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.caption = QLabel(self.tr("Rows: the true label. Columns: the label the model chose."))
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.accuracy_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.caption)

    def matrix(self) -> ConfusionMatrix | None:
        return self._matrix

    def clear(self) -> None:
        self._matrix = None
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.accuracy_label.setText(self.tr("No items with a true label have been classified yet."))

    def show_matrix(self, matrix: ConfusionMatrix, note: str = "") -> None:
        """Show ``matrix``; ``note`` adds a line under the accuracy (e.g. how multi-label items count)."""
        self._matrix = matrix
        text = fill(
            self.tr("Accuracy: %1 (%2 of %3 items right)."),
            _percent(matrix.accuracy),
            matrix.correct,
            matrix.total,
        )
        if matrix.skipped:
            text += " " + fill(self.tr("%1 item(s) without a true label were left out."), matrix.skipped)
        if note:
            text += " " + note
        self.accuracy_label.setText(text)
        self._fill(matrix)

    def _fill(self, matrix: ConfusionMatrix) -> None:
        labels = [self._name(label) for label in matrix.labels]
        size = len(labels)
        self.table.clear()
        self.table.setRowCount(size + 1)
        self.table.setColumnCount(size + 1)
        self.table.setHorizontalHeaderLabels([*labels, self.tr("Recall")])
        self.table.setVerticalHeaderLabels([*labels, self.tr("Precision")])
        biggest = max((count for row in matrix.counts for count in row), default=0) or 1
        bold = QFont(self.font())
        bold.setBold(True)
        for row, true in enumerate(matrix.labels):
            for column in range(size):
                count = matrix.counts[row][column]
                cell = QTableWidgetItem(str(count))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                right = row == column and true != NOT_A_LABEL
                if count:
                    shade = QColor(RIGHT if right else WRONG)
                    shade.setAlpha(40 + round(150 * count / biggest))
                    cell.setBackground(shade)
                if right:
                    cell.setFont(bold)
                cell.setToolTip(
                    fill(
                        self.tr("True label %1, chosen %2: %3 item(s)"),
                        labels[row],
                        labels[column],
                        count,
                    )
                )
                self.table.setItem(row, column, cell)
            self.table.setItem(row, size, self._score(matrix, true, recall=True))
        for column, predicted in enumerate(matrix.labels):
            self.table.setItem(size, column, self._score(matrix, predicted, recall=False))
        self.table.setItem(size, size, QTableWidgetItem(""))
        self.table.setMinimumHeight(
            min(self.table.verticalHeader().length() + self.table.horizontalHeader().height() + 6, 320)
        )

    def _score(self, matrix: ConfusionMatrix, label: str, *, recall: bool) -> QTableWidgetItem:
        if label == NOT_A_LABEL:
            cell = QTableWidgetItem("")
        else:
            value = matrix.recall(label) if recall else matrix.precision(label)
            cell = QTableWidgetItem(_percent(value))
        cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        return cell

    def _name(self, label: str) -> str:
        return self.tr("(not a label)") if label == NOT_A_LABEL else label
