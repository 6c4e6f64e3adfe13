"""Numbers for people: sizes, speeds, times left and fit verdicts, the same way in every tab."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QCoreApplication

from app.core.models.download_progress import DownloadProgress
from app.core.models.fit import FitEstimate, Verdict
from app.ui.i18n import fill

VERDICT_COLOURS: Final = {
    Verdict.FITS: "#1e7b34",
    Verdict.TIGHT: "#9a6700",
    Verdict.WONT_FIT: "#b3261e",
}
OK_COLOUR: Final = VERDICT_COLOURS[Verdict.FITS]
ERROR_COLOUR: Final = "#b3261e"
APPROX_MARK: Final = "≈"


def human_bytes(n: int | None) -> str:
    """Decimal units, as file managers and the Hub show them: '98.4 MB', '4.7 GB'."""
    if n is None:
        return QCoreApplication.translate("ModelFormatting", "unknown size")
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            break
        value /= 1000
    if unit == "bytes":
        return QCoreApplication.translate("ModelFormatting", "%1 bytes").replace("%1", f"{n:,}")
    return f"{value:.1f} {unit}"


def human_speed(bytes_per_second: float) -> str:
    if bytes_per_second <= 0:
        return "—"
    return QCoreApplication.translate("ModelFormatting", "%1/s").replace(
        "%1", human_bytes(round(bytes_per_second))
    )


def human_duration(seconds: float | None) -> str:
    if seconds is None:
        return QCoreApplication.translate("ModelFormatting", "time left unknown")
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return QCoreApplication.translate("ModelFormatting", "%1 left").replace("%1", clock)


def _phase_text(phase: str) -> str | None:
    """What a download is doing besides transferring bytes, or None while it transfers."""
    phases = {
        "checking": QCoreApplication.translate("ModelFormatting", "Checking the part kept from before"),
        "retrying": QCoreApplication.translate("ModelFormatting", "Connection lost, retrying"),
        "verifying": QCoreApplication.translate("ModelFormatting", "Verifying SHA-256"),
        "done": QCoreApplication.translate("ModelFormatting", "Finishing"),
    }
    return phases.get(phase)


def progress_text(progress: DownloadProgress) -> str:
    """'12.3 MB of 98.4 MB · 5.2 MB/s · 0:14 left', or what the download is doing instead."""
    done = human_bytes(progress.done)
    if progress.total:
        amount = fill(
            QCoreApplication.translate("ModelFormatting", "%1 of %2"), done, human_bytes(progress.total)
        )
    else:
        amount = done
    phase = _phase_text(progress.phase)
    if phase is not None:
        return f"{phase} · {amount}"
    return f"{amount} · {human_speed(progress.speed)} · {human_duration(progress.eta)}"


def verdict_label(verdict: Verdict) -> str:
    """The verdict in words, translated: 'fits', 'tight' or "won't fit"."""
    if verdict is Verdict.FITS:
        return QCoreApplication.translate("ModelFormatting", "fits")
    if verdict is Verdict.TIGHT:
        return QCoreApplication.translate("ModelFormatting", "tight")
    return QCoreApplication.translate("ModelFormatting", "won't fit")


def fit_text(estimate: FitEstimate, *, approximate: bool = False) -> str:
    """The badge text: the verdict first, then the numbers; approximate figures say so."""
    label = verdict_label(estimate.verdict).capitalize()
    numbers = estimate.explanation.removesuffix(f": {estimate.verdict.label}")
    if approximate:
        return fill(
            QCoreApplication.translate(
                "ModelFormatting",
                "%1 %2 — %3 (approximate: weights only, from the quant and parameter count; "
                "the file's header has not been read)",
            ),
            APPROX_MARK,
            label,
            numbers,
        )
    return fill(
        QCoreApplication.translate("ModelFormatting", "%1 — %2 (%3)"), label, numbers, estimate.device
    )


def fit_short(estimate: FitEstimate, *, approximate: bool = False) -> str:
    """For a table cell: '≈ fits' or 'tight'."""
    label = verdict_label(estimate.verdict)
    return f"{APPROX_MARK} {label}" if approximate else label


def badge_style(verdict: Verdict | None) -> str:
    """A style sheet for a QLabel badge; neutral while the verdict is unknown."""
    if verdict is None:
        return "QLabel { padding: 2px 6px; border: 1px solid palette(mid); border-radius: 3px; }"
    colour = VERDICT_COLOURS[verdict]
    return f"QLabel {{ padding: 2px 6px; color: white; background: {colour}; border-radius: 3px; }}"


def error_style() -> str:
    return f"QLabel {{ color: {ERROR_COLOUR}; }}"
