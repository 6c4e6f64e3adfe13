"""Numbers for people: sizes, speeds, times left and fit verdicts, the same way in every tab."""

from __future__ import annotations

from typing import Final

from app.core.models.download_progress import DownloadProgress
from app.core.models.fit import FitEstimate, Verdict

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
        return "unknown size"
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            break
        value /= 1000
    return f"{n:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"


def human_speed(bytes_per_second: float) -> str:
    return f"{human_bytes(round(bytes_per_second))}/s" if bytes_per_second > 0 else "—"


def human_duration(seconds: float | None) -> str:
    if seconds is None:
        return "time left unknown"
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d} left" if hours else f"{minutes}:{secs:02d} left"


_PHASES: Final = {
    "checking": "Checking the part kept from before",
    "retrying": "Connection lost, retrying",
    "verifying": "Verifying SHA-256",
    "done": "Finishing",
}


def progress_text(progress: DownloadProgress) -> str:
    """'12.3 MB of 98.4 MB · 5.2 MB/s · 0:14 left', or what the download is doing instead."""
    total = f" of {human_bytes(progress.total)}" if progress.total else ""
    amount = f"{human_bytes(progress.done)}{total}"
    phase = _PHASES.get(progress.phase)
    if phase is not None:
        return f"{phase} · {amount}"
    return f"{amount} · {human_speed(progress.speed)} · {human_duration(progress.eta)}"


def fit_text(estimate: FitEstimate, *, approximate: bool = False) -> str:
    """The badge text: the verdict first, then the numbers; approximate figures say so."""
    label = estimate.verdict.label
    numbers = estimate.explanation.removesuffix(f": {label}")
    if approximate:
        return (
            f"{APPROX_MARK} {label.capitalize()} — {numbers} (approximate: weights only, from the quant and "
            "parameter count; the file's header has not been read)"
        )
    return f"{label.capitalize()} — {numbers} ({estimate.device})"


def fit_short(estimate: FitEstimate, *, approximate: bool = False) -> str:
    """For a table cell: '≈ fits' or 'tight'."""
    return f"{APPROX_MARK} {estimate.verdict.label}" if approximate else estimate.verdict.label


def badge_style(verdict: Verdict | None) -> str:
    """A style sheet for a QLabel badge; neutral while the verdict is unknown."""
    if verdict is None:
        return "QLabel { padding: 2px 6px; border: 1px solid palette(mid); border-radius: 3px; }"
    colour = VERDICT_COLOURS[verdict]
    return f"QLabel {{ padding: 2px 6px; color: white; background: {colour}; border-radius: 3px; }}"


def error_style() -> str:
    return f"QLabel {{ color: {ERROR_COLOUR}; }}"
