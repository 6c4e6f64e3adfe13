"""Charts over a table of results: the layout and filter line that the feedback and classify views share.

Clicking a chart's bars filters the table; a line between them says what is shown ("Showing 2 of 6
items: negative"), "Show all" clears the charts' selection and "Export…" saves the rows shown. The
owner builds the charts, connects the two buttons and says which rows a selection keeps.

The strings here are translated as ``ResultsPane``'s own, so the pane is used as it is, never as a base
class: PySide6 looks a ``%n`` string up under the class of ``self`` only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.ui.i18n import fill
from app.ui.workspaces.results_export import ResultsModel, RowFilter, results_view


class ResultsPane(QWidget):
    """Widgets added with `add_above` side by side over the filter line, the buttons and the table."""

    def __init__(
        self,
        headers: Sequence[str],
        table_name: str,
        widths: Sequence[int],
        *,
        numeric: Sequence[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.filter_label = QLabel()
        self.filter_label.setObjectName("filterLabel")
        self.filter_label.setWordWrap(True)
        self.show_all_button = QPushButton(self.tr("Show all"))
        self.show_all_button.setObjectName("showAllButton")
        self.show_all_button.setAccessibleName(self.tr("Show all items"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.setAccessibleName(self.tr("Export the table"))
        self.export_button.setToolTip(self.tr("Save the rows shown to a CSV or Excel file"))
        self.model = ResultsModel(list(headers), numeric=tuple(numeric), parent=self)
        self.proxy = RowFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = results_view(self.proxy, table_name, widths)

        above = QWidget()
        self._above_row = QHBoxLayout(above)
        self._above_row.setContentsMargins(0, 0, 0, 0)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        tools.addWidget(self.filter_label, 1)
        tools.addWidget(self.show_all_button)
        tools.addWidget(self.export_button)
        lower_layout.addLayout(tools)
        lower_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(above)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def add_above(self, widget: QWidget, stretch: int, *, top: bool = False) -> None:
        """Put ``widget`` right of those added before; ``top`` keeps it at its own height (a chart)."""
        self._above_row.addWidget(widget, stretch)
        if top:
            self._above_row.setAlignment(widget, Qt.AlignmentFlag.AlignTop)

    def show_filter(
        self, total: int, chosen: Sequence[str], allowed: Iterable[int] | None, empty: str
    ) -> None:
        """Show the ``allowed`` rows of ``total`` (all when None) and say so: ``chosen`` names the bars
        selected; ``empty`` is what an empty table says."""
        self.proxy.set_allowed(allowed)
        self.show_all_button.setEnabled(bool(chosen))
        self.export_button.setEnabled(bool(total))
        if not total:
            self.filter_label.setText(empty)
        elif chosen:
            self.filter_label.setText(
                fill(self.tr("Showing %1 of %2 items: %3"), self.proxy.rowCount(), total, ", ".join(chosen))
            )
        else:
            self.filter_label.setText(self.tr("%n item(s). Click a bar to show only those items.", "", total))
