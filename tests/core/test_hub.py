"""Hub search against a real loopback Hub: what the user sees in the search tab and what it costs.

The calls go through the real huggingface_hub client, so a change in what it sends or parses shows up
here. Failures are checked for their class and their words, and for time: a search that waits half a
minute on a dead address is a bug even if the message is right.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import huggingface_hub
import pytest
from huggingface_hub import constants

from app.core.models.download_spec import NetworkSettings
from app.core.models.hub import (
    HubClient,
    check_access,
    download_specs,
    hub_endpoint,
    repo_files,
    search_gguf,
)
from app.core.models.hub_errors import (
    HubAccessDeniedError,
    HubFileNotFoundError,
    HubGatedError,
    HubOfflineError,
    HubProtocolError,
    HubRateLimitError,
    HubRepoNotFoundError,
    HubRevisionNotFoundError,
    HubServerError,
    HubUnreachableError,
    InvalidRepoIdError,
)
from app.core.models.hub_files import UNKNOWN_QUANT, RemoteFile, group_gguf_files, parse_quant
from tests.support.hub_server import HubServer

TOKEN = "hf_loopbackSecretToken"
POPULAR = "org/Popular-GGUF"
GATED = "org/gated-GGUF"
DATA = bytes(range(256)) * 64


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


QUANT_FILES = {
    "popular.Q4_K_M.gguf": DATA[:4000],
    "popular.Q8_0.gguf": DATA[:8000],
    "popular-IQ3_XS.gguf": DATA[:3000],
    "popular-f16.gguf": DATA[:16000],
    "mmproj-popular-f16.gguf": DATA[:100],
}
SPLIT_FILES = {
    "BF16/popular-BF16-00001-of-00003.gguf": DATA[:7000],
    "BF16/popular-BF16-00002-of-00003.gguf": DATA[:6000],
    "BF16/popular-BF16-00003-of-00003.gguf": DATA[:5000],
}


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite runs with HF_HUB_OFFLINE=1 so nothing reaches the real Hub; these calls go to loopback."""
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)


@pytest.fixture
def hub(hub_server: HubServer, online: None) -> HubServer:
    """The shared loopback Hub, with a few repos."""
    server = hub_server
    server.add_repo(
        POPULAR,
        downloads=900,
        license="mit",
        gguf={"total": 1_500_000_000, "architecture": "qwen2", "context_length": 32768},
    )
    for name, content in {**QUANT_FILES, **SPLIT_FILES}.items():
        server.add_file(POPULAR, name, content)
    server.add_file(POPULAR, "README.md", b"# readme")
    server.add_repo("org/rare-GGUF", downloads=3)
    server.add_file("org/rare-GGUF", "rare.Q5_K_S.gguf", DATA[:500])
    server.add_repo("org/popular-safetensors", downloads=5000, tags=("safetensors",))
    server.add_repo(GATED, downloads=50, license="llama3.2", gated_token=TOKEN)
    server.add_file(GATED, "gated-Q4_K_M.gguf", DATA[:2000])
    return server


@pytest.fixture
def client(hub: HubServer) -> Iterator[HubClient]:
    with HubClient(NetworkSettings(endpoint=hub.endpoint)) as hub_client:
        yield hub_client


def closed_port() -> int:
    """A loopback port nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# ---------------------------------------------------------------------- search


def test_search_finds_gguf_repos_most_downloaded_first(hub: HubServer, client: HubClient) -> None:
    found = client.search_gguf("gguf")
    assert [repo.repo_id for repo in found] == [POPULAR, GATED, "org/rare-GGUF"]
    popular, gated, _ = found
    assert popular.downloads == 900 and popular.license == "mit" and not popular.gated
    assert (popular.architecture, popular.context_length, popular.parameters) == (
        "qwen2",
        32768,
        1_500_000_000,
    )
    assert popular.page_url == f"{hub.endpoint}/{POPULAR}"
    assert popular.last_modified is not None
    assert gated.gated and gated.license == "llama3.2"
    (request,) = hub.api_requests
    assert "filter=gguf" in request and "sort=downloads" in request and "search=gguf" in request


def test_search_narrows_and_limits(hub: HubServer, client: HubClient) -> None:
    assert [repo.repo_id for repo in client.search_gguf("rare")] == ["org/rare-GGUF"]
    assert client.search_gguf("no-such-model") == []
    assert len(client.search_gguf("", limit=1)) == 1
    with pytest.raises(ValueError, match="limit"):
        client.search_gguf("x", limit=0)


def test_one_call_helpers_use_their_own_client(hub: HubServer) -> None:
    network = NetworkSettings(endpoint=hub.endpoint)
    assert search_gguf("rare", 5, network)[0].repo_id == "org/rare-GGUF"
    assert repo_files("org/rare-GGUF", network=network).files[0].quant == "Q5_K_S"
    assert check_access(GATED, "gated-Q4_K_M.gguf", network=network, token=TOKEN).size == 2000


# ---------------------------------------------------------------------- repo files


def test_repo_files_lists_every_quant_with_size_and_sha256(client: HubClient) -> None:
    detail = client.repo_files(POPULAR)
    singles = {entry.filename: entry for entry in detail.files if not entry.is_split}
    assert set(singles) == set(QUANT_FILES)  # README.md is not a model
    for name, content in QUANT_FILES.items():
        (part,) = singles[name].parts
        assert (part.size, part.sha256) == (len(content), sha(content))
    assert {entry.quant for entry in detail.files} == {"Q4_K_M", "Q8_0", "IQ3_XS", "F16", "BF16"}
    assert singles["mmproj-popular-f16.gguf"].is_projector
    assert detail.files[-1].is_projector, "projectors come after the models"
    sizes = [entry.size or 0 for entry in detail.files if not entry.is_projector]
    assert sizes == sorted(sizes), "smallest first"
    assert detail.license == "mit" and not detail.gated and detail.downloads == 900
    assert detail.revision is not None and len(detail.revision) == 40
    assert detail.refused == ()


def test_split_model_is_one_entry_with_total_size(client: HubClient) -> None:
    entry = client.repo_files(POPULAR).file("BF16/popular-BF16.gguf")
    assert entry.is_split and entry.complete and entry.expected_parts == 3
    assert entry.name == "BF16/popular-BF16.gguf" and entry.quant == "BF16"
    assert entry.filename == "BF16/popular-BF16-00001-of-00003.gguf"
    assert [part.filename for part in entry.parts] == list(SPLIT_FILES)
    assert [part.sha256 for part in entry.parts] == [sha(content) for content in SPLIT_FILES.values()]
    assert entry.size == sum(len(content) for content in SPLIT_FILES.values())


def test_file_lookup_by_entry_name_or_any_part(client: HubClient) -> None:
    detail = client.repo_files(POPULAR)
    assert detail.file("BF16/popular-BF16-00002-of-00003.gguf").name == "BF16/popular-BF16.gguf"
    assert detail.file("popular.Q8_0.gguf").quant == "Q8_0"
    with pytest.raises(KeyError):
        detail.file("nope.gguf")


def test_download_specs_pin_the_listed_commit_size_and_sha256(hub: HubServer, tmp_path: Path) -> None:
    network = NetworkSettings(endpoint=hub.endpoint)
    with HubClient(network, TOKEN) as hub_client:
        detail = hub_client.repo_files(POPULAR)
    entry = detail.file("BF16/popular-BF16.gguf")
    specs = download_specs(detail, entry, tmp_path, network, token=TOKEN)
    assert detail.revision is not None
    assert [spec.url for spec in specs] == [
        f"{hub.endpoint}/{POPULAR}/resolve/{detail.revision}/{part.filename}" for part in entry.parts
    ]
    assert [(spec.size, spec.sha256) for spec in specs] == [(p.size, p.sha256) for p in entry.parts]
    assert all(spec.dest.is_relative_to(tmp_path) and spec.token == TOKEN for spec in specs)


def test_incomplete_split_model_is_flagged_and_not_downloadable(hub: HubServer, tmp_path: Path) -> None:
    hub.add_file("org/broken-GGUF", "m-Q4_K_M-00001-of-00003.gguf", DATA[:10])
    hub.add_file("org/broken-GGUF", "m-Q4_K_M-00003-of-00003.gguf", DATA[:10])
    network = NetworkSettings(endpoint=hub.endpoint)
    detail = repo_files("org/broken-GGUF", network=network)
    (entry,) = detail.files
    assert entry.is_split and not entry.complete and len(entry.parts) == 2
    with pytest.raises(ValueError, match="only 2 of them"):
        download_specs(detail, entry, tmp_path, network)


def test_unsafe_filename_listed_by_the_server_is_refused_with_a_warning(
    hub: HubServer, client: HubClient, caplog: pytest.LogCaptureFixture
) -> None:
    hub.add_file(POPULAR, "../../evil.gguf", b"evil")
    hub.add_file(POPULAR, "/etc/cron.d/evil.gguf", b"evil")
    with caplog.at_level(logging.WARNING, logger="app.core.models.hub"):
        detail = client.repo_files(POPULAR)
    assert {bad.name for bad in detail.refused} == {"../../evil.gguf", "/etc/cron.d/evil.gguf"}
    assert all("evil" not in part.filename for entry in detail.files for part in entry.parts)
    assert len(detail.files) == len(QUANT_FILES) + 1  # the rest is still offered
    warned = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert any("../../evil.gguf" in text and "climbs out" in text for text in warned)


# ---------------------------------------------------------------------- access and errors


def test_gated_repo_lists_openly_but_its_files_need_a_token(hub: HubServer, client: HubClient) -> None:
    detail = client.repo_files(GATED)
    assert detail.gated and detail.files[0].quant == "Q4_K_M"
    with pytest.raises(HubGatedError) as caught:
        client.check_access(GATED, "gated-Q4_K_M.gguf")
    message = str(caught.value)
    assert f"{hub.endpoint}/{GATED}" in message and "access token" in message and "HF_TOKEN" in message

    with HubClient(NetworkSettings(endpoint=hub.endpoint), TOKEN) as with_token:
        access = with_token.check_access(GATED, "gated-Q4_K_M.gguf")
    assert (access.size, access.sha256) == (2000, sha(DATA[:2000]))
    assert access.commit == hub.repos[GATED].commit


def test_token_without_access_is_told_apart(hub: HubServer) -> None:
    with (
        HubClient(NetworkSettings(endpoint=hub.endpoint), "hf_someoneElse") as other,
        pytest.raises(HubAccessDeniedError, match="Accept the model's licence"),
    ):
        other.check_access(GATED, "gated-Q4_K_M.gguf")


def test_no_token_is_picked_up_behind_the_callers_back(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The token in use is the one Copydesk passes (from `hub_token`), not one the library finds itself."""
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    with pytest.raises(HubGatedError):
        check_access(GATED, "gated-Q4_K_M.gguf", network=NetworkSettings(endpoint=hub.endpoint))


def test_unknown_repo_revision_and_file_have_clear_errors(client: HubClient) -> None:
    with pytest.raises(HubRepoNotFoundError, match="org/nope was not found"):
        client.repo_files("org/nope")
    with pytest.raises(HubRevisionNotFoundError, match="v9"):
        client.repo_files(POPULAR, revision="v9")
    with pytest.raises(HubFileNotFoundError, match=re.escape("missing.gguf")):
        client.check_access(POPULAR, "missing.gguf")


@pytest.mark.parametrize("repo_id", ["../etc", "no-owner", "a/b/c", "org/bad name", ""])
def test_malformed_repo_names_are_refused_before_any_request(
    hub: HubServer, client: HubClient, repo_id: str
) -> None:
    with pytest.raises(InvalidRepoIdError, match="owner/name"):
        client.repo_files(repo_id)
    assert hub.api_requests == []


@pytest.mark.usefixtures("online")
def test_unreachable_endpoint_fails_fast() -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"
    with HubClient(NetworkSettings(endpoint=endpoint)) as dead:
        for call in (lambda: dead.search_gguf("qwen"), lambda: dead.repo_files(POPULAR)):
            started = time.monotonic()
            with pytest.raises(HubUnreachableError, match="Could not reach the model hub") as caught:
                call()
            assert time.monotonic() - started < 2.0, "no retries with backoff"
            assert endpoint in str(caught.value)


def test_proxy_setting_is_used(hub: HubServer) -> None:
    """The hub itself is up; a dead proxy in the settings must still stop the call (so it was used)."""
    network = NetworkSettings(endpoint=hub.endpoint, proxy=f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(HubUnreachableError):
        search_gguf("gguf", network=network)
    assert hub.api_requests == []


@pytest.mark.usefixtures("online")
def test_silent_server_times_out_once_without_retries() -> None:
    """A server that accepts and never answers (a black-holed proxy) ends in one read timeout."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with HubClient(NetworkSettings(endpoint=endpoint), read_timeout=0.5) as silent:
            started = time.monotonic()
            with pytest.raises(HubUnreachableError, match="in time"):
                silent.search_gguf("qwen")
            assert time.monotonic() - started < 3.0


def test_offline_mode_makes_no_request(
    hub: HubServer, client: HubClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(HubOfflineError, match="HF_HUB_OFFLINE"):
        client.search_gguf("qwen")
    assert hub.api_requests == []


# ---------------------------------------------------------------------- answers the loopback Hub cannot give


class _Canned(BaseHTTPRequestHandler):
    """Answers every GET with the status, headers and body the test put on the server."""

    protocol_version = "HTTP/1.1"
    server: _CannedServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self.server.requests += 1
        status, headers, body = self.server.answer
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _CannedServer(ThreadingHTTPServer):
    daemon_threads = True
    requests = 0
    answer: tuple[int, dict[str, str], bytes] = (200, {}, b"")

    def handle_error(self, request: Any, client_address: Any) -> None:
        """The client hangs up after a refused answer without reading on; that is expected here."""


@pytest.fixture
def canned(online: None) -> Iterator[_CannedServer]:
    server = _CannedServer(("127.0.0.1", 0), _Canned)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def canned_endpoint(server: _CannedServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}"


def test_rate_limit_is_reported_at_once_with_the_wait(canned: _CannedServer) -> None:
    canned.answer = (429, {"Retry-After": "42", "Content-Type": "application/json"}, b'{"error":"slow down"}')
    started = time.monotonic()
    with pytest.raises(HubRateLimitError, match="42 seconds") as caught:
        search_gguf("qwen", network=NetworkSettings(endpoint=canned_endpoint(canned)))
    assert caught.value.retry_after == 42
    assert canned.requests == 1 and time.monotonic() - started < 2.0


def test_server_error_is_reported_at_once(canned: _CannedServer) -> None:
    canned.answer = (503, {"Content-Type": "text/plain"}, b"down")
    with pytest.raises(HubServerError, match="HTTP 503"):
        search_gguf("qwen", network=NetworkSettings(endpoint=canned_endpoint(canned)))
    assert canned.requests == 1


def test_something_that_is_not_a_hub_is_named_as_such(canned: _CannedServer) -> None:
    canned.answer = (200, {"Content-Type": "text/html"}, b"<html>Sign in to the guest Wi-Fi</html>")
    with pytest.raises(HubProtocolError, match="did not answer like a Hugging Face hub"):
        search_gguf("qwen", network=NetworkSettings(endpoint=canned_endpoint(canned)))
    canned.answer = (200, {"Content-Type": "application/json"}, json.dumps({"unexpected": 1}).encode())
    with pytest.raises(HubProtocolError):
        repo_files("org/model", network=NetworkSettings(endpoint=canned_endpoint(canned)))


# ---------------------------------------------------------------------- the library around us


def test_no_telemetry_or_agent_probe_is_sent(client: HubClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """With telemetry on, huggingface_hub asks the default endpoint for an agent registry; we never do."""
    probes: list[str] = []

    def detect_agent() -> None:
        probes.append("detect_agent")

    monkeypatch.setattr(constants, "HF_HUB_DISABLE_TELEMETRY", False)
    monkeypatch.setattr("huggingface_hub.utils._headers.detect_agent", detect_agent)
    client.search_gguf("gguf")
    client.repo_files(POPULAR)
    assert probes == []
    assert constants.HF_HUB_DISABLE_TELEMETRY


def test_other_library_calls_keep_the_stock_behaviour(hub: HubServer, client: HubClient) -> None:
    """Outside our calls the shared session sends requests as huggingface_hub's own client would."""
    client.search_gguf("gguf")  # installs the session
    response = huggingface_hub.get_session().get(f"{hub.endpoint}/api/models/{POPULAR}")
    assert response.status_code == 200 and response.json()["id"] == POPULAR


# ---------------------------------------------------------------------- endpoint and file-name rules


def test_endpoint_comes_from_the_setting_then_hf_endpoint() -> None:
    assert (
        hub_endpoint("http://mirror.local:8080/", {"HF_ENDPOINT": "http://env"}) == "http://mirror.local:8080"
    )
    assert hub_endpoint("", {"HF_ENDPOINT": "https://hf-mirror.com/"}) == "https://hf-mirror.com"
    assert hub_endpoint(None, {}) == "https://huggingface.co"
    with pytest.raises(ValueError, match="http"):
        hub_endpoint("ftp://example.com", {})
    with pytest.raises(ValueError, match="http"):
        HubClient(NetworkSettings(endpoint="huggingface.co"))


@pytest.mark.parametrize(
    ("name", "quant"),
    [
        ("Qwen2.5-7B-Instruct-Q4_K_M.gguf", "Q4_K_M"),
        ("llama-3.2-1b-instruct-q8_0.gguf", "Q8_0"),
        ("gemma-3-4b-it-IQ3_XS.gguf", "IQ3_XS"),
        ("model-IQ2_XXS.gguf", "IQ2_XXS"),
        ("model.IQ4_NL.gguf", "IQ4_NL"),
        ("Phi-3-mini-4k-instruct-fp16.gguf", "FP16"),
        ("model-f16.gguf", "F16"),
        ("model-BF16-00001-of-00002.gguf", "BF16"),
        ("Q6_K/model-00001-of-00002.gguf", "Q6_K"),
        ("model-Q4_0_4_4.gguf", "Q4_0_4_4"),
        ("model-UD-Q4_K_XL.gguf", "Q4_K_XL"),
        ("model-TQ1_0.gguf", "TQ1_0"),
        ("gpt-oss-20b-MXFP4.gguf", "MXFP4"),
        ("model.Q4_K_M_imatrix.gguf", "Q4_K_M"),
        ("Qwen3-4B.gguf", UNKNOWN_QUANT),
        ("model-00001-of-00002.gguf", UNKNOWN_QUANT),
    ],
)
def test_quant_is_read_from_the_file_name(name: str, quant: str) -> None:
    assert parse_quant(name) == quant


def test_grouping_ignores_other_files_and_tolerates_missing_sizes() -> None:
    files, refused = group_gguf_files(
        [
            RemoteFile("config.json", 10),
            RemoteFile("a-Q4_K_M.gguf", None, None),
            RemoteFile("b-Q8_0.GGUF", 5, "0" * 64),
            RemoteFile("c:evil.gguf", 1),
        ]
    )
    assert [entry.name for entry in files] == ["b-Q8_0.GGUF", "a-Q4_K_M.gguf"]  # unknown size last
    assert files[1].size is None
    assert [bad.name for bad in refused] == ["c:evil.gguf"]
