"""Qt tests: Python's garbage collector runs only on the GUI thread, as in the app (``app.ui.gc_guard``).

Collected on a worker thread, a cycle holding a Qt object would destroy that object off its thread.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread_only() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


@pytest.fixture(autouse=True)
def no_blocking_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A static message box waits for a click nobody makes: fail the test instead of hanging the run.
    Tests that expect a box patch it themselves (their patch replaces this one)."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args: object, **_kwargs: object) -> None:
        texts = [a for a in args if isinstance(a, str)]
        raise AssertionError(f"a blocking message box was opened: {texts}")

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, refuse)
