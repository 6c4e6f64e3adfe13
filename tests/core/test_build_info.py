"""Build info: "source" in a checkout; what build_info.json says in a frozen (PyInstaller) build."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from app import __version__
from app.cli.main import run_cli
from app.core.build_info import BuildInfo, current_build_info


def fake_frozen_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, info: object | None) -> Path:
    """A PyInstaller layout: ``_MEIPASS/resources/build_info.json`` (left out when ``info`` is None)."""
    bundle = tmp_path / "_internal"
    (bundle / "resources").mkdir(parents=True)
    if info is not None:
        text = info if isinstance(info, str) else json.dumps(info)
        (bundle / "resources" / "build_info.json").write_text(text, encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    return bundle


def test_a_source_checkout_says_source() -> None:
    info = current_build_info()
    assert info == BuildInfo(__version__, "source")
    assert not info.is_packaged
    assert info.version_line() == f"copydesk {__version__} (source)"


def test_a_frozen_build_reads_build_info_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_frozen_build(
        tmp_path,
        monkeypatch,
        {"version": "9.8.7", "variant": "cuda", "built_at": "2026-11-29", "commit": "abc1234"},
    )
    info = current_build_info()
    assert info == BuildInfo("9.8.7", "cuda", "2026-11-29", "abc1234")
    assert info.is_packaged
    assert info.version_line() == "copydesk 9.8.7 (cuda build 2026-11-29, commit abc1234)"
    assert info.as_dict() == {
        "version": "9.8.7",
        "variant": "cuda",
        "built_at": "2026-11-29",
        "commit": "abc1234",
    }


def test_a_build_without_a_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_frozen_build(tmp_path, monkeypatch, {"variant": "cpu", "built_at": "2026-11-29", "commit": None})
    info = current_build_info()
    assert info.version == __version__  # missing from the file: this code's version
    assert info.describe() == "cpu build 2026-11-29"


@pytest.mark.parametrize("content", [None, "{not json", "[1, 2]", json.dumps({"variant": 3})])
def test_a_frozen_build_with_a_missing_or_broken_file_still_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None
) -> None:
    fake_frozen_build(tmp_path, monkeypatch, content)
    info = current_build_info()
    assert info.variant == "unknown"
    assert info.version == __version__
    assert info.version_line() == f"copydesk {__version__} (unknown build)"


def test_version_option_names_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run_cli(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"copydesk {__version__} (source)\n"

    fake_frozen_build(
        tmp_path,
        monkeypatch,
        {"version": __version__, "variant": "cpu", "built_at": "2026-11-29", "commit": "0a1b2c3"},
    )
    with pytest.raises(SystemExit):
        run_cli(["--version"])
    assert capsys.readouterr().out == f"copydesk {__version__} (cpu build 2026-11-29, commit 0a1b2c3)\n"
