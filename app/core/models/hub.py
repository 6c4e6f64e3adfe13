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
- file names from the listing are remote input: unsafe ones are refused, logged and reported, and
  every field is checked as it is read (`hub_parsing`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
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
from huggingface_hub.hf_api import ExpandModelProperty_T

from app.core.models.download_http import describe
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
)
from app.core.models.hub_files import HubModelFile
from app.core.models.hub_parsing import (
    HubFileAccess,
    HubRepo,
    HubRepoDetail,
    checked_repo_id,
    file_access,
    hub_repo,
    hub_repo_detail,
    plain_repo_id,
    retry_after,
)
from app.core.models.hub_session import HubConnection, HubTransportError, scope
from app.core.models.remote_names import hub_file_url

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
            if not plain_repo_id(info.id):
                log.warning("Left out a search result with an unusable repository name: %r", info.id)
                continue
            repos.append(hub_repo(info, self.page_url(info.id)))
        return repos

    def repo_files(self, repo_id: str, revision: str | None = None) -> HubRepoDetail:
        """Every ``.gguf`` model in ``repo_id`` with quant, size and SHA-256; split models as one entry.

        Unsafe file names are left out, logged as warnings and listed in `HubRepoDetail.refused`.
        """
        repo_id = checked_repo_id(repo_id)
        with self._translated(repo_id=repo_id, revision=revision):
            info = self._api.model_info(repo_id, revision=revision, files_metadata=True)
        return hub_repo_detail(info, repo_id, self.page_url(repo_id))

    def check_access(self, repo_id: str, filename: str, revision: str | None = None) -> HubFileAccess:
        """Ask (with a HEAD) whether ``filename`` can be downloaded with the current token.

        Listing a gated repository works without a token; its files do not. Calling this before a
        download or a remote header read turns that into a clear `HubAuthError` up front. Raises
        `UnsafeFilenameError` for a name that could not be stored safely.
        """
        repo_id = checked_repo_id(repo_id)
        url = hub_file_url(self.endpoint, repo_id, filename, revision or "main")
        with self._translated(repo_id=repo_id, revision=revision, filename=filename):
            meta = get_hf_file_metadata(url, token=self._token or False, library_name=_LIBRARY)
        return file_access(meta, repo_id, filename)

    # ------------------------------------------------------------------ helpers

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
            return HubRateLimitError(self.endpoint, retry_after(exc.headers))
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
            return HubRateLimitError(self.endpoint, retry_after(exc.response.headers))
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
