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
