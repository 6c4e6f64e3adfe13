"""The resources helper finds files in a source checkout and in a frozen (PyInstaller) build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.core import resources
from app.core.resources import (
    ResourceNotFoundError,
    is_frozen,
    read_resource_text,
    resource_path,
    resources_root,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_source_checkout_uses_the_repository_resources_folder() -> None:
    assert not is_frozen()
    assert resources_root() == REPO_ROOT / "resources"
    assert resource_path("catalog.toml") == REPO_ROOT / "resources" / "catalog.toml"
    assert "schema_version" in read_resource_text("catalog.toml")


def test_pyinstaller_build_uses_meipass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "_internal"
    (bundle / "resources" / "prompts").mkdir(parents=True)
    (bundle / "resources" / "prompts" / "blog.txt").write_text("frozen text", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)

    assert is_frozen()
    assert resources_root() == bundle / "resources"
    assert resource_path("prompts/blog.txt") == bundle / "resources" / "prompts" / "blog.txt"
    assert read_resource_text("prompts/blog.txt") == "frozen text"
    # The checkout's files are not visible from a frozen build: only the bundle counts.
    with pytest.raises(ResourceNotFoundError, match="frozen build"):
        resource_path("catalog.toml")


def test_frozen_without_meipass_looks_beside_the_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "icon.svg").write_text("<svg/>", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "copydesk"))

    assert resource_path("icon.svg") == tmp_path / "resources" / "icon.svg"


def test_missing_resource_names_it_and_the_folder() -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        resource_path("no/such/file.txt")
    message = str(caught.value)
    assert "'no/such/file.txt'" in message
    assert str(resources_root()) in message
    assert "source checkout" in message
    assert isinstance(caught.value, FileNotFoundError)


@pytest.mark.parametrize(
    "name", ["", "/etc/passwd", "../pyproject.toml", "prompts/../../secret", "C:/x", "a\\b", "."]
)
def test_names_cannot_leave_the_resources_folder(name: str) -> None:
    with pytest.raises(ValueError, match="Resource name"):
        resources.resource_path(name)
