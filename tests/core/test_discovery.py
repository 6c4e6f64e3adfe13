"""Discovery of models other apps downloaded, on fake HF-cache / LM Studio / GPT4All / Ollama trees."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from app.core.models.discovery import (
    OLLAMA_MODEL_MEDIA_TYPE,
    DiscoveredModel,
    DiscoveryRoots,
    Source,
    discover_models,
    discover_source,
)

GGUF = b"GGUF" + b"\x03\x00\x00\x00" + b"\x00" * 56


def write(path: Path, data: bytes = GGUF) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def names(models: list[DiscoveredModel]) -> list[str]:
    return [m.display_name for m in models]


# ----------------------------------------------------------------------------- Hugging Face cache


def hf_repo(hub: Path, repo: str, files: dict[str, bytes], revision: str = "a" * 40) -> Path:
    """The hub cache layout: blobs named by hash, snapshot entries as relative symlinks into them."""
    repo_dir = hub / f"models--{repo.replace('/', '--')}"
    (repo_dir / "refs").mkdir(parents=True, exist_ok=True)
    (repo_dir / "refs" / "main").write_text(revision, encoding="utf-8")
    for index, (name, data) in enumerate(files.items()):
        blob = write(repo_dir / "blobs" / f"{revision[:8]}{index:056d}", data)
        link = repo_dir / "snapshots" / revision / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.relpath(blob, link.parent))
    return repo_dir


def test_hf_cache(tmp_path: Path) -> None:
    hub = tmp_path / "hub"
    hf_repo(
        hub,
        "Qwen/Qwen3-4B-GGUF",
        {
            "Qwen3-4B-Q4_K_M.gguf": GGUF + b"q4",
            "Q8_0/Qwen3-4B-Q8_0.gguf": GGUF + b"q8",
            "mmproj-F16.gguf": GGUF,
            "README.md": b"# readme",
            "big-00002-of-00002.gguf": GGUF,
            "big-00001-of-00002.gguf": GGUF + b"big",
            "fake.gguf": b"<html>not a model</html>",
        },
    )
    found = discover_source(Source.HF_CACHE, DiscoveryRoots(hf_hub=(hub,)))
    assert names(found) == [
        "Qwen/Qwen3-4B-GGUF Q8_0/Qwen3-4B-Q8_0.gguf",
        "Qwen/Qwen3-4B-GGUF Qwen3-4B-Q4_K_M.gguf",
        "Qwen/Qwen3-4B-GGUF big-00001-of-00002.gguf",
    ]
    for model in found:
        assert model.source is Source.HF_CACHE
        assert model.path.parent.name == "blobs"  # the real file, not the snapshot link
        assert not model.path.is_symlink()
        assert model.size_bytes == model.path.stat().st_size


def test_hf_cache_prefers_the_current_revision(tmp_path: Path) -> None:
    hub = tmp_path / "hub"
    hf_repo(hub, "org/model-GGUF", {"m.gguf": GGUF + b"old"}, revision="b" * 40)
    hf_repo(hub, "org/model-GGUF", {"m.gguf": GGUF + b"new!"}, revision="c" * 40)  # refs/main now
    (found,) = discover_source(Source.HF_CACHE, DiscoveryRoots(hf_hub=(hub,)))
    assert found.path.read_bytes() == GGUF + b"new!"


def test_hf_cache_symlink_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    hub = tmp_path / "hub"
    outside = write(tmp_path / "elsewhere" / "secret.gguf")
    snapshot = hub / "models--org--repo" / "snapshots" / ("d" * 40)
    snapshot.mkdir(parents=True)
    (snapshot / "escape.gguf").symlink_to(outside)
    (snapshot / "dangling.gguf").symlink_to(snapshot / "nowhere")
    (snapshot / "loop.gguf").symlink_to(snapshot / "loop.gguf")
    assert discover_source(Source.HF_CACHE, DiscoveryRoots(hf_hub=(hub,))) == []


def test_hf_cache_root_from_the_environment(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert DiscoveryRoots.default({"HF_HUB_CACHE": "/x/hub"}, home, "linux").hf_hub == (Path("/x/hub"),)
    assert DiscoveryRoots.default({"HF_HOME": "/y"}, home, "linux").hf_hub == (Path("/y/hub"),)
    assert DiscoveryRoots.default({}, home, "linux").hf_hub == (home / ".cache/huggingface/hub",)
    assert DiscoveryRoots.default({"XDG_CACHE_HOME": "/c"}, home, "linux").hf_hub == (
        Path("/c/huggingface/hub"),
    )


# ----------------------------------------------------------------------------- LM Studio and GPT4All


def test_lm_studio(tmp_path: Path) -> None:
    root = tmp_path / ".lmstudio" / "models"
    write(root / "lmstudio-community" / "gemma-3-4b-it-GGUF" / "gemma-3-4b-it-Q4_K_M.gguf")
    write(root / "lmstudio-community" / "gemma-3-4b-it-GGUF" / "mmproj-model-f16.gguf")
    write(root / "bartowski" / "broken-GGUF" / "broken.gguf", b"\x00\x00\x00\x00")
    write(root / "bartowski" / ".hidden-GGUF" / ".partial.gguf")
    old = tmp_path / ".cache" / "lm-studio" / "models"
    write(old / "TheBloke" / "Mistral-7B-GGUF" / "mistral-7b.Q4_K_M.gguf")
    found = discover_source(Source.LM_STUDIO, DiscoveryRoots(lm_studio=(root, old)))
    assert names(found) == [
        "lmstudio-community/gemma-3-4b-it-GGUF gemma-3-4b-it-Q4_K_M.gguf",
        "TheBloke/Mistral-7B-GGUF mistral-7b.Q4_K_M.gguf",
    ]


def test_gpt4all_default_locations_per_os(tmp_path: Path) -> None:
    home = tmp_path / "home"
    linux = DiscoveryRoots.default({}, home, "linux").gpt4all
    assert linux == (home / ".local/share/nomic.ai/GPT4All",)
    mac = DiscoveryRoots.default({}, home, "darwin").gpt4all
    assert mac == (home / "Library/Application Support/nomic.ai/GPT4All",)
    windows = DiscoveryRoots.default({"LOCALAPPDATA": str(tmp_path / "Local")}, home, "win32").gpt4all
    assert windows == (tmp_path / "Local" / "nomic.ai" / "GPT4All",)


def test_gpt4all(tmp_path: Path) -> None:
    root = tmp_path / "GPT4All"
    write(root / "Llama-3.2-3B-Instruct-Q4_0.gguf")
    write(root / "incomplete-Llama-3.2-1B-Instruct-Q4_0.gguf", b"")
    write(root / "localdocs_v2.db", b"SQLite format 3")
    found = discover_source(Source.GPT4ALL, DiscoveryRoots(gpt4all=(root,)))
    assert names(found) == ["Llama-3.2-3B-Instruct-Q4_0.gguf"]


# ----------------------------------------------------------------------------- Ollama


def ollama_model(root: Path, name: str, data: bytes = GGUF, *, host: str = "registry.ollama.ai") -> Path:
    """One pulled model: a blob per layer and a manifest under manifests/<host>/<ns>/<model>/<tag>."""
    namespace, _, rest = name.rpartition("/")
    model, _, tag = rest.partition(":")
    digest = hashlib.sha256(data).hexdigest()
    write(root / "blobs" / f"sha256-{digest}", data)
    template = b"{{ .Prompt }}"
    template_digest = hashlib.sha256(template).hexdigest()
    write(root / "blobs" / f"sha256-{template_digest}", template)
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "digest": "sha256:" + "0" * 64,
        },
        "layers": [
            {"mediaType": OLLAMA_MODEL_MEDIA_TYPE, "digest": f"sha256:{digest}", "size": len(data)},
            {"mediaType": "application/vnd.ollama.image.template", "digest": f"sha256:{template_digest}"},
        ],
    }
    path = root / "manifests" / host / (namespace or "library") / model / tag
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


def test_ollama(tmp_path: Path) -> None:
    root = tmp_path / ".ollama" / "models"
    ollama_model(root, "llama3.2:3b", GGUF + b"llama")
    ollama_model(root, "llama3.2:latest", GGUF + b"llama")  # the same blob under a second tag
    ollama_model(root, "qwen3:4b", GGUF + b"qwen")
    ollama_model(root, "someone/writer:q4", GGUF + b"writer")
    ollama_model(root, "bartowski/Qwen3-GGUF:Q4_K_M", GGUF + b"hf", host="hf.co")
    found = discover_source(Source.OLLAMA, DiscoveryRoots(ollama=(root,)))
    by_name = {m.display_name: m for m in found}
    assert set(by_name) == {
        "llama3.2:3b",
        "qwen3:4b",
        "someone/writer:q4",
        "hf.co/bartowski/Qwen3-GGUF:Q4_K_M",
    }
    assert by_name["llama3.2:3b"].aliases == ("llama3.2:latest",)
    assert by_name["qwen3:4b"].path.name.startswith("sha256-")
    assert by_name["qwen3:4b"].path.read_bytes() == GGUF + b"qwen"


def test_ollama_bad_manifests_are_skipped(tmp_path: Path) -> None:
    root = tmp_path / "models"
    good = ollama_model(root, "good:1b", GGUF + b"good")
    manifests = good.parent.parent
    write(manifests / "broken" / "json", b"{not json")
    write(manifests / "nomodel" / "tag", json.dumps({"layers": []}).encode())
    traversal = {"layers": [{"mediaType": OLLAMA_MODEL_MEDIA_TYPE, "digest": "sha256:../../../etc/passwd"}]}
    write(manifests / "evil" / "tag", json.dumps(traversal).encode())
    missing = {"layers": [{"mediaType": OLLAMA_MODEL_MEDIA_TYPE, "digest": "sha256:" + "f" * 64}]}
    write(manifests / "missing" / "tag", json.dumps(missing).encode())
    not_gguf = ollama_model(root, "adapter:1", b"PK\x03\x04 zip")
    assert not_gguf.exists()
    found = discover_source(Source.OLLAMA, DiscoveryRoots(ollama=(root,)))
    assert names(found) == ["good:1b"]


def test_ollama_models_variable(tmp_path: Path) -> None:
    roots = DiscoveryRoots.default({"OLLAMA_MODELS": str(tmp_path / "store")}, tmp_path, "linux")
    assert roots.ollama == (tmp_path / "store",)
    assert DiscoveryRoots.default({}, tmp_path, "linux").ollama[0] == tmp_path / ".ollama" / "models"


# ----------------------------------------------------------------------------- all together


def test_everything_at_once_each_file_once(tmp_path: Path) -> None:
    hub = tmp_path / "hub"
    hf_repo(hub, "org/shared-GGUF", {"shared.gguf": GGUF + b"shared"})
    lm = tmp_path / "lm"
    blob = next((hub / "models--org--shared-GGUF" / "blobs").iterdir())
    link = lm / "org" / "shared-GGUF" / "shared.gguf"
    link.parent.mkdir(parents=True)
    link.symlink_to(blob)  # LM Studio pointing at the HF cache's copy
    gpt = tmp_path / "gpt4all"
    write(gpt / "solo.gguf", GGUF + b"solo")
    ollama = tmp_path / "ollama"
    ollama_model(ollama, "tiny:1b", GGUF + b"tiny")
    roots = DiscoveryRoots(hf_hub=(hub,), lm_studio=(lm,), gpt4all=(gpt,), ollama=(ollama,))
    found = discover_models(roots)
    assert [(m.source, m.display_name) for m in found] == [
        (Source.HF_CACHE, "org/shared-GGUF shared.gguf"),
        (Source.GPT4ALL, "solo.gguf"),
        (Source.OLLAMA, "tiny:1b"),
    ]


def test_missing_and_unreadable_folders_do_not_crash(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    write(locked / "m.gguf")
    locked.chmod(0)
    try:
        roots = DiscoveryRoots(
            hf_hub=(tmp_path / "none",),
            lm_studio=(locked,),
            gpt4all=(locked, tmp_path / "file-not-dir"),
            ollama=(tmp_path / "none",),
        )
        write(tmp_path / "file-not-dir", b"x")
        found = discover_models(roots)
        if os.geteuid() != 0:  # root reads through permissions
            assert found == []
    finally:
        locked.chmod(0o755)


def test_folder_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "lm"
    write(root / "pub" / "repo-GGUF" / "m.gguf")
    (root / "pub" / "repo-GGUF" / "again").symlink_to(root)
    found = discover_source(Source.LM_STUDIO, DiscoveryRoots(lm_studio=(root,)))
    assert names(found) == ["pub/repo-GGUF m.gguf"]


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_default_roots_exist_for_every_platform(tmp_path: Path, platform: str) -> None:
    roots = DiscoveryRoots.default({}, tmp_path, platform)
    assert roots.hf_hub and roots.lm_studio and roots.gpt4all and roots.ollama
    assert roots.lm_studio[0] == tmp_path / ".lmstudio" / "models"
