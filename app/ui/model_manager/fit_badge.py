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

    def clear_badge(self, text: str = "Fit: choose a file") -> None:
        self.pending = False
        self.estimate = None
        self.exact = False
        self.setText(text)
        self.setToolTip("")
        self.setStyleSheet(badge_style(None))

    def show_estimate(self, estimate: FitEstimate, *, approximate: bool) -> None:
        self.estimate = estimate
        self.exact = not approximate
        self.pending = False
        self.setText(fit_text(estimate, approximate=approximate))
        need = estimate.need
        self.setToolTip(
            f"Context {need.context_size:,} tokens. Weights {need.weights_bytes:,} bytes, KV cache "
            f"{need.kv_cache_bytes:,} bytes, compute buffer {need.compute_bytes:,} bytes."
            + ("" if not approximate else "\nApproximate: the file's header has not been read yet.")
        )
        self.setStyleSheet(badge_style(estimate.verdict))

    def show_pending(self) -> None:
        self.pending = True
        if self.estimate is None:
            self.setText("Checking the fit from the model's header…")
        else:
            self.setToolTip(self.toolTip() + "\nReading the model's header for an exact check…")

    def show_failure(self, message: str) -> None:
        """Keep an approximate verdict when there is one, and say why the exact one is missing."""
        self.pending = False
        if self.estimate is not None and not self.exact:
            self.setText(f"{self.text()}\nExact check failed: {message}")
        else:
            self.estimate = None
            self.exact = False
            self.setText(f"Fit unknown: {message}")
            self.setStyleSheet(error_style())
