"""The packaging inputs, checked without building: the PyInstaller spec, its Qt plugin policy, the icons,
and the start-up hook the smoke test drives.

The built bundle and .deb themselves are checked by ``packaging/smoke_test.sh``, which ``make test`` runs
after this suite (``make package-test``): a bundle from an earlier build could be stale here.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "packaging" / "copydesk.spec"
HOOKS = REPO / "packaging" / "pyinstaller_hooks"
ICONS = REPO / "resources" / "icons"


class SpecRun:
    """Runs copydesk.spec with PyInstaller's build targets replaced by recorders."""

    def __init__(self, tmp_path: Path) -> None:
        self.workpath = tmp_path / "work"
        self.distpath = tmp_path / "dist"
        self.targets: dict[str, list[SimpleNamespace]] = {}

    def recorder(self, kind: str) -> Callable[..., SimpleNamespace]:
        def record(*args: Any, **kwargs: Any) -> SimpleNamespace:
            # Analysis turns its (source, destination folder) inputs into (destination, source, kind).
            def toc(entries: list[tuple[str, str]], typecode: str) -> list[tuple[str, str, str]]:
                return [(f"{dest}/{Path(source).name}", source, typecode) for source, dest in entries]

            target = SimpleNamespace(
                args=args,
                kwargs=kwargs,
                binaries=toc(kwargs.get("binaries", []), "BINARY"),
                datas=toc(kwargs.get("datas", []), "DATA"),
                scripts=[],
                pure=[],
            )
            self.targets.setdefault(kind, []).append(target)
            return target

        return record

    def run(self) -> None:
        namespace = {
            "__name__": "__main__",
            "SPECPATH": str(SPEC.parent),
            "workpath": str(self.workpath),
            "DISTPATH": str(self.distpath),
            **{kind: self.recorder(kind) for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")},
        }
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)

    def one(self, kind: str) -> SimpleNamespace:
        assert len(self.targets.get(kind, [])) == 1, self.targets.get(kind)
        return self.targets[kind][0]

    @property
    def build_info(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.workpath / "build_info.json").read_text(encoding="utf-8"))
        return data


@pytest.fixture
def spec_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SpecRun:
    pytest.importorskip(
        "PyInstaller", reason="PyInstaller is in the 'package' extra (make setup installs it)"
    )
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec puts its hooks folder on sys.path
    for name in ("COPYDESK_BUILD_VARIANT", "COPYDESK_BUILD_COMMIT", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)
    return SpecRun(tmp_path)


@pytest.mark.slow
def test_the_spec_collects_what_the_frozen_app_needs(spec_run: SpecRun) -> None:
    spec_run.run()
    analysis = spec_run.one("Analysis")
    assert Path(analysis.args[0][0]) == REPO / "app" / "__main__.py"
    hidden = set(analysis.kwargs["hiddenimports"])
    # Imported inside functions, so PyInstaller's scan alone would miss them.
    for module in (
        "app.ui.launch",
        "app.cli.main",
        "app.ui.model_manager.dialog",
        "app.core.documents.export",
        "keyring.backends.SecretService",
        "huggingface_hub.file_download",
    ):
        assert module in hidden, module
    excludes = set(analysis.kwargs["excludes"])
    assert {
        "llama_cpp.server",
        "fastapi",
        "pytest",
        "tkinter",
        "PySide6.QtNetwork",
        "PySide6.QtQml",
    } <= excludes
    assert analysis.kwargs["hookspath"] == [str(HOOKS)]

    inputs: list[tuple[str, str]] = analysis.kwargs["datas"]
    datas = {(Path(s).relative_to(REPO).as_posix(), d) for s, d in inputs if REPO in Path(s).parents}
    assert ("resources/catalog.toml", "resources") in datas
    assert ("resources/tasks/blog.toml", "resources/tasks") in datas
    assert ("resources/icons/copydesk-256.png", "resources/icons") in datas
    assert ("resources/translations/copydesk_en.qm", "resources/translations") in datas
    assert not [source for source, _dest in datas if source.endswith(".ts")]
    assert (str(spec_run.workpath / "build_info.json"), "resources") in inputs

    names = {Path(source).name for source, _dest in analysis.kwargs["binaries"]}
    assert any(name.startswith(("libllama.", "llama.")) for name in names), names
    assert not any("mtmd" in name for name in names)

    programs = spec_run.targets["EXE"]
    assert [p.kwargs["name"] for p in programs] == (
        ["copydesk", "copydesk-cli"] if sys.platform == "win32" else ["copydesk"]
    )
    assert all(p.kwargs["upx"] is False and p.kwargs["exclude_binaries"] is True for p in programs)
    if sys.platform.startswith("linux"):
        assert programs[0].kwargs["console"] is True  # one program for the CLI and the window
        assert "BUNDLE" not in spec_run.targets
    assert spec_run.one("COLLECT").kwargs["name"] == "copydesk"


@pytest.mark.slow
def test_build_info_json_records_version_variant_date_and_commit(
    spec_run: SpecRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import __version__

    monkeypatch.setenv("COPYDESK_BUILD_VARIANT", " Vulkan ")
    monkeypatch.setenv("COPYDESK_BUILD_COMMIT", "0123456789abcdef0123")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796000000")  # 2026-11-30 UTC
    spec_run.run()
    assert spec_run.build_info == {
        "version": __version__,
        "variant": "vulkan",
        "built_at": "2026-11-30",
        "commit": "0123456789ab",
    }


@pytest.mark.slow
def test_build_info_json_detects_the_backend_by_default(spec_run: SpecRun) -> None:
    spec_run.run()
    info = spec_run.build_info
    assert info["variant"] in {"cpu", "cuda", "metal", "vulkan", "rocm"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", info["built_at"])


def load_plugin_policy() -> ModuleType:
    spec = importlib.util.spec_from_file_location("copydesk_qt_plugins", HOOKS / "copydesk_qt_plugins.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("/venv/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("/venv/site-packages/PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/plugins/platforms/qwindows.dll", True),  # the Windows wheels' layout
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        # Dropped: each would drag whole libraries in (GTK, Qt Quick, QtPdf, Wayland, EGL devices).
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so", False),
        ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", False),
        # Not plugins: untouched.
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("llama_cpp/lib/libllama.so", True),
        ("numpy/plugins/x.so", True),
    ],
)
def test_qt_plugin_policy(path: str, kept: bool) -> None:
    assert load_plugin_policy().keep_plugin(path) is kept


def test_qt_translations_are_dropped_but_not_copydesks_own() -> None:
    policy = load_plugin_policy()
    assert policy.is_qt_translation("PySide6/Qt/translations/qtbase_de.qm")
    assert policy.is_qt_translation("PySide6/translations/qtbase_de.qm")
    assert not policy.is_qt_translation("resources/translations/copydesk_en.qm")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_icons_come_in_every_size_and_format() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert png_size((ICONS / f"copydesk-{size}.png").read_bytes()) == (size, size)

    svg = ET.parse(ICONS / "copydesk.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox") == "0 0 512 512"

    ico = (ICONS / "copydesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    ico_sizes = []
    for i in range(count):
        width, _h, _c, _r, _planes, _bpp, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i]
        )
        side = width or 256
        assert png_size(ico[offset : offset + length]) == (side, side)
        ico_sizes.append(side)
    assert {16, 32, 48, 256} <= set(ico_sizes)

    icns = (ICONS / "copydesk.icns").read_bytes()
    magic, total = struct.unpack(">4sI", icns[:8])
    assert magic == b"icns" and total == len(icns)
    position, icns_sizes = 8, {}
    while position < total:
        kind_code, length = struct.unpack(">4sI", icns[position : position + 8])
        icns_sizes[kind_code] = png_size(icns[position + 8 : position + length])[0]
        position += length
    assert icns_sizes[b"ic10"] == 1024 and icns_sizes[b"ic07"] == 128 and icns_sizes[b"ic11"] == 32


@pytest.mark.gui
def test_the_smoke_hook_reports_the_window_shown_and_quits_cleanly(isolated_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COPYDESK_SMOKE_EXIT_MS": "200"}
    result = subprocess.run(
        [sys.executable, "-m", "app"], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    shown = re.findall(r"^shown after (\d+) ms$", result.stderr, re.MULTILINE)
    assert len(shown) == 1, result.stderr
    assert 0 < int(shown[0]) < 60_000
    assert "Traceback" not in result.stderr
