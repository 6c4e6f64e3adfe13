"""The fit badge: fits / tight / won't fit with the numbers, exact when the GGUF header has been read.

Exact estimates need the header: read from the file when it is already in the models folder, else with a
ranged GET of the first megabytes (`app.core.models.fit`), always on a worker thread. Until then a badge
may show an approximate verdict from the download size alone, marked as approximate: it knows nothing of
the KV cache, so it can only be optimistic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget

from app.core.hardware import HardwareInfo, detect_hardware, refresh_memory
from app.core.models.fit import (
    DEFAULT_BATCH_SIZE,
    FitEstimate,
    MemoryNeed,
    estimate_local,
    estimate_need,
    estimate_remote,
    judge_fit,
)
from app.core.models.remote_header import HttpRangeFetcher, read_remote_header
from app.ui.i18n import fill
from app.ui.model_manager.formatting import badge_style, error_style, fit_text


def approximate_fit(
    size_bytes: int, context_size: int, hardware: HardwareInfo, gpu_layers: int | None
) -> FitEstimate:
    """A verdict from the file size alone (weights only): quick enough for every row of a table."""
    need = MemoryNeed(
        weights_bytes=size_bytes,
        kv_cache_bytes=0,
        compute_bytes=0,
        context_size=context_size,
        batch_size=DEFAULT_BATCH_SIZE,
    )
    return judge_fit(need, hardware, gpu_layers=gpu_layers)


@dataclass(frozen=True)
class FitQuery:
    """Everything an exact check needs, as plain values so it can cross to a worker thread."""

    url: str
    context_size: int
    gpu_layers: int | None
    hardware: HardwareInfo | None
    local_path: Path | None = None
    """The same file already on disk: its header is read locally, with no network."""
    weights_bytes: int | None = None
    """All parts of a split model together; the first part's header knows only its own tensors."""
    token: str | None = field(default=None, repr=False)

    def run(self) -> FitEstimate:
        """Blocking (file or network): call it on a worker thread."""
        hardware = self.hardware if self.hardware is not None else refresh_memory(detect_hardware())
        if self.local_path is not None and self.local_path.is_file():
            return estimate_local(
                self.local_path, self.context_size, hardware=hardware, gpu_layers=self.gpu_layers
            )
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else None
        fetch = HttpRangeFetcher(headers)
        if self.weights_bytes is None:
            return estimate_remote(
                self.url, self.context_size, fetch, hardware=hardware, gpu_layers=self.gpu_layers
            )
        header = read_remote_header(self.url, fetch)
        need = estimate_need(header, self.context_size, weights_bytes=self.weights_bytes)
        return judge_fit(need, hardware, gpu_layers=self.gpu_layers)


class FitBadge(QLabel):
    """A coloured label; `exact` says whether the verdict on show came from the model's header."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fitBadge")
        self.setWordWrap(True)
        self.estimate: FitEstimate | None = None
        self.exact = False
        self.pending = False
        """An exact check is running."""
        self.clear_badge()

    def clear_badge(self, text: str | None = None) -> None:
        """Forget the verdict and show ``text`` (by default, a prompt to choose a file)."""
        self.pending = False
        self.estimate = None
        self.exact = False
        self.setText(self.tr("Fit: choose a file") if text is None else text)
        self.setToolTip("")
        self.setStyleSheet(badge_style(None))

    def show_estimate(self, estimate: FitEstimate, *, approximate: bool) -> None:
        self.estimate = estimate
        self.exact = not approximate
        self.pending = False
        self.setText(fit_text(estimate, approximate=approximate))
        need = estimate.need
        tip = fill(
            self.tr("Context %1 tokens. Weights %2 bytes, KV cache %3 bytes, compute buffer %4 bytes."),
            f"{need.context_size:,}",
            f"{need.weights_bytes:,}",
            f"{need.kv_cache_bytes:,}",
            f"{need.compute_bytes:,}",
        )
        if approximate:
            tip += "\n" + self.tr("Approximate: the file's header has not been read yet.")
        self.setToolTip(tip)
        self.setStyleSheet(badge_style(estimate.verdict))

    def show_pending(self) -> None:
        self.pending = True
        if self.estimate is None:
            self.setText(self.tr("Checking the fit from the model's header…"))
        else:
            self.setToolTip(self.toolTip() + "\n" + self.tr("Reading the model's header for an exact check…"))

    def show_failure(self, message: str) -> None:
        """Keep an approximate verdict when there is one, and say why the exact one is missing."""
        self.pending = False
        if self.estimate is not None and not self.exact:
            self.setText(self.text() + "\n" + self.tr("Exact check failed: %1").replace("%1", message))
        else:
            self.estimate = None
            self.exact = False
            self.setText(self.tr("Fit unknown: %1").replace("%1", message))
            self.setStyleSheet(error_style())
