"""``app.core`` must stay usable without Qt: the CLI and tests depend on it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import app.core


def test_importing_every_core_module_pulls_in_no_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(app.core.__path__, "app.core.")]
    assert "app.core.engine.llama_engine" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import app.cli\n"
        "qt_names = {'PySide6', 'shiboken6', 'PyQt5', 'PyQt6'}\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in qt_names)\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
