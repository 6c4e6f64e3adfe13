"""The partial file of a download and the small record beside it that says which file it is part of.

``dest.part`` holds the first bytes of the file; ``dest.part.json`` says what they are the start of
(URL, size, SHA-256, ETag). A rerun resumes only when the record matches the file it is asked for, so a
part of an older or another file is never continued into a mix of two files. A part without a record
cannot be trusted and is discarded. The record is written atomically before the first byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from app.core.atomic_files import atomic_write_text

if TYPE_CHECKING:
    from _hashlib import HASH

RECORD_VERSION: Final = 1
_HASH_CHUNK: Final = 4 * 1024 * 1024
_SHA256: Final = re.compile(r"^[0-9a-f]{64}$")


def part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def record_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part.json")


def discard_partial(dest: Path) -> None:
    """Delete what a download of ``dest`` left behind ("cancel and delete" in the UI)."""
    for leftover in (part_path(dest), record_path(dest)):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def partial_size(dest: Path) -> int:
    """Bytes already downloaded for ``dest`` (0 when nothing is kept); for "resume at N MB" labels."""
    try:
        return part_path(dest).stat().st_size
    except OSError:
        return 0


def as_sha256(value: str | None) -> str | None:
    """An ETag or checksum string as a lowercase SHA-256, or None when it is not one.

    The Hub's ETag of an LFS file is its SHA-256; that of a small git file is a 40-hex git blob id,
    which says nothing about SHA-256 and must not be taken for one.
    """
    if not value:
        return None
    text = value.strip()
    text = text.removeprefix("W/").strip('"').lower()
    return text if _SHA256.match(text) else None


def normalize_etag(value: str | None) -> str | None:
    if not value:
        return None
    return value.strip().removeprefix("W/").strip('"') or None


@dataclass(frozen=True)
class PartRecord:
    """What the bytes in ``dest.part`` are the beginning of."""

    url: str
    size: int | None
    sha256: str | None
    etag: str | None

    def matches(self, url: str, size: int | None, sha256: str | None, etag: str | None) -> bool:
        """Whether the part belongs to the file now asked for. The strongest identity both sides know
        decides: SHA-256, else ETag, else the URL."""
        if size is not None and self.size is not None and size != self.size:
            return False
        if sha256 and self.sha256:
            return sha256 == self.sha256
        if etag and self.etag:
            return etag == self.etag
        return url == self.url


def read_record(path: Path) -> PartRecord | None:
    """The record, or None when it is missing, unreadable or from another format version."""
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("version") != RECORD_VERSION:
        return None
    url, size, sha256, etag = raw.get("url"), raw.get("size"), raw.get("sha256"), raw.get("etag")
    if not isinstance(url, str):
        return None
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        return None
    if sha256 is not None and as_sha256(sha256) is None:
        return None
    if etag is not None and not isinstance(etag, str):
        return None
    return PartRecord(url=url, size=size, sha256=sha256, etag=etag)


def write_record(path: Path, record: PartRecord) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps({"version": RECORD_VERSION, **asdict(record)}, sort_keys=True) + "\n")


def hash_prefix(path: Path, is_cancelled: Callable[[], bool]) -> tuple[HASH, int] | None:
    """SHA-256 state and length of the bytes already in ``path``, so a resumed download can verify the
    whole file without reading it again at the end. None when cancelled part-way."""
    digest = hashlib.sha256()
    length = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            if is_cancelled():
                return None
            digest.update(chunk)
            length += len(chunk)
    return digest, length
