"""Fakes and helpers for the window's tests: engines with known answers, a bridge that has loaded one,
a workspace shown at a size where its tables and charts have room, and workbooks with several sheets.

The fake engines answer at once (or after a delay that Stop cuts short), so a test knows every row it
should see; the tests that need the real model lend it with ``tests.core.tasks.helpers.LentEngine``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.core.engine.types import CancelToken, Chunk, Engine, GenerationRequest, SamplingOptions, Timings
from app.core.engine.worker import EngineWorker
from app.core.tasks.definitions import TaskDefinition
from app.ui.engine_bridge import EngineBridge
from app.ui.workspaces.base import Workspace

FAKE_CONTEXT = 4096
LOAD_TIMEOUT_MS = 60_000

W = TypeVar("W", bound=Workspace)


class RoughTokens:
    """The sizes of a fake engine: a `FAKE_CONTEXT` context, and about four characters a token."""

    @property
    def context_size(self) -> int:
        return FAKE_CONTEXT

    def count_tokens(self, request: GenerationRequest) -> int:
        return 8 + sum(len(message.content) for message in request.messages) // 4


@dataclass(frozen=True)
class FakeInfo:
    name: str = "fake-model"


def item_text(request: GenerationRequest) -> str:
    """The item in the prompt: the task templates end with "Feedback:" / "Text:" and the item."""
    user = request.messages[-1].content
    return user.split(":", 1)[1].strip() if ":" in user else user.strip()


class FakeEngine(RoughTokens):
    """Answers each request with ``answer(request)`` at once, or after ``delay_s`` (cut short by Stop)."""

    def __init__(self, answer: Callable[[GenerationRequest], str], delay_s: float = 0.0) -> None:
        self.answer = answer
        self.delay_s = delay_s
        self.info = FakeInfo()
        self.requests: list[GenerationRequest] = []

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        self.requests.append(request)
        timings = Timings(10, 0, 1, 0.0, 0.0, 0.0, 1)
        if self.delay_s and cancel is not None and cancel.wait(self.delay_s):
            yield Chunk("", 0, 10, "cancelled", timings)
            return
        text = self.answer(request)
        yield Chunk(text, 1, 10)
        yield Chunk("", 1, 10, "eos", timings)

    def close(self) -> None:
        """Nothing to free."""


@contextmanager
def running_bridge(
    qtbot: QtBot, factory: Callable[[], Engine], *, name: str = "model", timeout_ms: int = LOAD_TIMEOUT_MS
) -> Iterator[EngineBridge]:
    """A bridge whose worker has loaded ``factory()``; stopped and shut down on leaving."""
    worker: EngineWorker[Any] = EngineWorker()
    bridge = EngineBridge(worker)
    try:
        with qtbot.waitSignal(bridge.model_loaded, timeout=timeout_ms):
            bridge.load_model(name, factory)
        yield bridge
    finally:
        bridge.stop()
        worker.shutdown()


def shown_workspace(qtbot: QtBot, kind: type[W], task: TaskDefinition, bridge: EngineBridge) -> W:
    """A workspace of ``kind`` on screen, large enough for its table and charts."""
    widget = kind(task, bridge, SamplingOptions)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def generate_and_wait(qtbot: QtBot, workspace: Workspace, timeout_ms: int) -> dict[str, Any]:
    """Click the workspace's Generate button and wait for the run's version metadata."""
    with qtbot.waitSignal(workspace.generated, timeout=timeout_ms) as done:
        QTest.mouseClick(workspace.generate_button, Qt.MouseButton.LeftButton)  # what qtbot.mouseClick does
    assert done.args is not None
    meta: dict[str, Any] = done.args[0]
    return meta


def write_workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[str]]]) -> Path:
    """An Excel file with ``sheets`` (name -> rows) in the order given."""
    book = openpyxl.Workbook()
    for index, (name, rows) in enumerate(sheets.items()):
        sheet = book.active if index == 0 else book.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path
