"""The loopback Hub answers the way huggingface_hub expects, so tests that use it test the real client.

If huggingface_hub changes what it reads (a header, a JSON field), these fail first and say where.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx2
import pytest
from huggingface_hub import HfApi, constants, get_hf_file_metadata, hf_hub_url
from huggingface_hub.errors import GatedRepoError, RemoteEntryNotFoundError

from app.core.models.download import NetworkSettings, hub_download_spec
from app.core.models.download_errors import UnsafeFilenameError
from tests.support.hub_server import HubServer

DATA = bytes(range(256)) * 4096
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def hub(hub_server: HubServer, monkeypatch: pytest.MonkeyPatch) -> HubServer:
    """The suite runs with HF_HUB_OFFLINE=1 so nothing reaches the real Hub; these calls go to loopback."""
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    hub_server.add_repo("org/popular-GGUF", downloads=900, license="mit")
    hub_server.add_file("org/popular-GGUF", "popular.Q4_K_M.gguf", DATA)
    hub_server.add_repo("org/rare-GGUF", downloads=3)
    hub_server.add_file("org/rare-GGUF", "rare.Q8_0.gguf", DATA[:1000])
    hub_server.add_repo("org/not-gguf", tags=("safetensors",))
    return hub_server


def test_list_models_filters_searches_and_sorts(hub: HubServer) -> None:
    api = HfApi(endpoint=hub.endpoint)
    found = list(api.list_models(search="gguf", filter="gguf", sort="downloads"))
    assert [m.id for m in found] == ["org/popular-GGUF", "org/rare-GGUF"]
    assert found[0].downloads == 900 and "license:mit" in (found[0].tags or [])


def test_model_info_gives_sizes_and_lfs_checksums(hub: HubServer) -> None:
    api = HfApi(endpoint=hub.endpoint)
    info = api.model_info("org/popular-GGUF", files_metadata=True)
    assert info.siblings is not None
    (sibling,) = info.siblings
    assert sibling.rfilename == "popular.Q4_K_M.gguf" and sibling.size == len(DATA)
    assert sibling.lfs is not None and sibling.lfs.sha256 == SHA
    assert info.card_data is not None and info.card_data.license == "mit"
    assert info.sha is not None and api.model_info("org/popular-GGUF", revision=info.sha).id == info.id


def test_file_metadata_comes_from_head(hub: HubServer) -> None:
    meta = get_hf_file_metadata(hf_hub_url("org/popular-GGUF", "popular.Q4_K_M.gguf", endpoint=hub.endpoint))
    assert (meta.etag, meta.size) == (SHA, len(DATA))
    assert meta.commit_hash is not None and len(meta.commit_hash) == 40
    with pytest.raises(RemoteEntryNotFoundError):
        get_hf_file_metadata(hf_hub_url("org/popular-GGUF", "nope.gguf", endpoint=hub.endpoint))


def test_gated_files_need_the_token(hub: HubServer) -> None:
    hub.add_repo("org/popular-GGUF", gated_token="hf_secret")
    url = hf_hub_url("org/popular-GGUF", "popular.Q4_K_M.gguf", endpoint=hub.endpoint)
    with pytest.raises(GatedRepoError):
        get_hf_file_metadata(url)
    assert get_hf_file_metadata(url, token="hf_secret").size == len(DATA)
    assert HfApi(endpoint=hub.endpoint).model_info("org/popular-GGUF").gated == "manual"


def test_ranges_are_honoured(hub: HubServer) -> None:
    url = hub.url("org/popular-GGUF", "popular.Q4_K_M.gguf")
    with httpx2.Client() as client:
        middle = client.get(url, headers={"Range": "bytes=10-19"})
        tail = client.get(url, headers={"Range": f"bytes={len(DATA) - 5}-"})
        beyond = client.get(url, headers={"Range": f"bytes={len(DATA)}-"})
    assert middle.status_code == 206 and middle.content == DATA[10:20]
    assert middle.headers["Content-Range"] == f"bytes 10-19/{len(DATA)}"
    assert tail.status_code == 206 and tail.content == DATA[-5:]
    assert beyond.status_code == 416 and beyond.headers["Content-Range"] == f"bytes */{len(DATA)}"


def test_a_malicious_name_listed_by_the_hub_is_refused(hub: HubServer, tmp_path: Path) -> None:
    hub.add_file("evil/repo", "../../evil.gguf", b"GGUF")
    info = HfApi(endpoint=hub.endpoint).model_info("evil/repo", files_metadata=True)
    names = [s.rfilename for s in info.siblings or []]
    assert names == ["../../evil.gguf"]
    folder = tmp_path / "a" / "models"
    with pytest.raises(UnsafeFilenameError, match="climbs out"):
        hub_download_spec(NetworkSettings(endpoint=hub.endpoint), "evil/repo", names[0], folder)
    assert list(tmp_path.iterdir()) == []
