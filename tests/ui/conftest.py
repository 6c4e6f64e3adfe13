"""Qt tests: Python's garbage collector runs only on the GUI thread, as in the app (``app.ui.gc_guard``).

Collected on a worker thread, a cycle holding a Qt object would destroy that object off its thread.
The analysis workspaces' tests share their tasks and bridges here; each module brings its ``fake_engine``.
The Translate workspace's tests share its task, the workspace on the fake bridge, and a gated one.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.engine.llama_engine import LlamaEngine, LoadOptions
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.library import load_builtin_tasks
from app.ui.engine_bridge import EngineBridge
from app.ui.workspaces.translate import TranslateWorkspace
from tests.support.ui_fakes import FakeEngine, running_bridge
from tests.ui.translate_helpers import GatedEngine, make_workspace


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


# ---------------------------------------------------------------- the analysis workspaces' tests


@pytest.fixture
def builtin_tasks() -> dict[str, TaskDefinition]:
    return {task.id: task for task in load_builtin_tasks()}


@pytest.fixture
def fake_bridge(qtbot: QtBot, fake_engine: FakeEngine) -> Iterator[EngineBridge]:
    """A bridge with the module's ``fake_engine`` loaded (each module answers in its own way)."""
    with running_bridge(qtbot, lambda: fake_engine) as bridge:
        yield bridge


@pytest.fixture
def model_bridge(qtbot: QtBot, starter_model_path: Path) -> Iterator[EngineBridge]:
    """A bridge with its own copy of the starter model, as the window loads it."""
    with running_bridge(
        qtbot, lambda: LlamaEngine.load(starter_model_path, LoadOptions(context_size=2048))
    ) as bridge:
        yield bridge


# ---------------------------------------------------------------- the Translate workspace's tests


@pytest.fixture
def task(builtin_tasks: dict[str, TaskDefinition]) -> TaskDefinition:
    return builtin_tasks["translate"]


@pytest.fixture
def workspace(
    qtbot: QtBot, task: TaskDefinition, fake_bridge: EngineBridge, tmp_path: Path
) -> TranslateWorkspace:
    return make_workspace(qtbot, task, fake_bridge, tmp_path)


@pytest.fixture
def gated(
    qtbot: QtBot, task: TaskDefinition, tmp_path: Path
) -> Iterator[tuple[TranslateWorkspace, GatedEngine]]:
    engine = GatedEngine()
    with running_bridge(qtbot, lambda: engine) as bridge:
        yield make_workspace(qtbot, task, bridge, tmp_path), engine
