"""Getting one model onto disk from the Hub (or a catalog entry): list, download every part, check.

Shared by ``copydesk models pull`` and the model manager, so both resume, verify and refuse the same way.
A file that downloads fine but is not a usable GGUF is removed, never left looking installed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.core.models.catalog import CatalogEntry
from app.core.models.download import Downloader
from app.core.models.download_progress import DownloadProgress
from app.core.models.download_spec import CancelSignal, NetworkSettings
from app.core.models.hub import HubClient, download_specs
from app.core.models.validation import ModelFileError, validate_model_file
from app.core.models.verified_files import discard
from app.core.paths import AppPaths

PartProgress = Callable[[str, DownloadProgress], None]
"""(file name, progress) for each part as it downloads."""


class PullError(Exception):
    """The model cannot be pulled as asked; the message says what is available instead."""


def pull_from_hub(
    paths: AppPaths,
    network: NetworkSettings,
    repo_id: str,
    filename: str,
    *,
    revision: str | None = None,
    token: str | None = None,
    on_progress: PartProgress | None = None,
    cancel: CancelSignal | None = None,
) -> Path:
    """Download ``filename`` (all parts of a split model) into the models folder; returns the file to load.

    Rerunning after a failure or a cancel resumes from the kept ``.part`` files.
    """
    with HubClient(network, token) as hub:
        detail = hub.repo_files(repo_id, revision)
    try:
        entry = detail.file(filename)
    except KeyError:
        names = ", ".join(f.name for f in detail.files if not f.is_projector) or "none"
        raise PullError(f"{repo_id} has no GGUF file {filename!r}. Its models: {names}.") from None
    try:
        specs = download_specs(detail, entry, paths.models_dir, network, token=token)
    except ValueError as exc:  # a split model with parts missing from the repository
        raise PullError(str(exc)) from None
    with Downloader(network) as downloader:
        for spec in specs:
            report = None if on_progress is None else _named(on_progress, spec.dest.name)
            downloader.download(spec, on_progress=report, cancel=cancel)
    return keep_if_usable(specs[0].dest, [spec.dest for spec in specs[1:]])


def keep_if_usable(first: Path, other_parts: list[Path] | None = None) -> Path:
    """Validate a finished download; a file llama.cpp could not use is removed with every part, never
    left looking installed. Returns ``first``; raises the validation error."""
    try:
        validate_model_file(first)
    except ModelFileError:
        for path in [first, *(other_parts or [])]:
            discard(path)
        raise
    return first


def catalog_source(entry: CatalogEntry, quant: str | None) -> tuple[str, str, str | None]:
    """(repo, file, revision) for a catalog entry's quant (its default when ``quant`` is None)."""
    try:
        item = entry.file(quant) if quant else entry.default_file
    except KeyError:
        quants = ", ".join(f.quant for f in entry.files)
        raise PullError(f"{entry.name} comes in {quants}; there is no {quant!r}.") from None
    return entry.repo, item.file, entry.revision


def _named(report: PartProgress, name: str) -> Callable[[DownloadProgress], None]:
    def on_progress(progress: DownloadProgress) -> None:
        report(name, progress)

    return on_progress
