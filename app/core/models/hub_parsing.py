"""What the Hub's answers say: the records `hub` returns, built from huggingface_hub's objects.

Every value here is remote input that huggingface_hub passes through loosely typed (a licence may be a
list, a size missing, a digest malformed), so each field is checked as it is read, and one that does
not fit becomes None or is left out rather than failing the whole answer. Repository names are checked
here too, both the ones typed by the user and the ones the Hub returns. Kept apart from `hub`, which
makes the calls and translates their failures, so these rules can be read and tested without a network.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final

import httpx2
from huggingface_hub import HfFileMetadata
from huggingface_hub.hf_api import ModelInfo

from app.core.models.download_errors import UnsafeFilenameError
from app.core.models.download_http import parse_retry_after
from app.core.models.hub_errors import InvalidRepoIdError
from app.core.models.hub_files import HubModelFile, RefusedFile, RemoteFile, group_gguf_files
from app.core.models.remote_names import check_repo_id

__all__ = [
    "HubFileAccess",
    "HubRepo",
    "HubRepoDetail",
    "checked_repo_id",
    "file_access",
    "hub_repo",
    "hub_repo_detail",
    "plain_repo_id",
    "retry_after",
]

log = logging.getLogger("app.core.models.hub")
"""The `hub` logger: these warnings are about a listing `hub` fetched, so they go out under its name."""

_SHA256: Final = re.compile(r"^[0-9a-f]{64}$")
_COMMIT: Final = re.compile(r"^[0-9a-f]{40}$")
_RATELIMIT_RESET: Final = re.compile(r"\bt\s*=\s*(\d+)")


@dataclass(frozen=True)
class HubRepo:
    """One search result: enough to list it and decide whether to open it."""

    repo_id: str
    page_url: str
    author: str | None
    downloads: int
    likes: int
    last_modified: datetime | None
    gated: bool
    """The files need an account that accepted the licence (and a token); the listing itself is open."""
    license: str | None
    tags: tuple[str, ...]
    architecture: str | None
    """From the Hub's GGUF summary, when it has one (``llama``, ``qwen2``, ``t5``...)."""
    context_length: int | None
    parameters: int | None


@dataclass(frozen=True)
class HubRepoDetail:
    """A repository's GGUF models at one commit, plus what the user must know before downloading."""

    repo_id: str
    page_url: str
    revision: str | None
    """The commit (40 hex) the listing describes; downloads pin it so files match their SHA-256."""
    license: str | None
    license_name: str | None
    """The licence's own name when `license` is ``other``."""
    gated: bool
    downloads: int
    likes: int
    last_modified: datetime | None
    tags: tuple[str, ...]
    files: tuple[HubModelFile, ...]
    refused: tuple[RefusedFile, ...]
    """Listed names that were not offered because they are unsafe as local paths."""

    def file(self, name: str) -> HubModelFile:
        """The entry called ``name``, or whose file (or any part) is ``name``; `KeyError` if none."""
        for entry in self.files:
            if name == entry.name or any(part.filename == name for part in entry.parts):
                return entry
        raise KeyError(name)


@dataclass(frozen=True)
class HubFileAccess:
    """What a HEAD request for one file said: it can be downloaded with the token in use."""

    repo_id: str
    filename: str
    size: int | None
    sha256: str | None
    commit: str | None


# ---------------------------------------------------------------------- records


def hub_repo(info: ModelInfo, page_url: str) -> HubRepo:
    """A search result from the Hub's model summary (with the fields `hub` asked the search for)."""
    summary = info.gguf if isinstance(info.gguf, dict) else {}
    architecture = summary.get("architecture")
    return HubRepo(
        repo_id=info.id,
        page_url=page_url,
        author=info.author,
        downloads=info.downloads or 0,
        likes=info.likes or 0,
        last_modified=info.last_modified,
        gated=bool(info.gated),
        license=_license(info)[1],
        tags=tuple(info.tags or ()),
        architecture=architecture if isinstance(architecture, str) else None,
        context_length=_positive_int(summary.get("context_length")),
        parameters=_positive_int(summary.get("total")),
    )


def hub_repo_detail(info: ModelInfo, repo_id: str, page_url: str) -> HubRepoDetail:
    """The GGUF models of a listing fetched with ``files_metadata=True``, under the checked ``repo_id``
    that was asked for; unsafe names are logged and listed in `HubRepoDetail.refused`."""
    remote = [
        RemoteFile(sibling.rfilename, _size(sibling.size, sibling.lfs), _sha256(sibling.lfs, repo_id))
        for sibling in info.siblings or []
    ]
    files, refused = group_gguf_files(remote)
    for bad in refused:
        log.warning("Left out a file listed by %s. %s", repo_id, bad.reason)
    license_name, license_id = _license(info)
    return HubRepoDetail(
        repo_id=repo_id,
        page_url=page_url,
        revision=info.sha if info.sha and _COMMIT.match(info.sha) else None,
        license=license_id,
        license_name=license_name,
        gated=bool(info.gated),
        downloads=info.downloads or 0,
        likes=info.likes or 0,
        last_modified=info.last_modified,
        tags=tuple(info.tags or ()),
        files=files,
        refused=refused,
    )


def file_access(meta: HfFileMetadata, repo_id: str, filename: str) -> HubFileAccess:
    """A HEAD answer as `HubFileAccess`; the ETag is the SHA-256 only when it looks like one."""
    etag = (meta.etag or "").lower()
    return HubFileAccess(
        repo_id=repo_id,
        filename=filename,
        size=meta.size,
        sha256=etag if _SHA256.match(etag) else None,
        commit=meta.commit_hash,
    )


# ---------------------------------------------------------------------- names and headers


def checked_repo_id(repo_id: str) -> str:
    """``repo_id`` stripped, or `InvalidRepoIdError` unless it is a plain ``owner/name``."""
    repo_id = repo_id.strip()
    if not plain_repo_id(repo_id) or "/" not in repo_id:
        raise InvalidRepoIdError(repo_id)
    return repo_id


def plain_repo_id(repo_id: object) -> bool:
    """Whether a name from the Hub is safe to show and ask for again; search results use it as is."""
    if not isinstance(repo_id, str):
        return False
    try:
        check_repo_id(repo_id)
    except UnsafeFilenameError:
        return False
    return True


def retry_after(headers: httpx2.Headers) -> int | None:
    """Seconds to wait, from ``Retry-After`` or the Hub's ``RateLimit: "api";r=0;t=55``."""
    seconds = parse_retry_after(headers.get("Retry-After"))
    if seconds is not None:
        return max(1, round(seconds))
    match = _RATELIMIT_RESET.search(headers.get("RateLimit", ""))
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------------- fields


def _license(info: ModelInfo) -> tuple[str | None, str | None]:
    """(licence name when "other", licence id): the card's own field first, else the ``license:`` tag."""
    card = info.card_data
    license_id = getattr(card, "license", None) if card is not None else None
    if isinstance(license_id, list):
        license_id = next((item for item in license_id if isinstance(item, str)), None)
    if not isinstance(license_id, str) or not license_id.strip():
        license_id = next(
            (tag.removeprefix("license:") for tag in info.tags or () if tag.startswith("license:")), None
        )
    name = getattr(card, "license_name", None) if card is not None else None
    return (name if isinstance(name, str) and name else None), (license_id or None)


def _size(size: int | None, lfs: object) -> int | None:
    if isinstance(size, int) and size >= 0:
        return size
    lfs_size = getattr(lfs, "size", None)
    return lfs_size if isinstance(lfs_size, int) and lfs_size >= 0 else None


def _sha256(lfs: object, repo_id: str) -> str | None:
    """The LFS SHA-256, or None (the download then takes it from the server) when absent or malformed."""
    value = getattr(lfs, "sha256", None)
    if value is None:
        return None
    text = str(value).lower()
    if _SHA256.match(text):
        return text
    log.warning("Ignored a malformed SHA-256 %r in the listing of %s", value, repo_id)
    return None


def _positive_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
