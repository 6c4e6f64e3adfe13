"""Hub search: find GGUF repositories and list every model file in one, with quant, size and SHA-256.

Discovery and metadata come from huggingface_hub (`HfApi`), the byte transfer does not (see DESIGN.md §4
and `download`). What this module adds around the library:

- the endpoint (a setting, else ``HF_ENDPOINT``, else huggingface.co) is passed to `HfApi` explicitly,
  because huggingface_hub reads its environment once at import and a setting changed later would be
  ignored;
- calls fail within seconds with a `HubError` that says what to do (`hub_session` stops the library's
  retries and sets timeouts), never with a library exception;
- the token is the one given (from `hub_token`), never one huggingface_hub finds on its own in
  ``~/.cache/huggingface``, so what the user set in Copydesk is what is used;
- file names from the listing are remote input: unsafe ones are refused, logged and reported.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Final
from urllib.parse import urlsplit

import httpx2
from huggingface_hub import HfApi, get_hf_file_metadata
from huggingface_hub.errors import (
    GatedRepoError,
    HfHubHTTPError,
    OfflineModeIsEnabled,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.hf_api import ExpandModelProperty_T, ModelInfo

from app.core.models.download_errors import UnsafeFilenameError
from app.core.models.download_http import describe, parse_retry_after
from app.core.models.download_spec import HUGGING_FACE, DownloadSpec, NetworkSettings, hub_download_spec
from app.core.models.hub_errors import (
    ADD_TOKEN_HINT,
    HubAccessDeniedError,
    HubAuthError,
    HubError,
    HubFileNotFoundError,
    HubGatedError,
    HubOfflineError,
    HubProtocolError,
    HubRateLimitError,
    HubRepoNotFoundError,
    HubRevisionNotFoundError,
    HubServerError,
    HubTokenRejectedError,
    HubUnreachableError,
    InvalidRepoIdError,
)
from app.core.models.hub_files import HubModelFile, RefusedFile, RemoteFile, group_gguf_files
from app.core.models.hub_session import HubConnection, HubTransportError, scope
from app.core.models.remote_names import check_repo_id, hub_file_url

__all__ = [
    "DEFAULT_READ_TIMEOUT",
    "DEFAULT_SEARCH_LIMIT",
    "MAX_SEARCH_LIMIT",
    "HubClient",
    "HubFileAccess",
    "HubRepo",
    "HubRepoDetail",
    "check_access",
    "download_specs",
    "hub_endpoint",
    "repo_files",
    "search_gguf",
]

log = logging.getLogger(__name__)

DEFAULT_SEARCH_LIMIT: Final = 30
MAX_SEARCH_LIMIT: Final = 200
DEFAULT_READ_TIMEOUT: Final = 30.0
"""Seconds to wait for an API answer once connected; a large repo's file list takes a moment."""
_LIBRARY: Final = "copydesk"
_SEARCH_FIELDS: Final[list[ExpandModelProperty_T]] = [
    "author",
    "downloads",
    "likes",
    "lastModified",
    "gated",
    "tags",
    "pipeline_tag",
    "gguf",
]
"""What the search list shows; asked for explicitly because the Hub's default listing omits some."""
_SHA256: Final = re.compile(r"^[0-9a-f]{64}$")
_COMMIT: Final = re.compile(r"^[0-9a-f]{40}$")
_RATELIMIT_RESET: Final = re.compile(r"\bt\s*=\s*(\d+)")


def hub_endpoint(setting: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The Hub address to use: the setting when one is set, else ``HF_ENDPOINT``, else huggingface.co.

    Read on each call (not at import like huggingface_hub does) so a changed setting applies at once.
    Build `NetworkSettings.endpoint` from it: that field defaults to huggingface.co, so `HubClient`
    alone cannot tell "not set" from "set to huggingface.co" and never looks at ``HF_ENDPOINT``.
    Raises `ValueError` for anything that is not an http(s) URL, before it reaches a request.
    """
    env = os.environ if environ is None else environ
    value = (setting or "").strip() or env.get("HF_ENDPOINT", "").strip() or HUGGING_FACE
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"The hub address {value!r} is not an http(s) URL, such as {HUGGING_FACE}.")
    return value.rstrip("/")


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


class HubClient:
    """Hub calls under one set of network settings and one token; reuse it, then `close` it.

    Safe to use from a worker thread (the GUI must not wait on the network); each call is independent.
    """

    def __init__(
        self,
        network: NetworkSettings | None = None,
        token: str | None = None,
        *,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
    ) -> None:
        self.network = network or NetworkSettings()
        self.endpoint = hub_endpoint(self.network.endpoint)
        self._token = token or None
        self._connection = HubConnection(self.network, read_timeout=read_timeout)
        # token=False: never fall back to a token huggingface_hub finds in its own cache.
        self._api = HfApi(endpoint=self.endpoint, token=self._token or False, library_name=_LIBRARY)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def page_url(self, repo_id: str) -> str:
        return f"{self.endpoint}/{repo_id}"

    # ------------------------------------------------------------------ calls

    def search_gguf(self, query: str, limit: int = DEFAULT_SEARCH_LIMIT) -> list[HubRepo]:
        """GGUF repositories matching ``query``, most downloaded first (an empty query lists the top ones).

        Results with a repository name that is not a plain ``owner/name`` are left out and logged.
        """
        if not 1 <= limit <= MAX_SEARCH_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_SEARCH_LIMIT}, not {limit}")
        with self._translated():
            found = self._api.list_models(
                search=query.strip() or None,
                filter="gguf",
                sort="downloads",
                limit=limit,
                expand=_SEARCH_FIELDS,
            )
            infos = list(islice(found, limit))
        repos: list[HubRepo] = []
        for info in infos:
            if not _plain_repo_id(info.id):
                log.warning("Left out a search result with an unusable repository name: %r", info.id)
                continue
            repos.append(self._repo(info))
        return repos

    def repo_files(self, repo_id: str, revision: str | None = None) -> HubRepoDetail:
        """Every ``.gguf`` model in ``repo_id`` with quant, size and SHA-256; split models as one entry.

        Unsafe file names are left out, logged as warnings and listed in `HubRepoDetail.refused`.
        """
        repo_id = _checked_repo_id(repo_id)
        with self._translated(repo_id=repo_id, revision=revision):
            info = self._api.model_info(repo_id, revision=revision, files_metadata=True)
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
            page_url=self.page_url(repo_id),
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

    def check_access(self, repo_id: str, filename: str, revision: str | None = None) -> HubFileAccess:
        """Ask (with a HEAD) whether ``filename`` can be downloaded with the current token.

        Listing a gated repository works without a token; its files do not. Calling this before a
        download or a remote header read turns that into a clear `HubAuthError` up front. Raises
        `UnsafeFilenameError` for a name that could not be stored safely.
        """
        repo_id = _checked_repo_id(repo_id)
        url = hub_file_url(self.endpoint, repo_id, filename, revision or "main")
        with self._translated(repo_id=repo_id, revision=revision, filename=filename):
            meta = get_hf_file_metadata(url, token=self._token or False, library_name=_LIBRARY)
        etag = (meta.etag or "").lower()
        return HubFileAccess(
            repo_id=repo_id,
            filename=filename,
            size=meta.size,
            sha256=etag if _SHA256.match(etag) else None,
            commit=meta.commit_hash,
        )

    # ------------------------------------------------------------------ helpers

    def _repo(self, info: ModelInfo) -> HubRepo:
        summary = info.gguf if isinstance(info.gguf, dict) else {}
        architecture = summary.get("architecture")
        return HubRepo(
            repo_id=info.id,
            page_url=self.page_url(info.id),
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

    @contextmanager
    def _translated(
        self, *, repo_id: str | None = None, revision: str | None = None, filename: str | None = None
    ) -> Iterator[None]:
        """Run huggingface_hub calls in our session scope and turn what they raise into `HubError`s."""
        try:
            with scope(self._connection):
                yield
        except HubError:
            raise
        except HubTransportError as exc:
            raise self._transport_error(exc) from exc
        except OfflineModeIsEnabled as exc:
            raise HubOfflineError(self.endpoint) from exc
        except HfHubHTTPError as exc:
            raise self._http_error(exc, repo_id, revision, filename) from exc
        except httpx2.TransportError as exc:
            raise HubUnreachableError(self.endpoint, describe(exc)) from exc
        except (ValueError, KeyError, TypeError) as exc:
            # Bad JSON or a payload without the fields every Hub answer has: not a Hub at this address.
            raise HubProtocolError(self.endpoint, f"{type(exc).__name__}: {exc}") from exc

    def _transport_error(self, exc: HubTransportError) -> HubError:
        if exc.status is None:
            return HubUnreachableError(self.endpoint, exc.reason)
        if exc.status == 429:
            return HubRateLimitError(self.endpoint, _retry_after(exc.headers))
        return HubServerError(self.endpoint, exc.status)

    def _http_error(
        self, exc: HfHubHTTPError, repo_id: str | None, revision: str | None, filename: str | None
    ) -> HubError:
        status = exc.response.status_code
        name = repo_id or self.endpoint
        token_sent = self._token is not None
        if isinstance(exc, GatedRepoError):
            if not token_sent:
                return HubGatedError(name, self.page_url(name))
            if status == 401:
                return HubTokenRejectedError(name)
            return HubAccessDeniedError(name, self.page_url(name))
        if isinstance(exc, RevisionNotFoundError):
            return HubRevisionNotFoundError(name, revision or "main")
        if isinstance(exc, RemoteEntryNotFoundError):
            return HubFileNotFoundError(name, filename or "")
        if isinstance(exc, RepositoryNotFoundError):
            return HubRepoNotFoundError(name, token_sent=token_sent)
        if status == 401:
            if token_sent:
                return HubTokenRejectedError(name)
            return HubAuthError(
                name,
                f"The model hub at {self.endpoint} asks for an access token (HTTP 401). {ADD_TOKEN_HINT}",
            )
        if status == 403:
            return HubAccessDeniedError(name, self.page_url(name))
        if status == 404:
            return (
                HubRepoNotFoundError(name, token_sent=token_sent)
                if repo_id
                else HubProtocolError(self.endpoint, "HTTP 404 for the model search")
            )
        if status == 429:
            return HubRateLimitError(self.endpoint, _retry_after(exc.response.headers))
        return HubServerError(self.endpoint, status, exc.server_message or "")


# ---------------------------------------------------------------------- one-call conveniences


def search_gguf(
    query: str,
    limit: int = DEFAULT_SEARCH_LIMIT,
    network: NetworkSettings | None = None,
    *,
    token: str | None = None,
) -> list[HubRepo]:
    """`HubClient.search_gguf` with a client of its own, for one-off calls (the CLI)."""
    with HubClient(network, token) as client:
        return client.search_gguf(query, limit)


def repo_files(
    repo_id: str,
    revision: str | None = None,
    *,
    network: NetworkSettings | None = None,
    token: str | None = None,
) -> HubRepoDetail:
    """`HubClient.repo_files` with a client of its own."""
    with HubClient(network, token) as client:
        return client.repo_files(repo_id, revision)


def check_access(
    repo_id: str,
    filename: str,
    revision: str | None = None,
    *,
    network: NetworkSettings | None = None,
    token: str | None = None,
) -> HubFileAccess:
    """`HubClient.check_access` with a client of its own."""
    with HubClient(network, token) as client:
        return client.check_access(repo_id, filename, revision)


def download_specs(
    detail: HubRepoDetail,
    entry: HubModelFile,
    folder: Path,
    network: NetworkSettings,
    *,
    token: str | None = None,
) -> list[DownloadSpec]:
    """One `DownloadSpec` per file of ``entry``, pinned to the listed commit with the listed size and
    SHA-256, so what is downloaded is exactly what the user saw. Raises `ValueError` for a split model
    whose parts are not all in the repo (it could never load)."""
    if not entry.complete:
        raise ValueError(
            f"{entry.name} in {detail.repo_id} is split into {entry.expected_parts} parts, but the "
            f"repository has only {len(entry.parts)} of them."
        )
    return [
        hub_download_spec(
            network,
            detail.repo_id,
            part.filename,
            folder,
            revision=detail.revision or "main",
            size=part.size,
            sha256=part.sha256,
            token=token,
        )
        for part in entry.parts
    ]


# ---------------------------------------------------------------------- parsing


def _checked_repo_id(repo_id: str) -> str:
    repo_id = repo_id.strip()
    if not _plain_repo_id(repo_id) or "/" not in repo_id:
        raise InvalidRepoIdError(repo_id)
    return repo_id


def _plain_repo_id(repo_id: object) -> bool:
    if not isinstance(repo_id, str):
        return False
    try:
        check_repo_id(repo_id)
    except UnsafeFilenameError:
        return False
    return True


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


def _retry_after(headers: httpx2.Headers) -> int | None:
    """Seconds to wait, from ``Retry-After`` or the Hub's ``RateLimit: "api";r=0;t=55``."""
    seconds = parse_retry_after(headers.get("Retry-After"))
    if seconds is not None:
        return max(1, round(seconds))
    match = _RATELIMIT_RESET.search(headers.get("RateLimit", ""))
    return int(match.group(1)) if match else None
