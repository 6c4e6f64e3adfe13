"""PySide6 6.12.0's ``SignalInstance.emit()`` returns ``True`` without taking a reference to it.

Every emit then frees one reference to ``True``; after a few thousand (an autosave a second for an hour)
the interpreter aborts with "bool_dealloc: deallocating True or False". pyproject.toml excludes that
release; this test fails if an installed PySide6 has the bug again.
"""

from __future__ import annotations

import functools
import sys

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.ui.background import Background

pytestmark = pytest.mark.gui


def test_many_background_results_leave_true_alone(qtbot: QtBot) -> None:
    owner = QObject()
    background = Background(owner)
    results: list[object] = []
    before = sys.getrefcount(True)
    for index in range(200):
        background.run(functools.partial(int, index), results.append, results.append)
    qtbot.waitUntil(lambda: len(results) == 200, timeout=20_000)
    qtbot.waitUntil(lambda: not background.busy, timeout=5_000)
    assert sys.getrefcount(True) >= before - 5, "this PySide6 frees a reference to True on every emit"
    background.close()
