"""How far a document translation has got: "12 of 40 segments · 180 words/min · about 2 min left".

The bar counts segments, the speed is in words (what translators are paid by), and Pause/Resume sits
beside it, working the run's `PauseGate`: pausing lets the segment in flight finish, then waits; the
clock behind the speed stops too.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.core.jobs.pause import PauseGate
from app.ui.i18n import fill


class TranslationProgress(QWidget):
    def __init__(self, pause: PauseGate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pause = pause
        self.bar = QProgressBar()
        self.bar.setObjectName("translationProgress")
        self.bar.setAccessibleName(self.tr("Segments translated"))
        self.bar.setMaximumWidth(240)
        self.bar.setFormat(self.tr("%v of %m"))
        self.label = QLabel()
        self.label.setObjectName("translationProgressText")
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setObjectName("pauseButton")
        self.pause_button.setAccessibleName(self.tr("Pause translation"))
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(self.tr("Finish the segment being translated, then wait"))
        self.pause_button.toggled.connect(self._on_toggled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar)
        row.addWidget(self.label, 1)
        row.addWidget(self.pause_button)  # the workspace may move it beside its own buttons
        self.pause_button.hide()
        self.hide()

    def start(self, done: int, total: int) -> None:
        """A run begins with ``done`` of ``total`` segments already translated."""
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.bar.show()
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(False)
        self.pause_button.setText(self.tr("Pause"))
        self.pause_button.blockSignals(False)
        self.pause_button.show()
        self.pause_button.setEnabled(True)
        self.label.setText(self.tr("Translating %n segment(s)…", "", total - done))
        self.show()

    def advance(
        self, done: int, total: int, words_per_min: float, eta_s: float | None, *, paused: bool
    ) -> None:
        self.bar.setValue(done)
        parts = [fill(self.tr("%1 of %2 segments"), done, total)]
        if words_per_min > 0:
            parts.append(fill(self.tr("%1 words/min"), round(words_per_min)))
        if paused:
            parts.append(self.tr("paused"))
        elif eta_s is not None and done < total:
            parts.append(fill(self.tr("about %1 left"), self._duration(eta_s)))
        self.label.setText(" · ".join(parts))

    def finish(self, done: int, total: int, flagged: int, *, cancelled: bool) -> None:
        self.bar.setValue(done)
        self.bar.hide()
        self.pause_button.hide()
        if cancelled:
            text = fill(
                self.tr("Stopped: %1 of %2 segments translated; the rest waits for the next run."),
                done,
                total,
            )
        else:
            text = fill(self.tr("%1 of %2 segments translated."), done, total)
        if flagged:
            text += " " + fill(self.tr("%1 need a look (check failed)."), flagged)
        self.label.setText(text)
        self.show()

    def show_summary(self, done: int, total: int, flagged: int) -> None:
        """No run: just where the document stands (a draft shown again, a file opened)."""
        self.bar.hide()
        self.pause_button.hide()
        if not total:
            self.hide()
            return
        text = fill(self.tr("%1 of %2 segments translated."), done, total)
        if flagged:
            text += " " + fill(self.tr("%1 need a look (check failed)."), flagged)
        self.label.setText(text)
        self.show()

    def stop_running(self) -> None:
        """The run ended with an error: keep the last count, drop the bar and the button."""
        self.bar.hide()
        self.pause_button.hide()

    @Slot(bool)
    def _on_toggled(self, paused: bool) -> None:
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        if paused:
            self._pause.pause()
        else:
            self._pause.resume()

    def _duration(self, seconds: float) -> str:
        if seconds < 90:
            return fill(self.tr("%1 s"), max(1, round(seconds)))
        if seconds < 5400:
            return fill(self.tr("%1 min"), round(seconds / 60))
        return fill(self.tr("%1 h"), f"{seconds / 3600:.1f}")
