"""The status line under the file choices of `ItemsInput`: what was read from the file, or why not."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel

from app.core.tables.model import RowProblem
from app.ui.i18n import fill
from app.ui.workspaces.items_source import Items
from app.ui.workspaces.results_export import error_colour

MAX_PROBLEMS_SHOWN = 3
"""Row problems quoted in the status line; the rest are only counted."""


class FileStatusLabel(QLabel):
    """One line of text, in the error colour when the file cannot be used as it is."""

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.setText(text)
        colour = error_colour(self.palette()).name() if error else "palette(placeholder-text)"
        self.setStyleSheet(f"color: {colour};")

    def show_summary(
        self,
        items: Items,
        column: str,
        sheet_count: int,
        sheet: str | None,
        problems: Sequence[RowProblem],
    ) -> None:
        """What a file read gave: the items of ``column``, the sheet, skipped rows, row problems and
        missing true labels, so the user sees at once whether the file needs fixing."""
        parts = [fill(self.tr("%1 item(s) from %2, column '%3'."), len(items.texts), items.source, column)]
        if sheet_count > 1:
            parts.append(fill(self.tr("The workbook has %1 sheets; this is '%2'."), sheet_count, sheet))
        if items.skipped:
            parts.append(fill(self.tr("%1 row(s) with an empty cell skipped."), items.skipped))
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
        self.show_message(" ".join(parts), error=bool(problems) or not items.texts)
