"""What a user does with models on disk: import, use in place, remove, make default, verify.

Files in the models folder belong to Copydesk. Files used in place (from LM Studio, Ollama, the Hugging
Face cache, ...) belong to other apps: they are listed in a small registry and never deleted, only
forgotten. Every file is validated like the engine would before it is accepted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.atomic_files import fsync_dir
from app.core.models.store import (
    MODEL_SUFFIX,
    InstalledModel,
    default_model_path,
    external_entries,
    save_external_entries,
)
from app.core.models.validation import validate_model_file
from app.core.models.verified_files import discard, remember_verified
from app.core.paths import AppPaths
from app.core.settings import Settings

_HASH_BLOCK = 4 * 1024 * 1024
_FIRST_PART = re.compile(r"-00001-of-(?P<count>\d{5})\.gguf$", re.IGNORECASE)


class ModelLibraryError(Exception):
    """A model operation that cannot be done as asked; the message says what to do instead."""


def use_in_place(paths: AppPaths, source: Path, name: str = "") -> Path:
    """Register another app's GGUF without copying it, under ``name`` (e.g. Ollama's ``llama3.2:3b``)
    when given; returns its resolved path."""
    source = source.expanduser().resolve()
    validate_model_file(source)
    entries = external_entries(paths)
    if all(path != source for path, _name in entries):
        save_external_entries(paths, [*entries, (source, name)])
    return source


def import_model(
    paths: AppPaths,
    source: Path,
    *,
    link: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Copy (or hard-link) a validated GGUF into the models folder; never overwrites another file."""
    source = source.expanduser()
    header = validate_model_file(source)
    paths.models_dir.mkdir(parents=True, exist_ok=True)
    name = source.name if source.name.lower().endswith(MODEL_SUFFIX) else f"{source.name}{MODEL_SUFFIX}"
    target = paths.models_dir / name
    if target.exists():
        if target.resolve() == source.resolve() or _same_file(target, source):
            return target
        raise ModelLibraryError(
            f"A different model named {name} is already installed. Rename the file you are importing, "
            f"or remove the installed one first."
        )
    if link:
        try:
            os.link(source, target)
        except OSError as exc:
            raise ModelLibraryError(
                f"Could not link {source} into {paths.models_dir} ({exc.strerror or exc}); "
                "links work only on the same disk. Import a copy instead, or use the file in place."
            ) from exc
        return target
    part = target.with_name(f".{name}.part")
    try:
        _copy_with_progress(source, part, header.file_size, progress)
        part.replace(target)
        fsync_dir(paths.models_dir)
    except OSError as exc:
        discard(part)
        raise ModelLibraryError(f"Could not copy {source.name}: {exc.strerror or exc}") from exc
    return target


def remove_model(paths: AppPaths, settings: Settings, model: InstalledModel) -> Settings:
    """Delete a model Copydesk owns (every part of a split one), or forget one used in place (its file
    stays with its app). Returns the settings to save: the default is cleared when it was this model."""
    if model.external:
        save_external_entries(paths, [e for e in external_entries(paths) if e[0] != model.path])
    else:
        if model.path.parent.resolve() != paths.models_dir.resolve():
            raise ModelLibraryError(f"{model.path} is not in Copydesk's models folder; it is not deleted.")
        for part in [model.path, *_other_split_parts(model.path)]:
            discard(part)
        if model.path.exists():
            raise ModelLibraryError(f"Could not delete {model.path}; check the file's permissions.")
    return without_default(paths, settings, model.path)


def without_default(paths: AppPaths, settings: Settings, removed: Path) -> Settings:
    """``settings`` with the default cleared if it points at ``removed``; apply it to the settings as they
    are when the removal ends, not as they were when it started."""
    default = default_model_path(paths, settings)
    if default is not None and _same_path(default, removed):
        return dataclasses.replace(settings, models=dataclasses.replace(settings.models, default_model=""))
    return settings


def _other_split_parts(first: Path) -> list[Path]:
    """Parts 2..N of a split model named ``...-00001-of-0000N.gguf`` (hidden from the model list)."""
    match = _FIRST_PART.search(first.name)
    if match is None:
        return []
    count = int(match["count"])
    stem = first.name[: match.start()]
    return [first.with_name(f"{stem}-{index:05d}-of-{count:05d}.gguf") for index in range(2, count + 1)]


def with_default(paths: AppPaths, settings: Settings, model: InstalledModel) -> Settings:
    """Settings that make ``model`` the default: a bare file name inside the models folder (so the folder
    can move with ``COPYDESK_HOME``), an absolute path elsewhere."""
    inside = model.path.parent.resolve() == paths.models_dir.resolve()
    value = model.path.name if inside else str(model.path)
    return dataclasses.replace(settings, models=dataclasses.replace(settings.models, default_model=value))


@dataclass(frozen=True)
class VerifyReport:
    path: Path
    size_bytes: int
    sha256: str
    expected_sha256: str | None
    """What the file should hash to, when a source for it is known (catalog, download record)."""

    @property
    def ok(self) -> bool:
        return self.expected_sha256 is None or self.expected_sha256.lower() == self.sha256

    def describe(self) -> str:
        if self.expected_sha256 is None:
            return f"{self.path.name}: header valid, SHA-256 {self.sha256} (no published hash to compare)"
        if self.ok:
            return f"{self.path.name}: OK, SHA-256 matches {self.sha256}"
        return (
            f"{self.path.name}: DAMAGED, SHA-256 is {self.sha256} but should be {self.expected_sha256}. "
            "Delete it and download it again."
        )


def verify_model(path: Path, expected_sha256: str | None = None) -> VerifyReport:
    """Validate the header, then hash every byte; a match is remembered so later starts skip the hash."""
    header = validate_model_file(path)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    sha = digest.hexdigest()
    report = VerifyReport(path, header.file_size, sha, expected_sha256)
    if expected_sha256 is not None and report.ok:
        remember_verified(path, sha)
    return report


def _copy_with_progress(
    source: Path, part: Path, total: int, progress: Callable[[int, int], None] | None
) -> None:
    done = 0
    with source.open("rb") as reader, part.open("wb") as writer:
        while block := reader.read(_HASH_BLOCK):
            writer.write(block)
            done += len(block)
            if progress is not None:
                progress(done, total)
        writer.flush()
        os.fsync(writer.fileno())
    shutil.copystat(source, part)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
